#include "train/prediction.h"

#include <cmath>
#include <sstream>

#include "common/error.h"
#include "features/windowing.h"
#include "io/audio_decoder.h"

namespace ser::train {
namespace {

constexpr size_t kBatch = 64;  // windows per forward: bounds memory on long files

size_t samples_of(double seconds, int rate) {
  return std::max<size_t>(1, static_cast<size_t>(std::llround(seconds * rate)));
}

}  // namespace

struct Predictor::Decoder {
  explicit Decoder(int rate) : decoder(rate) {}
  io::AudioDecoder decoder;
  std::vector<float> samples;
  io::AudioInfo info;
};

void PredictOptions::validate() const {
  auto check = [](const char* field, double v) {
    if (!(v >= 0 && v <= 600)) {
      std::ostringstream m;
      m << field << " must be in [0, 600] s, 0 for the model's (got " << v << ")";
      throw ParameterError(m.str());
    }
  };
  check("the window", window_seconds);
  check("the hop", hop_seconds);
}

Predictor::Predictor(const nn::Classifier& classifier, const PredictOptions& options)
    : classifier_(classifier), options_(options) {
  options.validate();
  const nn::ModelInfo& info = classifier.info();
  window_ = samples_of(options.window_seconds > 0 ? options.window_seconds : info.window_seconds(), info.sample_rate());
  hop_ = samples_of(options.hop_seconds > 0 ? options.hop_seconds : info.hop_seconds, info.sample_rate());
  decoder_ = std::make_unique<Decoder>(info.sample_rate());
}

Predictor::~Predictor() = default;

std::vector<Prediction> Predictor::predict(const std::string& path) {
  decoder_->decoder.decode(path, decoder_->samples, decoder_->info);
  const std::vector<float>& y = decoder_->samples;
  const double rate = classifier_.info().sample_rate();
  const auto spans = features::plan_windows(y.size(), window_, hop_, !options_.windows);
  const size_t n_classes = classifier_.num_classes();
  std::vector<Prediction> out;
  for (size_t begin = 0; begin < spans.size(); begin += kBatch) {
    std::vector<FloatSpan> audio;
    for (size_t i = begin; i < std::min(spans.size(), begin + kBatch); ++i) {
      audio.emplace_back(y.data() + spans[i].start, spans[i].length);
    }
    const Matrix p = classifier_.classify_audio(audio);
    for (size_t r = 0; r < p.rows(); ++r) {
      const auto& s = spans[begin + r];
      out.push_back({s.start / rate, s.length / rate, std::vector<float>(p.row(r), p.row(r) + n_classes), 1});
    }
  }
  if (options_.windows || out.empty()) return out;
  // The whole file: the mean of its windows, summed in double.
  Prediction whole{0.0, y.size() / rate, std::vector<float>(n_classes, 0.0f), out.size()};
  for (size_t c = 0; c < n_classes; ++c) {
    double sum = 0.0;
    for (const Prediction& w : out) sum += w.probabilities[c];
    whole.probabilities[c] = static_cast<float>(sum / double(out.size()));
  }
  return {whole};
}

nlohmann::ordered_json Predictor::to_json(const std::string& path, const Prediction& p) const {
  const auto& labels = classifier_.labels();
  const size_t best = static_cast<size_t>(std::max_element(p.probabilities.begin(), p.probabilities.end()) -
                                          p.probabilities.begin());
  nlohmann::ordered_json j;
  j["file"] = path;
  j["label"] = labels[best];
  j["confidence"] = p.probabilities[best];
  nlohmann::ordered_json probs = nlohmann::ordered_json::object();
  for (size_t c = 0; c < labels.size(); ++c) probs[labels[c]] = p.probabilities[c];
  j["probabilities"] = std::move(probs);
  if (options_.windows) {
    j["start"] = p.start;
    j["duration"] = p.duration;
  } else {
    j["duration"] = p.duration;
    j["windows"] = p.windows;
  }
  return j;
}

}  // namespace ser::train

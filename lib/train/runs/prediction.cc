#include "train/runs/prediction.h"

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
  silence.validate();
}

Predictor::Predictor(const nn::Classifier& classifier, const PredictOptions& options)
    : classifier_(classifier), options_(options) {
  options.validate();
  const nn::ModelInfo& info = classifier.info();
  window_ = samples_of(options.window_seconds > 0 ? options.window_seconds : info.window_seconds(), info.sample_rate());
  hop_ = samples_of(options.hop_seconds > 0 ? options.hop_seconds : info.hop_seconds, info.sample_rate());
  decoder_ = std::make_unique<Decoder>(info.sample_rate());
  if (options.voice_parameters) {
    if (info.sample_rate() < 16000) {
      throw ParameterError("voice parameters need audio at 16 kHz or more; this model runs at " +
                           std::to_string(info.sample_rate()) + " Hz");
    }
    egemaps_ = std::make_unique<features::Egemaps>(info.sample_rate());
  }
}

Predictor::~Predictor() = default;

std::vector<SpanPrediction> Predictor::predict(const std::string& path) {
  decoder_->decoder.decode(path, decoder_->samples, decoder_->info);
  const std::vector<float>& y = decoder_->samples;
  const double rate = classifier_.info().sample_rate();
  const auto spans = features::plan_windows(y.size(), window_, hop_, !options_.windows);
  const size_t n_classes = classifier_.num_classes();
  std::vector<SpanPrediction> out(spans.size());
  std::vector<size_t> speech;  // windows above the silence gate, classified in batches
  for (size_t i = 0; i < spans.size(); ++i) {
    const FloatSpan audio(y.data() + spans[i].start, spans[i].length);
    out[i] = {spans[i].start / rate, spans[i].length / rate, std::vector<float>(n_classes, 0.0f), 1, 0, false, std::nullopt};
    if (options_.silence.is_silent(audio)) {
      out[i].silence = true;
    } else {
      speech.push_back(i);
    }
  }
  for (size_t begin = 0; begin < speech.size(); begin += kBatch) {
    std::vector<FloatSpan> audio;
    for (size_t k = begin; k < std::min(speech.size(), begin + kBatch); ++k) {
      audio.emplace_back(y.data() + spans[speech[k]].start, spans[speech[k]].length);
    }
    const Matrix p = classifier_.classify_audio(audio);
    for (size_t r = 0; r < p.rows(); ++r) {
      out[speech[begin + r]].probabilities.assign(p.row(r), p.row(r) + n_classes);
    }
  }
  if (egemaps_ && options_.windows) {
    for (size_t i = 0; i < spans.size(); ++i) {
      out[i].voice = features::voice_parameters(egemaps_->analyse(FloatSpan(y.data() + spans[i].start, spans[i].length)));
    }
  }
  if (options_.windows || out.empty()) return out;
  // The whole file: the mean of its windows above the gate, summed in double.
  SpanPrediction whole{0.0, y.size() / rate, std::vector<float>(n_classes, 0.0f), speech.size(),
                       out.size() - speech.size(), speech.empty(), std::nullopt};
  if (egemaps_) whole.voice = features::voice_parameters(egemaps_->analyse(y));
  for (size_t c = 0; c < n_classes && !speech.empty(); ++c) {
    double sum = 0.0;
    for (size_t i : speech) sum += out[i].probabilities[c];
    whole.probabilities[c] = static_cast<float>(sum / double(speech.size()));
  }
  return {whole};
}

nlohmann::ordered_json Predictor::to_json(const std::string& path, const SpanPrediction& p) const {
  const auto& labels = classifier_.labels();
  const size_t best = static_cast<size_t>(std::max_element(p.probabilities.begin(), p.probabilities.end()) -
                                          p.probabilities.begin());
  nlohmann::ordered_json j;
  j["file"] = path;
  j["label"] = p.silence ? features::kSilenceLabel : labels[best];
  j["confidence"] = p.silence ? 1.0f : p.probabilities[best];
  nlohmann::ordered_json probs = nlohmann::ordered_json::object();
  for (size_t c = 0; c < labels.size(); ++c) probs[labels[c]] = p.probabilities[c];
  j["probabilities"] = std::move(probs);
  if (options_.windows) {
    j["start"] = p.start;
    j["duration"] = p.duration;
    j["silence"] = p.silence;
  } else {
    j["duration"] = p.duration;
    j["windows"] = p.windows;
    j["silent_windows"] = p.silent_windows;
  }
  if (p.voice) {
    nlohmann::ordered_json voice = nlohmann::ordered_json::object();
    for (const auto& [name, value] : features::voice_parameter_fields(*p.voice, true)) voice[name] = value;
    j["voice"] = std::move(voice);
  }
  return j;
}

}  // namespace ser::train

#include "train/runs/prediction.h"

#include <cmath>
#include <optional>
#include <sstream>

#include "common/error.h"
#include "common/path_text.h"
#include "features/windowing.h"
#include "io/audio_decoder.h"
#include "vad/clip_activity.h"
#include "vad/vad_model.h"

namespace ser::train {
namespace {

constexpr size_t kBatch = 64;  // windows per forward: bounds memory on long files

size_t samples_of(double seconds, int rate) {
  return std::max<size_t>(1, static_cast<size_t>(std::llround(seconds * rate)));
}

}  // namespace

struct Predictor::State {
  explicit State(int rate) : decoder(rate) {}
  io::AudioDecoder decoder;
  std::vector<float> samples;
  io::AudioInfo info;
  std::optional<vad::SileroVad> vad;  // vad=silero
  std::vector<float> vad_probabilities;
};

void PredictOptions::validate() const {
  auto check = [](const char* field, double v) {
    if (!(v == 0 || (v >= features::kMinWindowSeconds && v <= features::kMaxWindowSeconds))) {
      std::ostringstream m;
      m << field << " must be in [" << features::kMinWindowSeconds << ", " << features::kMaxWindowSeconds
        << "] s, or 0 for the model's (got " << v << ")";
      throw ParameterError(m.str());
    }
  };
  check("the window", window_seconds);
  check("the hop", hop_seconds);
  gate.validate();
  if (gate.mode == vad::VadMode::Upstream) {
    throw ParameterError("vad upstream is the element's (a flag an upstream GStreamer element sets on buffers); for "
                         "files choose silero, level or off");
  }
}

Predictor::Predictor(const nn::Classifier& classifier, const PredictOptions& options)
    : classifier_(classifier), options_(options) {
  options.validate();
  const nn::ModelInfo& info = classifier.info();
  window_ = samples_of(options.window_seconds > 0 ? options.window_seconds : info.window_seconds(), info.sample_rate());
  hop_ = samples_of(options.hop_seconds > 0 ? options.hop_seconds : info.hop_seconds, info.sample_rate());
  info.features.check_span(window_);
  state_ = std::make_unique<State>(info.sample_rate());
  if (options.gate.mode == vad::VadMode::Silero) {
    if (info.sample_rate() != vad::SileroWeights::kSampleRate) {
      throw ParameterError("vad silero hears 16000 Hz audio, but the model runs at " +
                           std::to_string(info.sample_rate()) + " Hz: choose --vad level or off for this model");
    }
    state_->vad.emplace(vad::load_silero_weights(options.vad_model.empty() ? vad::vad_model_path()
                                                                           : options.vad_model));
  }
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
  State& st = *state_;
  st.decoder.decode(path, st.samples, st.info);
  const std::vector<float>& y = st.samples;
  const double rate = classifier_.info().sample_rate();
  std::optional<vad::SpeechTimeline> timeline;
  if (st.vad) timeline = vad::clip_timeline(*st.vad, FloatSpan(y), st.vad_probabilities);
  const auto share_of = [&](size_t start, size_t end, size_t seen_at) {
    return timeline ? timeline->share(start, end, seen_at, options_.gate.threshold) : 0.0;
  };
  const auto spans = features::plan_windows(y.size(), window_, hop_);
  const size_t n_classes = classifier_.num_classes();
  std::vector<SpanPrediction> out(spans.size());
  std::vector<size_t> classified;  // windows the network hears, classified in batches
  for (size_t i = 0; i < spans.size(); ++i) {
    const auto& w = spans[i];
    const FloatSpan audio(y.data() + w.start, w.length);
    out[i].start = w.start / rate;
    out[i].duration = w.length / rate;
    out[i].probabilities.assign(n_classes, 0.0f);
    out[i].check = vad::check_window(audio, share_of(w.start, w.start + w.length, vad::seen_at(w, window_)),
                                     options_.gate);
    if (out[i].check.classified()) classified.push_back(i);
  }
  for (size_t begin = 0; begin < classified.size(); begin += kBatch) {
    std::vector<FloatSpan> audio;
    for (size_t k = begin; k < std::min(classified.size(), begin + kBatch); ++k) {
      audio.emplace_back(y.data() + spans[classified[k]].start, spans[classified[k]].length);
    }
    const Matrix p = classifier_.classify_audio(audio);
    for (size_t r = 0; r < p.rows(); ++r) {
      out[classified[begin + r]].probabilities.assign(p.row(r), p.row(r) + n_classes);
    }
  }
  if (egemaps_ && options_.windows) {
    for (size_t i = 0; i < spans.size(); ++i) {
      out[i].voice = features::voice_parameters(egemaps_->analyse(FloatSpan(y.data() + spans[i].start, spans[i].length)));
    }
  }
  if (options_.windows || out.empty()) return out;

  // The whole file: the mean of its classified windows, summed in double.
  SpanPrediction whole;
  whole.duration = y.size() / rate;
  whole.probabilities.assign(n_classes, 0.0f);
  whole.windows = classified.size();
  for (const auto& p : out) {
    whole.silent_windows += p.check.verdict == vad::Verdict::Silence;
    whole.no_speech_windows += p.check.verdict == vad::Verdict::NoSpeech;
    whole.untrusted_windows += p.check.classified() && !p.check.trusted();
  }
  for (size_t c = 0; c < n_classes && !classified.empty(); ++c) {
  if (egemaps_) whole.voice = features::voice_parameters(egemaps_->analyse(y));
    double sum = 0.0;
    for (size_t i : classified) sum += out[i].probabilities[c];
    whole.probabilities[c] = static_cast<float>(sum / double(classified.size()));
  }
  whole.check.rms_db = features::rms_dbfs(FloatSpan(y));
  whole.check.speech_share = timeline ? share_of(0, y.size(), vad::kAtEnd) : (classified.empty() ? 0.0 : 1.0);
  if (classified.empty()) {
    whole.check.verdict = whole.no_speech_windows > 0 ? vad::Verdict::NoSpeech : vad::Verdict::Silence;
  }
  return {whole};
}

nlohmann::ordered_json Predictor::to_json(const std::string& path, const SpanPrediction& p) const {
  const auto& labels = classifier_.labels();
  const size_t best = static_cast<size_t>(std::max_element(p.probabilities.begin(), p.probabilities.end()) -
                                          p.probabilities.begin());
  const bool held = !p.check.classified();
  nlohmann::ordered_json j;
  j["file"] = path_text(path);
  j["label"] = held ? p.check.held_label() : labels[best];
  if (!held) {
    j["confidence"] = p.probabilities[best];
  } else {
    j["confidence"] = p.check.verdict == vad::Verdict::NoSpeech ? 1.0 - p.check.speech_share : 1.0;
  }
  nlohmann::ordered_json probs = nlohmann::ordered_json::object();
  for (size_t c = 0; c < labels.size(); ++c) probs[labels[c]] = p.probabilities[c];
  j["probabilities"] = std::move(probs);
  j["speech_share"] = p.check.speech_share;
  if (options_.windows) {
    j["start"] = p.start;
    j["duration"] = p.duration;
    j["silence"] = p.check.verdict == vad::Verdict::Silence;
    j["no_speech"] = p.check.verdict == vad::Verdict::NoSpeech;
    j["rms"] = p.check.rms_db;
    j["trusted"] = p.check.trusted();
    j["little_speech"] = p.check.little_speech;
    j["low_level"] = p.check.low_level;
    j["clipped"] = p.check.clipped;
  } else {
    j["duration"] = p.duration;
    j["windows"] = p.windows;
    j["silent_windows"] = p.silent_windows;
    j["no_speech_windows"] = p.no_speech_windows;
    j["untrusted_windows"] = p.untrusted_windows;
  }
  if (p.voice) {
    nlohmann::ordered_json voice = nlohmann::ordered_json::object();
    for (const auto& [name, value] : features::voice_parameter_fields(*p.voice, true)) voice[name] = value;
    j["voice"] = std::move(voice);
  }
  return j;
}

}  // namespace ser::train

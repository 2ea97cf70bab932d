#include "train/runs/prediction.h"

#include <cmath>
#include <optional>
#include <sstream>

#include "common/error.h"
#include "common/path_text.h"
#include "features/adaptive_norm.h"
#include "features/audio_check.h"
#include "features/windowing.h"
#include "io/audio_decoder.h"
#include "vad/clip_activity.h"
#include "vad/speech_trim.h"
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

std::optional<PredictAdaptation> parse_predict_adaptation(const std::string& name) {
  if (name == "none") return PredictAdaptation::None;
  if (name == "stream") return PredictAdaptation::Stream;
  if (name == "file") return PredictAdaptation::File;
  if (name == "batch") return PredictAdaptation::Batch;
  return std::nullopt;
}

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

// The file decoded, cut into windows and gated: `out` holds each window's span and check,
// `classified` the windows the network hears.
struct Predictor::Gated {
  std::vector<features::WindowSpan> spans;
  std::vector<SpanPrediction> out;
  std::vector<size_t> classified;
  std::optional<vad::SpeechTimeline> timeline;
  // Each window's samples the network hears: the window, or its speech for a model trained on
  // trimmed clips (ModelInfo::speech_trim).
  std::vector<vad::SampleRange> heard;
};

Predictor::Gated Predictor::gate_file(const std::string& path) {
  State& st = *state_;
  st.decoder.decode(path, st.samples, st.info);
  const std::vector<float>& y = st.samples;
  // A file with an unusable sample is refused whatever the gates would hold: it is damaged.
  if (!y.empty()) features::check_audio(FloatSpan(y));
  const double rate = classifier_.info().sample_rate();
  Gated g;
  if (st.vad) g.timeline = vad::clip_timeline(*st.vad, FloatSpan(y), st.vad_probabilities);
  g.spans = features::plan_windows(y.size(), window_, hop_);
  g.out.resize(g.spans.size());
  for (size_t i = 0; i < g.spans.size(); ++i) {
    const auto& w = g.spans[i];
    const FloatSpan audio(y.data() + w.start, w.length);
    g.out[i].start = w.start / rate;
    g.out[i].duration = w.length / rate;
    g.out[i].probabilities.assign(classifier_.num_classes(), 0.0f);
    const double share =
        g.timeline ? g.timeline->share(w.start, w.start + w.length, vad::seen_at(w, window_), options_.gate.threshold)
                   : 0.0;
    g.out[i].check = vad::check_window(audio, classifier_.info().sample_rate(), share, options_.gate);
    if (g.out[i].check.classified()) g.classified.push_back(i);
    // The VAD missed a rescued window's speech, so its trim would keep only stray chunks of it.
    g.heard.push_back(g.out[i].check.voiced_rescue ? vad::SampleRange{w.start, w.start + w.length}
                                                   : heard_part(g, w));
  }
  return g;
}

vad::SampleRange Predictor::heard_part(const Gated& g, const features::WindowSpan& w) const {
  return vad::heard_part(classifier_.info().speech_trim, g.timeline ? &*g.timeline : nullptr, w.start,
                         w.start + w.length, vad::seen_at(w, window_), classifier_.info().sample_rate());
}

std::vector<FloatSpan> Predictor::audio_of(const Gated& g, size_t begin, size_t end) const {
  const std::vector<float>& y = state_->samples;
  std::vector<FloatSpan> audio;
  for (size_t k = begin; k < end; ++k) {
    const vad::SampleRange& part = g.heard[g.classified[k]];
    audio.emplace_back(y.data() + part.begin, part.end - part.begin);
  }
  return audio;
}

std::vector<Matrix> Predictor::features_of(const Gated& g, size_t begin, size_t end) const {
  return classifier_.features_of(audio_of(g, begin, end));
}

bool Predictor::adapts() const {
  return options_.adapt != PredictAdaptation::None && classifier_.info().adaptation.enabled();
}

void Predictor::hear(const std::string& path) {
  if (!adapts()) return;
  const Gated g = gate_file(path);
  const nn::ModelInfo& info = classifier_.info();
  if (batch_heard_.dim() == 0) batch_heard_ = features::FeatureStats(info.features.feature_dim(), info.features.shape);
  for (size_t begin = 0; begin < g.classified.size(); begin += kBatch) {
    for (const Matrix& m : features_of(g, begin, std::min(g.classified.size(), begin + kBatch))) batch_heard_.add(m);
  }
}

// The classified windows' probabilities, in batches. Without adaptation, from the audio as the
// element computes them; with it, each window's features are first normalised by what was heard
// (stream: the file's windows up to it; file: all of them; batch: every file heard).
void Predictor::classify_windows(Gated& g) {
  const nn::ModelInfo& info = classifier_.info();
  const size_t n = g.classified.size();
  // adapt=file needs the whole file's statistics before its first window: a first pass over the
  // features, computed again in the second rather than held (a long file's would not fit).
  features::FeatureStats file_heard(info.features.feature_dim(), info.features.shape);
  if (adapts() && options_.adapt == PredictAdaptation::File) {
    for (size_t begin = 0; begin < n; begin += kBatch) {
      for (const Matrix& m : features_of(g, begin, std::min(n, begin + kBatch))) file_heard.add(m);
    }
  }
  for (size_t begin = 0; begin < n; begin += kBatch) {
    const size_t end = std::min(n, begin + kBatch);
    Matrix p;
    if (!adapts()) {
      p = classifier_.classify_audio(audio_of(g, begin, end));
    } else {
      std::vector<Matrix> windows = features_of(g, begin, end);
      for (Matrix& m : windows) {
        const features::FeatureStats* heard = &file_heard;
        if (options_.adapt == PredictAdaptation::Stream) file_heard.add(m);  // the element's rule
        if (options_.adapt == PredictAdaptation::Batch) heard = &batch_heard_;
        features::in_prior_frame(info.adaptation, heard, info.features.shape, m);
      }
      p = classifier_.classify(windows);
    }
    for (size_t r = 0; r < p.rows(); ++r) {
      g.out[g.classified[begin + r]].probabilities.assign(p.row(r), p.row(r) + p.cols());
    }
  }
}

std::vector<SpanPrediction> Predictor::predict(const std::string& path) {
  Gated g = gate_file(path);
  classify_windows(g);
  const std::vector<float>& y = state_->samples;
  const double rate = classifier_.info().sample_rate();
  const size_t n_classes = classifier_.num_classes();
  const auto& spans = g.spans;
  const auto& classified = g.classified;
  std::vector<SpanPrediction>& out = g.out;
  const auto share_of = [&](size_t start, size_t end, size_t seen_at) {
    return g.timeline ? g.timeline->share(start, end, seen_at, options_.gate.threshold) : 0.0;
  };
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
    whole.rescued_windows += p.check.classified() && p.check.voiced_rescue;
  }
  if (egemaps_) whole.voice = features::voice_parameters(egemaps_->analyse(y));
  for (size_t c = 0; c < n_classes && !classified.empty(); ++c) {
    double sum = 0.0;
    for (size_t i : classified) sum += out[i].probabilities[c];
    whole.probabilities[c] = static_cast<float>(sum / double(classified.size()));
  }
  whole.check.rms_db = features::rms_dbfs(FloatSpan(y));
  whole.check.speech_share = g.timeline ? share_of(0, y.size(), vad::kAtEnd) : (classified.empty() ? 0.0 : 1.0);
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
    j["voiced_rescue"] = p.check.voiced_rescue;
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
    j["rescued_windows"] = p.rescued_windows;
  }
  if (p.voice) {
    nlohmann::ordered_json voice = nlohmann::ordered_json::object();
    for (const auto& [name, value] : features::voice_parameter_fields(*p.voice, true)) voice[name] = value;
    j["voice"] = std::move(voice);
  }
  return j;
}

}  // namespace ser::train

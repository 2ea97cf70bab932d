// ser-train predict: what a model hears in audio files, one JSON object per line.
#include <iostream>
#include <memory>

#include "commands.h"
#include "common/error.h"
#include "each_file.h"
#include "features/windowing.h"
#include "model_option.h"
#include "option_checks.h"
#include "thread_count.h"
#include "train/report/timeline_plot.h"
#include "train/runs/prediction.h"
#include "vad/speech_gate.h"

namespace ser::cli {
namespace {

struct PredictCliOptions {
  std::vector<std::string> files;
  std::string model;
  std::string device = "auto";
  int threads = 0;
  std::string vad = "silero";
  std::string adapt = "none";
  bool allow_torchscript = false;
  std::string plot;  // PNG of the file's timeline; empty: none
  train::PredictOptions predict;
};

// --plot: the file's windows and its whole-file result (what predict prints either way), drawn as
// the seremotionscope element draws a stream; then the lines asked for.
int run_predict_plot(const PredictCliOptions& o, const nn::Classifier& classifier) {
  if (o.files.size() != 1) {
    throw ParameterError("--plot draws one file, but " + std::to_string(o.files.size()) +
                         " were given: run predict --plot once per file");
  }
  train::PredictOptions per_window = o.predict;
  per_window.windows = true;
  train::PredictOptions per_file = o.predict;
  per_file.windows = false;
  train::Predictor windows(classifier, per_window);
  train::Predictor whole(classifier, per_file);
  return for_each_file(o.files, [&](const std::string& file) {
    const auto window_predictions = windows.predict(file);
    const auto file_prediction = whole.predict(file);
    train::plot_file_timeline(classifier.labels(), window_predictions, file_prediction.front(), file, o.plot);
    const train::Predictor& printer = o.predict.windows ? windows : whole;
    for (const auto& p : o.predict.windows ? window_predictions : file_prediction) {
      std::cout << printer.to_json(file, p).dump() << "\n";
    }
    std::cerr << "ser-train: wrote the timeline of " << file << " to " << o.plot << "\n";
  });
}

int run_predict(const PredictCliOptions& o) {
  nn::ClassifierOptions copts;
  copts.device = o.device;
  copts.num_threads = usable_threads(o.threads, "--threads");
  const nn::Classifier classifier = load_classifier(o.model, copts, o.allow_torchscript);
  PredictCliOptions opts = o;
  opts.predict.gate.mode = *vad::parse_vad_mode(o.vad);
  opts.predict.adapt = *train::parse_predict_adaptation(o.adapt);
  if (!o.plot.empty()) return run_predict_plot(opts, classifier);
  train::Predictor predictor(classifier, opts.predict);
  if (opts.predict.adapt == train::PredictAdaptation::Batch) {
    // Every file is heard first; one that cannot be is named by the pass that prints.
    for (const auto& file : o.files) {
      try {
        predictor.hear(file);
      } catch (const Error&) {
      }
    }
  }
  return for_each_file(o.files, [&](const std::string& file) {
    const auto predictions = predictor.predict(file);
    if (predictions.empty()) std::cerr << "ser-train: warning: " << file << ": no audio: no window to classify\n";
    for (const auto& p : predictions) std::cout << predictor.to_json(file, p).dump() << "\n";
    std::cout.flush();
  });
}

}  // namespace

Action add_predict_command(CLI::App& app) {
  auto o = std::make_shared<PredictCliOptions>();
  CLI::App* cmd = app.add_subcommand("predict", command_description("predict"));
  cmd->add_option("files", o->files, "Audio files (any format GStreamer decodes)")->required();
  cmd->add_option("--model", o->model, "A .sermodel bundle, or a TorchScript module with --allow-torchscript "
                                       "(default: the installed default; $SEREMOTION_DEFAULT_MODEL overrides)")
      ->check(non_empty())
      ->type_name("MODEL");
  cmd->add_flag("--windows", o->predict.windows, "One line per window instead of per file");
  cmd->add_option("--plot", o->plot,
                  "Also draw the file's timeline into this PNG (one file only): each window's probabilities "
                  "over time, as the seremotionscope element draws a stream, headed by the whole file's result")
      ->check(non_empty())
      ->type_name("OUT.png");
  const CLI::Validator seconds = number_in(features::kMinWindowSeconds, features::kMaxWindowSeconds);
  cmd->add_option("--window", o->predict.window_seconds, "Window length in seconds (default: the model's)")
      ->check(seconds);
  cmd->add_option("--hop", o->predict.hop_seconds, "Seconds between window starts (default: the model's)")
      ->check(seconds);
  cmd->add_option("--vad", o->vad,
                  "Voice activity, as the element's vad: silero (Silero VAD: windows with too little speech are "
                  "'no-speech' unless --voicing-rescue gives them back), level (the silence gate alone) or off "
                  "(every window classified)")
      ->check(CLI::IsMember({"silero", "level", "off"}))
      ->capture_default_str();
  cmd->add_option("--adapt", o->adapt,
                  "Models trained with adaptation: normalise each window by what was heard: none (the training "
                  "speakers' pooled statistics), stream (the file's windows so far, as the element does), file "
                  "(all of the file's) or batch (every file given: only for a collection varied in emotion, e.g. "
                  "one speaker's recordings)")
      ->check(CLI::IsMember({"stream", "file", "batch", "none"}))
      ->capture_default_str();
  cmd->add_option("--speech-threshold", o->predict.gate.threshold,
                  "Probability from which the VAD counts a 32 ms chunk as speech (the element's speech-threshold)")
      ->check(number_in(0.0, 1.0))
      ->capture_default_str();
  cmd->add_option("--min-speech-share", o->predict.gate.min_share,
                  "Share of a window the VAD must judge speech for the network to run (the element's "
                  "min-speech-share)")
      ->check(number_in(0.0, 1.0))
      ->capture_default_str();
  cmd->add_option("--voicing-rescue", o->predict.gate.voicing_rescue,
                  "Classify a window the VAD finds too little speech in when its pitch track is speech's "
                  "(Silero misses some shouting; the element's voicing-rescue): true or false")
      ->capture_default_str();
  cmd->add_option("--vad-model", o->predict.vad_model,
                  "Silero VAD's weights (default: the installed ones; $SEREMOTION_VAD_MODEL overrides)")
      ->type_name("FILE");
  cmd->add_option("--silence-threshold", o->predict.gate.level.threshold_db,
                  "Windows whose RMS is below this many dBFS are 'silence' (no network run), as in the element")
      ->check(number_in(-200.0, 0.0))
      ->capture_default_str();
  cmd->add_flag("--no-silence-gate", [o](int64_t) { o->predict.gate.level.enabled = false; },
                "No level gate (the element's silence-gate=false)");
  cmd->add_flag("--voice-parameters", o->predict.voice_parameters,
                "Add \"voice\": mean F0 (Hz, semitones), F0 range, loudness, level (dBFS), jitter (%),\n"
                "shimmer (dB), HNR (dB), voiced fraction and loudness peaks per second of each window\n"
                "(or file), from its eGeMAPS analysis (docs/features.md)");
  cmd->add_option("--device", o->device, "auto, cpu, cuda or cuda:N")->capture_default_str();
  cmd->add_option("--threads", o->threads, "libtorch threads (0: libtorch's default; at most the cores)")
      ->check(non_negative_number());
  cmd->add_flag("--allow-torchscript", o->allow_torchscript, kAllowTorchScriptHelp);
  return [o] { return run_predict(*o); };
}

}  // namespace ser::cli

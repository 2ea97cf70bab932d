// ser-train predict: what a model hears in audio files, one JSON object per line.
#include <iostream>
#include <memory>

#include "commands.h"
#include "each_file.h"
#include "common/error.h"
#include "features/windowing.h"
#include "model_option.h"
#include "thread_count.h"
#include "train/prediction.h"

namespace ser::cli {
namespace {

struct PredictCliOptions {
  std::vector<std::string> files;
  std::string model;
  std::string device = "auto";
  int threads = 0;
  bool allow_torchscript = false;
  train::PredictOptions predict;
};

int run_predict(const PredictCliOptions& o) {
  nn::ClassifierOptions copts;
  copts.device = o.device;
  copts.num_threads = usable_threads(o.threads, "--threads");
  const nn::Classifier classifier = load_classifier(o.model, copts, o.allow_torchscript);
  train::Predictor predictor(classifier, o.predict);
  return for_each_file(o.files, [&](const std::string& file) {
    const auto predictions = predictor.predict(file);
    if (predictions.empty()) {
      std::cerr << "ser-train: warning: " << file << ": shorter than half a window (" << predictor.window_samples() / 2
                << " samples): no window to classify\n";
    }
    for (const auto& p : predictions) std::cout << predictor.to_json(file, p).dump() << "\n";
    std::cout.flush();
  });
}

}  // namespace

Action add_predict_command(CLI::App& app) {
  auto o = std::make_shared<PredictCliOptions>();
  CLI::App* cmd = app.add_subcommand(
      "predict",
      "Classify audio files with a model bundle, printing one JSON object per line: file, label,\n"
      "confidence, probabilities (label -> probability). A whole file is scored by the mean of its\n"
      "windows' probabilities (a file shorter than a window is one window) and also gets duration and\n"
      "windows; with --windows each window gets its own line with start and duration (seconds), cut\n"
      "by the same rule as the seremotion element (a last partial window counts when it is at least\n"
      "half a window). Without --model, the installed default model.");
  cmd->add_option("files", o->files, "Audio files (any format GStreamer decodes)")->required();
  cmd->add_option("--model", o->model, "A .sermodel bundle or TorchScript module (default: the installed default; "
                                       "$SEREMOTION_DEFAULT_MODEL overrides)")->type_name("MODEL");
  cmd->add_flag("--windows", o->predict.windows, "One line per window instead of per file");
  const CLI::Range seconds(features::kMinWindowSeconds, features::kMaxWindowSeconds);
  cmd->add_option("--window", o->predict.window_seconds, "Window length in seconds (default: the model's)")
      ->check(seconds);
  cmd->add_option("--hop", o->predict.hop_seconds, "Seconds between window starts (default: the model's)")
      ->check(seconds);
  cmd->add_option("--silence-threshold", o->predict.silence.threshold_db,
                  "Windows whose RMS is below this many dBFS are 'silence' (no network run), as in the element")
      ->check(CLI::Range(-200.0, 0.0))
      ->capture_default_str();
  cmd->add_flag("--no-silence-gate", [o](int64_t) { o->predict.silence.enabled = false; },
                "Classify every window, silent or not (the element's silence-gate=false)");
  cmd->add_option("--device", o->device, "auto, cpu, cuda or cuda:N")->capture_default_str();
  cmd->add_option("--threads", o->threads, "libtorch threads (0: libtorch's default; at most the cores)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_flag("--allow-torchscript", o->allow_torchscript, kAllowTorchScriptHelp);
  return [o] { return run_predict(*o); };
}

}  // namespace ser::cli

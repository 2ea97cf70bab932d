// seremotion: Classifier, a model bundle loaded and ready to turn windows into emotions.
//
// Loads a .sermodel bundle or, when allowed, a TorchScript module (torch_network.h tells them
// apart and runs the check pass), picks the device (device.h), runs one warm-up forward, then classifies batches of windows, given as
// features (what the bundle's FeatureSpec describes) or as audio (features computed here with a
// features::Extractor of that spec), into probabilities: softmax of the logits divided by the
// bundle's calibration temperature (model_info.h), one row per window, one column per label in
// info().labels order.
//
// Features are normalised with the bundle's statistics before the network: (x - mean) / std,
// per element for vector specs, per band (row) for sequence specs; for a model trained with
// adaptive normalisation (ModelInfo::adaptation), after a first normalisation by what was heard.
//
// Thread-safety: a Classifier may be shared by any number of threads and every const method
// called concurrently. Inference runs in eval mode under c10::InferenceMode and changes no state;
// the audio path takes a features::Extractor from an internal pool (made on demand, one per
// concurrent caller, guarded by a mutex), so feature extraction also runs in parallel.
//
// Threads: libtorch's intra-op thread pool is process-wide: set_num_threads() (or
// ClassifierOptions::num_threads) changes it for every Classifier and every other user of
// libtorch in the process. Debian's libtorch starts with 1 thread.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "common/error.h"
#include "common/matrix.h"
#include "common/span.h"
#include "features/feature_stats.h"
#include "nn/model_info.h"

namespace ser::nn {

// Whether a TorchScript module may be loaded. A TorchScript module is code: loading it runs
// whatever its author wrote with the rights of this process, whatever the checks. The native
// .sermodel bundle is data (a table of tensors checked against a zoo network), the safe default.
enum class TorchScript { Refuse, Allow };

// A TorchScript module offered where TorchScript is refused: the caller says how to allow it.
class TorchScriptRefused : public ModelError {
 public:
  using ModelError::ModelError;
};

struct ClassifierOptions {
  std::string device = "auto";  // "auto", "cpu", "cuda" or "cuda:N" (device.h); default "auto"
  int num_threads = 0;          // libtorch intra-op threads, process-wide; 0: leave as is; default 0
  bool warm_up = true;          // one forward at load, so that the first window is not slow; default true
  TorchScript torchscript = TorchScript::Refuse;  // load TorchScript modules (trusted files only); default Refuse
};

// The most probable label of one window.
struct TopLabel {
  std::size_t index = 0;  // column in the probabilities, index into labels
  std::string label;
  float confidence = 0;   // its probability
};

class Classifier {
 public:
  // Throws ModelError naming the file (missing, corrupt, inconsistent, failing the check pass) or
  // the device that cannot be had; TorchScriptRefused for a TorchScript module that options do not
  // allow; ParameterError for an unknown device string or a negative num_threads.
  explicit Classifier(const std::string& path, const ClassifierOptions& options = {});
  ~Classifier();
  Classifier(Classifier&&) noexcept;
  Classifier& operator=(Classifier&&) noexcept;

  const ModelInfo& info() const;
  const std::string& path() const;
  const std::vector<std::string>& labels() const;
  std::size_t num_classes() const;
  std::string device() const;  // as torch names it: "cpu", "cuda:0", ...
  // Rows x frames of one window's features: 1 x D for vector specs; D x frames for sequence
  // specs, where any frames >= 1 is accepted (a window of info().window_seconds() gives
  // info().features.frames_for(window samples)).
  std::size_t feature_rows() const;

  // Every row of probabilities returned is finite, in [0, 1] and sums to 1: a network whose output
  // is not a number for some window is a ModelError naming the window, never a row of NaN.

  // Probabilities (batch x num_classes) of windows given as features. Each matrix must have
  // feature_rows() rows (and 1 column for vector specs); windows of different frame counts are
  // run in separate forwards. Throws ParameterError naming the window and its shape otherwise.
  Matrix classify(const std::vector<Matrix>& windows) const;
  Matrix classify(const Matrix& window) const;
  // The same for a model trained with adaptive normalisation (info().adaptation): the features are
  // first normalised by what was heard of the stream, batch or speaker (`heard`, statistics of the
  // features of its speech windows; nullptr or empty: the model's prior, the pooled training
  // speakers). Models without adaptation ignore `heard`.
  Matrix classify(const std::vector<Matrix>& windows, const features::FeatureStats* heard) const;
  // The features of windows of audio, as classify takes them (the model's FeatureSpec, the window
  // rule), from an extractor of the pool; for callers that keep statistics of them.
  std::vector<Matrix> features_of(const std::vector<FloatSpan>& windows) const;
  // The same for a flat batch: `batch` windows of info().input_dim() x `frames` values each
  // (features x frames, row-major; frames = 1 for vector specs), one after the other.
  Matrix classify(FloatSpan flat, std::size_t batch, std::size_t frames) const;

  // Probabilities of windows of audio: mono, at info().sample_rate(), one window each (cut by
  // features::plan_windows; shorter ones are padded as the FeatureSpec says). Features are
  // computed with a features::Extractor of info().features, then the network runs on the batch.
  Matrix classify_audio(const std::vector<FloatSpan>& windows) const;

  // The top label of row `row` of probabilities this classifier returned.
  TopLabel top(const Matrix& probabilities, std::size_t row = 0) const;

  // libtorch's intra-op threads (process-wide, see above); n >= 1.
  static void set_num_threads(int n);
  static int num_threads();

  struct Impl;  // opaque: classifier_impl.h

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace ser::nn

// seremotion: FeatureSpec, the one description of what a model is fed.
//
// A FeatureSpec names a feature set, its parameters and the span of audio it is computed on. It is
// stored in every model bundle, so a model always gets the features it was trained on, and the
// trainer, `ser-train features/predict` and the element all build their Extractor from it.
//
// The window rule. Some librosa steps look at a whole clip at once (power_to_db's top_db clip
// against the clip's maximum, the tuning estimate of chroma). The element sees windows, not
// clips, so everything feeds the extractor the same span: one window of `window_seconds`, cut
// from longer audio by plan_windows() (windowing.h). A span shorter than the window (a short file,
// the last partial window at EOS) is zero-padded to the window when `pad_short` is true and used
// as it is otherwise.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace ser::features {

// Vector: one row of per-window time means (e.g. the classic 193); sequence: features x frames.
enum class InputShape { Vector, Sequence };

struct FeatureSpec {
  // Format of the JSON form; from_json refuses other versions.
  static constexpr int kVersion = 1;

  std::string name = "custom";   // preset name, or "custom"
  InputShape shape = InputShape::Vector;
  // In output order. Vector: any of "mfcc", "chroma_stft", "mel", "contrast", "tonnetz", each
  // reduced to its time mean, and "egemaps" (the 88 eGeMAPS v02 functionals over the span),
  // concatenated. Sequence: exactly one of "mfcc", "logmel", "egemaps_lld" (the 25 eGeMAPS
  // descriptors every 10 ms; their framing is eGeMAPS's own, not n_fft / hop_length).
  std::vector<std::string> features;

  int sample_rate = 16000;        // Hz; audio is decoded / resampled to this
  // STFT (librosa.stft): periodic Hann, center=True, zero padding.
  int n_fft = 2048;               // samples, > 0
  int hop_length = 512;           // samples, > 0
  int win_length = 0;             // samples, 0 < win_length <= n_fft; 0 means n_fft
  // Mel (librosa.filters.mel, Slaney scale and norm) and power_to_db.
  int n_mels = 128;               // > 0
  double fmin = 0.0;              // Hz, >= 0
  double fmax = 0.0;              // Hz, <= sample_rate / 2; 0 means sample_rate / 2
  double top_db = 80.0;           // dB below the peak that power_to_db clips at; < 0: no clip
  bool db_ref_max = false;        // power_to_db ref: false = 1.0 (librosa.feature.mfcc), true = np.max
  int n_mfcc = 40;                // DCT-II ortho coefficients kept, 0 < n_mfcc <= n_mels
  // chroma_stft input: true = |STFT| (the classic 193 recipe passes np.abs(stft) as S);
  // false = |STFT|^2 (chroma_stft(y=...)). The tuning is estimated on that same input.
  bool chroma_from_magnitude = true;
  int n_chroma = 12;
  // spectral_contrast on |STFT|.
  double contrast_fmin = 200.0;   // Hz, > 0
  int contrast_n_bands = 6;       // > 0
  double contrast_quantile = 0.02;// in (0, 1)
  // tonnetz: "cqt" = tonnetz(y=effects.harmonic(y)) (librosa's default chroma_cqt, the classic
  // recipe); "stft" = tonnetz(chroma=chroma_stft(y)) (about 30 times cheaper).
  std::string tonnetz_source = "cqt";
  int hpss_kernel = 31;           // effects.harmonic median-filter size, odd, > 0
  double hpss_margin = 1.0;       // >= 1

  // The window rule (see above).
  double window_seconds = 3.0;    // > 0
  bool pad_short = false;
  // Sequence specs: per-window normalisation of each feature row over the window's frames, which
  // takes away what stays constant across a window (a speaker's timbre, a channel's colouring):
  // "none", "mean" (subtract each row's mean) or "meanvar" (and divide by its standard deviation,
  // floored at 1e-5). Applied after the features, on the span the extractor sees.
  std::string window_norm = "none";
  // Sequence specs: vector features appended as rows, each value repeated over the frames, after
  // the sequence's rows (e.g. {"egemaps"}: a log-mel sequence and the window's 88 eGeMAPS
  // functionals, for a fusion network, nn/zoo.h). Computed on the span as it is (not padded:
  // silence would enter their statistics); window_norm does not touch them. Only "egemaps" so far.
  std::vector<std::string> append_vector;
  // Level normalisation (level_norm.h), before any feature: "none", or "active" (scale the span so
  // that its active speech level is level_target_dbfs, dBFS in [-60, 0]; default -26). Takes the
  // recording level out of level-bearing features (loudness, equivalent sound level, flux).
  std::string level_norm = "none";
  double level_target_dbfs = -26.0;
  // Noise reduction (spectral_denoise.h), before level normalisation: "none", or "spectral" (the
  // span's stationary noise taken out by a short-time spectral gain).
  std::string denoise = "none";
  // eGeMAPS formants (egemaps.h EgemapsFormants): "opensmile" (default: the convention nearest
  // openSMILE 3.0's output we found, Egemaps::kOpensmileFormantScale), "lpc" (the textbook
  // resonances), or "negated" (openSMILE's convention as it was before that scale: the prediction
  // coefficients negated). A spec written before the scale has no such field and reads back as
  // "negated", so that a model trained then is fed the features it was trained on; written to
  // JSON for specs with eGeMAPS unless "negated" (so those specs read back equal).
  std::string egemaps_formants = "opensmile";

  size_t window_samples() const;
  // Frames of a sequence spec for a span of n samples (after the window rule).
  size_t frames_for(size_t n_samples) const;
  // Vector: the length of the vector. Sequence: the number of features per frame, appended vector
  // rows included.
  size_t feature_dim() const;
  // Sequence: the rows of the sequence itself, before any appended vector; vector: feature_dim().
  size_t sequence_rows() const;
  // Whether the spec names its features (it holds eGeMAPS, whose features have names); then
  // feature_names() has feature_dim() entries: openSMILE's names for eGeMAPS, "<feature>[i]" for
  // the others of a mixed vector. Empty otherwise.
  bool has_named_features() const;
  std::vector<std::string> feature_names() const;
  // Whether it holds "egemaps" or "egemaps_lld".
  bool uses_egemaps() const;
  // Where `feature`'s values start in a vector spec's row (the sum of the dims before it); throws
  // ParameterError when the spec is not a vector or lacks it.
  size_t vector_offset_of(const std::string& feature) const;
  // Whether the extractor needs effects.harmonic + CQT (the slow part of the classic recipe).
  bool needs_cqt() const;

  // Throws ParameterError naming the field and its range, and check_span(window_samples()).
  void validate() const;

  // The largest matrix the extractor builds for a span of n samples: frames x the larger of the
  // STFT's bins (n_fft / 2 + 1) and n_mels, in float values.
  double values_for(size_t n_samples) const;
  // Throws ParameterError when a span of n samples asks for more than kMaxValuesPerSpan values
  // (values_for), naming window, hop_length, n_fft and n_mels and what to change. Settings a
  // librosa call would take but that cost out of proportion to the audio (a 600 s window with
  // hop_length 1 and 1024 mel bands needs 40 GB) are refused here rather than ending in bad_alloc.
  void check_span(size_t n_samples) const;
  // 2^25 floats, 128 MiB: a 60 s window at hop_length 64 with n_fft 2048 fits, four times over.
  static constexpr double kMaxValuesPerSpan = 33554432.0;

  nlohmann::json to_json() const;
  // Validates; unknown fields are an error (a typo must not silently become a default).
  static FeatureSpec from_json(const nlohmann::json& j);
  // from_json of a JSON text (a spec file); text that is not JSON, or nests deeper than JSON
  // read from files may (common/bounded_json.h), is a ParameterError saying so.
  static FeatureSpec parse(std::string_view text);

  // Presets: "issa193" (vector of 40 MFCC + 12 chroma + 128 mel + 7 contrast + 6 tonnetz),
  // "mfcc40" (40 MFCC x frames), "logmel128" and "logmel64" (log-mel dB x frames, ref = max),
  // "egemaps" (vector of the 88 eGeMAPS v02 functionals), "egemaps-level" (the same at one active
  // speech level), "egemaps-level-lpc" (and textbook formants: the shipped models'), "egemaps-level-lpc-denoise" (and
  // the span's stationary noise reduced first), "egemaps-lld" (25 eGeMAPS descriptors
  // x 10 ms frames), "logmel64+egemaps" (logmel64 with the 88 functionals appended: 152 rows),
  // "logmel64+egemaps-level-lpc" (the same with egemaps-level-lpc's functionals).
  static FeatureSpec preset(const std::string& name);
  static std::vector<std::string> preset_names();
};

bool operator==(const FeatureSpec& a, const FeatureSpec& b);
inline bool operator!=(const FeatureSpec& a, const FeatureSpec& b) { return !(a == b); }

}  // namespace ser::features

// Tests: the librosa 0.11.0 golden values of ../shared/golden/librosa-0.11.0 (see its README).
#pragma once

#include <string>
#include <vector>

#include "common/matrix.h"
#include "common/npy.h"

namespace ser::test {

struct GoldenInput {
  std::string name;                 // folder name, e.g. "03-01-05-01-01-01-01" or "sine440"
  std::string source;               // path relative to shared/data, or "synthetic"
  size_t n_samples = 0;
  double chroma_stft_tuning = 0;    // tuning librosa estimated for chroma_stft(S=|stft|)
  double tonnetz_cqt_tuning = 0;    // tuning of chroma_cqt inside tonnetz(y=harmonic)
  double tonnetz_stft_chroma_tuning = 0;  // tuning of chroma_stft(y) (power) for tonnetz_stft
  bool has(const std::string& feature) const;  // whether <name>/<feature>.npy exists

  std::vector<float> y() const;                         // the input samples
  NpyArray load(const std::string& feature) const;      // <name>/<feature>.npy
  std::string dir;                  // golden_dir()/name
};

// All inputs of index.json, in its order; empty when the golden folder is absent.
std::vector<GoldenInput> golden_inputs();

// Largest |a - b| over all elements (shapes must match; ADD_FAILURE otherwise and returns inf).
double max_abs_diff(const Matrix& a, const Matrix& b);
double max_abs(const Matrix& a);

// The frames where librosa.feature.rms(y=y, frame_length=2048, hop_length=512) (centred, zero
// padded) is at least `fraction` of its maximum: where frame-normalised features such as
// chroma_cqt and tonnetz_cqt are meaningful (the README's "C frames"; -60 dB by default).
std::vector<bool> loud_frames(const std::vector<float>& y, double fraction = 1e-3);
// Largest |a - b| over the columns whose flag is set (shapes must match, as max_abs_diff).
double max_abs_diff_in_columns(const Matrix& a, const Matrix& b, const std::vector<bool>& columns);

}  // namespace ser::test

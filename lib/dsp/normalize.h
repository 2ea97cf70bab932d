// seremotion: per-frame normalisation of a feature matrix, as librosa.util.normalize does it.
#pragma once

#include <optional>
#include <vector>

#include "common/matrix.h"

namespace ser::dsp {

// Throws ParameterError unless norm is nullopt, +-infinity, 0 or a finite p > 0; `field` names the
// parameter in the message.
void check_norm(const std::optional<double>& norm, const char* field);

// librosa.util.normalize(S, norm=norm, axis=0, threshold=None, fill=None) in place on a rows x
// cols array (row-major): each column is divided by its length
//   inf: max |x|,  -inf: min |x|,  0: the number of non-zero values,  p > 0: (sum |x|^p)^(1/p),
// computed in double, powers as numpy takes them (numpy_power.h). A column whose length is below the smallest normal value of T (librosa's
// tiny(S)) is left as it is, so an all-zero column stays 0. nullopt: nothing is done.
// `lengths` is scratch (resized to cols; no allocation once it has grown).
template <typename T>
void normalize_columns(T* data, size_t rows, size_t cols, const std::optional<double>& norm,
                       std::vector<double>& lengths);

inline void normalize_columns(Matrix& S, const std::optional<double>& norm, std::vector<double>& lengths) {
  normalize_columns(S.data(), S.rows(), S.cols(), norm, lengths);
}

}  // namespace ser::dsp

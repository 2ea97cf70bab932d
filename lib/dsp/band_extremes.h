// seremotion: per-frame means of a band's lowest and highest values (spectral contrast's valleys
// and peaks).
#pragma once

#include <cstddef>
#include <vector>

#include "common/matrix.h"

namespace ser::dsp {

// For the rows [begin, end) of S (bins x frames) and every frame t, the means of the q lowest and
// of the q highest of S[begin .. end-1, t], exactly as numpy takes them on float32:
//   sorted = np.sort(S[begin:end], axis=0);  valley = np.mean(sorted[:q], axis=0),
//   peak = np.mean(sorted[-q:], axis=0)  (float32 sums in ascending order, one float32 division).
// No full sort: for q <= 16 every block of 8 frames keeps its q extremes while the rows stream by,
// in branch-free compare-exchange chains on 8-lane vectors; larger q gathers each frame and uses
// nth_element. Work buffers are members (no allocation once grown). Not thread-safe.
class BandExtremes {
 public:
  // Requires 1 <= q <= end - begin <= S.rows(); valley and peak receive S.cols() values each.
  void compute(const Matrix& S, size_t begin, size_t end, size_t q, double* valley, double* peak);

 private:
  void select(const Matrix& S, size_t begin, size_t end, size_t q, double* valley, double* peak);

  std::vector<float> values_;  // one frame of the band (select)
};

}  // namespace ser::dsp

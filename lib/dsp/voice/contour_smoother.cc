#include "dsp/voice/contour_smoother.h"

namespace ser::dsp::voice {

void smooth3(const float* x, size_t n, float* y) {
  if (n == 0) return;
  for (size_t t = 0; t < n; ++t) {
    const float prev = x[t == 0 ? 0 : t - 1];
    const float next = x[t + 1 == n ? t : t + 1];
    y[t] = (prev + x[t] + next) / 3.0f;
  }
}

void smooth3_nonzero(const float* x, size_t n, float* y) {
  for (size_t t = 0; t < n; ++t) {
    if (x[t] == 0.0f) {
      y[t] = 0.0f;
      continue;
    }
    float sum = x[t];
    int count = 1;
    if (t > 0 && x[t - 1] != 0.0f) sum += x[t - 1], ++count;
    if (t + 1 < n && x[t + 1] != 0.0f) sum += x[t + 1], ++count;
    y[t] = sum / static_cast<float>(count);
  }
}

}  // namespace ser::dsp::voice

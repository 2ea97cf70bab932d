// seremotion: how far a model's confidence is from its accuracy, and temperature scaling, which
// brings them together.
//
// Reliability (Guo, Pleiss, Sun & Weinberger, "On Calibration of Modern Neural Networks", ICML
// 2017): the items (windows or files) are binned by their confidence, the probability of their top
// class, into `bins` equal intervals of [0, 1] (the last one closed); in each, the accuracy is the
// share of items whose top class is right. The expected calibration error is
//   ECE = sum_b (n_b / N) |accuracy_b - mean confidence_b|,
// 0 for a model whose confidence is its accuracy; 15 bins as in the paper.
//
// Temperature scaling (same paper): probabilities softmax(z / T) from the network's logits z (or
// its log-probabilities, which differ from z by a constant per row); T > 1 softens over-confident
// outputs, T < 1 sharpens timid ones, and the top class never changes. T minimises the mean
// negative log-likelihood of the true classes on the VALIDATION part of the training data, never
// on test data.
#pragma once

#include <cstddef>
#include <limits>
#include <vector>

#include "common/matrix.h"

namespace ser::train {

constexpr int kCalibrationBins = 15;

struct Reliability {
  std::vector<std::size_t> count;   // items per bin
  std::vector<double> confidence;   // sum of their confidences
  std::vector<double> correct;      // items whose top class is the true one

  std::size_t n() const;
  double ece() const;  // NaN without items
  // Bin b's mean confidence and accuracy (NaN when empty).
  double mean_confidence(std::size_t b) const;
  double accuracy(std::size_t b) const;
  // Pools another reliability of as many bins (ParameterError otherwise).
  void add(const Reliability& other);
};

// Rows of `probabilities` against `targets` (one class index per row), in `bins` bins. A target
// of -1 leaves its row out (a class the model cannot score). ParameterError on mismatched sizes.
Reliability reliability(const Matrix& probabilities, const std::vector<int>& targets, int bins = kCalibrationBins);

// softmax(log_probabilities / temperature), row by row, in double, stored as float.
Matrix tempered(const Matrix& log_probabilities, double temperature);

// The mean of -log softmax(row / temperature)[target] over the rows (targets of -1 left out).
double mean_nll(const Matrix& log_probabilities, const std::vector<int>& targets, double temperature);

struct TemperatureFit {
  double temperature = 1.0;  // 1: not calibrated
  double nll_before = std::numeric_limits<double>::quiet_NaN();  // mean NLL at T = 1
  double nll_after = std::numeric_limits<double>::quiet_NaN();   // at `temperature`
  std::size_t items = 0;     // rows fitted on; 0: nothing to fit on (temperature 1)
};

// The T in [0.05, 20] with the least mean_nll (golden-section search on log T, to 1e-6 relative;
// the NLL is convex in 1/T). No rows: temperature 1, items 0.
TemperatureFit fit_temperature(const Matrix& log_probabilities, const std::vector<int>& targets);

}  // namespace ser::train

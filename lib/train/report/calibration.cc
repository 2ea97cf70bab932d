#include "train/report/calibration.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "common/error.h"

namespace ser::train {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

void check_rows(const Matrix& m, const std::vector<int>& targets, const char* what) {
  if (m.rows() != targets.size()) {
    throw ParameterError(std::string(what) + ": " + std::to_string(m.rows()) + " rows for " +
                         std::to_string(targets.size()) + " targets");
  }
  for (int t : targets) {
    if (t < -1 || (t >= 0 && static_cast<std::size_t>(t) >= m.cols())) {
      throw ParameterError(std::string(what) + ": target " + std::to_string(t) + " outside the " +
                           std::to_string(m.cols()) + " classes");
    }
  }
}

// log sum_c exp(row_c / T), computed from the row's largest value.
double log_sum_exp(const float* row, std::size_t n, double temperature) {
  const double top = *std::max_element(row, row + n) / temperature;
  double sum = 0.0;
  for (std::size_t c = 0; c < n; ++c) sum += std::exp(row[c] / temperature - top);
  return top + std::log(sum);
}

}  // namespace

std::size_t Reliability::n() const {
  std::size_t total = 0;
  for (std::size_t c : count) total += c;
  return total;
}

double Reliability::ece() const {
  const std::size_t total = n();
  if (total == 0) return kNaN;
  double e = 0.0;
  for (std::size_t b = 0; b < count.size(); ++b) {
    if (count[b] > 0) e += std::abs(correct[b] - confidence[b]) / double(total);
  }
  return e;
}

double Reliability::mean_confidence(std::size_t b) const { return count[b] ? confidence[b] / double(count[b]) : kNaN; }
double Reliability::accuracy(std::size_t b) const { return count[b] ? correct[b] / double(count[b]) : kNaN; }

void Reliability::add(const Reliability& other) {
  if (count.empty()) {
    *this = other;
    return;
  }
  if (other.count.size() != count.size()) {
    throw ParameterError("pooling reliabilities of " + std::to_string(count.size()) + " and " +
                         std::to_string(other.count.size()) + " bins");
  }
  for (std::size_t b = 0; b < count.size(); ++b) {
    count[b] += other.count[b];
    confidence[b] += other.confidence[b];
    correct[b] += other.correct[b];
  }
}

Reliability reliability(const Matrix& probabilities, const std::vector<int>& targets, int bins) {
  if (bins < 1) throw ParameterError("reliability: bins must be >= 1 (got " + std::to_string(bins) + ")");
  check_rows(probabilities, targets, "reliability");
  Reliability r;
  r.count.assign(static_cast<std::size_t>(bins), 0);
  r.confidence.assign(static_cast<std::size_t>(bins), 0.0);
  r.correct.assign(static_cast<std::size_t>(bins), 0.0);
  for (std::size_t i = 0; i < probabilities.rows(); ++i) {
    if (targets[i] < 0) continue;
    const float* row = probabilities.row(i);
    const auto top = static_cast<std::size_t>(std::max_element(row, row + probabilities.cols()) - row);
    const double conf = row[top];
    const auto b = std::min(static_cast<std::size_t>(conf * bins), static_cast<std::size_t>(bins - 1));
    ++r.count[b];
    r.confidence[b] += conf;
    r.correct[b] += top == static_cast<std::size_t>(targets[i]) ? 1.0 : 0.0;
  }
  return r;
}

Matrix tempered(const Matrix& log_probabilities, double temperature) {
  Matrix out(log_probabilities.rows(), log_probabilities.cols());
  for (std::size_t i = 0; i < out.rows(); ++i) {
    const float* row = log_probabilities.row(i);
    const double lse = log_sum_exp(row, out.cols(), temperature);
    for (std::size_t c = 0; c < out.cols(); ++c) out(i, c) = static_cast<float>(std::exp(row[c] / temperature - lse));
  }
  return out;
}

double mean_nll(const Matrix& log_probabilities, const std::vector<int>& targets, double temperature) {
  check_rows(log_probabilities, targets, "mean_nll");
  double sum = 0.0;
  std::size_t n = 0;
  for (std::size_t i = 0; i < log_probabilities.rows(); ++i) {
    if (targets[i] < 0) continue;
    const float* row = log_probabilities.row(i);
    sum += log_sum_exp(row, log_probabilities.cols(), temperature) - row[targets[i]] / temperature;
    ++n;
  }
  return n ? sum / double(n) : kNaN;
}

TemperatureFit fit_temperature(const Matrix& log_probabilities, const std::vector<int>& targets) {
  check_rows(log_probabilities, targets, "fit_temperature");
  TemperatureFit fit;
  fit.items = static_cast<std::size_t>(std::count_if(targets.begin(), targets.end(), [](int t) { return t >= 0; }));
  if (fit.items == 0) return fit;
  const auto nll = [&](double log_t) { return mean_nll(log_probabilities, targets, std::exp(log_t)); };
  // Golden-section search for the minimum of a unimodal function on [a, b].
  const double phi = (std::sqrt(5.0) - 1.0) / 2.0;
  double a = std::log(0.05), b = std::log(20.0);
  double c = b - phi * (b - a), d = a + phi * (b - a);
  double fc = nll(c), fd = nll(d);
  while (b - a > 1e-6) {
    if (fc < fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - phi * (b - a);
      fc = nll(c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + phi * (b - a);
      fd = nll(d);
    }
  }
  fit.temperature = std::exp((a + b) / 2.0);
  fit.nll_before = mean_nll(log_probabilities, targets, 1.0);
  fit.nll_after = mean_nll(log_probabilities, targets, fit.temperature);
  return fit;
}

}  // namespace ser::train

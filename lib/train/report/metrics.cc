#include "train/report/metrics.h"

#include <cmath>
#include <string>

#include "common/error.h"

namespace ser::train {
namespace {

// 0/0 (and x/0) count as 0: sklearn's zero_division=0.
double ratio(int64_t num, int64_t den) { return den > 0 ? static_cast<double>(num) / static_cast<double>(den) : 0.0; }

void check_indices(const std::vector<int>& indices, const char* name, int n_classes) {
  for (size_t i = 0; i < indices.size(); ++i) {
    if (indices[i] < 0 || indices[i] >= n_classes) {
      throw ParameterError(std::string(name) + "[" + std::to_string(i) + "] = " + std::to_string(indices[i]) +
                           " is not a class index: it must lie in [0, " + std::to_string(n_classes) + ")");
    }
  }
}

void check_confusion(const Confusion& c) {
  if (c.rows() == 0 || c.rows() != c.cols()) {
    throw ParameterError("a confusion matrix must be square and non-empty (got " + std::to_string(c.rows()) + " x " +
                         std::to_string(c.cols()) + ")");
  }
  for (int64_t v : c.storage()) {
    if (v < 0) throw ParameterError("a confusion matrix holds counts, >= 0 (got " + std::to_string(v) + ")");
  }
}

ClassScores class_scores(const Confusion& c, size_t k) {
  ClassScores s;
  for (size_t j = 0; j < c.cols(); ++j) s.support += c(k, j);
  for (size_t i = 0; i < c.rows(); ++i) s.predicted += c(i, k);
  const int64_t tp = c(k, k);
  s.precision = ratio(tp, s.predicted);
  s.recall = ratio(tp, s.support);
  // 2TP / (2TP + FP + FN) = 2TP / (predicted + support): equal to 2PR / (P + R), without the
  // rounding of the two divisions.
  s.f1 = ratio(2 * tp, s.predicted + s.support);
  return s;
}

// The mean of the values kept by `keep`, or 0 when none is.
template <typename Value, typename Keep>
double mean_over(const std::vector<ClassScores>& classes, Value value, Keep keep) {
  double sum = 0.0;
  size_t n = 0;
  for (const ClassScores& s : classes) {
    if (!keep(s)) continue;
    sum += value(s);
    ++n;
  }
  return n > 0 ? sum / static_cast<double>(n) : 0.0;
}

// Adds `from` into `into` (same size, checked by the caller).
void add_counts(Confusion& into, const Confusion& from) {
  for (size_t i = 0; i < into.size(); ++i) into.data()[i] += from.data()[i];
}

template <typename Field>
MeanStd over_folds(const std::vector<Scores>& folds, Field field) {
  std::vector<double> values;
  values.reserve(folds.size());
  for (const Scores& s : folds) values.push_back(field(s));
  return mean_std(values);
}

ClassMeanStd class_over_folds(const std::vector<Scores>& folds, size_t k) {
  std::vector<double> precision, recall, f1;
  for (const Scores& s : folds) {
    const ClassScores& c = s.per_class[k];
    if (!c.present()) continue;
    precision.push_back(c.precision);
    recall.push_back(c.recall);
    f1.push_back(c.f1);
  }
  ClassMeanStd out;
  out.n_folds = f1.size();
  if (out.n_folds == 0) return out;
  out.precision = mean_std(precision);
  out.recall = mean_std(recall);
  out.f1 = mean_std(f1);
  return out;
}

}  // namespace

Confusion confusion_matrix(const std::vector<int>& y_true, const std::vector<int>& y_pred, int n_classes) {
  if (n_classes < 1) throw ParameterError("n_classes must be >= 1 (got " + std::to_string(n_classes) + ")");
  if (y_true.size() != y_pred.size()) {
    throw ParameterError("y_true and y_pred must have the same length (got " + std::to_string(y_true.size()) +
                         " and " + std::to_string(y_pred.size()) + ")");
  }
  if (y_true.empty()) throw ParameterError("y_true is empty: there is nothing to score");
  check_indices(y_true, "y_true", n_classes);
  check_indices(y_pred, "y_pred", n_classes);
  Confusion c(static_cast<size_t>(n_classes), static_cast<size_t>(n_classes), 0);
  for (size_t i = 0; i < y_true.size(); ++i) ++c(static_cast<size_t>(y_true[i]), static_cast<size_t>(y_pred[i]));
  return c;
}

Scores scores_from_confusion(const Confusion& confusion) {
  check_confusion(confusion);
  Scores s;
  s.confusion = confusion;
  int64_t correct = 0;
  for (size_t k = 0; k < confusion.rows(); ++k) {
    s.per_class.push_back(class_scores(confusion, k));
    correct += confusion(k, k);
    s.n_items += s.per_class.back().support;
  }
  if (s.n_items == 0) throw ParameterError("the confusion matrix is all zeros: there is nothing to score");
  s.accuracy = ratio(correct, s.n_items);
  s.wa = s.accuracy;
  s.ua = mean_over(s.per_class, [](const ClassScores& c) { return c.recall; },
                   [](const ClassScores& c) { return c.support > 0; });
  s.macro_f1 = mean_over(s.per_class, [](const ClassScores& c) { return c.f1; },
                         [](const ClassScores& c) { return c.present(); });
  return s;
}

Scores evaluate(const std::vector<int>& y_true, const std::vector<int>& y_pred, int n_classes) {
  return scores_from_confusion(confusion_matrix(y_true, y_pred, n_classes));
}

MeanStd mean_std(const std::vector<double>& values) {
  if (values.empty()) throw ParameterError("mean_std needs at least one value");
  const double n = static_cast<double>(values.size());
  double sum = 0.0;
  for (double v : values) sum += v;
  MeanStd out;
  out.mean = sum / n;
  if (values.size() < 2) return out;
  double squares = 0.0;
  for (double v : values) squares += (v - out.mean) * (v - out.mean);
  out.std = std::sqrt(squares / (n - 1.0));
  return out;
}

FoldAggregate aggregate(const std::vector<Scores>& folds) {
  if (folds.empty()) throw ParameterError("there are no folds to aggregate");
  const size_t n_classes = folds.front().confusion.rows();
  Confusion summed(n_classes, n_classes, 0);
  for (size_t f = 0; f < folds.size(); ++f) {
    const Confusion& c = folds[f].confusion;
    if (c.rows() != n_classes || c.cols() != n_classes || folds[f].per_class.size() != n_classes) {
      throw ParameterError("fold " + std::to_string(f) + " has " + std::to_string(c.rows()) + " x " +
                           std::to_string(c.cols()) + " confusion counts, but fold 0 has " +
                           std::to_string(n_classes) + " classes: every fold must score the same labels");
    }
    add_counts(summed, c);
  }
  FoldAggregate out;
  out.n_folds = folds.size();
  out.accuracy = over_folds(folds, [](const Scores& s) { return s.accuracy; });
  out.ua = over_folds(folds, [](const Scores& s) { return s.ua; });
  out.wa = over_folds(folds, [](const Scores& s) { return s.wa; });
  out.macro_f1 = over_folds(folds, [](const Scores& s) { return s.macro_f1; });
  for (size_t k = 0; k < n_classes; ++k) out.per_class.push_back(class_over_folds(folds, k));
  out.pooled = scores_from_confusion(summed);
  return out;
}

}  // namespace ser::train

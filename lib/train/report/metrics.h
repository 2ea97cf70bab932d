// seremotion: classification scores of one test fold, and their aggregation over folds.
//
// The definitions are scikit-learn's (sklearn.metrics), so figures compare with published work:
//   confusion C[t][p]  number of test items of true class t predicted as p (rows = true,
//                      columns = predicted): confusion_matrix(y_true, y_pred, labels=range(K))
//   accuracy           sum_k C[k][k] / N: accuracy_score
//   recall_k           C[k][k] / sum_p C[k][p] (0 when class k is absent from the truth)
//   precision_k        C[k][k] / sum_t C[t][k] (0 when nothing was predicted as k)
//   F1_k               2 C[k][k] / (2 C[k][k] + FP_k + FN_k), i.e. 2 P R / (P + R); 0 when the
//                      denominator is 0. These three are precision_recall_fscore_support(...,
//                      zero_division=0): a 0/0 counts as 0, never as NaN.
//   UA                 unweighted accuracy: the mean of recall_k over the classes present in the
//                      truth (support > 0): balanced_accuracy_score. Chance level is 1 / K.
//   WA                 weighted accuracy: recall weighted by class support,
//                      sum_k (n_k / N) recall_k = sum_k C[k][k] / N, which IS the accuracy. The
//                      speech-emotion literature uses both names, so the scores carry both fields.
//   macro F1           the mean of F1_k over the classes present in the truth OR the predictions
//                      (f1_score(average='macro') with its default labels = unique_labels(y_true,
//                      y_pred)); a class predicted but never true adds an F1 of 0.
// A class absent from both the truth and the predictions of a fold has all its scores 0 and takes
// no part in that fold's UA or macro F1 (ClassScores::present() is false).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "common/matrix.h"

namespace ser::train {

// Counts, n_classes x n_classes, rows = true class, columns = predicted class.
using Confusion = Array2D<int64_t>;

struct ClassScores {
  double precision = 0.0;  // in [0, 1]; 0 when the class was never predicted
  double recall = 0.0;     // in [0, 1]; 0 when the class is absent from the truth
  double f1 = 0.0;         // in [0, 1]; 0 when precision + recall is 0
  int64_t support = 0;     // test items whose true class this is (row sum)
  int64_t predicted = 0;   // test items predicted as this class (column sum)

  // Whether the class takes part in macro F1: true in the truth or in the predictions.
  bool present() const { return support > 0 || predicted > 0; }
};

// The scores of one set of predictions (one fold's test set).
struct Scores {
  double accuracy = 0.0;   // in [0, 1]
  double ua = 0.0;         // unweighted accuracy, in [0, 1]
  double wa = 0.0;         // weighted accuracy, in [0, 1]; equal to accuracy (see above)
  double macro_f1 = 0.0;   // in [0, 1]
  std::vector<ClassScores> per_class;  // n_classes entries, in class-index order
  Confusion confusion;                 // n_classes x n_classes
  int64_t n_items = 0;                 // test items scored (the confusion's total)
};

// The confusion matrix of class indices, each in [0, n_classes). ParameterError when n_classes
// < 1, the two lists differ in length or are empty, or an index is out of range (naming the list,
// the position and the value).
Confusion confusion_matrix(const std::vector<int>& y_true, const std::vector<int>& y_pred, int n_classes);

// Every score, from a square confusion matrix (ParameterError when it is not square, empty, has a
// negative count or sums to 0).
Scores scores_from_confusion(const Confusion& confusion);

// scores_from_confusion(confusion_matrix(y_true, y_pred, n_classes)).
Scores evaluate(const std::vector<int>& y_true, const std::vector<int>& y_pred, int n_classes);

// A score over folds: the mean, and the SAMPLE standard deviation (ddof = 1, numpy's
// std(ddof=1), pandas' default), sqrt(sum (x_i - mean)^2 / (n - 1)); 0 with a single value.
struct MeanStd {
  double mean = 0.0;
  double std = 0.0;
};

// ParameterError when `values` is empty.
MeanStd mean_std(const std::vector<double>& values);

// One class over folds. Only the folds in which the class is present (ClassScores::present())
// count, so a class missing from a fold does not drag its mean to 0; n_folds says how many did.
struct ClassMeanStd {
  MeanStd precision;
  MeanStd recall;
  MeanStd f1;
  size_t n_folds = 0;  // folds in which the class was present; 0 leaves the figures at 0
};

// Cross-validation results.
struct FoldAggregate {
  size_t n_folds = 0;
  // Over the folds' own scores: mean and sample std (see MeanStd).
  MeanStd accuracy;
  MeanStd ua;
  MeanStd wa;
  MeanStd macro_f1;
  std::vector<ClassMeanStd> per_class;  // n_classes entries
  // Every fold's test predictions pooled: the summed confusion matrix and its scores (each item
  // is tested in exactly one fold, so this is scoring all out-of-fold predictions at once).
  Scores pooled;
};

// ParameterError when `folds` is empty or their confusion matrices differ in size (naming the
// fold).
FoldAggregate aggregate(const std::vector<Scores>& folds);

}  // namespace ser::train

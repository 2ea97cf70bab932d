#include "train/report/metrics.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "common/error.h"
#include "lib/data/error_of.h"

namespace ser::train {
namespace {

using data::test::error_of;
using data::test::mentions;

constexpr double kTight = 1e-12;

// The pseudo-random case of metrics_reference.py (same LCG, same skew): class 0 is twice as
// likely as the others, the last class is never true but is sometimes predicted.
struct Labels {
  std::vector<int> y_true;
  std::vector<int> y_pred;
};
Labels lcg_labels(int n, int n_classes, uint32_t x) {
  Labels l;
  for (int i = 0; i < n; ++i) {
    x = 1664525u * x + 1013904223u;
    int t = static_cast<int>((x >> 16) % static_cast<uint32_t>(n_classes));
    if (t == n_classes - 1) t = 0;
    x = 1664525u * x + 1013904223u;
    const int p = (x >> 16) % 10 < 6 ? t : static_cast<int>((x >> 8) % static_cast<uint32_t>(n_classes));
    l.y_true.push_back(t);
    l.y_pred.push_back(p);
  }
  return l;
}

// ---- one fold, by hand

TEST(Metrics, HandCheckedThreeClasses) {
  // true 0 0 0 1 1 2, predicted 0 0 1 1 2 2.
  const Scores s = evaluate({0, 0, 0, 1, 1, 2}, {0, 0, 1, 1, 2, 2}, 3);
  const std::vector<int64_t> expected_confusion = {2, 1, 0,  //
                                                   0, 1, 1,  //
                                                   0, 0, 1};
  EXPECT_EQ(s.confusion.storage(), expected_confusion);
  EXPECT_EQ(s.n_items, 6);
  EXPECT_NEAR(s.accuracy, 4.0 / 6.0, kTight);
  EXPECT_EQ(s.wa, s.accuracy);
  // Recalls 2/3, 1/2, 1; precisions 1, 1/2, 1/2; F1 = 2TP / (predicted + support).
  EXPECT_NEAR(s.ua, (2.0 / 3.0 + 0.5 + 1.0) / 3.0, kTight);
  EXPECT_NEAR(s.per_class[0].precision, 1.0, kTight);
  EXPECT_NEAR(s.per_class[1].precision, 0.5, kTight);
  EXPECT_NEAR(s.per_class[2].precision, 0.5, kTight);
  EXPECT_NEAR(s.per_class[0].recall, 2.0 / 3.0, kTight);
  EXPECT_NEAR(s.per_class[0].f1, 0.8, kTight);
  EXPECT_NEAR(s.per_class[1].f1, 0.5, kTight);
  EXPECT_NEAR(s.per_class[2].f1, 2.0 / 3.0, kTight);
  EXPECT_NEAR(s.macro_f1, (0.8 + 0.5 + 2.0 / 3.0) / 3.0, kTight);
  EXPECT_EQ(s.per_class[0].support, 3);
  EXPECT_EQ(s.per_class[0].predicted, 2);
  EXPECT_EQ(s.per_class[2].support, 1);
  EXPECT_EQ(s.per_class[2].predicted, 2);
}

TEST(Metrics, PerfectAndAllWrong) {
  const Scores perfect = evaluate({0, 1, 2, 1}, {0, 1, 2, 1}, 3);
  EXPECT_EQ(perfect.accuracy, 1.0);
  EXPECT_EQ(perfect.ua, 1.0);
  EXPECT_EQ(perfect.macro_f1, 1.0);
  const Scores wrong = evaluate({0, 1}, {1, 0}, 2);
  EXPECT_EQ(wrong.accuracy, 0.0);
  EXPECT_EQ(wrong.ua, 0.0);
  EXPECT_EQ(wrong.macro_f1, 0.0);
}

TEST(Metrics, ClassNeverPredictedScoresZeroNotNaN) {
  // Class 2 is true twice and never predicted: precision 0/0 -> 0 (zero_division=0).
  const Scores s = evaluate({0, 1, 2, 2}, {0, 1, 1, 1}, 3);
  EXPECT_EQ(s.per_class[2].precision, 0.0);
  EXPECT_EQ(s.per_class[2].recall, 0.0);
  EXPECT_EQ(s.per_class[2].f1, 0.0);
  EXPECT_NEAR(s.per_class[1].precision, 1.0 / 3.0, kTight);
  EXPECT_NEAR(s.per_class[1].f1, 0.5, kTight);
  EXPECT_NEAR(s.ua, 2.0 / 3.0, kTight);       // recalls 1, 1, 0
  EXPECT_NEAR(s.macro_f1, 0.5, kTight);       // F1 1, 0.5, 0
  EXPECT_NEAR(s.accuracy, 0.5, kTight);
}

TEST(Metrics, ClassOnlyPredictedCountsInMacroF1NotInUA) {
  // 4 classes: 2 never occurs; 3 is predicted once but never true.
  const Scores s = evaluate({0, 0, 1, 1}, {0, 3, 1, 1}, 4);
  EXPECT_TRUE(s.per_class[3].present());
  EXPECT_FALSE(s.per_class[2].present());
  EXPECT_EQ(s.per_class[3].precision, 0.0);
  EXPECT_EQ(s.per_class[3].recall, 0.0);
  EXPECT_NEAR(s.ua, (0.5 + 1.0) / 2.0, kTight);                 // classes 0 and 1 only
  EXPECT_NEAR(s.macro_f1, (2.0 / 3.0 + 1.0 + 0.0) / 3.0, kTight);  // classes 0, 1 and 3
}

TEST(Metrics, SklearnFormulasOnASkewedCase) {
  // Values from metrics_reference.py (sklearn's definitions written out with numpy).
  const Labels l = lcg_labels(500, 6, 12345);
  const Scores s = evaluate(l.y_true, l.y_pred, 6);
  EXPECT_NEAR(s.accuracy, 0.69799999999999995, kTight);
  EXPECT_NEAR(s.ua, 0.69661590667880957, kTight);
  EXPECT_NEAR(s.macro_f1, 0.58975778730278516, kTight);
  const double precision[] = {0.84057971014492749, 0.75609756097560976, 0.75, 0.62637362637362637,
                              0.63529411764705879, 0.0};
  const double recall[] = {0.71165644171779141, 0.70454545454545459, 0.75, 0.6333333333333333,
                           0.68354430379746833, 0.0};
  const double f1[] = {0.77076411960132885, 0.72941176470588232, 0.75, 0.62983425414364635,
                       0.65853658536585358, 0.0};
  const int64_t support[] = {163, 88, 80, 90, 79, 0};
  const int64_t predicted[] = {138, 82, 80, 91, 85, 24};
  for (size_t k = 0; k < 6; ++k) {
    EXPECT_NEAR(s.per_class[k].precision, precision[k], kTight) << k;
    EXPECT_NEAR(s.per_class[k].recall, recall[k], kTight) << k;
    EXPECT_NEAR(s.per_class[k].f1, f1[k], kTight) << k;
    EXPECT_EQ(s.per_class[k].support, support[k]) << k;
    EXPECT_EQ(s.per_class[k].predicted, predicted[k]) << k;
  }
}

TEST(Metrics, ScoresFromConfusionEqualEvaluate) {
  const Labels l = lcg_labels(200, 5, 7);
  const Scores a = evaluate(l.y_true, l.y_pred, 5);
  const Scores b = scores_from_confusion(confusion_matrix(l.y_true, l.y_pred, 5));
  EXPECT_EQ(a.accuracy, b.accuracy);
  EXPECT_EQ(a.ua, b.ua);
  EXPECT_EQ(a.macro_f1, b.macro_f1);
}

TEST(Metrics, BadInputIsAParameterErrorNamingIt) {
  EXPECT_TRUE(mentions(error_of<ParameterError>([] { evaluate({0, 1}, {0}, 2); }), "same length (got 2 and 1)"));
  EXPECT_TRUE(mentions(error_of<ParameterError>([] { evaluate({}, {}, 2); }), "y_true is empty"));
  EXPECT_TRUE(mentions(error_of<ParameterError>([] { evaluate({0, 1}, {0, 2}, 2); }),
                       "y_pred[1] = 2 is not a class index: it must lie in [0, 2)"));
  EXPECT_TRUE(mentions(error_of<ParameterError>([] { evaluate({-1}, {0}, 2); }), "y_true[0] = -1"));
  EXPECT_TRUE(mentions(error_of<ParameterError>([] { evaluate({0}, {0}, 0); }), "n_classes must be >= 1"));
  EXPECT_TRUE(mentions(error_of<ParameterError>([] { scores_from_confusion(Confusion(2, 3, 1)); }), "square"));
  EXPECT_TRUE(mentions(error_of<ParameterError>([] { scores_from_confusion(Confusion(2, 2, 0)); }), "all zeros"));
}

// ---- over folds

TEST(Aggregate, MeanAndSampleStdOverFolds) {
  // Values from metrics_reference.py: numpy mean and std(ddof=1) of four folds.
  std::vector<Scores> folds;
  for (uint32_t seed : {1u, 2u, 3u, 4u}) {
    const Labels l = lcg_labels(120, 6, seed);
    folds.push_back(evaluate(l.y_true, l.y_pred, 6));
  }
  const FoldAggregate a = aggregate(folds);
  EXPECT_EQ(a.n_folds, 4u);
  EXPECT_NEAR(a.accuracy.mean, 0.70000000000000007, kTight);
  EXPECT_NEAR(a.accuracy.std, 0.029658550700086932, kTight);
  EXPECT_NEAR(a.ua.mean, 0.69573798668790188, kTight);
  EXPECT_NEAR(a.ua.std, 0.03490675850412274, kTight);
  EXPECT_NEAR(a.macro_f1.mean, 0.59313132087031861, kTight);
  EXPECT_NEAR(a.macro_f1.std, 0.02738080281945432, kTight);
  EXPECT_EQ(a.wa.mean, a.accuracy.mean);
  // Pooled: the summed confusion matrix is scoring all 480 predictions at once.
  EXPECT_EQ(a.pooled.n_items, 480);
  EXPECT_NEAR(a.pooled.accuracy, 0.69999999999999996, kTight);
  EXPECT_NEAR(a.pooled.ua, 0.69795677039107096, kTight);
  EXPECT_NEAR(a.pooled.macro_f1, 0.59889466615924014, kTight);
  for (size_t i = 0; i < a.pooled.confusion.size(); ++i) {
    int64_t sum = 0;
    for (const Scores& f : folds) sum += f.confusion.data()[i];
    EXPECT_EQ(a.pooled.confusion.data()[i], sum);
  }
}

TEST(Aggregate, OneFoldHasZeroStd) {
  const Scores s = evaluate({0, 0, 1, 1}, {0, 1, 1, 1}, 2);
  const FoldAggregate a = aggregate({s});
  EXPECT_EQ(a.n_folds, 1u);
  EXPECT_EQ(a.accuracy.mean, s.accuracy);
  EXPECT_EQ(a.accuracy.std, 0.0);
  EXPECT_EQ(a.ua.std, 0.0);
  EXPECT_EQ(a.macro_f1.std, 0.0);
  EXPECT_EQ(a.per_class[1].f1.mean, s.per_class[1].f1);
  EXPECT_EQ(a.per_class[1].f1.std, 0.0);
  EXPECT_EQ(a.pooled.confusion.storage(), s.confusion.storage());
}

TEST(Aggregate, PerClassOnlyOverFoldsWhereTheClassOccurs) {
  // Class 2 occurs in the second fold only.
  const Scores first = evaluate({0, 1}, {0, 1}, 3);
  const Scores second = evaluate({0, 2, 2}, {2, 2, 0}, 3);
  const FoldAggregate a = aggregate({first, second});
  EXPECT_EQ(a.per_class[2].n_folds, 1u);
  EXPECT_NEAR(a.per_class[2].f1.mean, 0.5, kTight);  // P = 1/2, R = 1/2 in the second fold
  EXPECT_EQ(a.per_class[2].f1.std, 0.0);
  EXPECT_EQ(a.per_class[1].n_folds, 1u);  // class 1 occurs in the first fold only
  EXPECT_EQ(a.per_class[0].n_folds, 2u);
  EXPECT_NEAR(a.per_class[0].recall.mean, 0.5, kTight);  // recalls 1 and 0
  EXPECT_NEAR(a.per_class[0].recall.std, std::sqrt(0.5), kTight);
}

TEST(Aggregate, MeanStdIsSampleStd) {
  const MeanStd v = mean_std({1.0, 2.0, 3.0, 4.0});
  EXPECT_NEAR(v.mean, 2.5, kTight);
  EXPECT_NEAR(v.std, std::sqrt(5.0 / 3.0), kTight);  // ddof = 1: sum of squares 5 over n - 1 = 3
  EXPECT_EQ(mean_std({0.7}).std, 0.0);
  EXPECT_THROW(mean_std({}), ParameterError);
}

TEST(Aggregate, ErrorsNameTheProblem) {
  EXPECT_TRUE(mentions(error_of<ParameterError>([] { aggregate({}); }), "no folds"));
  const Scores two = evaluate({0, 1}, {0, 1}, 2);
  const Scores three = evaluate({0, 1}, {0, 1}, 3);
  EXPECT_TRUE(mentions(error_of<ParameterError>([&] { aggregate({two, three}); }), "fold 1 has 3 x 3"));
}

}  // namespace
}  // namespace ser::train

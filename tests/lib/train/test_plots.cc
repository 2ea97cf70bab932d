#include "train/report/plots.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "common/error.h"
#include "lib/data/error_of.h"
#include "lib/data/temp_tree.h"
#include "png_check.h"
#include "report_fixture.h"

namespace ser::train {
namespace {

using data::test::error_of;
using data::test::mentions;
using data::test::TempTree;

void expect_drawn(const std::string& path, PlotSize size) {
  const test::PngFacts png = test::read_png(path);
  ASSERT_TRUE(png.readable) << path << ": " << png.error;
  EXPECT_EQ(png.width, size.width) << path;
  EXPECT_EQ(png.height, size.height) << path;
  EXPECT_GT(png.grey_variance, 100.0) << path;
}

TEST(Plots, ConfusionOfManyLongLabelsFits) {
  // 12 labels, wider than a cell: the column labels are turned.
  TempTree tree;
  std::vector<std::string> labels;
  std::vector<int> y_true, y_pred;
  for (int k = 0; k < 12; ++k) labels.push_back("emotion-number-" + std::to_string(k));
  for (int i = 0; i < 600; ++i) {
    y_true.push_back(i % 12);
    y_pred.push_back(i % 7 == 0 ? (i + 1) % 12 : i % 12);
  }
  const Confusion c = evaluate(y_true, y_pred, 12).confusion;
  plot_confusion(c, labels, "twelve classes", tree.path("c12.png"));
  expect_drawn(tree.path("c12.png"), kConfusionPlotSize);
  plot_confusion(c, labels, "small", tree.path("c12small.png"), {400, 300});
  expect_drawn(tree.path("c12small.png"), {400, 300});
}

TEST(Plots, ConfusionWithAnEmptyRow) {
  // No test item of class 1: its row is all zeros and must not divide by zero.
  TempTree tree;
  const Confusion c = evaluate({0, 0, 2}, {0, 1, 2}, 3).confusion;
  plot_confusion(c, {"a", "b", "c"}, "empty row", tree.path("c.png"));
  expect_drawn(tree.path("c.png"), kConfusionPlotSize);
}

TEST(Plots, FoldScoresForOneAndForManyFolds) {
  TempTree tree;
  plot_fold_scores({test::fixture_scores(0, 40)}, "one fold", tree.path("one.png"));
  expect_drawn(tree.path("one.png"), kFoldsPlotSize);
  std::vector<Scores> loso;
  for (int f = 0; f < 24; ++f) loso.push_back(test::fixture_scores(f % 5, 30));
  plot_fold_scores(loso, "24 folds", tree.path("many.png"));
  expect_drawn(tree.path("many.png"), kFoldsPlotSize);
}

TEST(Plots, LearningCurvesWithShortAndMissingValidation) {
  TempTree tree;
  // One epoch only; a fold without validation; a fold that stopped early.
  plot_learning_curves({test::fixture_curve(0, 1), test::fixture_curve(1, 5, false), test::fixture_curve(2, 3)},
                       {1, 0, 2}, "short", tree.path("short.png"));
  expect_drawn(tree.path("short.png"), kCurvesPlotSize);
  std::vector<LearningCurve> many;
  for (int f = 0; f < 24; ++f) many.push_back(test::fixture_curve(f % 6, 40));
  plot_learning_curves(many, {}, "24 folds", tree.path("many.png"), {800, 400});
  expect_drawn(tree.path("many.png"), {800, 400});
}

TEST(Plots, ClassScoresWithAClassNoFoldTested) {
  TempTree tree;
  std::vector<ClassMeanStd> classes(3);
  classes[0] = {{0.8, 0.1}, {0.6, 0.05}, {0.7, 0.07}, 5};
  classes[1] = {{0.3, 0.2}, {0.9, 0.0}, {0.45, 0.1}, 1};
  plot_class_scores(classes, {"angry", "sad", "boredom"}, "classes", tree.path("classes.png"));
  expect_drawn(tree.path("classes.png"), kClassesPlotSize);
  EXPECT_TRUE(mentions(error_of<ParameterError>([&] {
                         plot_class_scores(classes, {"a", "b"}, "", tree.path("x.png"));
                       }),
                       "3 classes' scores for 2 labels"));
}

TEST(Plots, BadInputIsAParameterErrorNamingIt) {
  TempTree tree;
  const Confusion c = evaluate({0, 1}, {0, 1}, 2).confusion;
  EXPECT_TRUE(mentions(error_of<ParameterError>([&] { plot_confusion(c, {"a", "b", "c"}, "", tree.path("x.png")); }),
                       "the confusion matrix is 2 x 2 but there are 3 labels"));
  EXPECT_TRUE(mentions(
      error_of<ParameterError>([&] { plot_confusion(c, {"a", "b"}, "", tree.path("x.png"), {100, 100}); }),
      "at least 320 x 240 pixels (got 100 x 100)"));
  EXPECT_TRUE(mentions(error_of<ParameterError>([&] { plot_fold_scores({}, "", tree.path("x.png")); }), "no folds"));
  EXPECT_TRUE(mentions(
      error_of<ParameterError>([&] { plot_learning_curves({test::fixture_curve(0, 3)}, {1, 2}, "", tree.path("x.png")); }),
      "2 best epochs for 1 curves"));
}

TEST(Plots, UnwritableFileIsAnErrorNamingIt) {
  TempTree tree;
  const std::string path = tree.path("no/such/folder/c.png");
  const Confusion c = evaluate({0, 1}, {0, 1}, 2).confusion;
  EXPECT_TRUE(mentions(error_of<Error>([&] { plot_confusion(c, {"a", "b"}, "", path); }),
                       "cannot write the plot '" + path + "'"));
}

}  // namespace
}  // namespace ser::train

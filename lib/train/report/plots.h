// seremotion: the PNG plots of a training report, drawn on lib/plot's canvas.
//
//   confusion.png  the confusion matrix: cells coloured by the row-normalised value (the share
//                  of a true class predicted as each class, so the diagonal is each class's
//                  recall), the count and that share written in each cell, labels on both axes,
//                  a colour bar
//   folds.png      accuracy, UA and macro F1 of each fold as grouped bars, each score's mean over
//                  the folds as a dashed line, the values on the bars when there is room
//   classes.png    precision and recall of each class as pairs of bars: the mean over the folds
//                  in which the class occurs, a whisker of one standard deviation either side,
//                  "n/a" for a class no fold tested
//   curves.png     learning curves, two panels: training loss (solid) and validation loss
//                  (dashed) per epoch, and validation UA per epoch, one colour per fold, a dot at
//                  each fold's best epoch
//   reliability.png  reliability diagrams, two panels (before and after calibration): per
//                  confidence bin, the accuracy as a bar and the gap to the mean confidence
//                  shaded, the diagonal of perfect calibration, each bin's count, the ECE in the
//                  panel's title (report/calibration.h)
// Every plot is exactly `size` pixels; labels that would collide are thinned (every k-th tick
// label) or turned (the confusion matrix's column labels). Errors: ParameterError for
// inconsistent input or a size under 320 x 240, ser::Error naming the file when it cannot be
// written.
#pragma once

#include <string>
#include <vector>

#include "train/report/calibration.h"
#include "train/report/learning_curve.h"
#include "train/report/metrics.h"

namespace ser::train {

struct PlotSize {
  int width = 0;   // pixels, >= 320
  int height = 0;  // pixels, >= 240
};

inline constexpr PlotSize kConfusionPlotSize{760, 680};
inline constexpr PlotSize kFoldsPlotSize{960, 480};
inline constexpr PlotSize kCurvesPlotSize{1200, 480};
inline constexpr PlotSize kReliabilityPlotSize{1000, 500};
inline constexpr PlotSize kClassesPlotSize{960, 480};

// ParameterError naming the file when `size` is under 320 x 240.
void check_plot_size(PlotSize size, const std::string& png_path);

// `counts` is n x n (rows = true, columns = predicted) for the n `labels`.
void plot_confusion(const Confusion& counts, const std::vector<std::string>& labels, const std::string& title,
                    const std::string& png_path, PlotSize size = kConfusionPlotSize);

// One group of bars per fold, folds numbered 1..n in the given order. At least one fold.
void plot_fold_scores(const std::vector<Scores>& folds, const std::string& title, const std::string& png_path,
                      PlotSize size = kFoldsPlotSize);

// `before` and `after` of as many bins (reliability_plot.cc).
void plot_reliability(const Reliability& before, const Reliability& after, const std::string& title,
                      const std::string& png_path, PlotSize size = kReliabilityPlotSize);

// One pair of bars per label; `classes` has one entry per label (FoldAggregate::per_class).
void plot_class_scores(const std::vector<ClassMeanStd>& classes, const std::vector<std::string>& labels,
                       const std::string& title, const std::string& png_path, PlotSize size = kClassesPlotSize);

// One curve per fold, folds numbered 1..n. best_epochs: empty, or one per fold (the 1-based
// epoch whose weights were kept; 0 for none). NaN validation values are left out.
void plot_learning_curves(const std::vector<LearningCurve>& curves, const std::vector<int>& best_epochs,
                          const std::string& title, const std::string& png_path, PlotSize size = kCurvesPlotSize);

}  // namespace ser::train

// seremotion: the timeline of one file (`ser-train predict --plot`), drawn by the chart the
// seremotionscope element draws live (plot/timeline_chart.h), so that the picture of a file and
// the live view agree: one column per window, each label's probability stacked in its colour,
// windows the gate held grey and hatched, the file's own result as the headline.
#pragma once

#include <string>
#include <vector>

#include "train/report/plots.h"
#include "train/runs/prediction.h"

namespace ser::train {

// 1280 x 720: the live view's 640 x 360 layout at twice the size.
inline constexpr PlotSize kTimelinePlotSize{1280, 720};

// `windows` as Predictor gives them with windows = true (start and duration in seconds), `whole`
// the file's result (windows = false), `labels` the model's. The time axis spans the file
// (`whole.duration`). ParameterError for a size under 320 x 240 or probabilities that do not match
// the labels; ser::Error naming the file when it cannot be written.
void plot_file_timeline(const std::vector<std::string>& labels, const std::vector<SpanPrediction>& windows,
                        const SpanPrediction& whole, const std::string& title, const std::string& png_path,
                        PlotSize size = kTimelinePlotSize);

}  // namespace ser::train

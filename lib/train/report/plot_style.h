// seremotion (internal to lib/train/report): what the report's plots share: sizes, fonts, the
// title, text styles and number formatting.
#pragma once

#include <string>

#include "plot/canvas.h"
#include "train/report/plots.h"

namespace ser::train {

constexpr double kLabelFont = 13.0;
constexpr double kTitleFont = 16.0;
constexpr double kMargin = 12.0;
constexpr double kAxisTitleRoom = 18.0;  // the height of an axis title line
constexpr double kSin45 = 0.70710678118654752;

// ParameterError naming the plot when `size` is under 320 x 240.
void check_size(PlotSize size, const std::string& png_path);
// printf of one number.
std::string format(const char* fmt, double v);
plot::Rgb darker(plot::Rgb c);
plot::TextStyle style(double size, plot::Align h, plot::Align v, plot::Rgb colour = plot::kBlack, double angle = 0.0,
                      bool bold = false);
// The plot's title, bold, centred on `centre_x` at the top.
void draw_title(const plot::Canvas& canvas, const std::string& title, double centre_x);

}  // namespace ser::train

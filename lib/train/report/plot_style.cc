#include "train/report/plot_style.h"

#include <cstdio>

#include "common/error.h"

namespace ser::train {

void check_size(PlotSize size, const std::string& png_path) {
  if (size.width < 320 || size.height < 240) {
    throw ParameterError("the plot '" + png_path + "' must be at least 320 x 240 pixels (got " +
                         std::to_string(size.width) + " x " + std::to_string(size.height) + ")");
  }
}

std::string format(const char* fmt, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, fmt, v);
  return buf;
}

plot::Rgb darker(plot::Rgb c) { return {c.r * 0.6, c.g * 0.6, c.b * 0.6}; }

plot::TextStyle style(double size, plot::Align h, plot::Align v, plot::Rgb colour, double angle, bool bold) {
  plot::TextStyle s;
  s.size = size;
  s.h = h;
  s.v = v;
  s.colour = colour;
  s.angle = angle;
  s.bold = bold;
  return s;
}

void draw_title(const plot::Canvas& canvas, const std::string& title, double centre_x) {
  canvas.text(title, centre_x, kMargin, style(kTitleFont, plot::Align::Centre, plot::Align::Start, plot::kBlack, 0.0, true));
}

}  // namespace ser::train

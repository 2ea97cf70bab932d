#include "plot/canvas.h"

#include <cairo.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "common/atomic_file.h"
#include "common/error.h"

namespace ser::plot {
namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kTickLength = 5.0;
constexpr double kTickFont = 12.0;
constexpr double kAxisFont = 13.0;
constexpr double kTitleFont = 15.0;
constexpr double kLegendFont = 12.0;
constexpr double kLegendRow = 18.0;
constexpr double kLegendPad = 8.0;
constexpr double kLegendSample = 22.0;

Rgb hex(unsigned v) { return {((v >> 16) & 0xff) / 255.0, ((v >> 8) & 0xff) / 255.0, (v & 0xff) / 255.0}; }

void set_colour(cairo_t* cr, Rgb c) { cairo_set_source_rgb(cr, c.r, c.g, c.b); }

void set_dash(cairo_t* cr, bool dashed, double line_width) {
  const double pattern[] = {4.0 * line_width, 2.5 * line_width};
  cairo_set_dash(cr, pattern, dashed ? 2 : 0, 0.0);
}

// The step of nice_ticks: the smallest of 1, 2, 5 x 10^k not below raw.
double nice_step(double raw) {
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0, 10.0}) {
    if (m * magnitude >= raw * (1.0 - 1e-9)) return m * magnitude;
  }
  return 10.0 * magnitude;
}

// Every k-th label, k the smallest that keeps neighbouring labels from touching.
size_t label_stride(const Canvas& canvas, const Frame& frame, const Ticks& x) {
  if (x.at.size() < 2) return 1;
  double widest = 0.0;
  for (const std::string& s : x.labels) widest = std::max(widest, canvas.text_width(s, kTickFont));
  const double spacing = std::abs(frame.px(x.at[1]) - frame.px(x.at[0]));
  if (spacing <= 0.0) return x.at.size();
  return std::max<size_t>(1, static_cast<size_t>(std::ceil((widest + 8.0) / spacing)));
}

}  // namespace

Rgb palette(size_t i) {
  static const unsigned tab10[] = {0x1f77b4, 0xff7f0e, 0x2ca02c, 0xd62728, 0x9467bd,
                                   0x8c564b, 0xe377c2, 0x7f7f7f, 0xbcbd22, 0x17becf};
  return hex(tab10[i % 10]);
}

Rgb blues(double t) {
  static const unsigned stops[] = {0xf7fbff, 0xdeebf7, 0xc6dbef, 0x9ecae1, 0x6baed6,
                                   0x4292c6, 0x2171b5, 0x08519c, 0x08306b};
  constexpr size_t n = sizeof stops / sizeof stops[0];
  const double pos = std::clamp(std::isfinite(t) ? t : 0.0, 0.0, 1.0) * static_cast<double>(n - 1);
  const size_t i = std::min(static_cast<size_t>(pos), n - 2);
  const double f = pos - static_cast<double>(i);
  const Rgb a = hex(stops[i]), b = hex(stops[i + 1]);
  return {a.r + f * (b.r - a.r), a.g + f * (b.g - a.g), a.b + f * (b.b - a.b)};
}

Rgb text_colour_on(Rgb background) {
  // Relative luminance (Rec. 709 weights) on the gamma-encoded values is good enough here.
  const double luminance = 0.2126 * background.r + 0.7152 * background.g + 0.0722 * background.b;
  return luminance < 0.5 ? kWhite : kBlack;
}

TextStyle text_style(double size, Align h, Align v, Rgb colour, double angle, bool bold) {
  TextStyle s;
  s.size = size;
  s.h = h;
  s.v = v;
  s.colour = colour;
  s.angle = angle;
  s.bold = bold;
  return s;
}

Canvas::Canvas(int width, int height) : width_(width), height_(height) {
  start(cairo_image_surface_create(CAIRO_FORMAT_ARGB32, width, height));
}

Canvas::Canvas(unsigned char* pixels, int width, int height, int stride, bool alpha)
    : width_(width), height_(height) {
  start(cairo_image_surface_create_for_data(pixels, alpha ? CAIRO_FORMAT_ARGB32 : CAIRO_FORMAT_RGB24, width, height,
                                            stride));
}

void Canvas::start(cairo_surface_t* surface) {
  surface_ = surface;
  if (cairo_surface_status(surface_) != CAIRO_STATUS_SUCCESS) {
    const std::string why = cairo_status_to_string(cairo_surface_status(surface_));
    cairo_surface_destroy(surface_);
    throw Error("cannot make a " + std::to_string(width_) + " x " + std::to_string(height_) + " image: " + why);
  }
  cr_ = cairo_create(surface_);
  cairo_set_source_rgb(cr_, 1.0, 1.0, 1.0);
  cairo_paint(cr_);
}

void Canvas::clear(Rgb colour) const {
  set_colour(cr_, colour);
  cairo_paint(cr_);
}

void Canvas::set_antialias(bool on) const {
  cairo_set_antialias(cr_, on ? CAIRO_ANTIALIAS_DEFAULT : CAIRO_ANTIALIAS_NONE);
}

Canvas::~Canvas() {
  cairo_destroy(cr_);
  cairo_surface_destroy(surface_);
}

void Canvas::fill_rect(double x, double y, double w, double h, Rgb colour) const {
  set_colour(cr_, colour);
  cairo_rectangle(cr_, x, y, w, h);
  cairo_fill(cr_);
}

void Canvas::stroke_rect(double x, double y, double w, double h, Rgb colour, double line_width) const {
  set_colour(cr_, colour);
  set_dash(cr_, false, line_width);
  cairo_set_line_width(cr_, line_width);
  cairo_rectangle(cr_, x, y, w, h);
  cairo_stroke(cr_);
}

void Canvas::line(double x0, double y0, double x1, double y1, Rgb colour, double line_width, bool dashed) const {
  polyline({x0, x1}, {y0, y1}, colour, line_width, dashed);
}

void Canvas::polyline(const std::vector<double>& xs, const std::vector<double>& ys, Rgb colour, double line_width,
                      bool dashed) const {
  set_colour(cr_, colour);
  set_dash(cr_, dashed, line_width);
  cairo_set_line_width(cr_, line_width);
  cairo_set_line_join(cr_, CAIRO_LINE_JOIN_ROUND);
  bool pen_down = false;
  for (size_t i = 0; i < std::min(xs.size(), ys.size()); ++i) {
    if (!std::isfinite(xs[i]) || !std::isfinite(ys[i])) {
      pen_down = false;
      continue;
    }
    if (pen_down) {
      cairo_line_to(cr_, xs[i], ys[i]);
    } else {
      cairo_move_to(cr_, xs[i], ys[i]);
    }
    pen_down = true;
  }
  cairo_stroke(cr_);
  set_dash(cr_, false, line_width);
}

void Canvas::dot(double x, double y, double radius, Rgb colour) const {
  set_colour(cr_, colour);
  cairo_new_sub_path(cr_);
  cairo_arc(cr_, x, y, radius, 0.0, 2.0 * kPi);
  cairo_fill(cr_);
}

void Canvas::select_font(double size, bool bold) const {
  cairo_select_font_face(cr_, "sans-serif", CAIRO_FONT_SLANT_NORMAL,
                         bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(cr_, size);
}

double Canvas::text_width(const std::string& s, double size, bool bold) const {
  select_font(size, bold);
  cairo_text_extents_t te;
  cairo_text_extents(cr_, s.c_str(), &te);
  return te.x_advance;
}

void Canvas::text(const std::string& s, double x, double y, const TextStyle& style) const {
  select_font(style.size, style.bold);
  cairo_text_extents_t te;
  cairo_text_extents(cr_, s.c_str(), &te);
  cairo_font_extents_t fe;
  cairo_font_extents(cr_, &fe);
  const double dx = style.h == Align::Start ? 0.0 : style.h == Align::Centre ? -te.x_advance / 2.0 : -te.x_advance;
  const double dy = style.v == Align::Start    ? fe.ascent
                    : style.v == Align::Centre ? (fe.ascent - fe.descent) / 2.0
                                               : -fe.descent;
  cairo_save(cr_);
  cairo_translate(cr_, x, y);
  cairo_rotate(cr_, -style.angle * kPi / 180.0);
  if (style.backdrop > 0.0) {
    cairo_set_source_rgba(cr_, 1.0, 1.0, 1.0, style.backdrop);
    cairo_rectangle(cr_, dx - 1.0, dy - fe.ascent, te.x_advance + 2.0, fe.ascent + fe.descent);
    cairo_fill(cr_);
  }
  set_colour(cr_, style.colour);
  cairo_move_to(cr_, dx, dy);
  cairo_show_text(cr_, s.c_str());
  cairo_restore(cr_);
}

void Canvas::save_png(const std::string& path) const {
  cairo_surface_flush(surface_);
  // Encoded in memory, then written whole or not at all (common/atomic_file.h).
  std::string png;
  const auto append = [](void* closure, const unsigned char* data, unsigned int length) {
    static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
    return CAIRO_STATUS_SUCCESS;
  };
  const cairo_status_t status = cairo_surface_write_to_png_stream(surface_, append, &png);
  if (status != CAIRO_STATUS_SUCCESS) {
    throw Error("cannot write the plot '" + path + "': " + cairo_status_to_string(status));
  }
  try {
    write_file_atomically(path, png);
  } catch (const Error& e) {
    throw Error("cannot write the plot '" + path + "': " + e.what());
  }
}

Clip::Clip(const Canvas& canvas, double x, double y, double w, double h) : cr_(canvas.cr()) {
  cairo_save(cr_);
  cairo_rectangle(cr_, x, y, w, h);
  cairo_clip(cr_);
}

Clip::~Clip() { cairo_restore(cr_); }

Scaled::Scaled(const Canvas& canvas, double factor) : cr_(canvas.cr()) {
  cairo_save(cr_);
  cairo_scale(cr_, factor, factor);
}

Scaled::~Scaled() { cairo_restore(cr_); }

std::vector<double> nice_ticks(double lo, double hi, int max_ticks) {
  if (!std::isfinite(lo) || !std::isfinite(hi)) return {0.0, 1.0};
  if (hi < lo) std::swap(lo, hi);
  if (hi == lo) {
    const double pad = lo == 0.0 ? 1.0 : std::abs(lo) * 0.1;
    lo -= pad;
    hi += pad;
  }
  max_ticks = std::max(max_ticks, 2);
  double step = nice_step((hi - lo) / (max_ticks - 1));
  for (;;) {
    const double first = std::floor(lo / step + 1e-9) * step;
    const double last = std::ceil(hi / step - 1e-9) * step;
    const int count = static_cast<int>(std::lround((last - first) / step)) + 1;
    if (count <= max_ticks) {
      std::vector<double> ticks;
      for (int i = 0; i < count; ++i) {
        const double v = first + i * step;
        ticks.push_back(std::abs(v) < step * 1e-9 ? 0.0 : v);
      }
      return ticks;
    }
    step = nice_step(step * 1.01);
  }
}

std::string tick_label(double value, double step) {
  const int decimals = step > 0.0 ? std::max(0, static_cast<int>(std::ceil(-std::log10(step) - 1e-9))) : 0;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, value);
  const std::string s = buf;
  // "-0" and "-0.0" are noise from rounding.
  return s.find_first_not_of("-0.") == std::string::npos ? s.substr(s[0] == '-' ? 1 : 0) : s;
}

Ticks numeric_ticks(double lo, double hi, int max_ticks) {
  Ticks t;
  t.at = nice_ticks(lo, hi, max_ticks);
  const double step = t.at.size() > 1 ? t.at[1] - t.at[0] : 1.0;
  for (double v : t.at) t.labels.push_back(tick_label(v, step));
  return t;
}

void draw_axes(const Canvas& canvas, const Frame& frame, const Ticks& x, const Ticks& y, const AxisTitles& titles) {
  for (double v : y.at) canvas.line(frame.left, frame.py(v), frame.right(), frame.py(v), kGridGrey, 1.0);
  canvas.stroke_rect(frame.left, frame.top, frame.width, frame.height, kAxisGrey, 1.0);

  TextStyle tick_style;
  tick_style.size = kTickFont;
  double widest_y = 0.0;
  tick_style.h = Align::End;
  tick_style.v = Align::Centre;
  for (size_t i = 0; i < y.at.size(); ++i) {
    const double py = frame.py(y.at[i]);
    canvas.line(frame.left - kTickLength, py, frame.left, py, kAxisGrey, 1.0);
    canvas.text(y.labels[i], frame.left - kTickLength - 3.0, py, tick_style);
    widest_y = std::max(widest_y, canvas.text_width(y.labels[i], kTickFont));
  }
  const size_t stride = label_stride(canvas, frame, x);
  tick_style.h = Align::Centre;
  tick_style.v = Align::Start;
  for (size_t i = 0; i < x.at.size(); ++i) {
    const double px = frame.px(x.at[i]);
    canvas.line(px, frame.bottom(), px, frame.bottom() + kTickLength, kAxisGrey, 1.0);
    if (i % stride == 0) canvas.text(x.labels[i], px, frame.bottom() + kTickLength + 2.0, tick_style);
  }

  TextStyle axis_style;
  axis_style.size = kAxisFont;
  axis_style.h = Align::Centre;
  axis_style.v = Align::Start;
  canvas.text(titles.x, frame.left + frame.width / 2.0, frame.bottom() + kTickLength + 2.0 + kTickFont + 8.0,
              axis_style);
  axis_style.v = Align::End;
  axis_style.angle = 90.0;
  canvas.text(titles.y, frame.left - kTickLength - 8.0 - widest_y, frame.top + frame.height / 2.0, axis_style);

  TextStyle title_style;
  title_style.size = kTitleFont;
  title_style.bold = true;
  title_style.h = Align::Centre;
  title_style.v = Align::End;
  canvas.text(titles.title, frame.left + frame.width / 2.0, frame.top - 10.0, title_style);
}

double legend_height(size_t n_entries) { return 2.0 * kLegendPad + kLegendRow * static_cast<double>(n_entries); }

double legend_width(const Canvas& canvas, const std::vector<LegendEntry>& entries) {
  double widest = 0.0;
  for (const LegendEntry& e : entries) widest = std::max(widest, canvas.text_width(e.text, kLegendFont));
  return 3.0 * kLegendPad + kLegendSample + widest;
}

void draw_legend(const Canvas& canvas, double right, double top, const std::vector<LegendEntry>& entries) {
  if (entries.empty()) return;
  const double width = legend_width(canvas, entries);
  const double left = right - width;
  cairo_set_source_rgba(canvas.cr(), 1.0, 1.0, 1.0, 0.85);
  cairo_rectangle(canvas.cr(), left, top, width, legend_height(entries.size()));
  cairo_fill(canvas.cr());
  canvas.stroke_rect(left, top, width, legend_height(entries.size()), kGridGrey, 1.0);

  TextStyle style;
  style.size = kLegendFont;
  for (size_t i = 0; i < entries.size(); ++i) {
    const LegendEntry& e = entries[i];
    const double mid = top + kLegendPad + kLegendRow * (static_cast<double>(i) + 0.5);
    const double x0 = left + kLegendPad;
    switch (e.mark) {
      case LegendEntry::Mark::Box: canvas.fill_rect(x0, mid - 6.0, kLegendSample, 12.0, e.colour); break;
      case LegendEntry::Mark::Dot: canvas.dot(x0 + kLegendSample / 2.0, mid, 4.0, e.colour); break;
      case LegendEntry::Mark::Line:
      case LegendEntry::Mark::DashedLine:
        canvas.line(x0, mid, x0 + kLegendSample, mid, e.colour, 2.0, e.mark == LegendEntry::Mark::DashedLine);
        break;
    }
    canvas.text(e.text, x0 + kLegendSample + kLegendPad, mid, style);
  }
}

}  // namespace ser::plot

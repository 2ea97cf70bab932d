// seremotion: the drawing kit of the plots (the training report's, train/report/plots.h), on cairo: an
// image canvas, text placed by anchor, axes with round ticks, legends, colours.
//
// Only lib/plot sees cairo: this header names cairo's two types without including cairo.h, so
// that the parts drawing with it (lib/train, gst/) compile without cairo's headers.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

typedef struct _cairo cairo_t;
typedef struct _cairo_surface cairo_surface_t;

namespace ser::plot {

struct Rgb {
  double r = 0.0;  // each in [0, 1]
  double g = 0.0;
  double b = 0.0;
};

inline constexpr Rgb kBlack{0.0, 0.0, 0.0};
inline constexpr Rgb kWhite{1.0, 1.0, 1.0};
inline constexpr Rgb kAxisGrey{0.35, 0.35, 0.35};
inline constexpr Rgb kGridGrey{0.88, 0.88, 0.88};

// Colour i of matplotlib's "tab10" cycle (wraps around after 10).
Rgb palette(size_t i);
// matplotlib's sequential "Blues" at t in [0, 1] (clamped): near-white to dark blue.
Rgb blues(double t);
// Black or white, whichever reads better on `background`.
Rgb text_colour_on(Rgb background);

// Which side of the text's box sits at the anchor point (vertical: Start = top, End = bottom,
// measured on the font's ascent and descent so that labels of one row share a baseline).
enum class Align { Start, Centre, End };

struct TextStyle {
  double size = 13.0;       // pixels
  bool bold = false;
  Rgb colour = kBlack;
  Align h = Align::Start;
  Align v = Align::Centre;
  double angle = 0.0;       // degrees, counter-clockwise, about the anchor
  double backdrop = 0.0;    // opacity of a white box behind the text (0: none), to keep it legible over lines
};

// A style in one call: text_style(12.0, Align::Centre, Align::Start, kAxisGrey).
TextStyle text_style(double size, Align h, Align v, Rgb colour = kBlack, double angle = 0.0, bool bold = false);

// A white image with a cairo context over it. ser::Error when cairo cannot make it.
class Canvas {
 public:
  // An ARGB image of its own (for PNG files).
  Canvas(int width, int height);
  // Draws into pixels owned by the caller (a video frame), which must outlive the canvas: 32-bit
  // native-endian pixels, cairo's RGB24 (BGRx in memory on little-endian machines) or, with
  // `alpha`, ARGB32 (BGRA), `stride` bytes per row, a multiple of 4.
  Canvas(unsigned char* pixels, int width, int height, int stride, bool alpha);
  ~Canvas();
  Canvas(const Canvas&) = delete;
  Canvas& operator=(const Canvas&) = delete;

  int width() const { return width_; }
  int height() const { return height_; }
  cairo_t* cr() const { return cr_; }

  // Paints the whole canvas (within the current clip).
  void clear(Rgb colour) const;
  // Anti-aliased drawing (the default), or not: edges on whole pixels, each pixel one colour.
  void set_antialias(bool on) const;

  void fill_rect(double x, double y, double w, double h, Rgb colour) const;
  void stroke_rect(double x, double y, double w, double h, Rgb colour, double line_width) const;
  void line(double x0, double y0, double x1, double y1, Rgb colour, double line_width, bool dashed = false) const;
  // A polyline through the points; NaN coordinates break it into pieces (missing values).
  void polyline(const std::vector<double>& xs, const std::vector<double>& ys, Rgb colour, double line_width,
                bool dashed = false) const;
  void dot(double x, double y, double radius, Rgb colour) const;
  void text(const std::string& s, double x, double y, const TextStyle& style) const;
  double text_width(const std::string& s, double size, bool bold = false) const;

  // ser::Error naming the path and cairo's reason when the file cannot be written.
  void save_png(const std::string& path) const;

 private:
  void start(cairo_surface_t* surface);
  void select_font(double size, bool bold) const;

  int width_;
  int height_;
  cairo_surface_t* surface_ = nullptr;
  cairo_t* cr_ = nullptr;
};

// Limits drawing to a rectangle while it lives (data stays inside its frame).
class Clip {
 public:
  Clip(const Canvas& canvas, double x, double y, double w, double h);
  ~Clip();
  Clip(const Clip&) = delete;
  Clip& operator=(const Clip&) = delete;

 private:
  cairo_t* cr_;
};

// Scales drawing (coordinates, text and lines alike) by `factor` while it lives.
class Scaled {
 public:
  Scaled(const Canvas& canvas, double factor);
  ~Scaled();
  Scaled(const Scaled&) = delete;
  Scaled& operator=(const Scaled&) = delete;

 private:
  cairo_t* cr_;
};

// Round tick values covering [lo, hi]: multiples of 1, 2 or 5 x 10^k, at most max_ticks of them
// (at least 2 when lo < hi), the first <= lo and the last >= hi.
std::vector<double> nice_ticks(double lo, double hi, int max_ticks);
// The value with as many decimals as the tick step needs ("0.2", "15", "0.05").
std::string tick_label(double value, double step);

// A rectangle of the canvas (pixels) showing data x in [x_lo, x_hi] and y in [y_lo, y_hi].
struct Frame {
  double left = 0.0;
  double top = 0.0;
  double width = 0.0;
  double height = 0.0;
  double x_lo = 0.0;
  double x_hi = 1.0;
  double y_lo = 0.0;
  double y_hi = 1.0;

  double px(double x) const { return left + (x - x_lo) / (x_hi - x_lo) * width; }
  double py(double y) const { return top + height - (y - y_lo) / (y_hi - y_lo) * height; }
  double right() const { return left + width; }
  double bottom() const { return top + height; }
};

struct Ticks {
  std::vector<double> at;           // data coordinates
  std::vector<std::string> labels;  // one per tick; "" draws the mark alone
};
// Ticks at nice_ticks(lo, hi, max_ticks), labelled by tick_label.
Ticks numeric_ticks(double lo, double hi, int max_ticks);

struct AxisTitles {
  std::string title;  // above the frame, bold
  std::string x;      // below the tick labels
  std::string y;      // left of the tick labels, rotated
};

// Horizontal grid lines at the y ticks, the frame, tick marks and labels on both axes, and titles.
void draw_axes(const Canvas& canvas, const Frame& frame, const Ticks& x, const Ticks& y, const AxisTitles& titles);

struct LegendEntry {
  enum class Mark { Line, DashedLine, Box, Dot };
  std::string text;
  Rgb colour;
  Mark mark = Mark::Line;
};

// The size a legend of these entries takes.
double legend_width(const Canvas& canvas, const std::vector<LegendEntry>& entries);
double legend_height(size_t n_entries);
// A boxed legend with its top-right corner at (right, top).
void draw_legend(const Canvas& canvas, double right, double top, const std::vector<LegendEntry>& entries);

}  // namespace ser::plot

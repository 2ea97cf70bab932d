#include "train/report/progress.h"

#include <cmath>
#include <cstdio>
#include <iostream>
#include <sstream>

#include <unistd.h>

namespace ser::train {
namespace {

std::string fixed(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

bool is_terminal(ProgressPrinter::Stream stream) {
  return ::isatty(stream == ProgressPrinter::Stream::Stdout ? STDOUT_FILENO : STDERR_FILENO) == 1;
}

}  // namespace

std::string format_duration(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0.0) return "?";
  if (seconds < 60.0) return fixed(seconds, 1) + "s";
  const long total = std::lround(seconds);
  char buf[64];
  if (total < 3600) {
    std::snprintf(buf, sizeof buf, "%ldm%02lds", total / 60, total % 60);
  } else {
    std::snprintf(buf, sizeof buf, "%ldh%02ldm%02lds", total / 3600, total / 60 % 60, total % 60);
  }
  return buf;
}

std::string progress_line(const std::string& prefix, const EpochProgress& p, bool with_eta) {
  std::ostringstream line;
  if (!prefix.empty()) line << prefix << "  ";
  line << "epoch " << p.epoch << "/" << p.epochs;
  line << "  loss " << (std::isfinite(p.loss) ? fixed(p.loss, 4) : "n/a");
  if (std::isfinite(p.val_score)) line << "  val " << fixed(p.val_score, 4);
  line << "  " << format_duration(p.elapsed_s);
  if (with_eta && p.epoch > 0 && p.epoch < p.epochs) {
    line << "  ETA " << format_duration(p.elapsed_s / p.epoch * (p.epochs - p.epoch));
  }
  return line.str();
}

ProgressPrinter::ProgressPrinter(Stream stream)
    : out_(stream == Stream::Stdout ? &std::cout : &std::cerr), terminal_(is_terminal(stream)) {}

ProgressPrinter::ProgressPrinter(std::ostream& out, bool terminal) : out_(&out), terminal_(terminal) {}

ProgressPrinter::~ProgressPrinter() { finish(); }

void ProgressPrinter::update(const EpochProgress& p) {
  if (terminal_) {
    // "\x1b[K" erases what a longer previous line left behind.
    *out_ << '\r' << progress_line(prefix_, p, true) << "\x1b[K";
    line_open_ = true;
    if (p.epoch >= p.epochs) finish();
  } else {
    *out_ << progress_line(prefix_, p, false) << '\n';
  }
  out_->flush();
}

void ProgressPrinter::finish() {
  if (!line_open_) return;
  *out_ << '\n';
  out_->flush();
  line_open_ = false;
}

}  // namespace ser::train

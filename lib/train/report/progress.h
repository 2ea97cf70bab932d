// seremotion: the trainer's progress line, one update per epoch.
//
// On a terminal the line is rewritten in place ('\r', then "erase to end of line") and ends with
// an estimate of the time left:
//   fold 2/5  epoch 12/50  loss 0.8123  val 0.6120  1m12s  ETA 3m48s
// Elsewhere (a log file, a pipe, a test) every update is a plain line of its own, without ETA:
//   fold 2/5  epoch 12/50  loss 0.8123  val 0.6120  1m12s
// The ETA assumes the remaining epochs take as long as the finished ones did on average:
// elapsed / epoch * (epochs - epoch).
#pragma once

#include <iosfwd>
#include <limits>
#include <string>
#include <utility>

namespace ser::train {

struct EpochProgress {
  int epoch = 0;       // epochs finished, 1-based, <= epochs
  int epochs = 0;      // epochs planned, > 0
  double loss = std::numeric_limits<double>::quiet_NaN();       // training loss of the epoch
  double val_score = std::numeric_limits<double>::quiet_NaN();  // validation score (UA); NaN: none
  double elapsed_s = 0.0;  // seconds since the first epoch of this loop started
};

// "12.3s" under a minute, "4m05s" under an hour, "1h02m03s" beyond.
std::string format_duration(double seconds);

// The text of one update, without '\r' or newline; `prefix` (e.g. "fold 2/5") leads when not
// empty.
std::string progress_line(const std::string& prefix, const EpochProgress& p, bool with_eta);

class ProgressPrinter {
 public:
  enum class Stream { Stdout, Stderr };

  // To std::cout or std::cerr, rewriting one line when that stream is a terminal (isatty).
  explicit ProgressPrinter(Stream stream = Stream::Stderr);
  // To `out` (which must outlive the printer), rewriting one line when `terminal`.
  ProgressPrinter(std::ostream& out, bool terminal);
  ~ProgressPrinter();
  ProgressPrinter(const ProgressPrinter&) = delete;
  ProgressPrinter& operator=(const ProgressPrinter&) = delete;

  bool terminal() const { return terminal_; }
  // Leads every line from now on, e.g. "fold 2/5"; "" for none.
  void set_prefix(std::string prefix) { prefix_ = std::move(prefix); }

  void update(const EpochProgress& p);
  // Ends the line being rewritten so that other output starts on a line of its own (update does
  // it after the last epoch; call it when a loop stops early). Does nothing in plain mode.
  void finish();

 private:
  std::ostream* out_;
  bool terminal_;
  bool line_open_ = false;
  std::string prefix_;
};

}  // namespace ser::train

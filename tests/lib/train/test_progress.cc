#include "train/report/progress.h"

#include <gtest/gtest.h>

#include <cmath>
#include <sstream>

namespace ser::train {
namespace {

EpochProgress at(int epoch, int epochs, double loss, double val, double elapsed) {
  EpochProgress p;
  p.epoch = epoch;
  p.epochs = epochs;
  p.loss = loss;
  p.val_score = val;
  p.elapsed_s = elapsed;
  return p;
}

TEST(Progress, PlainModeWritesOneLinePerEpochWithoutEta) {
  std::ostringstream out;
  {
    ProgressPrinter printer(out, /*terminal=*/false);
    EXPECT_FALSE(printer.terminal());
    printer.set_prefix("fold 2/5");
    printer.update(at(1, 3, 1.23456, 0.5, 4.0));
    printer.update(at(2, 3, 0.98765, NAN, 8.25));
    printer.set_prefix("");
    printer.update(at(3, 3, 0.5, 0.75, 75.0));
  }
  EXPECT_EQ(out.str(),
            "fold 2/5  epoch 1/3  loss 1.2346  val 0.5000  4.0s\n"
            "fold 2/5  epoch 2/3  loss 0.9877  8.2s\n"
            "epoch 3/3  loss 0.5000  val 0.7500  1m15s\n");
}

TEST(Progress, TerminalModeRewritesOneLineWithEta) {
  std::ostringstream out;
  ProgressPrinter printer(out, /*terminal=*/true);
  printer.update(at(1, 4, 1.0, 0.25, 10.0));
  printer.update(at(2, 4, 0.9, 0.5, 20.0));
  EXPECT_EQ(out.str(),
            "\repoch 1/4  loss 1.0000  val 0.2500  10.0s  ETA 30.0s\x1b[K"
            "\repoch 2/4  loss 0.9000  val 0.5000  20.0s  ETA 20.0s\x1b[K");
  printer.update(at(4, 4, 0.8, 0.6, 40.0));  // the last epoch ends the line
  EXPECT_EQ(out.str().substr(out.str().rfind('\r')), "\repoch 4/4  loss 0.8000  val 0.6000  40.0s\x1b[K\n");
}

TEST(Progress, FinishEndsAnEarlyStoppedLineOnce) {
  std::ostringstream out;
  ProgressPrinter printer(out, true);
  printer.update(at(3, 50, 0.7, 0.6, 30.0));
  printer.finish();
  printer.finish();
  const std::string s = out.str();
  EXPECT_NE(s.find("ETA 7m50s"), std::string::npos) << s;  // 30 s / 3 * 47 = 470 s
  EXPECT_EQ(s.back(), '\n');
  EXPECT_EQ(s.find('\n'), s.size() - 1);
}

TEST(Progress, Durations) {
  EXPECT_EQ(format_duration(0.0), "0.0s");
  EXPECT_EQ(format_duration(59.94), "59.9s");
  EXPECT_EQ(format_duration(60.0), "1m00s");
  EXPECT_EQ(format_duration(3599.0), "59m59s");
  EXPECT_EQ(format_duration(3723.0), "1h02m03s");
  EXPECT_EQ(format_duration(-1.0), "?");
  EXPECT_EQ(format_duration(NAN), "?");
}

TEST(Progress, MissingLossReadsNotAvailable) {
  EXPECT_EQ(progress_line("", at(1, 2, NAN, NAN, 1.0), false), "epoch 1/2  loss n/a  1.0s");
}

}  // namespace
}  // namespace ser::train

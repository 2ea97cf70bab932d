#include "train/loop/lr_schedule.h"

#include <gtest/gtest.h>

#include "common/error.h"
#include "lib/data/error_of.h"

namespace ser::train {
namespace {

using data::test::error_of;
using data::test::mentions;

TEST(LrSchedule, WarmUpRisesLinearlyToTheBaseRate) {
  LrScheduleParams p;
  p.kind = LrScheduleKind::Constant;
  p.warmup_epochs = 3;
  const LrSchedule s(p, 0.004, 10);
  EXPECT_DOUBLE_EQ(s.rate(1), 0.001);
  EXPECT_DOUBLE_EQ(s.rate(2), 0.002);
  EXPECT_DOUBLE_EQ(s.rate(3), 0.003);
  EXPECT_DOUBLE_EQ(s.rate(4), 0.004);
  EXPECT_DOUBLE_EQ(s.rate(10), 0.004);
}

TEST(LrSchedule, CosineFallsFromTheBaseTowardsTheFloor) {
  LrScheduleParams p;
  p.kind = LrScheduleKind::Cosine;
  p.min_lr_ratio = 0.1;
  const LrSchedule s(p, 1.0, 5);
  EXPECT_DOUBLE_EQ(s.rate(1), 1.0);
  // t = 2 of T = 5: 0.1 + 0.9 (1 + cos(2 pi / 5)) / 2
  EXPECT_NEAR(s.rate(3), 0.1 + 0.45 * (1 + std::cos(2 * 3.14159265358979 / 5)), 1e-12);
  for (int e = 2; e <= 5; ++e) EXPECT_LT(s.rate(e), s.rate(e - 1));
  EXPECT_GT(s.rate(5), 0.1);
}

TEST(LrSchedule, PlateauReducesAfterPatienceEpochsWithoutImprovement) {
  LrScheduleParams p;
  p.kind = LrScheduleKind::Plateau;
  p.plateau_patience = 2;
  p.plateau_factor = 0.5;
  LrSchedule s(p, 1.0, 20);
  s.observe(0.5);
  EXPECT_DOUBLE_EQ(s.rate(2), 1.0);
  s.observe(0.5);
  s.observe(0.50001);  // below the 1e-4 threshold: no improvement
  EXPECT_DOUBLE_EQ(s.rate(4), 1.0);
  s.observe(0.4);      // third epoch without improvement > patience 2
  EXPECT_DOUBLE_EQ(s.rate(5), 0.5);
  s.observe(0.6);
  EXPECT_DOUBLE_EQ(s.rate(6), 0.5);
}

TEST(LrSchedule, BadSettingsAreErrorsNamingTheField) {
  LrScheduleParams p;
  p.min_lr_ratio = 2;
  EXPECT_TRUE(mentions(error_of<ParameterError>([&] { p.validate(); }), "min_lr_ratio"));
  p = {};
  p.plateau_factor = 1.0;
  EXPECT_TRUE(mentions(error_of<ParameterError>([&] { p.validate(); }), "plateau_factor"));
  EXPECT_TRUE(mentions(error_of<ParameterError>([] { LrSchedule(LrScheduleParams{}, 0.0, 5); }), "learning rate"));
  EXPECT_TRUE(mentions(error_of<ParameterError>([] { parse_lr_schedule("step"); }), "constant, cosine, plateau"));
  EXPECT_EQ(parse_lr_schedule("plateau"), LrScheduleKind::Plateau);
}

}  // namespace
}  // namespace ser::train

// Calibration (train/report/calibration.h): reliability and ECE on hand-made cases, temperature
// scaling recovering a known temperature, and the report's calibration section.
#include "train/report/calibration.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <random>

#include <nlohmann/json.hpp>

#include "common/error.h"
#include "lib/data/temp_tree.h"
#include "png_check.h"
#include "report_fixture.h"
#include "train/report/plots.h"
#include "train/report/report.h"

namespace ser::train {
namespace {

Matrix rows(const std::vector<std::vector<float>>& values) {
  Matrix m(values.size(), values[0].size());
  for (size_t r = 0; r < values.size(); ++r) std::copy(values[r].begin(), values[r].end(), m.row(r));
  return m;
}

TEST(Calibration, ReliabilityAndEceByHand) {
  // Two items at confidence 0.9 (bin 13), one right: accuracy 0.5. One at 0.55 (bin 8), right.
  // A row whose target is -1 is not scored; confidence 1 falls in the last bin.
  const Matrix p = rows({{0.9f, 0.1f}, {0.9f, 0.1f}, {0.55f, 0.45f}, {0.3f, 0.7f}, {1.0f, 0.0f}});
  const Reliability r = reliability(p, {0, 1, 0, -1, 0});
  ASSERT_EQ(r.count.size(), 15u);
  EXPECT_EQ(r.n(), 4u);
  EXPECT_EQ(r.count[13], 2u);
  EXPECT_DOUBLE_EQ(r.accuracy(13), 0.5);
  EXPECT_NEAR(r.mean_confidence(13), 0.9, 1e-7);
  EXPECT_EQ(r.count[8], 1u);
  EXPECT_EQ(r.count[14], 1u);
  EXPECT_TRUE(std::isnan(r.accuracy(0)));
  // (2/4) |0.5 - 0.9| + (1/4) |1 - 0.55| + (1/4) |1 - 1|
  EXPECT_NEAR(r.ece(), 0.5 * 0.4 + 0.25 * 0.45, 1e-7);
  Reliability pooled;
  pooled.add(r);
  pooled.add(r);
  EXPECT_EQ(pooled.n(), 8u);
  EXPECT_NEAR(pooled.ece(), r.ece(), 1e-12);
  EXPECT_TRUE(std::isnan(Reliability().ece()));
  EXPECT_THROW(reliability(p, {0, 1}), ParameterError);
  EXPECT_THROW(reliability(p, {0, 1, 2, 0, 0}), ParameterError);
  Reliability five;
  five.count.assign(5, 0);
  EXPECT_THROW(pooled.add(five), ParameterError);
}

TEST(Calibration, TemperingKeepsTheTopClassAndSumsToOne) {
  const Matrix lp = rows({{std::log(0.7f), std::log(0.2f), std::log(0.1f)}});
  const Matrix same = tempered(lp, 1.0);
  EXPECT_NEAR(same(0, 0), 0.7, 1e-6);
  const Matrix soft = tempered(lp, 3.0);
  EXPECT_NEAR(soft(0, 0) + soft(0, 1) + soft(0, 2), 1.0, 1e-6);
  EXPECT_GT(soft(0, 0), soft(0, 1));
  EXPECT_LT(soft(0, 0), 0.7f);
  EXPECT_NEAR(mean_nll(lp, {0}, 1.0), -std::log(0.7), 1e-6);
}

TEST(Calibration, TemperatureScalingFindsTheTemperatureOfTheData) {
  // Logits z, classes drawn from softmax(z / 2): a network reporting softmax(z) is over-confident
  // and the fit should find T close to 2, lowering the NLL and the ECE.
  std::mt19937 rng(3);
  std::normal_distribution<double> logit(0.0, 3.0);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  const size_t n = 4000, k = 4;
  Matrix lp(n, k);
  std::vector<int> targets(n);
  for (size_t i = 0; i < n; ++i) {
    std::vector<double> z(k);
    for (double& v : z) v = logit(rng);
    double top = *std::max_element(z.begin(), z.end()), sum = 0, sum_true = 0;
    for (double v : z) sum += std::exp(v - top), sum_true += std::exp((v - top) / 2.0);
    for (size_t c = 0; c < k; ++c) lp(i, c) = static_cast<float>(z[c] - top - std::log(sum));
    double draw = u(rng) * sum_true;
    targets[i] = static_cast<int>(k - 1);
    for (size_t c = 0; c < k; ++c) {
      draw -= std::exp((z[c] - top) / 2.0);
      if (draw <= 0) {
        targets[i] = static_cast<int>(c);
        break;
      }
    }
  }
  const TemperatureFit fit = fit_temperature(lp, targets);
  EXPECT_EQ(fit.items, n);
  EXPECT_NEAR(fit.temperature, 2.0, 0.15);
  EXPECT_LT(fit.nll_after, fit.nll_before);
  EXPECT_LT(reliability(tempered(lp, fit.temperature), targets).ece(), reliability(tempered(lp, 1.0), targets).ece());
  // Nothing to fit on: no calibration.
  const TemperatureFit none = fit_temperature(Matrix(0, 4), {});
  EXPECT_EQ(none.temperature, 1.0);
  EXPECT_EQ(none.items, 0u);
}

TEST(Calibration, TheReportSaysItWithAReliabilityDiagram) {
  RunReport r = test::fixture_report(2, 5);
  for (FoldReport& f : r.folds) {
    f.calibration.fit = {1.8, 0.9, 0.7, 120};
    f.calibration.windows_before = reliability(rows({{0.95f, 0.05f}, {0.95f, 0.05f}}), {0, 1});
    f.calibration.windows_after = reliability(rows({{0.6f, 0.4f}, {0.6f, 0.4f}}), {0, 1});
    f.calibration.files_before = f.calibration.windows_before;
    f.calibration.files_after = f.calibration.windows_after;
  }
  data::test::TempTree tree;
  const std::string dir = tree.path("report");
  write_report(r, dir);
  const auto j = nlohmann::json::parse(std::ifstream(dir + "/report.json"));
  EXPECT_NEAR(j["folds"][0]["calibration"]["temperature"].get<double>(), 1.8, 1e-12);
  EXPECT_NEAR(j["folds"][0]["calibration"]["ece"]["windows_before"].get<double>(), 0.45, 1e-6);
  EXPECT_NEAR(j["folds"][0]["calibration"]["ece"]["windows_after"].get<double>(), 0.1, 1e-6);
  EXPECT_EQ(j["calibration"]["bins"], 15);
  EXPECT_NEAR(j["calibration"]["ece_windows_after"].get<double>(), 0.1, 1e-6);
  EXPECT_EQ(j["calibration"]["reliability"]["windows_before"]["count"][14], 4);
  std::ifstream md(dir + "/report.md");
  const std::string text((std::istreambuf_iterator<char>(md)), {});
  EXPECT_NE(text.find("## Calibration"), std::string::npos);
  EXPECT_NE(text.find("0.450"), std::string::npos);
  EXPECT_NE(text.find("reliability.png"), std::string::npos);
  const test::PngFacts png = test::read_png(dir + "/reliability.png");
  ASSERT_TRUE(png.readable) << png.error;
  EXPECT_EQ(png.width, kReliabilityPlotSize.width);
  EXPECT_EQ(png.height, kReliabilityPlotSize.height);
  EXPECT_GT(png.grey_variance, 100.0);  // not blank
}

TEST(Calibration, NoCalibrationSectionWhenNotMeasured) {
  data::test::TempTree tree;
  const std::string dir = tree.path("report");
  write_report(test::fixture_report(2, 5), dir);
  EXPECT_FALSE(nlohmann::json::parse(std::ifstream(dir + "/report.json")).contains("calibration"));
  EXPECT_FALSE(std::filesystem::exists(dir + "/reliability.png"));
}

}  // namespace
}  // namespace ser::train

#include "train/report/report.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "common/error.h"
#include "common/path_text.h"
#include "lib/data/error_of.h"
#include "lib/data/temp_tree.h"
#include "png_check.h"
#include "report_fixture.h"
#include "train/report/plots.h"

namespace ser::train {
namespace {

using data::test::error_of;
using data::test::mentions;
using data::test::TempTree;
using nlohmann::json;

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Writes `r` into `dir` and reads back its report.json.
json written_report_json(const RunReport& r, const std::string& dir) {
  write_report(r, dir);
  return json::parse(read_text(dir + "/report.json"));
}

std::string percent(double fraction) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", 100.0 * fraction);
  return buf;
}

class ReportFolder : public ::testing::Test {
 protected:
  void SetUp() override {
    report_ = test::fixture_report(3, 12);
    report_.folds[2].curve = test::fixture_curve(2, 12, /*with_validation=*/false);
    dir_ = tree_.path("runs/first");  // parents do not exist yet
    write_report(report_, dir_);
    json_text_ = read_text(dir_ + "/report.json");
    json_ = json::parse(json_text_);
    md_ = read_text(dir_ + "/report.md");
  }

  TempTree tree_;
  RunReport report_;
  std::string dir_;
  std::string json_text_;
  json json_;
  std::string md_;
};

TEST_F(ReportFolder, WritesTheFiveFiles) {
  for (const char* name : {"report.json", "report.md", "confusion.png", "folds.png", "curves.png"}) {
    EXPECT_TRUE(std::filesystem::is_regular_file(dir_ + "/" + name)) << name;
    EXPECT_GT(std::filesystem::file_size(dir_ + "/" + name), 100u) << name;
  }
}

TEST_F(ReportFolder, JsonHasTheRunDescription) {
  EXPECT_EQ(json_["format"], "seremotion-report");
  EXPECT_EQ(json_["format_version"], 1);
  EXPECT_EQ(json_["command"], "ser-train evaluate --corpus ravdess=/data/RAVDESS --out 'my report'");
  EXPECT_EQ(json_["versions"]["seremotion"], seremotion_version());
  EXPECT_EQ(json_["versions"]["libtorch"], "1.13.1");
  EXPECT_EQ(json_["date"].get<std::string>().size(), 20u);  // 2024-05-01T12:34:56Z
  EXPECT_EQ(json_["machine"]["cores"], report_.machine.cores);
  EXPECT_FALSE(json_["machine"]["cpu_model"].get<std::string>().empty());
  EXPECT_EQ(json_["labels"], json(test::fixture_labels()));
  ASSERT_EQ(json_["corpora"].size(), 2u);
  EXPECT_EQ(json_["corpora"][1]["name"], "emodb");
  EXPECT_EQ(json_["corpora"][0]["files"], 1440);
  EXPECT_EQ(json_["corpora"][0]["licence"], "CC BY-NC-SA 4.0");
  EXPECT_EQ(json_["skipped"]["count"], 2);
  EXPECT_EQ(json_["skipped"]["files"][0]["reason"], "cannot decode: not audio");
  EXPECT_EQ(json_["protocol"]["split"], "speaker");
  EXPECT_EQ(json_["protocol"]["folds"], 3);
  EXPECT_EQ(json_["protocol"]["seed"], 42);
  EXPECT_EQ(json_["protocol"]["epochs"], 12);
  EXPECT_EQ(json_["protocol"]["model"], "cnn_mfcc");
  EXPECT_EQ(json_["protocol"]["hyper_parameters"]["batch_size"], 32);
  EXPECT_EQ(json_["protocol"]["feature_spec"]["name"], "mfcc40");
  EXPECT_EQ(json_["protocol"]["augmentation"]["noise_snr_db"], 20);
  EXPECT_EQ(json_["wall_time"]["feature_extraction_s"], 12.5);
  EXPECT_EQ(json_["wall_time"]["training_s"], 345.25);
  EXPECT_EQ(json_["cache"]["hits"], 1000);
  EXPECT_EQ(json_["cache"]["misses"], 975);
}

TEST_F(ReportFolder, JsonHasEveryFoldsScores) {
  ASSERT_EQ(json_["folds"].size(), 3u);
  for (size_t f = 0; f < 3; ++f) {
    const json& j = json_["folds"][f];
    const FoldReport& fold = report_.folds[f];
    EXPECT_EQ(j["index"], fold.index);
    EXPECT_EQ(j["test_speakers"], json(fold.test_speakers));
    EXPECT_EQ(j["sizes"]["train"], fold.n_train);
    EXPECT_EQ(j["sizes"]["validation"], 100);
    EXPECT_EQ(j["sizes"]["test"], fold.n_test);
    EXPECT_EQ(j["best_epoch"], fold.best_epoch);
    EXPECT_DOUBLE_EQ(j["accuracy"].get<double>(), fold.scores.accuracy);
    EXPECT_DOUBLE_EQ(j["ua"].get<double>(), fold.scores.ua);
    EXPECT_DOUBLE_EQ(j["wa"].get<double>(), fold.scores.accuracy);
    EXPECT_DOUBLE_EQ(j["macro_f1"].get<double>(), fold.scores.macro_f1);
    ASSERT_EQ(j["confusion"].size(), 4u);
    for (size_t t = 0; t < 4; ++t) {
      for (size_t p = 0; p < 4; ++p) EXPECT_EQ(j["confusion"][t][p], fold.scores.confusion(t, p));
    }
    ASSERT_EQ(j["per_class"].size(), 4u);
    EXPECT_EQ(j["per_class"][3]["label"], "sad");
    EXPECT_DOUBLE_EQ(j["per_class"][3]["f1"].get<double>(), fold.scores.per_class[3].f1);
    EXPECT_EQ(j["per_class"][3]["support"], fold.scores.per_class[3].support);
    for (const char* column : {"epoch", "train_loss", "val_loss", "val_ua", "learning_rate", "seconds"}) {
      EXPECT_EQ(j["curve"][column].size(), 12u) << column;
    }
    EXPECT_EQ(j["curve"]["epoch"][11], 12);
    EXPECT_DOUBLE_EQ(j["curve"]["train_loss"][11].get<double>(), fold.curve[11].train_loss);
    EXPECT_DOUBLE_EQ(j["curve"]["learning_rate"][0].get<double>(), 1e-3);
    EXPECT_DOUBLE_EQ(j["curve"]["seconds"][0].get<double>(), 2.0);
  }
  // The third fold had no validation set: its validation figures are null, not NaN.
  EXPECT_TRUE(json_["folds"][2]["curve"]["val_loss"][0].is_null());
  EXPECT_TRUE(json_["folds"][2]["curve"]["val_ua"][0].is_null());
  EXPECT_DOUBLE_EQ(json_["folds"][0]["curve"]["val_ua"][0].get<double>(), report_.folds[0].curve[0].val_ua);
}

TEST_F(ReportFolder, JsonHasMeansStdsAndThePooledConfusion) {
  const json& mean = json_["mean"];
  std::vector<double> accuracy;
  for (const FoldReport& f : report_.folds) accuracy.push_back(f.scores.accuracy);
  const MeanStd expected = mean_std(accuracy);
  EXPECT_EQ(mean["n_folds"], 3);
  EXPECT_DOUBLE_EQ(mean["accuracy"].get<double>(), expected.mean);
  EXPECT_DOUBLE_EQ(mean["accuracy_std"].get<double>(), expected.std);
  EXPECT_GT(mean["accuracy_std"].get<double>(), 0.0);
  for (const char* key : {"ua", "ua_std", "wa", "wa_std", "macro_f1", "macro_f1_std"}) {
    EXPECT_TRUE(mean[key].is_number()) << key;
  }
  EXPECT_DOUBLE_EQ(mean["wa"].get<double>(), expected.mean);
  ASSERT_EQ(mean["per_class"].size(), 4u);
  EXPECT_EQ(mean["per_class"][0]["label"], "angry");
  EXPECT_EQ(mean["per_class"][0]["n_folds"], 3);
  EXPECT_TRUE(mean["per_class"][0]["f1_std"].is_number());

  const json& pooled = json_["pooled"];
  int64_t total = 0;
  for (size_t t = 0; t < 4; ++t) {
    for (size_t p = 0; p < 4; ++p) {
      int64_t sum = 0;
      for (const FoldReport& f : report_.folds) sum += f.scores.confusion(t, p);
      EXPECT_EQ(pooled["confusion"][t][p], sum);
      total += sum;
    }
  }
  EXPECT_EQ(pooled["n_items"], total);
  EXPECT_EQ(total, 40 + 44 + 48);
  EXPECT_EQ(pooled["per_class"].size(), 4u);
}

TEST_F(ReportFolder, JsonTextIsOrderedWithConfusionRowsOnOneLine) {
  EXPECT_EQ(json_text_.find("{\n  \"format\": \"seremotion-report\",\n  \"format_version\": 1,"), 0u) << json_text_;
  const Confusion& c = report_.folds[0].scores.confusion;
  std::string row = "[";
  for (size_t p = 0; p < 4; ++p) row += (p ? ", " : "") + std::to_string(c(0, p));
  EXPECT_NE(json_text_.find(row + "],\n"), std::string::npos) << row;
}

TEST(Report, JsonKeepsStringsThatLookLikeArrays) {
  TempTree tree;
  RunReport r = test::fixture_report(2, 3);
  r.corpora[0].path = "/data/[1,\n 2]\"x\" [a]";
  r.skipped[0].reason = "bad byte \xff here";
  r.skipped[1].path = "/data/Col\xe8re/a.wav";  // Latin-1, not UTF-8
  const json j = written_report_json(r, tree.path("r"));
  EXPECT_EQ(j["corpora"][0]["path"], r.corpora[0].path);
  // Bytes that are not UTF-8 are escaped, not replaced by U+FFFD: the file can still be found
  // (common/path_text.h).
  EXPECT_EQ(j["skipped"]["files"][0]["reason"], "bad byte \\xff here");
  EXPECT_EQ(j["skipped"]["files"][1]["path"], "/data/Col\\xe8re/a.wav");
  EXPECT_EQ(path_bytes(j["skipped"]["files"][1]["path"].get<std::string>()), r.skipped[1].path);
}

TEST_F(ReportFolder, MarkdownHasTheTables) {
  const FoldReport& f = report_.folds[0];
  EXPECT_NE(md_.find("ser-train evaluate --corpus ravdess=/data/RAVDESS --out 'my report'"), std::string::npos);
  EXPECT_NE(md_.find("| ravdess | `/data/RAVDESS` | 1440 | CC BY-NC-SA 4.0 |"), std::string::npos) << md_;
  EXPECT_NE(md_.find("speaker-grouped 3-fold (speaker-independent)"), std::string::npos);
  const std::string fold_row = "| 1 | ravdess:1, ravdess:2 | 1000 | 100 | 40 | 12 | " + percent(f.scores.accuracy) +
                               " | " + percent(f.scores.ua) + " | " + percent(f.scores.wa) + " | " +
                               percent(f.scores.macro_f1) + " |";
  EXPECT_NE(md_.find(fold_row), std::string::npos) << fold_row << "\n" << md_;
  EXPECT_NE(md_.find("| 3 | ravdess:5, ravdess:6 |"), std::string::npos);
  const FoldAggregate a = summarize(report_);
  const std::string mean_row = "| **mean ± std** | | | | | | **" + percent(a.accuracy.mean) + " ± " +
                               percent(a.accuracy.std) + "** |";
  EXPECT_NE(md_.find(mean_row), std::string::npos) << mean_row;
  const ClassScores& sad = a.pooled.per_class[3];
  const std::string class_row = "| sad | " + percent(sad.precision) + " | " + percent(sad.recall) + " | " +
                                percent(sad.f1) + " | ";
  EXPECT_NE(md_.find(class_row), std::string::npos) << class_row;
  std::string confusion_row = "| **angry** |";
  for (size_t p = 0; p < 4; ++p) confusion_row += " " + std::to_string(a.pooled.confusion(0, p)) + " |";
  EXPECT_NE(md_.find(confusion_row), std::string::npos) << confusion_row;
  EXPECT_NE(md_.find("| true \\ predicted | angry | happy | neutral | sad |"), std::string::npos);
  EXPECT_NE(md_.find("`/data/x|y.wav`: label 'boredom' is not mapped"), std::string::npos);
  for (const char* png : {"(confusion.png)", "(folds.png)", "(curves.png)", "(classes.png)"}) {
    EXPECT_NE(md_.find(png), std::string::npos) << png;
  }
  EXPECT_EQ(md_.find("held-out corpus"), std::string::npos) << "not a leave-one-corpus-out run";
}

TEST_F(ReportFolder, PlotsAreValidPngsOfTheirSizeAndNotBlank) {
  const std::pair<const char*, PlotSize> plots[] = {
      {"confusion.png", kConfusionPlotSize}, {"folds.png", kFoldsPlotSize}, {"curves.png", kCurvesPlotSize},
      {"classes.png", kClassesPlotSize}};
  for (const auto& [name, size] : plots) {
    const test::PngFacts png = test::read_png(dir_ + "/" + name);
    ASSERT_TRUE(png.readable) << name << ": " << png.error;
    EXPECT_EQ(png.width, size.width) << name;
    EXPECT_EQ(png.height, size.height) << name;
    EXPECT_GT(png.grey_variance, 100.0) << name;
    EXPECT_GT(png.dark_share, 0.005) << name;  // text and lines were drawn
  }
}

TEST(Report, OneFoldHasZeroStd) {
  TempTree tree;
  const json j = written_report_json(test::fixture_report(1, 3), tree.path("one"));
  EXPECT_EQ(j["mean"]["n_folds"], 1);
  EXPECT_EQ(j["mean"]["accuracy_std"], 0.0);
  EXPECT_EQ(j["mean"]["accuracy"], j["folds"][0]["accuracy"]);
  EXPECT_TRUE(test::read_png(tree.path("one/curves.png")).readable);
}

// Appends to `f` one test file's prediction over 3 classes, `predicted` given 0.8 of the probability.
void add_prediction(FoldReport& f, const std::string& corpus, const std::string& gender, int label, int predicted) {
  FilePrediction p;
  p.path = "/data/" + corpus + "/" + std::to_string(f.predictions.size()) + ".wav";
  p.corpus = corpus;
  p.speaker = corpus + ":" + (gender.empty() ? "01" : gender);
  p.gender = gender;
  p.label = label;
  p.predicted = predicted;
  p.probabilities.assign(3, 0.1f);
  p.probabilities[static_cast<size_t>(predicted)] = 0.8f;
  f.predictions.push_back(p);
}

// Two folds of a two-corpus run: each file's prediction is kept, and each corpus is scored alone.
TEST(Report, PredictionsAndScoresPerCorpus) {
  RunReport r = test::fixture_report(2, 3);
  const auto add = [](FoldReport& f, const char* corpus, int label, int predicted) {
    add_prediction(f, corpus, "", label, predicted);
  };
  // Fold 1: ravdess 2 of 2 right, emodb 1 of 2; fold 2: ravdess 1 of 2, emodb 2 of 2.
  add(r.folds[0], "ravdess", 0, 0);
  add(r.folds[0], "ravdess", 1, 1);
  add(r.folds[0], "emodb", 2, 2);
  add(r.folds[0], "emodb", 2, 0);
  add(r.folds[1], "ravdess", 1, 1);
  add(r.folds[1], "ravdess", 1, 2);
  add(r.folds[1], "emodb", 0, 0);
  add(r.folds[1], "emodb", 2, 2);
  const auto by_corpus = summarize_by_corpus(r);
  ASSERT_EQ(by_corpus.size(), 2u);
  EXPECT_DOUBLE_EQ(by_corpus.at("ravdess").accuracy.mean, 0.75);
  EXPECT_DOUBLE_EQ(by_corpus.at("emodb").accuracy.mean, 0.75);
  EXPECT_EQ(by_corpus.at("emodb").pooled.n_items, 4);
  EXPECT_DOUBLE_EQ(by_corpus.at("ravdess").pooled.accuracy, 0.75);

  TempTree tree;
  const json j = written_report_json(r, tree.path("multi"));
  ASSERT_EQ(j["folds"][0]["predictions"].size(), 4u);
  EXPECT_EQ(j["folds"][0]["predictions"][3]["corpus"], "emodb");
  EXPECT_EQ(j["folds"][0]["predictions"][3]["label"], r.labels[2]);
  EXPECT_EQ(j["folds"][0]["predictions"][3]["predicted"], r.labels[0]);
  EXPECT_EQ(j["folds"][0]["predictions"][3]["probabilities"].size(), 3u);
  EXPECT_DOUBLE_EQ(j["by_corpus"]["ravdess"]["accuracy"].get<double>(), 0.75);
  EXPECT_NE(read_text(tree.path("multi/report.md")).find("## Scores per corpus"), std::string::npos);

  // One corpus only: no breakdown.
  for (auto& f : r.folds) {
    for (auto& p : f.predictions) p.corpus = "ravdess";
  }
  EXPECT_TRUE(summarize_by_corpus(r).empty());
  // Genders unknown to the readers: no breakdown either.
  EXPECT_TRUE(summarize_by_gender(r).empty());
  EXPECT_EQ(j["folds"][0]["predictions"][0]["gender"], "unknown");
  EXPECT_FALSE(j.contains("by_gender"));
}

// The women's and the men's test files scored apart when the readers know both; a file of unknown
// gender counts in neither.
TEST(Report, ScoresPerGender) {
  RunReport r = test::fixture_report(2, 3);
  // (fold, gender, label, predicted). Fold 1: women 2 of 2 right, men 0 of 2, and a file of unknown
  // gender; fold 2: women 1 of 2, men 2 of 2.
  const std::vector<std::tuple<size_t, std::string, int, int>> files = {
      {0, "female", 0, 0}, {0, "female", 1, 1}, {0, "male", 2, 0}, {0, "male", 1, 0}, {0, "", 2, 0},
      {1, "female", 1, 1}, {1, "female", 1, 2}, {1, "male", 0, 0}, {1, "male", 2, 2}};
  for (const auto& [fold, gender, label, predicted] : files) add_prediction(r.folds[fold], "ravdess", gender, label, predicted);
  const auto by_gender = summarize_by_gender(r);
  ASSERT_EQ(by_gender.size(), 2u);
  EXPECT_DOUBLE_EQ(by_gender.at("female").accuracy.mean, 0.75);
  EXPECT_DOUBLE_EQ(by_gender.at("male").accuracy.mean, 0.5);
  EXPECT_EQ(by_gender.at("male").pooled.n_items, 4);

  TempTree tree;
  const json j = written_report_json(r, tree.path("genders"));
  EXPECT_EQ(j["folds"][0]["predictions"][2]["gender"], "male");
  EXPECT_EQ(j["folds"][0]["predictions"][4]["gender"], "unknown");
  EXPECT_DOUBLE_EQ(j["by_gender"]["male"]["accuracy"].get<double>(), 0.5);
  EXPECT_EQ(j["by_gender"]["female"]["pooled"]["n_items"], 4);
  const std::string md = read_text(tree.path("genders/report.md"));
  EXPECT_NE(md.find("## Scores per gender"), std::string::npos);
  EXPECT_EQ(md.find("## Scores per corpus"), std::string::npos);  // one corpus

  // One gender only: no breakdown.
  for (auto& f : r.folds) {
    for (auto& p : f.predictions) p.gender = p.gender.empty() ? "" : "female";
  }
  EXPECT_TRUE(summarize_by_gender(r).empty());
}

// Leave one corpus out: one confusion matrix per held-out corpus, its folds summed, in its own PNG.
TEST(Report, OneConfusionMatrixPerHeldOutCorpus) {
  RunReport r = test::fixture_report(3, 3);
  r.protocol.split = data::FoldScheme::LeaveOneCorpusOut;
  r.folds[0].held_out_corpus = "ravdess";
  r.folds[1].held_out_corpus = "emo db";
  r.folds[2].held_out_corpus = "ravdess";
  const auto held_out = held_out_confusions(r);
  ASSERT_EQ(held_out.size(), 2u);
  EXPECT_EQ(held_out.at("emo db")(1, 1), r.folds[1].scores.confusion(1, 1));
  EXPECT_EQ(held_out.at("ravdess")(0, 2), r.folds[0].scores.confusion(0, 2) + r.folds[2].scores.confusion(0, 2));
  EXPECT_EQ(held_out_confusion_file("emo db"), "confusion-emo_db.png");
  TempTree tree;
  write_report(r, tree.path("loco"));
  for (const char* name : {"confusion-ravdess.png", "confusion-emo_db.png", "classes.png"}) {
    const test::PngFacts png = test::read_png(tree.path(std::string("loco/") + name));
    ASSERT_TRUE(png.readable) << name << ": " << png.error;
    EXPECT_GT(png.grey_variance, 100.0) << name;
  }
  const std::string md = read_text(tree.path("loco/report.md"));
  EXPECT_NE(md.find("## Confusion matrix per held-out corpus"), std::string::npos);
  EXPECT_NE(md.find("![ravdess held out](confusion-ravdess.png)"), std::string::npos);
  EXPECT_TRUE(held_out_confusions(test::fixture_report(2, 3)).empty());
}

TEST(Report, RewritingAFolderReplacesTheFiles) {
  TempTree tree;
  write_report(test::fixture_report(2, 3), tree.path("r"));
  EXPECT_EQ(written_report_json(test::fixture_report(4, 3), tree.path("r"))["folds"].size(), 4u);
}

TEST(Report, InconsistentReportsAreErrorsNamingTheProblem) {
  TempTree tree;
  RunReport r = test::fixture_report(2, 3);
  r.folds.clear();
  EXPECT_TRUE(mentions(error_of<Error>([&] { write_report(r, tree.path("a")); }), "no folds"));
  r = test::fixture_report(2, 3);
  r.labels.pop_back();
  EXPECT_TRUE(mentions(error_of<Error>([&] { report_json(r); }), "fold 1 of the report has a 4 x 4 confusion"));
  r.labels.clear();
  EXPECT_TRUE(mentions(error_of<Error>([&] { report_markdown(r); }), "no labels"));
  EXPECT_FALSE(std::filesystem::exists(tree.path("a")));
}

TEST(Report, UnwritableFolderIsAnErrorNamingIt) {
  TempTree tree;
  tree.write("blocker", "a file, not a folder");
  const std::string dir = tree.path("blocker/report");
  EXPECT_TRUE(mentions(error_of<Error>([&] { write_report(test::fixture_report(2, 3), dir); }),
                       "cannot create the report folder '" + dir + "'"));
}

TEST(Report, StartReportFillsTheRunContext) {
  const char* argv[] = {"ser-train", "--seed", "7"};
  const RunReport r = start_report(3, argv);
  EXPECT_EQ(r.command, "ser-train --seed 7");
  EXPECT_EQ(r.seremotion_version, seremotion_version());
  EXPECT_EQ(r.date.size(), 20u);
  EXPECT_EQ(r.date.back(), 'Z');
  EXPECT_FALSE(r.machine.cpu_model.empty());
}

}  // namespace
}  // namespace ser::train

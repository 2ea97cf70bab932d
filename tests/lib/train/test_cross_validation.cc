// Cross-validation and export end to end on real recordings (skipped when ../shared is absent).
#include "train/runs/cross_validation.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <numeric>
#include <set>

#include "common/error.h"
#include "corpus_fixture.h"
#include "data/validation_split.h"
#include "features/windowing.h"
#include "io/audio_decoder.h"
#include "lib/data/error_of.h"
#include "nn/classifier.h"
#include "train/augment/augmentation_plan.h"
#include "train/runs/final_model.h"
#include "train/runs/prediction.h"
#include "train/runs/speaker_norm.h"

namespace ser::train {
namespace {

namespace fs = std::filesystem;
using data::test::error_of;
using data::test::mentions;
using data::test::TempTree;
using nlohmann::json;

class CrossValidation : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (ser::test::data_dir().empty()) return;
    tree_ = new TempTree;
    test::make_small_ravdess(*tree_);
    RunTotals totals;
    data_ = new PreparedData(prepare_data(test::small_run(*tree_), FeatureCache(), {}, totals));
  }
  static void TearDownTestSuite() {
    delete data_;
    delete tree_;
    data_ = nullptr;
    tree_ = nullptr;
  }
  void SetUp() override { SER_REQUIRE_DATA(); }

  static RunReport run(const RunConfig& config, const FeatureCache& cache = {}, RunTotals* totals_out = nullptr) {
    RunTotals totals;
    RunReport report;
    cross_validate(config, *data_, cache, {}, totals, report);
    if (totals_out) *totals_out = totals;
    return report;
  }

  static TempTree* tree_;
  static PreparedData* data_;
};

TempTree* CrossValidation::tree_ = nullptr;
PreparedData* CrossValidation::data_ = nullptr;

std::set<std::string> speakers_of(const Dataset& d) {
  std::set<std::string> s;
  for (const auto& u : d.utterances) s.insert(u.speaker);
  return s;
}

TEST_F(CrossValidation, TheCorruptFileIsSkippedAndNamed) {
  const Dataset& d = data_->dataset;
  EXPECT_EQ(d.utterances.size(), 64u);
  EXPECT_EQ(d.labels, (std::vector<std::string>{"happy", "sad"}));
  ASSERT_EQ(d.skipped.size(), 1u);
  EXPECT_NE(d.skipped[0].path.find(test::kCorruptFile), std::string::npos);
  EXPECT_TRUE(mentions(d.skipped[0].reason, "cannot decode"));
  EXPECT_EQ(d.corpora.at(0).files, 64u);
  EXPECT_EQ(d.corpora.at(0).licence, "CC BY-NC-SA 4.0");
}

TEST_F(CrossValidation, TheReportFolderHasEveryFileAndField) {
  RunReport report = run(test::small_run(*tree_));
  report.command = "ser-train cv (test)";
  const std::string dir = tree_->path("report");
  write_report(report, dir);
  for (const char* f : {"report.json", "report.md", "confusion.png", "folds.png", "curves.png", "reliability.png"}) {
    EXPECT_TRUE(fs::is_regular_file(dir + "/" + f)) << f;
  }
  // Each fold calibrated on its validation part and measured on its test part.
  for (const FoldReport& f : report.folds) {
    EXPECT_EQ(f.calibration.fit.items > 0, f.n_validation > 0);
    EXPECT_EQ(f.calibration.windows_before.count.size(), 15u);
    EXPECT_EQ(f.calibration.files_after.n(), f.n_test);
  }
  std::ifstream in(dir + "/report.json");
  const json j = json::parse(in);
  EXPECT_EQ(j["labels"], json({"happy", "sad"}));
  ASSERT_EQ(j["folds"].size(), 2u);
  for (const auto& f : j["folds"]) {
    for (const char* key : {"test_speakers", "accuracy", "ua", "wa", "macro_f1", "confusion"}) {
      EXPECT_TRUE(f.contains(key)) << key;
    }
    EXPECT_EQ(f["confusion"].size(), 2u);
    const size_t epochs = f["curve"]["epoch"].size();
    EXPECT_TRUE(epochs >= 1 && epochs <= 2) << epochs;
    EXPECT_TRUE(f["best_epoch"] >= 1 && f["best_epoch"] <= epochs);
  }
  for (const char* key : {"accuracy", "accuracy_std", "ua", "ua_std", "wa", "wa_std", "macro_f1", "macro_f1_std"}) {
    EXPECT_TRUE(j["mean"].contains(key)) << key;
  }
  EXPECT_EQ(j["skipped"]["count"], 1);
  EXPECT_EQ(j["corpora"][0]["licence"], "CC BY-NC-SA 4.0");
  EXPECT_EQ(j["protocol"]["split"], "speaker");
  EXPECT_TRUE(j["calibration"].contains("ece_windows_before"));
  EXPECT_TRUE(j["folds"][0]["calibration"]["ece"].contains("files_after"));
}

TEST_F(CrossValidation, SpeakerFoldsHoldEachSpeakerOutOnce) {
  const RunReport report = run(test::small_run(*tree_));
  std::multiset<std::string> held_out;
  size_t tested = 0;
  for (const FoldReport& f : report.folds) {
    held_out.insert(f.test_speakers.begin(), f.test_speakers.end());
    tested += f.n_test;
    EXPECT_EQ(f.n_test, f.test_speakers.size() * 16);  // every file of its speakers, none else
  }
  const auto all = speakers_of(data_->dataset);
  EXPECT_EQ(std::set<std::string>(held_out.begin(), held_out.end()), all);
  EXPECT_EQ(held_out.size(), all.size());  // no speaker in two test folds
  EXPECT_EQ(tested, 64u);
  // The reader knows RAVDESS's genders (odd actors are men): each prediction carries its speaker's,
  // and the men's and the women's files are scored apart.
  for (const FoldReport& f : report.folds) {
    for (const FilePrediction& p : f.predictions) {
      const bool odd = std::stoi(p.speaker.substr(p.speaker.find(':') + 1)) % 2 == 1;
      EXPECT_EQ(p.gender, odd ? "male" : "female") << p.path;
    }
  }
  const auto by_gender = summarize_by_gender(report);
  ASSERT_EQ(by_gender.size(), 2u);
  EXPECT_EQ(by_gender.at("male").pooled.n_items + by_gender.at("female").pooled.n_items, 64);
}

TEST_F(CrossValidation, LeaveOneSpeakerOutTestsOneSpeakerPerFold) {
  RunConfig c = test::small_run(*tree_);
  c.split = data::FoldScheme::LeaveOneSpeakerOut;
  c.trainer.epochs = 1;
  const RunReport report = run(c);
  ASSERT_EQ(report.folds.size(), 4u);
  for (const FoldReport& f : report.folds) EXPECT_EQ(f.test_speakers.size(), 1u);
}

// The windows heard of each test speaker for speaker:N are the fold seed's draw, so that runs of
// several seeds on one fold seed hear the same ones. Two runs that differ only in their fold seed
// (leave one speaker out: the same folds; the trainer's seed draws the rest) train alike and score
// the whole speaker alike, but hear other windows of it.
TEST_F(CrossValidation, TheFoldSeedDrawsTheWindowsHeardOfATestSpeaker) {
  RunConfig c = test::small_run(*tree_);
  c.split = data::FoldScheme::LeaveOneSpeakerOut;
  c.adaptation = "speaker";
  c.test_adaptation = "speaker:3";
  c.trainer.epochs = 1;
  c.fold_seed = 1;
  const RunReport a = run(c);
  c.fold_seed = 2;
  const RunReport b = run(c);
  ASSERT_EQ(a.folds.size(), b.folds.size());
  bool heard_otherwise = false;
  for (size_t k = 0; k < a.folds.size(); ++k) {
    EXPECT_EQ(a.folds[k].ua_by_test_adaptation.at("speaker"), b.folds[k].ua_by_test_adaptation.at("speaker"));
    ASSERT_EQ(a.folds[k].predictions.size(), b.folds[k].predictions.size());
    for (size_t f = 0; f < a.folds[k].predictions.size(); ++f) {
      heard_otherwise |= a.folds[k].predictions[f].probabilities != b.folds[k].predictions[f].probabilities;
    }
  }
  EXPECT_TRUE(heard_otherwise);
}

// Leave one corpus out over the small RAVDESS (happy, sad) and three EMO-DB speakers' happy, sad
// and neutral files: the EMO-DB fold cannot score neutral (never trained on), the RAVDESS fold
// must never predict it (RAVDESS's test files have no neutral).
TEST_F(CrossValidation, LeaveOneCorpusOutFoldsOntoTheTestCorpusClasses) {
  const fs::path emodb = fs::path(tree_->path("emodb"));
  fs::create_directories(emodb / "wav");
  size_t neutral = 0;
  for (const auto& e : fs::directory_iterator(fs::path(ser::test::data_dir()) / "emodb")) {
    const std::string name = e.path().filename().string();
    const std::string speaker = name.substr(0, 2), emotion = name.substr(5, 1);
    if ((speaker == "03" || speaker == "08" || speaker == "09") && (emotion == "F" || emotion == "T" || emotion == "N")) {
      fs::create_symlink(e.path(), emodb / "wav" / name);
      neutral += emotion == "N";
    }
  }
  RunConfig c = test::small_run(*tree_);
  c.data.corpora.push_back({"emodb", emodb.string()});
  c.data.labels = data::LabelMap();
  c.data.labels.add_keeps("happy,sad,neutral");
  c.split = data::FoldScheme::LeaveOneCorpusOut;
  c.balance = "corpus";
  c.spec = features::FeatureSpec::preset("mfcc40");
  c.trainer.model = "mfcc_cnn";
  c.trainer.hyper_parameters = {{"channels", {8, 8}}};
  c.trainer.epochs = 1;
  c.validate();
  RunTotals totals;
  const PreparedData data = prepare_data(c, FeatureCache(), {}, totals);
  ASSERT_EQ(data.dataset.labels, (std::vector<std::string>{"neutral", "happy", "sad"}));
  RunReport report;
  cross_validate(c, data, FeatureCache(), {}, totals, report);
  ASSERT_EQ(report.folds.size(), 2u);
  const FoldReport& rav = report.folds[0];
  const FoldReport& emo = report.folds[1];
  EXPECT_EQ(rav.held_out_corpus, "ravdess");
  EXPECT_EQ(emo.held_out_corpus, "emodb");
  EXPECT_EQ(rav.n_test, 64u);
  EXPECT_EQ(rav.n_unscored, 0u);
  for (const FilePrediction& p : rav.predictions) {
    EXPECT_NE(p.predicted, 0) << p.path;  // neutral, which the RAVDESS part lacks
    EXPECT_EQ(p.probabilities[0], 0.0f);
    EXPECT_NEAR(p.probabilities[1] + p.probabilities[2], 1.0, 1e-5);
  }
  EXPECT_GT(neutral, 0u);
  EXPECT_EQ(emo.n_unscored, neutral);
  EXPECT_EQ(emo.scores.per_class[0].support, 0);
  EXPECT_EQ(emo.n_test + emo.n_unscored, data.dataset.utterances.size() - 64);
  EXPECT_EQ(evaluation_json(report)["protocol"]["split"], "corpus");
}

TEST_F(CrossValidation, StratifiedFoldsKeepTheLabelProportions) {
  RunConfig c = test::small_run(*tree_);
  c.split = data::FoldScheme::Stratified;
  c.folds = 4;
  c.trainer.epochs = 1;
  const RunReport report = run(c);
  ASSERT_EQ(report.folds.size(), 4u);
  for (const FoldReport& f : report.folds) {
    // 16 test files, 8 of each label: the confusion's row sums.
    for (size_t t = 0; t < 2; ++t) EXPECT_EQ(f.scores.confusion(t, 0) + f.scores.confusion(t, 1), 8);
    EXPECT_EQ(f.test_speakers.size(), 4u);  // speaker-dependent: every speaker is heard in testing
  }
}

TEST_F(CrossValidation, ACachedRunGivesTheNumbersOfAnUncachedOneAndTheSameSeedRepeats) {
  const RunConfig c = test::small_run(*tree_);
  const RunReport uncached = run(c);
  const FeatureCache cache(tree_->path("cache"), c.extraction().cache_recipe());
  RunTotals cold_totals, warm_totals;
  // prepare_data through the cache, cold then warm.
  const PreparedData cold = prepare_data(c, cache, {}, cold_totals);
  const PreparedData warm = prepare_data(c, cache, {}, warm_totals);
  EXPECT_EQ(cold_totals.cache.misses, 64u);
  EXPECT_EQ(warm_totals.cache.hits, 64u);
  EXPECT_EQ(warm_totals.cache.misses, 0u);
  for (size_t i = 0; i < 64; ++i) EXPECT_EQ(warm.features[i], data_->features[i]);
  RunTotals totals;
  RunReport cached;
  cross_validate(c, warm, cache, {}, totals, cached);
  ASSERT_EQ(cached.folds.size(), uncached.folds.size());
  for (size_t k = 0; k < cached.folds.size(); ++k) {
    EXPECT_EQ(cached.folds[k].scores.accuracy, uncached.folds[k].scores.accuracy);
    EXPECT_EQ(cached.folds[k].scores.macro_f1, uncached.folds[k].scores.macro_f1);
    EXPECT_EQ(cached.folds[k].scores.confusion.storage(), uncached.folds[k].scores.confusion.storage());
    ASSERT_EQ(cached.folds[k].curve.size(), uncached.folds[k].curve.size());
    for (size_t e = 0; e < cached.folds[k].curve.size(); ++e) {
      EXPECT_EQ(cached.folds[k].curve[e].train_loss, uncached.folds[k].curve[e].train_loss);
    }
  }
}

// The files that trained in some fold: the cross-validation's folds, minus each fold's
// validation part, as cross_validation.h describes them.
std::set<size_t> trained_files(const RunConfig& c, const Dataset& d) {
  std::set<size_t> out;
  const auto folds = run_folds(c, d);
  for (size_t k = 0; k < folds.size(); ++k) {
    const auto vp = data::ValidationParams::for_scheme(c.split, c.validation_fraction, c.trainer.seed + k + 1);
    for (size_t i : data::split_validation(d.utterances, folds[k].train, vp).train) out.insert(i);
  }
  return out;
}

TEST_F(CrossValidation, AugmentationTouchesOnlyTrainingFiles) {
  RunConfig c = test::small_run(*tree_);
  c.trainer.epochs = 1;
  c.augmentation.audio.noise = true;
  c.augmentation.audio.gain_min_db = -3;
  c.augmentation.audio.gain_max_db = 3;
  const FeatureCache cache(tree_->path("aug-cache"), c.extraction().cache_recipe());
  run(c, cache);

  // The cache holds exactly one copy of each file that trained in some fold, and nothing else:
  // no validation or test file was augmented.
  const Dataset& d = data_->dataset;
  const std::set<size_t> trained = trained_files(c, d);
  ASSERT_FALSE(trained.empty());
  EXPECT_LT(trained.size(), 64u);  // with 2 of 4 speakers tested and 1 validating per fold
  std::set<std::string> expected;
  for (size_t i : trained) {
    ExtractionJob job{d.utterances[i].path, d.content[i], CopyRecipe{c.augmentation.audio, copy_seed(c.trainer.seed, d.content[i], 0), {}, {}}};
    expected.insert(fs::path(cache.entry_path(job.cache_key())).filename().string());
  }
  std::set<std::string> entries;
  for (const auto& e : fs::directory_iterator(cache.folder())) {
    if (e.path().extension() == ".feat") entries.insert(e.path().filename().string());
  }
  EXPECT_EQ(entries, expected);
}

TEST_F(CrossValidation, AClassTooSmallForTheFoldsIsAnErrorSayingSo) {
  RunConfig c = test::small_run(*tree_);
  c.split = data::FoldScheme::Stratified;
  c.folds = 33;  // 32 files per class
  EXPECT_TRUE(mentions(error_of<Error>([&] { run(c); }), "class 'happy' has 32 files, too few for 33 folds"));
}

TEST_F(CrossValidation, TheExportedModelLoadsAndPredictsAsTrainingScored) {
  const RunConfig c = test::small_run(*tree_);
  ExportOptions o;
  o.output = tree_->path("model.sermodel");
  RunTotals totals;
  const ExportedModel m = train_and_export(c, *data_, {}, o, nullptr, {}, totals);
  const nn::Classifier classifier(o.output, {"cpu", 1, true});
  const nn::ModelInfo& info = classifier.info();
  EXPECT_EQ(info.labels, (std::vector<std::string>{"happy", "sad"}));
  EXPECT_EQ(info.architecture, "issa1d");
  EXPECT_EQ(info.features, c.spec);
  EXPECT_EQ(info.corpora[0]["licence"], "CC BY-NC-SA 4.0");
  EXPECT_EQ(info.corpora[0]["files"], 64);
  EXPECT_TRUE(info.evaluation["scores"].is_null());  // not cross-validated

  // Whole-file prediction is the mean over the same windows training cut (hop 1 s both).
  Predictor whole(classifier, {});
  const std::string& path = data_->dataset.utterances[5].path;
  const auto p = whole.predict(path);
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].windows, data_->features[5].windows.size());
  const Matrix expected = m.outcome.network->file_probabilities(examples_of(*data_, {5}));
  EXPECT_NEAR(p[0].probabilities[0] + p[0].probabilities[1], 1.0, 1e-6);
  for (size_t k = 0; k < 2; ++k) EXPECT_NEAR(p[0].probabilities[k], expected(0, k), 1e-5);
  const auto j = whole.to_json(path, p[0]);
  for (const char* key : {"file", "label", "confidence", "probabilities", "duration", "windows"}) {
    EXPECT_TRUE(j.contains(key)) << key;
  }

  // Per window: the element's rule, with the model's window and hop.
  PredictOptions wo;
  wo.windows = true;
  wo.hop_seconds = 0.5;
  Predictor windows(classifier, wo);
  const auto w = windows.predict(path);
  const auto decoded = io::decode_file(path, 16000).samples.size();
  const auto spans = features::plan_windows(decoded, 48000, 8000);
  ASSERT_EQ(w.size(), spans.size());
  for (size_t i = 0; i < w.size(); ++i) {
    EXPECT_DOUBLE_EQ(w[i].start, spans[i].start / 16000.0);
    EXPECT_DOUBLE_EQ(w[i].duration, spans[i].length / 16000.0);
    const auto jw = windows.to_json(path, w[i]);
    double sum = 0;
    for (const auto& [label, prob] : jw["probabilities"].items()) sum += prob.get<double>();
    EXPECT_NEAR(sum, 1.0, 1e-6);
    EXPECT_EQ(jw["confidence"], std::max(w[i].probabilities[0], w[i].probabilities[1]));
  }
}

// Speaker normalisation: every test group is scored, the bundle carries the prior, and the
// Classifier given a speaker's statistics classifies as training scored that speaker's files.
TEST_F(CrossValidation, SpeakerNormalisedModelsAdaptAsTrainingDid) {
  RunConfig c = test::small_run(*tree_);
  c.adaptation = "speaker";
  c.adapt_prior_windows = 10;
  c.trainer.epochs = 1;
  const RunReport report = run(c);
  for (const FoldReport& f : report.folds) {
    ASSERT_EQ(f.ua_by_test_adaptation.size(), 6u);
    EXPECT_TRUE(f.ua_by_test_adaptation.count("speaker:10"));
    EXPECT_DOUBLE_EQ(f.ua_by_test_adaptation.at("speaker"), f.scores.ua);  // the main group
  }
  ExportOptions o;
  o.output = tree_->path("adapted.sermodel");
  RunTotals totals;
  const ExportedModel m = train_and_export(c, *data_, {}, o, nullptr, {}, totals);
  const nn::Classifier classifier(o.output, {"cpu", 1, true});
  const features::AdaptiveNorm& a = classifier.info().adaptation;
  ASSERT_TRUE(a.enabled());
  EXPECT_EQ(a.prior_windows, 10.0);
  EXPECT_EQ(a.dim(), c.spec.feature_dim());

  // Speaker ravdess:02's files, normalised as training normalises a speaker.
  std::vector<size_t> files;
  for (size_t i = 0; i < data_->dataset.utterances.size(); ++i) {
    if (data_->dataset.utterances[i].speaker == "ravdess:02") files.push_back(i);
  }
  const auto normed = normalised_by_group(*data_, files, AdaptGroup::Speaker, a, c.spec);
  ExampleSet set;
  set.add_file(normed[0], data_->dataset.targets[files[0]]);
  const Matrix expected = m.outcome.network->file_probabilities(set);
  const features::FeatureStats heard = stats_of(*data_, files, c.spec);
  const Matrix got = classifier.classify(data_->features[files[0]].windows, &heard);
  std::vector<double> mean(2, 0.0);
  for (size_t r = 0; r < got.rows(); ++r) {
    for (size_t k = 0; k < 2; ++k) mean[k] += got(r, k) / double(got.rows());
  }
  for (size_t k = 0; k < 2; ++k) EXPECT_NEAR(mean[k], expected(0, k), 1e-4);
  // Nothing heard: the prior, which is not the speaker's own statistics.
  const Matrix prior = classifier.classify(data_->features[files[0]].windows, nullptr);
  EXPECT_NE(prior(0, 0), got(0, 0));
}

TEST_F(CrossValidation, MixedAdaptationTrainsOnEachFileBySpeakerAndByThePrior) {
  const features::FeatureSpec& spec = test::small_run(*tree_).spec;
  const std::vector<size_t> files = {0, 1, 20, 40};
  const features::AdaptiveNorm prior = training_prior(*data_, files, spec, 30.0);
  const AdaptedPart mixed = adapted_part(*data_, files, AdaptTraining::Mixed, prior, spec);
  ASSERT_EQ(mixed.features.size(), 8u);
  const auto by_speaker = normalised_by_group(*data_, files, AdaptGroup::Speaker, prior, spec);
  const auto by_prior = normalised_by_group(*data_, files, AdaptGroup::None, prior, spec);
  for (size_t k = 0; k < 4; ++k) {
    EXPECT_EQ(mixed.features[k], by_speaker[k]);
    EXPECT_EQ(mixed.features[4 + k], by_prior[k]);
    EXPECT_EQ(mixed.targets[k], mixed.targets[4 + k]);
  }
  EXPECT_EQ(adapted_part(*data_, files, AdaptTraining::None, prior, spec).features[2], data_->features[20]);
  EXPECT_EQ(adapted_part(*data_, files, AdaptTraining::Speaker, prior, spec).features.size(), 4u);
  // A short stream's statistics: 3 windows of the speaker, drawn from the seed.
  const auto a = normalised_by_group(*data_, files, AdaptGroup::Speaker, prior, spec, 3, 9);
  EXPECT_EQ(a, normalised_by_group(*data_, files, AdaptGroup::Speaker, prior, spec, 3, 9));
  EXPECT_NE(a[0], by_speaker[0]);
}

// With the prior balanced by corpus, a corpus of one speaker weighs as much as a corpus of three.
TEST_F(CrossValidation, APriorBalancedByCorpusWeighsEveryCorpusTheSame) {
  const features::FeatureSpec& spec = test::small_run(*tree_).spec;
  PreparedData data = *data_;
  std::vector<size_t> files(data.dataset.utterances.size());
  std::map<std::string, std::vector<size_t>> by_speaker;
  for (size_t i = 0; i < files.size(); ++i) {
    files[i] = i;
    auto& u = data.dataset.utterances[i];
    if (u.speaker == "ravdess:01") u.corpus = "other";
    by_speaker[u.speaker].push_back(i);
  }
  ASSERT_EQ(by_speaker.size(), 4u);
  std::vector<features::FeatureStats> speakers;
  std::vector<double> weights;
  for (const auto& entry : by_speaker) {
    speakers.push_back(stats_of(data, entry.second, spec));
    weights.push_back(entry.first == "ravdess:01" ? 1.0 : 1.0 / 3.0);
  }
  const auto balanced = training_prior(data, files, spec, 30.0, PriorBalance::Corpus);
  const auto expected = features::prior_of(speakers, 30.0, weights);
  const auto by_speakers = training_prior(data, files, spec, 30.0, PriorBalance::Speaker);
  ASSERT_EQ(balanced.dim(), expected.dim());
  size_t moved = 0;
  for (size_t k = 0; k < balanced.dim(); ++k) {
    EXPECT_FLOAT_EQ(balanced.prior_mean[k], expected.prior_mean[k]);
    EXPECT_FLOAT_EQ(balanced.prior_std[k], expected.prior_std[k]);
    moved += std::fabs(balanced.prior_mean[k] - by_speakers.prior_mean[k]) > 1e-4f * (1.0f + std::fabs(by_speakers.prior_mean[k]));
  }
  EXPECT_GT(moved, balanced.dim() / 2);
  // One corpus: both balances are the same prior.
  const auto one = training_prior(*data_, files, spec, 30.0, PriorBalance::Corpus);
  const auto plain = training_prior(*data_, files, spec, 30.0, PriorBalance::Speaker);
  for (size_t k = 0; k < one.dim(); ++k) EXPECT_FLOAT_EQ(one.prior_mean[k], plain.prior_mean[k]);
  EXPECT_EQ(parse_prior_balance(" Corpus"), PriorBalance::Corpus);
  EXPECT_TRUE(mentions(error_of<ParameterError>([] { parse_prior_balance("class"); }),
                       "unknown prior balance 'class' (known: speaker, corpus)"));
  RunConfig c = test::small_run(*tree_);
  c.adapt_prior_balance = "voices";
  EXPECT_THROW(c.validate(), ParameterError);
}

// A speaker who keeps one emotion: each file is normalised by the statistics of its speaker's files
// of its own label only.
TEST_F(CrossValidation, SpeakerEmotionGroupsASpeakersFilesOfOneLabel) {
  const features::FeatureSpec& spec = test::small_run(*tree_).spec;
  const auto& u = data_->dataset.utterances;
  std::vector<size_t> files, same;
  for (size_t i = 0; i < u.size(); ++i) {
    if (u[i].speaker != u[0].speaker) continue;
    files.push_back(i);
    if (u[i].label == u[0].label) same.push_back(i);
  }
  ASSERT_GT(same.size(), 1u);
  ASSERT_GT(files.size(), same.size());  // the speaker has files of another label too
  const features::AdaptiveNorm prior = training_prior(*data_, files, spec, 30.0);
  const auto by_emotion = normalised_by_group(*data_, files, AdaptGroup::SpeakerEmotion, prior, spec);
  EXPECT_EQ(by_emotion[0], normalised_by_group(*data_, same, AdaptGroup::Speaker, prior, spec)[0]);
  EXPECT_NE(by_emotion[0], normalised_by_group(*data_, files, AdaptGroup::Speaker, prior, spec)[0]);
}

// The speakers each fold tests, fold by fold.
std::vector<std::vector<std::string>> fold_speakers(const RunConfig& c, const Dataset& d) {
  std::vector<std::vector<std::string>> out;
  for (const auto& f : run_folds(c, d)) out.push_back(f.test_speakers);
  return out;
}

TEST(RunFolds, AFoldSeedDrawsTheFoldsInsteadOfTheTrainersSeed) {
  Dataset d;
  for (int s = 0; s < 20; ++s) {
    for (const char* label : {"happy", "sad"}) {
      data::Utterance u;
      u.path = "s" + std::to_string(s) + label + ".wav";
      u.corpus = "ravdess";
      u.label = label;
      u.speaker = "ravdess:" + std::to_string(s);
      d.utterances.push_back(u);
    }
  }
  RunConfig c;
  c.split = data::FoldScheme::SpeakerGrouped;
  c.folds = 5;
  c.trainer.seed = 5;
  const auto seed5 = fold_speakers(c, d);
  c.trainer.seed = 6;
  const auto seed6 = fold_speakers(c, d);
  ASSERT_NE(seed6, seed5);  // 20 speakers in 5 folds: two seeds deal them otherwise
  EXPECT_EQ(test_draw_seed(c), 6u);  // without a fold seed, the trainer's draws the speakers' windows
  c.fold_seed = 5;
  EXPECT_EQ(fold_speakers(c, d), seed5);
  EXPECT_EQ(test_draw_seed(c), 5u);  // with one, the runs of every seed hear the same windows
}

TEST(TestAdaptation, NamesRoundTripAndBadOnesAreRefused) {
  for (const char* name :
       {"none", "speaker", "corpus", "speaker:10", "corpus:3", "speaker-emotion", "speaker-emotion:10"}) {
    EXPECT_EQ(test_adaptation_name(parse_test_adaptation(name)), name);
  }
  EXPECT_EQ(parse_test_adaptation("speaker:30").windows, 30u);
  for (const char* bad : {"stream", "none:3", "speaker:", "speaker:0", "speaker:x", "speaker:99999999"}) {
    EXPECT_THROW(parse_test_adaptation(bad), ParameterError) << bad;
  }
  EXPECT_EQ(parse_adapt_training("Mixed"), AdaptTraining::Mixed);
  EXPECT_THROW(parse_adapt_training("stream"), ParameterError);
}

TEST(RunConfigBalance, NamesMapToTheCorpusBalance) {
  EXPECT_FALSE(parse_balance("class").has_value());
  EXPECT_EQ(parse_balance("corpus"), CorpusBalance::Pairs);
  EXPECT_EQ(parse_balance("class-corpus"), CorpusBalance::Classes);
  EXPECT_TRUE(mentions(error_of<ParameterError>([] { parse_balance("speaker"); }),
                       "balance must be class, corpus or class-corpus (got 'speaker')"));
}

TEST_F(CrossValidation, ACorpusWithoutFilesIsAnErrorSayingSo) {
  TempTree empty;
  empty.write("README.txt", "nothing here");
  RunConfig c = test::small_run(*tree_);
  c.data.corpora = {{"ravdess", empty.root().string()}};
  RunTotals totals;
  EXPECT_TRUE(mentions(error_of<Error>([&] { prepare_data(c, {}, {}, totals); }), "no RAVDESS files found"));
}

}  // namespace
}  // namespace ser::train

// A fold's report sent between the ranks of a job comes back identical, bit for bit.
#include "train/dist/fold_codec.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "common/error.h"

namespace ser::train::dist {
namespace {

FoldReport sample_fold(int index) {
  FoldReport f;
  f.index = index;
  f.test_speakers = {"ravdess:01", "emodb:03"};
  f.held_out_corpus = index == 2 ? "emodb" : "";
  f.n_unscored = 3;
  f.ua_by_test_adaptation = {{"none", 0.1 + 1e-17}, {"speaker", 1.0 / 3.0}};
  f.n_train = 40;
  f.n_validation = 4;
  f.n_test = 5;
  f.best_epoch = 7;
  f.scores = evaluate({0, 1, 1, 2, 2}, {0, 1, 2, 2, 0}, 3);
  EpochRecord e;
  e.epoch = 1;
  e.train_loss = 0.6931471805599453;
  e.learning_rate = 1e-3 / 7;
  e.seconds = 0.25;
  f.curve = {e};  // val_loss and val_ua NaN: no validation part
  FilePrediction p;
  p.path = "/data/é/a b.flac";
  p.corpus = "ravdess";
  p.speaker = "ravdess:01";
  p.gender = "male";
  p.label = 1;
  p.predicted = 2;
  p.probabilities = {0.1f, 0.2f, std::nextafter(0.7f, 1.0f)};
  f.predictions = {p};
  return f;
}

TEST(FoldCodec, RoundTripsEveryField) {
  const std::vector<FoldReport> folds = {sample_fold(1), sample_fold(2)};
  const std::vector<FoldReport> back = decode_folds(encode_folds(folds));
  ASSERT_EQ(back.size(), 2u);
  for (size_t k = 0; k < 2; ++k) {
    const FoldReport& a = folds[k];
    const FoldReport& b = back[k];
    EXPECT_EQ(a.index, b.index);
    EXPECT_EQ(a.test_speakers, b.test_speakers);
    EXPECT_EQ(a.held_out_corpus, b.held_out_corpus);
    EXPECT_EQ(a.n_unscored, b.n_unscored);
    EXPECT_EQ(a.ua_by_test_adaptation, b.ua_by_test_adaptation);
    EXPECT_EQ(a.n_train, b.n_train);
    EXPECT_EQ(a.n_validation, b.n_validation);
    EXPECT_EQ(a.n_test, b.n_test);
    EXPECT_EQ(a.best_epoch, b.best_epoch);
    EXPECT_EQ(a.scores.confusion.storage(), b.scores.confusion.storage());
    EXPECT_EQ(a.scores.ua, b.scores.ua);
    EXPECT_EQ(a.scores.macro_f1, b.scores.macro_f1);
    ASSERT_EQ(b.curve.size(), 1u);
    EXPECT_EQ(a.curve[0].train_loss, b.curve[0].train_loss);
    EXPECT_EQ(a.curve[0].learning_rate, b.curve[0].learning_rate);
    EXPECT_TRUE(std::isnan(b.curve[0].val_loss));
    EXPECT_TRUE(std::isnan(b.curve[0].val_ua));
    ASSERT_EQ(b.predictions.size(), 1u);
    EXPECT_EQ(a.predictions[0].path, b.predictions[0].path);
    EXPECT_EQ(a.predictions[0].gender, b.predictions[0].gender);
    EXPECT_EQ(a.predictions[0].probabilities, b.predictions[0].probabilities);
    EXPECT_EQ(a.predictions[0].predicted, b.predictions[0].predicted);
  }
}

TEST(FoldCodec, NoFoldsIsAnEmptyList) { EXPECT_TRUE(decode_folds(encode_folds({})).empty()); }

TEST(FoldCodec, DamagedBytesAreAnError) {
  const std::string bytes = encode_folds({sample_fold(1)});
  EXPECT_THROW(decode_folds(bytes.substr(0, bytes.size() / 2)), Error);
  EXPECT_THROW(decode_folds("not cbor"), Error);
}

}  // namespace
}  // namespace ser::train::dist

// Tests of lib/train: a made-up but consistent run report (labels, folds, curves).
#pragma once

#include <cmath>
#include <string>
#include <vector>

#include "train/report/report.h"

namespace ser::train::test {

inline const std::vector<std::string>& fixture_labels() {
  static const std::vector<std::string> labels = {"angry", "happy", "neutral", "sad"};
  return labels;
}

// Fold f (0-based) of n_items: mostly right, every (f + 3)-th item shifted to the next class.
inline Scores fixture_scores(int f, int n_items) {
  std::vector<int> y_true, y_pred;
  for (int i = 0; i < n_items; ++i) {
    const int t = i % 4;
    y_true.push_back(t);
    y_pred.push_back(i % (f + 3) == 0 ? (t + 1) % 4 : t);
  }
  return evaluate(y_true, y_pred, 4);
}

// A curve of `epochs` epochs: losses falling, UA rising; no validation set when !with_validation.
inline LearningCurve fixture_curve(int f, int epochs, bool with_validation = true) {
  LearningCurve c;
  for (int e = 1; e <= epochs; ++e) {
    EpochRecord r;
    r.epoch = e;
    r.train_loss = 1.4 * std::exp(-0.15 * e) + 0.05 * f;
    if (with_validation) {
      r.val_loss = 1.5 * std::exp(-0.1 * e) + 0.2 + 0.03 * f;
      r.val_ua = 0.9 - 0.6 * std::exp(-0.2 * e) - 0.02 * f;
    }
    r.learning_rate = 1e-3;
    r.seconds = 2.0;
    c.push_back(r);
  }
  return c;
}

inline RunReport fixture_report(int n_folds = 3, int epochs = 12) {
  const char* argv[] = {"ser-train", "evaluate", "--corpus", "ravdess=/data/RAVDESS", "--out", "my report"};
  RunReport r = start_report(6, argv);
  r.libtorch_version = "1.13.1";
  r.corpora = {{"ravdess", "/data/RAVDESS", 1440, "CC BY-NC-SA 4.0"}, {"emodb", "/data/EMO-DB", 535, "free"}};
  r.skipped = {{"/data/EMO-DB/bad.wav", "cannot decode: not audio"}, {"/data/x|y.wav", "label 'boredom' is not mapped"}};
  r.labels = fixture_labels();
  r.protocol.split = data::FoldScheme::SpeakerGrouped;
  r.protocol.folds = n_folds;
  r.protocol.seed = 42;
  r.protocol.epochs = epochs;
  r.protocol.model = "cnn_mfcc";
  r.protocol.hyper_parameters = {{"lr", 0.001}, {"batch_size", 32}};
  r.protocol.feature_spec = {{"name", "mfcc40"}, {"n_mfcc", 40}};
  r.protocol.augmentation = {{"noise_snr_db", 20}};
  r.wall_time = {12.5, 345.25};
  r.cache = {1000, 975};
  for (int f = 0; f < n_folds; ++f) {
    FoldReport fold;
    fold.index = f + 1;
    fold.test_speakers = {"ravdess:" + std::to_string(2 * f + 1), "ravdess:" + std::to_string(2 * f + 2)};
    fold.n_train = 1000 + f;
    fold.n_validation = 100;
    fold.n_test = 40 + 4 * f;
    fold.best_epoch = epochs - f;
    fold.scores = fixture_scores(f, static_cast<int>(fold.n_test));
    fold.curve = fixture_curve(f, epochs);
    r.folds.push_back(fold);
  }
  return r;
}

}  // namespace ser::train::test

#include "train/dist/fold_codec.h"

#include <nlohmann/json.hpp>

#include "common/error.h"

namespace ser::train::dist {
namespace {

using nlohmann::json;

json curve_json(const LearningCurve& curve) {
  json out = json::array();
  for (const EpochRecord& e : curve) {
    out.push_back({e.epoch, e.train_loss, e.val_loss, e.val_ua, e.learning_rate, e.seconds});
  }
  return out;
}

LearningCurve curve_of(const json& j) {
  LearningCurve out;
  for (const json& e : j) {
    EpochRecord r;
    r.epoch = e.at(0).get<int>();
    r.train_loss = e.at(1).get<double>();
    r.val_loss = e.at(2).get<double>();
    r.val_ua = e.at(3).get<double>();
    r.learning_rate = e.at(4).get<double>();
    r.seconds = e.at(5).get<double>();
    out.push_back(r);
  }
  return out;
}

json reliability_json(const Reliability& r) { return {r.count, r.confidence, r.correct}; }

Reliability reliability_of(const json& j) {
  Reliability r;
  r.count = j.at(0).get<std::vector<std::size_t>>();
  r.confidence = j.at(1).get<std::vector<double>>();
  r.correct = j.at(2).get<std::vector<double>>();
  return r;
}

json calibration_json(const FoldCalibration& c) {
  return {{"fit", {c.fit.temperature, c.fit.nll_before, c.fit.nll_after, c.fit.items}},
          {"reliability",
           {reliability_json(c.windows_before), reliability_json(c.windows_after), reliability_json(c.files_before),
            reliability_json(c.files_after)}}};
}

FoldCalibration calibration_of(const json& j) {
  FoldCalibration c;
  const json& fit = j.at("fit");
  c.fit.temperature = fit.at(0).get<double>();
  c.fit.nll_before = fit.at(1).get<double>();
  c.fit.nll_after = fit.at(2).get<double>();
  c.fit.items = fit.at(3).get<std::size_t>();
  const json& r = j.at("reliability");
  c.windows_before = reliability_of(r.at(0));
  c.windows_after = reliability_of(r.at(1));
  c.files_before = reliability_of(r.at(2));
  c.files_after = reliability_of(r.at(3));
  return c;
}

json fold_json(const FoldReport& f) {
  const Confusion& c = f.scores.confusion;
  json confusion = json::array();
  for (size_t r = 0; r < c.rows(); ++r) confusion.push_back(std::vector<int64_t>(c.row(r), c.row(r) + c.cols()));
  json predictions = json::array();
  for (const FilePrediction& p : f.predictions) {
    predictions.push_back({p.path, p.corpus, p.speaker, p.label, p.predicted, p.probabilities, p.gender});
  }
  return {{"index", f.index},
          {"test_speakers", f.test_speakers},
          {"held_out_corpus", f.held_out_corpus},
          {"n_unscored", f.n_unscored},
          {"ua_by_test_adaptation", f.ua_by_test_adaptation},
          {"n_train", f.n_train},
          {"n_validation", f.n_validation},
          {"n_test", f.n_test},
          {"best_epoch", f.best_epoch},
          {"confusion", confusion},
          {"curve", curve_json(f.curve)},
          {"predictions", predictions},
          {"calibration", calibration_json(f.calibration)}};
}

FoldReport fold_of(const json& j) {
  FoldReport f;
  f.index = j.at("index").get<int>();
  f.test_speakers = j.at("test_speakers").get<std::vector<std::string>>();
  f.held_out_corpus = j.at("held_out_corpus").get<std::string>();
  f.n_unscored = j.at("n_unscored").get<size_t>();
  f.ua_by_test_adaptation = j.at("ua_by_test_adaptation").get<std::map<std::string, double>>();
  f.n_train = j.at("n_train").get<size_t>();
  f.n_validation = j.at("n_validation").get<size_t>();
  f.n_test = j.at("n_test").get<size_t>();
  f.best_epoch = j.at("best_epoch").get<int>();
  const json& rows = j.at("confusion");
  Confusion c(rows.size(), rows.empty() ? 0 : rows.at(0).size());
  for (size_t r = 0; r < c.rows(); ++r) {
    for (size_t k = 0; k < c.cols(); ++k) c(r, k) = rows.at(r).at(k).get<int64_t>();
  }
  f.scores = scores_from_confusion(c);
  f.curve = curve_of(j.at("curve"));
  f.calibration = calibration_of(j.at("calibration"));
  for (const json& p : j.at("predictions")) {
    FilePrediction fp;
    fp.path = p.at(0).get<std::string>();
    fp.corpus = p.at(1).get<std::string>();
    fp.speaker = p.at(2).get<std::string>();
    fp.label = p.at(3).get<int>();
    fp.predicted = p.at(4).get<int>();
    fp.probabilities = p.at(5).get<std::vector<float>>();
    fp.gender = p.at(6).get<std::string>();
    f.predictions.push_back(std::move(fp));
  }
  return f;
}

}  // namespace

std::string encode_folds(const std::vector<FoldReport>& folds) {
  json all = json::array();
  for (const FoldReport& f : folds) all.push_back(fold_json(f));
  const std::vector<uint8_t> bytes = json::to_cbor(all);
  return std::string(bytes.begin(), bytes.end());
}

std::vector<FoldReport> decode_folds(const std::string& bytes) {
  try {
    const json all = json::from_cbor(bytes);
    std::vector<FoldReport> out;
    for (const json& f : all) out.push_back(fold_of(f));
    return out;
  } catch (const json::exception& e) {
    throw Error(std::string("distributed job: a rank sent fold results that cannot be read: ") + e.what());
  }
}

}  // namespace ser::train::dist

// report_json(): the report.json document; its schema is in report.h and docs/report-format.md.
#include <cmath>

#include "common/path_text.h"
#include "train/report/report.h"

namespace ser::train {
namespace {

using json = nlohmann::ordered_json;

constexpr int kFormatVersion = 1;

// NaN (not measured) as null, explicitly: JSON has no NaN.
json number(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

json confusion_json(const Confusion& c) {
  json rows = json::array();
  for (size_t t = 0; t < c.rows(); ++t) rows.push_back(std::vector<int64_t>(c.row(t), c.row(t) + c.cols()));
  return rows;
}

json class_scores_json(const std::vector<ClassScores>& classes, const std::vector<std::string>& labels) {
  json out = json::array();
  for (size_t k = 0; k < classes.size(); ++k) {
    const ClassScores& c = classes[k];
    out.push_back({{"label", labels[k]},
                   {"precision", number(c.precision)},
                   {"recall", number(c.recall)},
                   {"f1", number(c.f1)},
                   {"support", c.support},
                   {"predicted", c.predicted}});
  }
  return out;
}

// accuracy, ua, wa, macro_f1, per_class, confusion of one set of predictions.
json scores_json(const Scores& s, const std::vector<std::string>& labels) {
  return {{"accuracy", number(s.accuracy)},
          {"ua", number(s.ua)},
          {"wa", number(s.wa)},
          {"macro_f1", number(s.macro_f1)},
          {"per_class", class_scores_json(s.per_class, labels)},
          {"confusion", confusion_json(s.confusion)}};
}

// Column-wise, one array per field (one line each in report.json, and what plotting tools take).
json curve_json(const LearningCurve& curve) {
  json epoch = json::array(), train_loss = json::array(), val_loss = json::array(), val_ua = json::array(),
       learning_rate = json::array(), seconds = json::array();
  for (const EpochRecord& e : curve) {
    epoch.push_back(e.epoch);
    train_loss.push_back(number(e.train_loss));
    val_loss.push_back(number(e.val_loss));
    val_ua.push_back(number(e.val_ua));
    learning_rate.push_back(number(e.learning_rate));
    seconds.push_back(number(e.seconds));
  }
  return {{"epoch", std::move(epoch)},
          {"train_loss", std::move(train_loss)},
          {"val_loss", std::move(val_loss)},
          {"val_ua", std::move(val_ua)},
          {"learning_rate", std::move(learning_rate)},
          {"seconds", std::move(seconds)}};
}

json fold_json(const FoldReport& f, const std::vector<std::string>& labels) {
  json out = {{"index", f.index},
              {"test_speakers", f.test_speakers},
              {"sizes", {{"train", f.n_train}, {"validation", f.n_validation}, {"test", f.n_test}}},
              {"best_epoch", f.best_epoch}};
  if (!f.ua_by_test_adaptation.empty()) {
    json by_group = json::object();
    for (const auto& [group, ua] : f.ua_by_test_adaptation) by_group[group] = number(ua);
    out["ua_by_test_adaptation"] = by_group;
  }
  if (!f.held_out_corpus.empty()) {
    out["held_out_corpus"] = f.held_out_corpus;
    out["unscored"] = f.n_unscored;
  }
  out.update(scores_json(f.scores, labels));
  out["curve"] = curve_json(f.curve);
  json predictions = json::array();
  for (const FilePrediction& p : f.predictions) {
    json probabilities = json::array();
    for (float v : p.probabilities) probabilities.push_back(number(v));
    predictions.push_back({{"file", path_text(p.path)},
                           {"corpus", p.corpus},
                           {"speaker", p.speaker},
                           {"gender", p.gender.empty() ? "unknown" : p.gender},
                           {"label", labels[static_cast<size_t>(p.label)]},
                           {"predicted", labels[static_cast<size_t>(p.predicted)]},
                           {"probabilities", std::move(probabilities)}});
  }
  out["predictions"] = std::move(predictions);
  const FoldCalibration& c = f.calibration;
  if (!c.windows_before.count.empty()) {
    out["calibration"] = {{"temperature", number(c.fit.temperature)},
                          {"validation_windows", c.fit.items},
                          {"validation_nll_before", number(c.fit.nll_before)},
                          {"validation_nll_after", number(c.fit.nll_after)},
                          {"ece",
                           {{"windows_before", number(c.windows_before.ece())},
                            {"windows_after", number(c.windows_after.ece())},
                            {"files_before", number(c.files_before.ece())},
                            {"files_after", number(c.files_after.ece())}}}};
  }
  return out;
}

void put_mean_std(json& out, const std::string& name, const MeanStd& v) {
  out[name] = number(v.mean);
  out[name + "_std"] = number(v.std);
}

json reliability_json(const Reliability& r) {
  json count = json::array(), confidence = json::array(), accuracy = json::array();
  for (size_t b = 0; b < r.count.size(); ++b) {
    count.push_back(r.count[b]);
    confidence.push_back(number(r.mean_confidence(b)));
    accuracy.push_back(number(r.accuracy(b)));
  }
  return {{"count", std::move(count)}, {"confidence", std::move(confidence)}, {"accuracy", std::move(accuracy)}};
}

json calibration_json(const CalibrationSummary& c) {
  json out = {{"method", "temperature scaling"}, {"bins", kCalibrationBins}};
  put_mean_std(out, "temperature", c.temperature);
  put_mean_std(out, "ece_windows_before", c.ece_windows_before);
  put_mean_std(out, "ece_windows_after", c.ece_windows_after);
  put_mean_std(out, "ece_files_before", c.ece_files_before);
  put_mean_std(out, "ece_files_after", c.ece_files_after);
  out["reliability"] = {{"windows_before", reliability_json(c.windows_before)},
                        {"windows_after", reliability_json(c.windows_after)},
                        {"files_before", reliability_json(c.files_before)},
                        {"files_after", reliability_json(c.files_after)}};
  return out;
}

json mean_json(const FoldAggregate& a, const std::vector<std::string>& labels) {
  json out = {{"n_folds", a.n_folds}};
  put_mean_std(out, "accuracy", a.accuracy);
  put_mean_std(out, "ua", a.ua);
  put_mean_std(out, "wa", a.wa);
  put_mean_std(out, "macro_f1", a.macro_f1);
  json classes = json::array();
  for (size_t k = 0; k < a.per_class.size(); ++k) {
    json c = {{"label", labels[k]}, {"n_folds", a.per_class[k].n_folds}};
    put_mean_std(c, "precision", a.per_class[k].precision);
    put_mean_std(c, "recall", a.per_class[k].recall);
    put_mean_std(c, "f1", a.per_class[k].f1);
    classes.push_back(std::move(c));
  }
  out["per_class"] = std::move(classes);
  return out;
}

json protocol_json(const Protocol& p) {
  json out = {{"split", data::fold_scheme_name(p.split)},
              {"folds", p.folds},
              {"seed", p.seed},
              {"epochs", p.epochs},
              {"model", p.model},
              {"hyper_parameters", p.hyper_parameters},
              {"feature_spec", p.feature_spec},
              {"augmentation", p.augmentation}};
  if (p.fold_seed) out["fold_seed"] = *p.fold_seed;
  return out;
}

json data_json(const RunReport& r) {
  json corpora = json::array();
  for (const CorpusInfo& c : r.corpora) {
    corpora.push_back({{"name", c.name}, {"path", path_text(c.path)}, {"files", c.files}, {"licence", c.licence}});
  }
  json skipped = json::array();
  for (const SkippedFile& s : r.skipped) skipped.push_back({{"path", path_text(s.path)}, {"reason", path_text(s.reason)}});
  return {{"corpora", std::move(corpora)},
          {"skipped", {{"count", r.skipped.size()}, {"files", std::move(skipped)}}},
          {"labels", r.labels}};
}

// Puts every array that holds only numbers on one line: "[\n  1,\n  2\n]" becomes "[1, 2]".
// Strings are copied untouched (a '[' in a path is not an array).
std::string collapse_number_arrays(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char ch = text[i];
    if (in_string) {
      out += ch;
      if (ch == '\\' && i + 1 < text.size()) {
        out += text[++i];
      } else if (ch == '"') {
        in_string = false;
      }
      continue;
    }
    if (ch == '"') in_string = true;
    const size_t end = ch == '[' ? text.find_first_of("[]{\"", i + 1) : std::string::npos;
    if (end == std::string::npos || text[end] != ']') {
      out += ch;
      continue;
    }
    // Only numbers, commas and white space up to the closing bracket.
    out += '[';
    bool gap = false;
    for (size_t j = i + 1; j < end; ++j) {
      const char c = text[j];
      if (c == ' ' || c == '\n') continue;
      if (gap) out += ' ';
      out += c;
      gap = c == ',';
    }
    out += ']';
    i = end;
  }
  return out;
}

}  // namespace

json report_json(const RunReport& r) {
  const FoldAggregate aggregate_scores = summarize(r);

  json out = {{"format", "seremotion-report"},
              {"format_version", kFormatVersion},
              {"command", r.command},
              {"versions", {{"seremotion", r.seremotion_version}, {"libtorch", r.libtorch_version}}},
              {"date", r.date},
              {"machine", {{"cores", r.machine.cores}, {"cpu_model", r.machine.cpu_model}}}};
  out.update(data_json(r));
  out["protocol"] = protocol_json(r.protocol);
  out["wall_time"] = {{"feature_extraction_s", number(r.wall_time.feature_extraction_s)},
                      {"training_s", number(r.wall_time.training_s)}};
  out["cache"] = {{"hits", r.cache.hits}, {"misses", r.cache.misses}};
  json folds = json::array();
  for (const FoldReport& f : r.folds) folds.push_back(fold_json(f, r.labels));
  out["folds"] = std::move(folds);
  out["mean"] = mean_json(aggregate_scores, r.labels);
  out["pooled"] = {{"n_items", aggregate_scores.pooled.n_items}};
  out["pooled"].update(scores_json(aggregate_scores.pooled, r.labels));
  for (const auto& [key, groups] :
       {std::pair{"by_corpus", summarize_by_corpus(r)}, std::pair{"by_gender", summarize_by_gender(r)}}) {
    if (groups.empty()) continue;
    json by = json::object();
    for (const auto& [group, a] : groups) {
      json g = mean_json(a, r.labels);
      g["pooled"] = {{"n_items", a.pooled.n_items}};
      g["pooled"].update(scores_json(a.pooled, r.labels));
      by[group] = std::move(g);
    }
    out[key] = std::move(by);
  }
  const CalibrationSummary calibration = summarize_calibration(r);
  if (calibration.measured) out["calibration"] = calibration_json(calibration);
  return out;
}

std::string report_json_text(const RunReport& report) {
  // Paths are path_text (common/path_text.h), recoverable; any other text that is not UTF-8 (the
  // command line) has such bytes replaced rather than failing the report.
  return collapse_number_arrays(report_json(report).dump(2, ' ', false, json::error_handler_t::replace)) + "\n";
}

}  // namespace ser::train

// ser-train features: the features of files, as the trainer and the element compute them.
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "commands.h"
#include "each_file.h"
#include "common/error.h"
#include "common/path_text.h"
#include "features/extractor.h"
#include "features/feature_spec.h"
#include "features/windowing.h"
#include "io/audio_decoder.h"
#include "option_checks.h"
#include "spec_file.h"

namespace ser::cli {
namespace {

struct FeaturesOptions {
  std::vector<std::string> files;
  std::string preset = "issa193";
  std::string spec_path;
  std::string format = "json";
  bool windows = false;
  double hop_seconds = 0.0;
};

features::FeatureSpec load_spec(const FeaturesOptions& o) {
  if (o.spec_path.empty()) return features::FeatureSpec::preset(o.preset);
  return read_spec_file(o.spec_path, "--spec");
}

// One output record: the features of one span of one file.
// names: the spec's feature names (one per row of a sequence, per value of a vector), or null.
void print_record(std::ostream& out, const FeaturesOptions& o, const std::string& file,
                  const nlohmann::json& spec_json, const nlohmann::json& names, const Matrix& m,
                  const features::WindowSpan* span, int rate) {
  if (o.format == "json") {
    nlohmann::json j{{"file", path_text(file)}, {"spec", spec_json}, {"shape", {m.rows(), m.cols()}}};
    if (!names.is_null()) j["names"] = names;
    if (span) {
      j["start"] = double(span->start) / rate;
      j["duration"] = double(span->length) / rate;
    }
    j["values"] = m.storage();
    out << j.dump() << "\n";
    return;
  }
  out << '"' << path_text(file) << '"';
  if (span) out << ',' << double(span->start) / rate << ',' << double(span->length) / rate;
  out << ',' << m.rows() << ',' << m.cols();
  std::ostringstream values;
  values.precision(9);
  for (float v : m.storage()) values << ',' << v;
  out << values.str() << "\n";
}

int run_features(const FeaturesOptions& o) {
  const features::FeatureSpec spec = load_spec(o);
  const nlohmann::json spec_json = spec.to_json();
  const nlohmann::json names = spec.has_named_features() ? nlohmann::json(spec.feature_names()) : nlohmann::json();
  features::Extractor extractor(spec);
  io::AudioDecoder decoder(spec.sample_rate);
  const size_t window = spec.window_samples();
  const size_t hop = o.hop_seconds > 0 ? size_t(o.hop_seconds * spec.sample_rate + 0.5) : window;
  if (o.format == "csv") {
    std::cout << "file" << (o.windows ? ",start,duration" : "") << ",rows,cols";
    // Named features head their columns (a sequence's values run row by row, frame by frame).
    if (!names.is_null() && spec.shape == features::InputShape::Vector) {
      for (const auto& n : names) std::cout << ',' << n.get<std::string>();
      std::cout << "\n";
    } else {
      std::cout << ",values...\n";
    }
  }
  Matrix m;
  return for_each_file(o.files, [&](const std::string& file) {
    const io::DecodedAudio audio = decoder.decode(file);
    if (!o.windows) {
      extractor.compute(audio.samples, m);
      print_record(std::cout, o, file, spec_json, names, m, nullptr, spec.sample_rate);
      return;
    }
    for (const auto& span : features::plan_windows(audio.samples.size(), window, hop)) {
      extractor.compute(FloatSpan(audio.samples.data() + span.start, span.length), m);
      print_record(std::cout, o, file, spec_json, names, m, &span, spec.sample_rate);
    }
  });
}

}  // namespace

Action add_features_command(CLI::App& app) {
  auto o = std::make_shared<FeaturesOptions>();
  CLI::App* cmd = app.add_subcommand("features", command_description("features"));
  cmd->add_option("files", o->files, "Audio files (any format GStreamer decodes)")->required();
  auto* preset = cmd->add_option("--preset", o->preset, "Feature preset")
                     ->check(CLI::IsMember(features::FeatureSpec::preset_names()))
                     ->capture_default_str();
  cmd->add_option("--spec", o->spec_path, "A FeatureSpec JSON file (as stored in model bundles)")
      ->check(CLI::ExistingFile)
      ->excludes(preset);
  cmd->add_option("--format", o->format, "Output: json (one object per line with file, spec, shape, values\n"
                                         "flat in row-major order, and names when the spec names its features)\n"
                                         "or csv (one line per record)")
      ->check(CLI::IsMember({"json", "csv"}))
      ->capture_default_str();
  cmd->add_flag("--windows", o->windows, "One record per window (adds start and duration, in seconds)");
  cmd->add_option("--hop", o->hop_seconds, "Seconds between window starts with --windows (default: the window)")
      ->check(number_in(features::kMinWindowSeconds, features::kMaxWindowSeconds));
  return [o] { return run_features(*o); };
}

}  // namespace ser::cli

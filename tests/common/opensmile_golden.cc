#include "common/opensmile_golden.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

#include "common/shared_data.h"

namespace ser::test {
namespace {

std::vector<std::string> split(const std::string& line, char sep) {
  std::vector<std::string> out;
  std::stringstream ss(line);
  std::string field;
  while (std::getline(ss, field, sep)) out.push_back(field);
  return out;
}

std::vector<std::string> lines_of(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::vector<std::string> lines;
  for (std::string l; std::getline(in, l);)
    if (!l.empty()) lines.push_back(l);
  return lines;
}

// name -> source path, from the librosa golden index (the same files).
std::string source_of(const std::string& name) {
  const std::string index = shared_dir() + "/golden/librosa-0.11.0/index.json";
  std::ifstream in(index);
  if (!in) return {};
  const nlohmann::json parsed = nlohmann::json::parse(in);
  for (const auto& e : parsed.at("inputs")) {
    if (e.at("name") == name) return data_dir() + "/" + e.at("source").get<std::string>();
  }
  return {};
}

}  // namespace

std::string opensmile_golden_dir() {
  const std::string shared = shared_dir();
  if (shared.empty()) return {};
  const std::string dir = shared + "/golden/opensmile-3.0-egemaps";
  return std::filesystem::is_directory(dir) ? dir : std::string();
}

std::vector<OpensmileGolden> opensmile_golden() {
  std::vector<OpensmileGolden> out;
  const std::string root = opensmile_golden_dir();
  if (root.empty()) return out;
  std::vector<std::string> names;
  for (const auto& e : std::filesystem::directory_iterator(root))
    if (e.is_directory()) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  for (const auto& name : names) {
    OpensmileGolden g;
    g.name = name;
    g.audio = source_of(name);
    const auto f = lines_of(root + "/" + name + "/functionals.csv");
    const auto header = split(f.at(0), ';'), values = split(f.at(1), ';');
    for (size_t i = 2; i < header.size(); ++i) {
      g.functional_names.push_back(header[i]);
      g.functionals.push_back(std::stod(values.at(i)));
    }
    const auto l = lines_of(root + "/" + name + "/lld.csv");
    const auto lh = split(l.at(0), ';');
    g.descriptor_names.assign(lh.begin() + 2, lh.end());
    g.descriptors.resize(g.descriptor_names.size(), l.size() - 1);
    for (size_t t = 1; t < l.size(); ++t) {
      const auto row = split(l[t], ';');
      for (size_t r = 0; r < g.descriptor_names.size(); ++r) g.descriptors(r, t - 1) = std::stof(row.at(r + 2));
    }
    out.push_back(std::move(g));
  }
  return out;
}

std::vector<double> functional_spreads(const std::vector<OpensmileGolden>& golden) {
  if (golden.empty()) return {};
  const size_t n = golden[0].functionals.size();
  std::vector<double> spread(n, 0.0);
  for (size_t i = 0; i < n; ++i) {
    double mean = 0.0, sq = 0.0;
    for (const auto& g : golden) mean += g.functionals[i];
    mean /= double(golden.size());
    for (const auto& g : golden) sq += (g.functionals[i] - mean) * (g.functionals[i] - mean);
    spread[i] = std::sqrt(sq / double(golden.size()));
  }
  return spread;
}

bool within_tolerance(double ours, double theirs, double spread) {
  return std::fabs(ours - theirs) <= 0.05 * std::fabs(theirs) + 0.05 * spread;
}

}  // namespace ser::test

// Fuzzing the loader: thousands of damaged model files, each of which must either load or be
// refused with a ModelError; never a crash, a hang, or another exception.
//
// Longer runs: SEREMOTION_FUZZ_SCALE=N multiplies the number of files, SEREMOTION_FUZZ_SEED=S
// changes the seeds (the defaults keep the test under a few seconds and reproducible).
#include <gtest/gtest.h>

#include <cstdlib>
#include <random>

#include "common/error.h"
#include "nn/container.h"
#include "nn/torch_network.h"
#include "nn_test_util.h"

namespace ser::nn {
namespace {

enum class Mutation { BitFlips, Truncation, Splice, RandomRun, RandomFile, Count };

const char* mutation_name(Mutation m) {
  switch (m) {
    case Mutation::BitFlips: return "bit flips";
    case Mutation::Truncation: return "truncation";
    case Mutation::Splice: return "splice";
    case Mutation::RandomRun: return "random run";
    default: return "random file";
  }
}

std::string mutate(const std::string& in, Mutation m, std::mt19937_64& rng) {
  auto pick = [&rng](std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng); };
  auto byte = [&rng] { return static_cast<char>(std::uniform_int_distribution<int>(0, 255)(rng)); };
  std::string out = in;
  switch (m) {
    case Mutation::BitFlips:
      for (std::size_t k = 1 + pick(8); k > 0; --k) out[pick(out.size())] ^= static_cast<char>(1u << pick(8));
      break;
    case Mutation::Truncation:
      out.resize(pick(out.size()));
      break;
    case Mutation::Splice: {  // a piece of the file copied over, or into, another place
      const std::size_t from = pick(out.size());
      const std::size_t length = 1 + pick(std::min<std::size_t>(256, out.size() - from));
      const std::string piece = out.substr(from, length);
      const std::size_t to = pick(out.size());
      if (rng() & 1) out.insert(to, piece);
      else out.replace(to, std::min(length, out.size() - to), piece);
      break;
    }
    case Mutation::RandomRun: {
      const std::size_t at = pick(out.size());
      for (std::size_t i = at, n = 1 + pick(64); i < out.size() && n > 0; ++i, --n) out[i] = byte();
      break;
    }
    default: {  // random bytes, sometimes behind the right magic
      out.assign(1 + pick(2 * in.size()), '\0');
      for (auto& c : out) c = byte();
      if (rng() & 1) out.replace(0, std::min<std::size_t>(8, out.size()), in.substr(0, 8));
      break;
    }
  }
  return out;
}

int env_int(const char* name, int fallback) {
  const char* v = std::getenv(name);
  return v && *v ? std::atoi(v) : fallback;
}

int scaled(int n) { return n * std::max(1, env_int("SEREMOTION_FUZZ_SCALE", 1)); }

std::uint64_t seed(std::uint64_t fallback) {
  return fallback + static_cast<std::uint64_t>(env_int("SEREMOTION_FUZZ_SEED", 0));
}

struct Tally {
  int loaded = 0;
  int refused = 0;
};

// Loads `bytes` from a file; anything but success or a ModelError fails the test.
void try_load(const std::string& bytes, const std::string& path, const std::string& what, Tally& tally,
              TorchScript torchscript = TorchScript::Refuse) {
  test::write_bytes(path, bytes);
  try {
    load_model(path, torchscript);
    ++tally.loaded;
  } catch (const ModelError&) {
    ++tally.refused;
  } catch (const std::exception& e) {
    ADD_FAILURE() << what << ": not a ModelError: " << e.what();
  }
}

TEST(Fuzz, DamagedSermodelBundlesLoadOrAreRefused) {
  const std::string good = test::read_bytes(test::write_small_bundle("fuzz-source.sermodel"));
  const ContainerSections sections = unpack_container(good);
  const std::string parts[3] = {std::string(sections.metadata), std::string(sections.tensor_index),
                                std::string(sections.tensor_data)};
  const std::string path = test::temp_path("fuzz.sermodel");
  std::mt19937_64 rng(seed(20240601));
  Tally raw, behind_checksum;
  for (int i = 0; i < scaled(2000); ++i) {
    const auto m = static_cast<Mutation>(i % static_cast<int>(Mutation::Count));
    try_load(mutate(good, m, rng), path, "file #" + std::to_string(i) + " (" + mutation_name(m) + ")", raw);
  }
  // The same damage inside one section, repacked with the right sizes and checksum, so that
  // the JSON parsers and the tensor checks behind the checksum see it.
  for (int i = 0; i < scaled(2000); ++i) {
    const auto m = static_cast<Mutation>(i % static_cast<int>(Mutation::Count));
    std::string s[3] = {parts[0], parts[1], parts[2]};
    const int which = i % 3;
    if (s[which].empty()) continue;
    s[which] = mutate(s[which], m, rng);
    try_load(pack_container({s[0], s[1], s[2]}), path,
             "section " + std::to_string(which) + " #" + std::to_string(i) + " (" + mutation_name(m) + ")",
             behind_checksum);
  }
  std::printf("sermodel fuzz: raw %d refused, %d loaded; behind the checksum %d refused, %d loaded\n", raw.refused,
              raw.loaded, behind_checksum.refused, behind_checksum.loaded);
  EXPECT_GT(raw.refused, scaled(2000) * 95 / 100);  // the checksum catches almost everything
  EXPECT_GT(behind_checksum.refused, 0);
  EXPECT_GT(behind_checksum.loaded, 0);  // e.g. damage inside weight values
}

TEST(Fuzz, DamagedTorchScriptModulesLoadOrAreRefused) {
  const auto info = test::make_info("mfcc_cnn", "mfcc40", 4);
  const std::string good = test::read_bytes(test::write_script_module("fuzz-source.pt", 40, 4, info.to_json().dump()));
  const std::string path = test::temp_path("fuzz.pt");
  std::mt19937_64 rng(seed(20240602));
  Tally tally;
  for (int i = 0; i < scaled(1500); ++i) {
    const auto m = static_cast<Mutation>(i % static_cast<int>(Mutation::Count));
    try_load(mutate(good, m, rng), path, "file #" + std::to_string(i) + " (" + mutation_name(m) + ")", tally,
             TorchScript::Allow);
  }
  std::printf("TorchScript fuzz: %d refused, %d loaded\n", tally.refused, tally.loaded);
  EXPECT_GT(tally.refused, 0);
}

}  // namespace
}  // namespace ser::nn

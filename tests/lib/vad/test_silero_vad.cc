// lib/vad's Silero VAD on its own: streaming in any pieces, flush, reset, and bad weights files.
#include "vad/silero_vad.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "common/crc32.h"
#include "common/error.h"
#include "common/shared_data.h"
#include "common/signals.h"
#include "common/temp_dir.h"
#include "vad/vad_model.h"
#include "vad_test_support.h"

namespace ser::test {
namespace {

std::vector<float> speech_and_noise() {
  std::vector<float> y = noise(10000, NoiseColour::Pink, -40.0, 1);
  const auto tone = sine(20000, 220.0, 16000.0, 0.3);
  y.insert(y.end(), tone.begin(), tone.end());
  const auto white = noise(9999, NoiseColour::White, -20.0, 2);
  y.insert(y.end(), white.begin(), white.end());
  return y;
}

// The probabilities of y pushed in pieces of the given sizes (cycled), then flushed.
std::vector<float> pushed_in_pieces(vad::SileroVad& vad, const std::vector<float>& y, std::vector<size_t> sizes) {
  std::vector<float> p;
  size_t at = 0;
  for (size_t k = 0; at < y.size(); ++k) {
    const size_t n = std::min(sizes[k % sizes.size()], y.size() - at);
    vad.push(FloatSpan(y.data() + at, n), p);
    at += n;
  }
  vad.flush(p);
  return p;
}

TEST(SileroVad, AnySplitOfTheStreamGivesTheSameBits) {
  const auto y = speech_and_noise();
  const auto whole = vad_probabilities(y);
  ASSERT_EQ(whole.size(), (y.size() + 511) / 512);
  vad::SileroVad vad(shipped_vad_weights());
  for (const auto& sizes : std::vector<std::vector<size_t>>{{1}, {7}, {160}, {511}, {512}, {513}, {4000},
                                                            {16384 + 3}, {1, 1000, 33, 512 * 40}}) {
    EXPECT_EQ(pushed_in_pieces(vad, y, sizes), whole) << "pieces of " << sizes[0];
  }
}

TEST(SileroVad, OneProbabilityPerChunkAndTheRestAtFlush) {
  vad::SileroVad vad(shipped_vad_weights());
  std::vector<float> p;
  const std::vector<float> y(512 * 3 + 100, 0.0f);
  vad.push(FloatSpan(y), p);
  EXPECT_EQ(p.size(), 3u);
  EXPECT_EQ(vad.pending(), 100u);
  vad.flush(p);
  EXPECT_EQ(p.size(), 4u);
  EXPECT_EQ(vad.pending(), 0u);
  vad.flush(p);  // nothing pending: nothing more
  EXPECT_EQ(p.size(), 4u);
  // Digital silence is not speech (Silero's own figure: below 0.01).
  for (float v : p) EXPECT_LT(v, 0.01f);
}

TEST(SileroVad, ResetStartsANewStream) {
  const auto y = speech_and_noise();
  vad::SileroVad vad(shipped_vad_weights());
  std::vector<float> p;
  vad.push(FloatSpan(y.data(), 3000), p);  // state, context and a partial chunk to forget
  vad.reset();
  EXPECT_EQ(vad.pending(), 0u);
  EXPECT_EQ(pushed_in_pieces(vad, y, {1024}), vad_probabilities(y));
}

TEST(SileroVad, HearsSpeechInACorpusFile) {
  SER_REQUIRE_DATA();
  const auto p = vad_probabilities(corpus_audio_16k("ravdess/Actor_01/03-01-01-01-01-01-01.flac"));
  const auto speech = std::count_if(p.begin(), p.end(), [](float v) { return v >= 0.5f; });
  // The clip holds about 1.5 s of speech in 3.3 s, with silence before and after.
  EXPECT_GT(speech, 20);
  EXPECT_LT(speech, static_cast<long>(p.size()) - 10);
}

// Weights files that must be refused with a ModelError naming the file.

std::string shipped_bytes() {
  std::ifstream in(shipped_vad_weights_path(), std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

std::string write_file(const std::string& name, const std::string& bytes) {
  const std::string path = temp_path("vad", name);
  std::ofstream(path, std::ios::binary) << bytes;
  return path;
}

// `bytes` with its CRC recomputed, as a file that was written wrongly rather than damaged.
std::string with_crc(std::string bytes) {
  bytes.resize(bytes.size() - 4);
  const std::uint32_t crc = crc32(bytes.data(), bytes.size());
  for (int i = 0; i < 4; ++i) bytes.push_back(static_cast<char>((crc >> (8 * i)) & 0xFF));
  return bytes;
}

// A folder where a file is expected.
std::string test_dir_path() {
  const std::string dir = temp_path("vad", "a-folder.weights");
  std::filesystem::create_directories(dir);
  return dir;
}

void expect_refused(const std::string& path, const std::string& fragment) {
  try {
    vad::load_silero_weights(path);
    ADD_FAILURE() << path << ": loaded";
  } catch (const ModelError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find(path), std::string::npos) << what;
    EXPECT_NE(what.find(fragment), std::string::npos) << what;
    EXPECT_NE(what.find("SEREMOTION_VAD_MODEL"), std::string::npos) << what;
  }
}

TEST(SileroWeights, ShippedFileLoads) {
  const auto w = shipped_vad_weights();
  EXPECT_EQ(w->encoder_t[0].size(), 128u * 129 * 3);
  EXPECT_EQ(w->lstm_hh_t.size(), 512u * 128);
  EXPECT_EQ(w->path, shipped_vad_weights_path());
}

TEST(SileroWeights, BadFilesAreRefusedByName) {
  const std::string good = shipped_bytes();
  ASSERT_GT(good.size(), 1000u);
  expect_refused(temp_path("vad", "missing.weights"), "cannot be opened");
  expect_refused(test_dir_path(), "not a regular file");
  expect_refused(write_file("empty.weights", ""), "no SERVAD magic");
  expect_refused(write_file("text.weights", "hello, I am not a weights file"), "no SERVAD magic");
  expect_refused(write_file("truncated.weights", good.substr(0, good.size() / 2)), "damaged");
  std::string flipped = good;
  flipped[good.size() / 2] ^= 0x10;
  expect_refused(write_file("flipped.weights", flipped), "damaged (checksum mismatch)");
  std::string version = good;
  version[8] = 2;
  expect_refused(write_file("version.weights", with_crc(version)), "format version 2");
  std::string header_len = good;
  header_len[15] = 0x7f;
  expect_refused(write_file("header.weights", with_crc(header_len)), "truncated");
  std::string header = good;
  const size_t at = header.find("encoder.1.weight");
  ASSERT_NE(at, std::string::npos);
  header[at + 8] = '7';
  expect_refused(write_file("renamed.weights", with_crc(header)), "encoder.7.weight");
  std::string json = good;
  json[16] = '#';
  expect_refused(write_file("json.weights", with_crc(json)), "header that cannot be read");
  std::string nan = good;
  const float bad = std::nanf("");
  std::memcpy(nan.data() + nan.size() - 8, &bad, 4);
  expect_refused(write_file("nan.weights", with_crc(nan)), "not finite");
}

TEST(VadModel, EnvironmentNamesTheOnlyCandidate) {
  setenv("SEREMOTION_VAD_MODEL", "/nowhere/vad.weights", 1);
  EXPECT_EQ(vad::vad_model_candidates(), std::vector<std::string>{"/nowhere/vad.weights"});
  try {
    vad::vad_model_path();
    ADD_FAILURE() << "found";
  } catch (const ModelError& e) {
    EXPECT_NE(std::string(e.what()).find("/nowhere/vad.weights"), std::string::npos) << e.what();
  }
  unsetenv("SEREMOTION_VAD_MODEL");
  // Uninstalled, the source tree's copy is found.
  EXPECT_NO_THROW(vad::load_silero_weights(vad::vad_model_path()));
}

}  // namespace
}  // namespace ser::test

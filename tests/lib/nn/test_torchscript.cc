// TorchScript modules with the model metadata as an extra file, saved from Python and from C++.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "common/error.h"
#include "common/npy.h"
#include "common/shared_data.h"
#include "nn/classifier.h"
#include "nn/torch_network.h"
#include "nn/zip_check.h"
#include "nn_test_util.h"

namespace ser::nn {
namespace {

// Debian's interpreter, the one with python3-torch (the first python3 on PATH may be another).
std::string torch_python() {
  const char* env = std::getenv("SEREMOTION_TORCH_PYTHON");
  return env && *env ? env : "/usr/bin/python3";
}

// TorchScript is code: these tests load modules they made themselves, so they allow it.
ClassifierOptions trusted() {
  ClassifierOptions o = test::on_cpu();
  o.torchscript = TorchScript::Allow;
  return o;
}

bool python_has_torch() {
  const std::string cmd = torch_python() + " -c 'import torch, numpy' > /dev/null 2>&1";
  return std::system(cmd.c_str()) == 0;
}

TEST(TorchScript, ModuleScriptedInPythonGivesPythonsProbabilities) {
  if (!python_has_torch()) GTEST_SKIP() << torch_python() << " cannot import torch and numpy (python3-torch, python3-numpy)";
  ModelInfo info = test::make_info("mfcc_cnn", "mfcc40", 5);
  info.architecture = "python_small_cnn";
  info.hyper_parameters = nlohmann::json::object();
  const std::string dir = test::temp_path("python");
  std::filesystem::create_directories(dir);
  test::write_bytes(dir + "/metadata.json", info.to_json().dump());
  const std::string cmd = torch_python() + " " + ser::test::source_dir() + "/tests/lib/nn/make_torchscript.py " + dir +
                          "/metadata.json " + dir + " > " + dir + "/log.txt 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << test::read_bytes(dir + "/log.txt");

  const Classifier c(dir + "/model.pt", trusted());
  EXPECT_EQ(c.info(), info);
  const auto input = ser::test::read_npy(dir + "/input.npy");
  const Matrix expected = ser::test::read_npy(dir + "/expected.npy").as_matrix();
  ASSERT_EQ(input.shape, (std::vector<size_t>{3, 40, 50}));
  std::vector<Matrix> windows;
  for (size_t b = 0; b < 3; ++b) {
    Matrix w(40, 50);
    std::copy(input.values.begin() + b * 2000, input.values.begin() + (b + 1) * 2000, w.data());
    windows.push_back(std::move(w));
  }
  const Matrix p = c.classify(windows);
  ASSERT_EQ(p.rows(), 3u);
  ASSERT_EQ(p.cols(), 5u);
  double worst = 0;
  for (size_t i = 0; i < p.size(); ++i) worst = std::max(worst, std::abs(double(p.data()[i]) - expected.data()[i]));
  // The same libtorch computes both sides: equal up to float rounding of the normalisation.
  EXPECT_LE(worst, 1e-6);
  RecordProperty("max_abs_diff_vs_python", std::to_string(worst));
  std::printf("TorchScript from Python: max |C++ - Python| = %.3g\n", worst);
  const Matrix flat = c.classify(FloatSpan(input.values), 3, 50);
  EXPECT_EQ(flat.storage(), p.storage());
}

TEST(TorchScript, ModuleSavedFromCppRunsThroughTheClassifier) {
  ModelInfo info = test::make_info("mfcc_cnn", "mfcc40", 4);
  info.architecture = "script_linear";
  const std::string path = test::write_script_module("linear.pt", 40, 4, info.to_json().dump());
  const Classifier c(path, trusted());
  EXPECT_EQ(c.info(), info);
  const Matrix x = test::random_features(40, 30, 5);
  const Matrix p = c.classify(x);
  float sum = 0;
  for (size_t k = 0; k < 4; ++k) sum += p(0, k);
  EXPECT_NEAR(sum, 1.0f, 1e-6);
}

void expect_refused(const std::string& path, const std::string& fragment) {
  try {
    load_model(path, TorchScript::Allow);
    ADD_FAILURE() << path << " loaded";
  } catch (const ModelError& e) {
    EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
  }
}

TEST(TorchScript, ModulesThatDoNotFitTheirMetadataAreModelErrors) {
  const std::string json = test::make_info("mfcc_cnn", "mfcc40", 4).to_json().dump();
  expect_refused(test::write_script_module("no-metadata.pt", 40, 4, ""), "no extra file 'seremotion.json'");
  expect_refused(test::write_script_module("bad-metadata.pt", 40, 4, "{\"format\": \"seremotion-model\""),
                 "not valid JSON");
  expect_refused(test::write_script_module("wrong-outputs.pt", 40, 6, json), "returns shape [2, 6]");
  expect_refused(test::write_script_module("wrong-bands.pt", 20, 4, json), "fails on an input of shape [2, 40, 94]");
  expect_refused(test::write_script_module("tuple.pt", 40, 4, json, "def forward(self, x):\n    return (x, x)\n"),
                 "returned a Tuple");
  auto vector_info = test::make_info("issa1d", "issa193", 4);
  expect_refused(test::write_script_module("vector.pt", 40, 4, vector_info.to_json().dump()),
                 "fails on an input of shape [2, 193]");
}

TEST(TorchScript, RefusedUnlessAllowedExplicitly) {
  const std::string json = test::make_info("mfcc_cnn", "mfcc40", 4).to_json().dump();
  const std::string path = test::write_script_module("untrusted.pt", 40, 4, json);
  try {
    const Classifier c(path, test::on_cpu());  // the default: Refuse
    ADD_FAILURE() << "a TorchScript module loaded without being allowed";
  } catch (const TorchScriptRefused& e) {
    const std::string text = e.what();
    EXPECT_NE(text.find(path), std::string::npos) << text;
    EXPECT_NE(text.find("TorchScript module, which is code"), std::string::npos) << text;
  }
  EXPECT_THROW(load_model(path), TorchScriptRefused);
  EXPECT_NO_THROW(load_model(path, TorchScript::Allow));
}

// Outputs that are not numbers for some input, after a check pass that went well, are a
// ModelError naming the window: never a row of NaN that becomes a label with confidence NaN.
TEST(TorchScript, OutputsThatAreNotNumbersAreNeverALabel) {
  const std::string json = test::make_info("mfcc_cnn", "mfcc40", 4).to_json().dump();
  // sqrt of a negative number is NaN: finite for features within 10 of their mean (the check
  // pass stays within 3), NaN beyond.
  const std::string path = test::write_script_module(
      "nan-when-loud.pt", 40, 4, json,
      "def forward(self, x):\n    return torch.matmul(torch.sqrt(10.0 - x.abs().amax(-1)), self.w.t())\n");
  const Classifier c(path, trusted());
  EXPECT_NO_THROW(c.classify(test::random_features(40, 30, 5)));
  Matrix loud(40, 30);
  for (float& v : loud.storage()) v = 1000.0f;
  try {
    c.classify(std::vector<Matrix>{test::random_features(40, 30, 5), loud});
    ADD_FAILURE() << "NaN probabilities were returned";
  } catch (const ModelError& e) {
    EXPECT_NE(std::string(e.what()).find("window 1"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("not a number"), std::string::npos) << e.what();
  }
}

// The offset of the first byte of `entry`'s data in a zip written by torch (local header order).
std::size_t entry_data(const std::string& zip, const std::string& entry) {
  const std::size_t name = zip.find(entry);
  EXPECT_NE(name, std::string::npos);
  const std::size_t header = zip.rfind("PK\x03\x04", name);
  const auto u16 = [&](std::size_t at) { return std::size_t(uint8_t(zip[at])) | std::size_t(uint8_t(zip[at + 1])) << 8; };
  return header + 30 + u16(header + 26) + u16(header + 28);
}

TEST(TorchScript, DamageIsCaughtByTheZipCheckBeforeLibtorchReadsIt) {
  const std::string json = test::make_info("mfcc_cnn", "mfcc40", 4).to_json().dump();
  const std::string good = test::read_bytes(test::write_script_module("zip-good.pt", 40, 4, json));
  EXPECT_NO_THROW(check_zip_archive(good));
  // A damaged pickle: libtorch 1.13 crashes in Unpickler::readInstruction on some of these
  // (tests/lib/nn fuzzing found one), as its zip reader checks no CRC.
  std::string pickle = good;
  pickle[entry_data(pickle, "/data.pkl") + 20] ^= 0x04;
  const std::string path = test::temp_path("zip-pickle.pt");
  test::write_bytes(path, pickle);
  expect_refused(path, "entry 'zip-good/data.pkl' fails its CRC-32 check");
  // Deflated entries (the code) are inflated and checked too.
  std::string code = good;
  code[entry_data(code, "/code/__torch__.py") + 5] ^= 0x01;
  test::write_bytes(path, code);
  expect_refused(path, "__torch__.py");

  auto refused = [](const std::string& bytes, const std::string& fragment) {
    try {
      check_zip_archive(bytes);
      ADD_FAILURE() << "accepted";
    } catch (const ModelError& e) {
      EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
    }
  };
  refused(good.substr(0, good.size() - 10), "end-of-central-directory");
  refused(good.substr(0, 10), "end-of-central-directory");
  refused(good.substr(100), "truncated?");
  refused("PK\x03\x04", "too short");
}

}  // namespace
}  // namespace ser::nn

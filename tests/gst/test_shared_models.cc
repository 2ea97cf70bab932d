// The models the elements of a process share (gst/shared_models.h) and the batches of their
// windows (gst/window_batcher.h), on their own: one load per file and device, however many ask
// and however they race; a file rewritten is a new model; batches form when full or when the wait
// is over, and give each window the probabilities it gets alone.
#include "shared_models.h"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <thread>
#include <vector>

#include "common/error.h"
#include "element_test_support.h"
#include "nn/classifier.h"
#include "window_batcher.h"

namespace ser::element {
namespace {

using gst_test::TestModel;
using gst_test::voice;
using gst_test::write_test_model;

std::string copy_of(const std::string& path, const std::string& name) {
  const std::string out = gst_test::temp_path(name);
  std::filesystem::copy_file(path, out, std::filesystem::copy_options::overwrite_existing);
  return out;
}

TEST(SharedModels, OneLoadPerFileAndDevice) {
  SharedModels& models = SharedModels::process();
  const std::string path = write_test_model("shared-a.sermodel");
  const std::size_t before = models.loaded();
  {
    const auto a = models.get(path, "cpu", 0);
    const auto b = models.get(path, "auto", 0);  // auto is the CPU in this build
    EXPECT_EQ(a.get(), b.get());
    EXPECT_EQ(a->classifier.get(), b->classifier.get());
    EXPECT_EQ(models.loaded(), before + 1);
    const auto other = models.get(write_test_model("shared-b.sermodel", TestModel{false, 8000, 0.5, 0.25, {"x", "y"}, 2}),
                                  "cpu", 0);
    EXPECT_NE(other.get(), a.get());
    EXPECT_EQ(models.loaded(), before + 2);
  }
  EXPECT_EQ(models.loaded(), before);  // gone with the last holder
}

TEST(SharedModels, AFileRewrittenIsANewModel) {
  const std::string path = copy_of(write_test_model("shared-c.sermodel"), "shared-rewritten.sermodel");
  const auto a = SharedModels::process().get(path, "cpu", 0);
  std::filesystem::last_write_time(path, std::filesystem::last_write_time(path) + std::chrono::seconds(5));
  const auto b = SharedModels::process().get(path, "cpu", 0);
  EXPECT_NE(a.get(), b.get());
}

TEST(SharedModels, ElementsRacingLoadOnce) {
  const std::string path = write_test_model("shared-race.sermodel");
  std::vector<std::shared_ptr<const SharedModel>> got(8);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < got.size(); ++i) {
    threads.emplace_back([&, i] { got[i] = SharedModels::process().get(path, "cpu", 0); });
  }
  for (auto& t : threads) t.join();
  for (const auto& m : got) EXPECT_EQ(m.get(), got[0].get());
}

TEST(SharedModels, AMissingFileIsTheClassifiersError) {
  EXPECT_THROW(SharedModels::process().get(gst_test::temp_path("absent.sermodel"), "cpu", 0), ModelError);
  // And it is not remembered: the next request tries again.
  EXPECT_THROW(SharedModels::process().get(gst_test::temp_path("absent.sermodel"), "cpu", 0), ModelError);
}

// Windows of the test model's length, each different, as features.
std::vector<Matrix> windows(const nn::Classifier& model, std::size_t n) {
  std::vector<Matrix> out;
  for (std::size_t i = 0; i < n; ++i) {
    const std::vector<float> audio = voice(4000, 8000, 100 + i);
    out.push_back(model.features_of({FloatSpan(audio)}).front());
  }
  return out;
}

// Classifies windows[i] on thread i, all at once; returns their probabilities.
std::vector<Matrix> classify_together(WindowBatcher& batcher, const std::vector<Matrix>& in, BatchLimits limits) {
  std::vector<Matrix> out(in.size());
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < in.size(); ++i) {
    threads.emplace_back([&, i] { out[i] = batcher.classify(in[i], limits); });
  }
  for (auto& t : threads) t.join();
  return out;
}

void expect_same_as_alone(const nn::Classifier& model, const std::vector<Matrix>& in, const std::vector<Matrix>& got) {
  for (std::size_t i = 0; i < in.size(); ++i) {
    const Matrix alone = model.classify(in[i]);
    ASSERT_EQ(got[i].rows(), 1u);
    ASSERT_EQ(got[i].cols(), alone.cols());
    for (std::size_t c = 0; c < alone.cols(); ++c) EXPECT_NEAR(got[i](0, c), alone(0, c), 1e-5) << i;
    EXPECT_EQ(model.top(got[i]).index, model.top(alone).index) << i;
  }
}

TEST(WindowBatcher, AFullBatchRunsOnceAndGivesEachWindowItsOwnResult) {
  const auto shared = SharedModels::process().get(write_test_model("batch.sermodel"), "cpu", 0);
  WindowBatcher batcher(*shared->classifier);
  const std::vector<Matrix> in = windows(*shared->classifier, 8);
  // A wait far longer than the test: only a full batch can run it.
  const auto got = classify_together(batcher, in, {8, std::chrono::seconds(600)});
  EXPECT_EQ(batcher.batches(), 1u);
  EXPECT_EQ(batcher.windows(), 8u);
  expect_same_as_alone(*shared->classifier, in, got);
}

TEST(WindowBatcher, BatchesTakeAtMostMaxBatchAndTheRestRunsAfterTheWait) {
  const auto shared = SharedModels::process().get(write_test_model("batch.sermodel"), "cpu", 0);
  WindowBatcher batcher(*shared->classifier);
  const std::vector<Matrix> in = windows(*shared->classifier, 7);
  const auto got = classify_together(batcher, in, {3, std::chrono::milliseconds(200)});
  EXPECT_EQ(batcher.windows(), 7u);
  EXPECT_GE(batcher.batches(), 3u);  // 7 windows in batches of at most 3
  expect_same_as_alone(*shared->classifier, in, got);
}

TEST(WindowBatcher, AWindowAloneRunsWhenItsWaitIsOver) {
  const auto shared = SharedModels::process().get(write_test_model("batch.sermodel"), "cpu", 0);
  WindowBatcher batcher(*shared->classifier);
  const std::vector<Matrix> in = windows(*shared->classifier, 1);
  const auto got = classify_together(batcher, in, {64, std::chrono::milliseconds(20)});
  EXPECT_EQ(batcher.batches(), 1u);
  expect_same_as_alone(*shared->classifier, in, got);
}

TEST(WindowBatcher, ABadWindowFailsAloneNotItsBatch) {
  const auto shared = SharedModels::process().get(write_test_model("batch.sermodel"), "cpu", 0);
  WindowBatcher batcher(*shared->classifier);
  std::vector<Matrix> in = windows(*shared->classifier, 2);
  in[1] = Matrix(3, 3);  // not the model's features
  Matrix good;
  bool bad_threw = false;
  std::thread t([&] {
    try {
      batcher.classify(in[1], {2, std::chrono::seconds(600)});
    } catch (const Error&) {
      bad_threw = true;
    }
  });
  good = batcher.classify(in[0], {2, std::chrono::seconds(600)});
  t.join();
  EXPECT_TRUE(bad_threw);
  expect_same_as_alone(*shared->classifier, {in[0]}, {good});
}

}  // namespace
}  // namespace ser::element

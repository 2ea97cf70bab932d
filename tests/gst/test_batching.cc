// Many streams, one model: elements of one process with the same model share one loaded copy, and
// with max-batch their windows run through the network together, each stream getting the results
// and timing it gets alone; a live stream's LATENCY adds the batch wait.
#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "element_test_support.h"

namespace ser::gst_test {
namespace {

constexpr int kRate = 8000;

std::string instance_of(GstElement* element) {
  gchar* info = nullptr;
  g_object_get(element, "model-info", &info, nullptr);
  std::string out = info ? nlohmann::json::parse(info).at("instance").get<std::string>() : "";
  g_free(info);
  return out;
}

TEST(Batching, ElementsWithTheSameModelShareOneLoadedCopy) {
  const std::string path = write_test_model("sharing.sermodel");
  const std::string other = write_test_model("sharing-other.sermodel", TestModel{false, 8000, 0.5, 0.25, {"a", "b"}, 3});
  GstElement* a = make_element(path);
  GstElement* b = make_element(path, "device", "cpu", nullptr);
  GstElement* c = make_element(other);
  for (GstElement* e : {a, b, c}) ASSERT_EQ(gst_element_set_state(e, GST_STATE_READY), GST_STATE_CHANGE_SUCCESS);
  EXPECT_FALSE(instance_of(a).empty());
  EXPECT_EQ(instance_of(a), instance_of(b));
  EXPECT_NE(instance_of(a), instance_of(c));
  for (GstElement* e : {a, b, c}) {
    gst_element_set_state(e, GST_STATE_NULL);
    gst_object_unref(e);
  }
}

struct WindowResult {
  guint64 timestamp, duration, running_time;
  std::string label;
  std::vector<double> probabilities;
};

std::vector<WindowResult> results_of(Harness& h) {
  std::vector<WindowResult> out;
  for (const GstStructure* s : h.take("seremotion")) {
    out.push_back({uint64_field(s, "timestamp"), uint64_field(s, "duration"), uint64_field(s, "running-time"),
                   string_field(s, "label"), doubles_field(s, "probabilities")});
  }
  return out;
}

TEST(Batching, BatchedStreamsGetTheResultsAndTimesTheyGetAlone) {
  const std::string path = write_test_model("batching.sermodel");
  const std::vector<float> audio = voice(4 * kRate, kRate, 11);  // 4 s: 15 windows of 0.5 s every 0.25 s
  Harness alone(make_element(path), audio_caps("F32LE", kRate, 1));
  ASSERT_EQ(alone.push_f32(audio, 1, 800, kRate), GST_FLOW_OK);
  alone.eos();
  const std::vector<WindowResult> expected = results_of(alone);
  ASSERT_GE(expected.size(), 10u);

  // Two streams on two threads, each window waiting (up to the longest wait) for the other's.
  const auto batched = [&] { return make_element(path, "max-batch", 2u, "max-batch-wait", guint64(GST_SECOND), nullptr); };
  Harness h1(batched(), audio_caps("F32LE", kRate, 1)), h2(batched(), audio_caps("F32LE", kRate, 1));
  std::thread t([&] {
    h2.push_f32(audio, 1, 800, kRate);
    h2.eos();
  });
  ASSERT_EQ(h1.push_f32(audio, 1, 800, kRate), GST_FLOW_OK);
  h1.eos();
  t.join();
  for (Harness* h : {&h1, &h2}) {
    const std::vector<WindowResult> got = results_of(*h);
    ASSERT_EQ(got.size(), expected.size());
    for (std::size_t i = 0; i < got.size(); ++i) {
      EXPECT_EQ(got[i].timestamp, expected[i].timestamp);
      EXPECT_EQ(got[i].duration, expected[i].duration);
      EXPECT_EQ(got[i].running_time, expected[i].running_time);
      EXPECT_EQ(got[i].label, expected[i].label) << "window " << i;
      ASSERT_EQ(got[i].probabilities.size(), expected[i].probabilities.size());
      for (std::size_t k = 0; k < got[i].probabilities.size(); ++k) {
        EXPECT_NEAR(got[i].probabilities[k], expected[i].probabilities[k], 1e-5) << "window " << i;
      }
    }
  }
}

GstClockTime min_latency(Harness& h) {
  GstQuery* q = gst_query_new_latency();
  GstClockTime min = 0;
  EXPECT_TRUE(gst_pad_peer_query(h.h()->sinkpad, q));
  gst_query_parse_latency(q, nullptr, &min, nullptr);
  gst_query_unref(q);
  return min;
}

TEST(Batching, ALiveStreamsLatencyAddsTheWait) {
  // Both at once, so that they share the model and its measured inference time.
  const std::string path = write_test_model("batching.sermodel");
  const auto element = [&](guint max_batch) {
    return make_element(path, "max-batch", max_batch, "max-batch-wait", guint64(50 * GST_MSECOND), nullptr);
  };
  Harness alone(element(1), audio_caps("F32LE", kRate, 1), /*live=*/true);
  Harness batched(element(4), audio_caps("F32LE", kRate, 1), /*live=*/true);
  EXPECT_EQ(min_latency(batched), min_latency(alone) + 50 * GST_MSECOND);
}

}  // namespace
}  // namespace ser::gst_test

// Live streams: inference on the worker thread, the overload policy (drop the oldest waiting
// window, count it), nothing blocking the streaming thread; and the LATENCY answer.
//
// "A slow model" without timing: the worker posts each result itself, so a bus sync handler that
// blocks on the first result holds the worker exactly as a slow network would, for as long as
// the test wants, while the test goes on pushing audio on the streaming thread.
#include <gtest/gtest.h>

#include <cmath>
#include <condition_variable>
#include <mutex>

#include <nlohmann/json.hpp>

#include "element_test_support.h"
#include "gstseremotionmeta.h"

namespace ser::gst_test {
namespace {

constexpr int kRate = 8000;

// Holds the thread that posts the first "seremotion" message until release().
class WorkerGate {
 public:
  explicit WorkerGate(GstBus* bus) : bus_(bus) {
    gst_bus_set_sync_handler(bus, &WorkerGate::on_message, this, nullptr);
  }
  ~WorkerGate() {
    release();
    gst_bus_set_sync_handler(bus_, nullptr, nullptr, nullptr);
  }

  bool wait_entered() {
    std::unique_lock<std::mutex> lock(mutex_);
    return cv_.wait_for(lock, std::chrono::seconds(30), [this] { return entered_; });
  }
  void release() {
    std::lock_guard<std::mutex> lock(mutex_);
    released_ = true;
    cv_.notify_all();
  }

 private:
  static GstBusSyncReply on_message(GstBus*, GstMessage* message, gpointer data) {
    auto* self = static_cast<WorkerGate*>(data);
    const GstStructure* s = gst_message_get_structure(message);
    if (GST_MESSAGE_TYPE(message) == GST_MESSAGE_ELEMENT && gst_structure_has_name(s, "seremotion")) {
      std::unique_lock<std::mutex> lock(self->mutex_);
      if (!self->entered_) {
        self->entered_ = true;
        self->cv_.notify_all();
        self->cv_.wait(lock, [self] { return self->released_; });
      }
    }
    return GST_BUS_PASS;
  }

  GstBus* bus_;
  std::mutex mutex_;
  std::condition_variable cv_;
  bool entered_ = false;
  bool released_ = false;
};

GstElement* live_element(guint max_pending) {
  return make_element(write_test_model("live.sermodel"), "window-duration", GST_SECOND / 2, "hop-duration",
                      GST_SECOND / 2, "max-pending", max_pending, nullptr);
}

std::vector<guint64> meta_indices(GstBuffer* buffer) {
  std::vector<guint64> out;
  gpointer state = nullptr;
  while (GstCustomMeta* m = gst_buffer_iterate_seremotion_meta(buffer, &state)) {
    out.push_back(gst_seremotion_meta_get_window_index(m));
  }
  return out;
}

TEST(Live, ASlowModelDropsTheOldestWindowsAndNothingBlocks) {
  Harness h(live_element(2), audio_caps("F32LE", kRate, 1), /*live=*/true);
  WorkerGate gate(h.bus());
  const auto audio = voice(4000 * 12, kRate);
  // Window 0 goes to the worker, which stops in posting its result.
  ASSERT_EQ(h.push_f32(std::vector<float>(audio.begin(), audio.begin() + 4000), 1, 500, kRate), GST_FLOW_OK);
  ASSERT_TRUE(gate.wait_entered());
  const std::size_t before = h.outputs().size();
  // Ten more windows while the worker is held: every push returns, two windows wait, and the
  // eight oldest of the ten are dropped.
  ASSERT_EQ(h.push_f32(std::vector<float>(audio.begin() + 4000, audio.begin() + 44000), 1, 1000, kRate,
                       GST_SECOND / 2),
            GST_FLOW_OK);
  ASSERT_EQ(h.outputs().size(), before + 40);
  // Window 0's result was ready before it was posted: the buffer that completed the window (if
  // it was ready before that buffer left) or the next one carries it.
  const auto last_of_window = meta_indices(h.outputs()[before - 1]);
  const auto next = meta_indices(h.outputs()[before]);
  EXPECT_EQ(last_of_window.size() + next.size(), 1u);
  EXPECT_EQ(last_of_window.empty() ? next : last_of_window, (std::vector<guint64>{0}));

  gate.release();
  const auto got = h.wait_for("seremotion", 3);
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(uint64_field(got[0], "window-index"), 0u);
  EXPECT_EQ(uint64_field(got[0], "dropped"), 0u);
  EXPECT_EQ(uint64_field(got[1], "window-index"), 9u);
  EXPECT_EQ(uint64_field(got[1], "dropped"), 8u);
  EXPECT_EQ(uint64_field(got[2], "window-index"), 10u);
  EXPECT_EQ(uint64_field(got[2], "timestamp"), 5 * GST_SECOND);
  EXPECT_EQ(uint64_field(got[2], "dropped"), 8u);

  // Their metas ride on the next buffer.
  ASSERT_EQ(h.push_f32(std::vector<float>(audio.begin() + 44000, audio.begin() + 44500), 1, 500, kRate,
                       11 * GST_SECOND / 2),
            GST_FLOW_OK);
  EXPECT_EQ(meta_indices(h.outputs().back()), (std::vector<guint64>{9, 10}));

  h.eos();
  const auto summary = h.take("seremotion-summary");
  ASSERT_EQ(summary.size(), 1u);
  EXPECT_EQ(uint64_field(summary[0], "windows"), 3u);
  EXPECT_EQ(uint64_field(summary[0], "dropped"), 8u);
  EXPECT_TRUE(h.take("seremotion").empty());
}

TEST(Live, AFlushWhileTheWorkerIsBusyDiscardsWhatWaits) {
  Harness h(live_element(4), audio_caps("F32LE", kRate, 1), /*live=*/true);
  WorkerGate gate(h.bus());
  const auto audio = voice(4000 * 4, kRate);
  ASSERT_EQ(h.push_f32(std::vector<float>(audio.begin(), audio.begin() + 4000), 1, 500, kRate), GST_FLOW_OK);
  ASSERT_TRUE(gate.wait_entered());
  ASSERT_EQ(h.push_f32(std::vector<float>(audio.begin() + 4000, audio.end()), 1, 1000, kRate, GST_SECOND / 2),
            GST_FLOW_OK);  // windows 1, 2, 3 wait
  ASSERT_TRUE(h.push_event(gst_event_new_flush_start()));
  ASSERT_TRUE(h.push_event(gst_event_new_flush_stop(TRUE)));
  GstSegment segment;
  gst_segment_init(&segment, GST_FORMAT_TIME);
  ASSERT_TRUE(h.push_event(gst_event_new_segment(&segment)));
  gate.release();
  // After the flush: a new window 0 at 9 s; nothing of windows 1 to 3.
  ASSERT_EQ(h.push_f32(std::vector<float>(audio.begin(), audio.begin() + 4000), 1, 1000, kRate, 9 * GST_SECOND),
            GST_FLOW_OK);
  const auto got = h.wait_for("seremotion", 2);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(uint64_field(got[0], "timestamp"), 0u);  // the one held by the gate, posted before the flush
  EXPECT_EQ(uint64_field(got[1], "window-index"), 0u);
  EXPECT_EQ(uint64_field(got[1], "timestamp"), 9 * GST_SECOND);
  EXPECT_EQ(uint64_field(got[1], "dropped"), 0u);
  h.eos();
  EXPECT_TRUE(h.take("seremotion").empty());
}

TEST(Live, EosWaitsForTheQueueAndClassifiesThePartialWindow) {
  Harness h(live_element(8), audio_caps("F32LE", kRate, 1), /*live=*/true);
  ASSERT_EQ(h.push_f32(voice(10400, kRate), 1, 800, kRate), GST_FLOW_OK);  // 1.3 s
  h.eos();  // returns once the worker is idle
  const auto got = h.take("seremotion");
  ASSERT_EQ(got.size(), 3u);  // [0, 0.5), [0.5, 1.0), then the partial [1.0, 1.3)
  EXPECT_EQ(uint64_field(got[2], "timestamp"), GST_SECOND);
  EXPECT_EQ(uint64_field(got[2], "duration"), 300 * GST_MSECOND);
  for (const GstStructure* s : got) EXPECT_EQ(uint64_field(s, "dropped"), 0u);
  const auto summary = h.take("seremotion-summary");
  ASSERT_EQ(summary.size(), 1u);
  EXPECT_EQ(uint64_field(summary[0], "windows"), 3u);
}

TEST(Live, StoppingWithWindowsQueuedDoesNotWaitForThem) {
  std::size_t posted = 0;
  {
    Harness h(live_element(64), audio_caps("F32LE", kRate, 1), /*live=*/true);
    ASSERT_EQ(h.push_f32(voice(4000 * 40, kRate), 1, 4000, kRate), GST_FLOW_OK);
    posted = h.take("seremotion").size();
  }  // teardown: READY with windows queued; the worker finishes the one it runs and stops
  EXPECT_LE(posted, 40u);
}

struct Latency {
  gboolean live = FALSE;
  GstClockTime min = 0;
  GstClockTime max = 0;
};

Latency query_latency(Harness& h) {
  GstQuery* q = gst_query_new_latency();
  Latency l;
  EXPECT_TRUE(gst_pad_peer_query(h.h()->sinkpad, q));
  gst_query_parse_latency(q, &l.live, &l.min, &l.max);
  gst_query_unref(q);
  return l;
}

GstClockTime inference_time(GstElement* element) {
  gchar* info = nullptr;
  g_object_get(element, "model-info", &info, nullptr);
  const auto json = nlohmann::json::parse(info);
  g_free(info);
  return json.at("inference-time-ns").get<GstClockTime>();
}

TEST(Latency, AddsTheWindowAndWhenLiveTheInference) {
  {
    Harness h(live_element(3), audio_caps("F32LE", kRate, 1), /*live=*/false);
    gst_harness_set_upstream_latency(h.h(), 20 * GST_MSECOND);
    const Latency l = query_latency(h);
    EXPECT_FALSE(l.live);
    EXPECT_EQ(l.min, 20 * GST_MSECOND + GST_SECOND / 2);
  }
  Harness h(live_element(3), audio_caps("F32LE", kRate, 1), /*live=*/true);
  gst_harness_set_upstream_latency(h.h(), 20 * GST_MSECOND);
  const GstClockTime inference = inference_time(h.element());
  EXPECT_GT(inference, 0u);
  const Latency l = query_latency(h);
  EXPECT_TRUE(l.live);
  EXPECT_EQ(l.min, 20 * GST_MSECOND + GST_SECOND / 2 + inference);
  if (GST_CLOCK_TIME_IS_VALID(l.max)) {
    EXPECT_GE(l.max, l.min + 3 * inference);
  }
}

TEST(Latency, FollowsTheNegotiatedWindow) {
  Harness h(make_element(write_test_model("live.sermodel"), "window-duration", 300 * GST_MSECOND, nullptr),
            audio_caps("F32LE", kRate, 1), /*live=*/false);
  EXPECT_EQ(query_latency(h).min, 300 * GST_MSECOND);
}

}  // namespace
}  // namespace ser::gst_test

namespace ser::gst_test {
namespace {

TEST(Live, SmoothedByDefaultWithThreeSeconds) {
  Harness h(live_element(8), audio_caps("F32LE", kRate, 1), /*live=*/true);
  ASSERT_EQ(h.push_f32(voice(4000 * 3, kRate, 5), 1, 500, kRate), GST_FLOW_OK);
  const auto got = h.wait_for("seremotion", 3);
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(doubles_field(got[0], "smoothed-probabilities"), doubles_field(got[0], "probabilities"));
  // smoothing-time -1: 3 s for a live stream; windows 0.5 s apart.
  const double a = 1 - std::exp(-0.5 / 3.0);
  std::vector<double> average = doubles_field(got[0], "probabilities");
  for (std::size_t i = 1; i < got.size(); ++i) {
    const auto p = doubles_field(got[i], "probabilities");
    for (std::size_t k = 0; k < p.size(); ++k) average[k] += a * (p[k] - average[k]);
    const auto smoothed = doubles_field(got[i], "smoothed-probabilities");
    ASSERT_EQ(smoothed.size(), p.size());
    for (std::size_t k = 0; k < p.size(); ++k) EXPECT_NEAR(smoothed[k], average[k], 1e-6) << i;
  }
}

}  // namespace
}  // namespace ser::gst_test

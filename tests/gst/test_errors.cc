// Errors a person can act on: caps at another rate, a missing or broken model, no default model,
// an impossible device. Each names what to change.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

#include "element_test_support.h"
#include "nn/default_model.h"
#include "nn/device.h"

namespace ser::gst_test {
namespace {

TEST(Errors, ARateOtherThanTheModelsFailsNegotiationSayingToResample) {
  Harness h(make_element(write_test_model("errors.sermodel")), "");
  // What the sink pad offers upstream. To a resampler (its filter allows any rate): only the
  // model's rate, so that it converts to it. To a link check (no filter) or a decoder with a fixed
  // rate: any rate, so that the caps reach the element, which says what to do.
  GstPad* sink = gst_element_get_static_pad(h.element(), "sink");
  auto rates_offered = [&](const char* filter) {
    GstCaps* f = filter != nullptr ? gst_caps_from_string(filter) : nullptr;
    GstCaps* offered = gst_pad_query_caps(sink, f);
    std::vector<std::string> rates;
    for (guint i = 0; i < gst_caps_get_size(offered); ++i) {
      gchar* text = gst_value_serialize(gst_structure_get_value(gst_caps_get_structure(offered, i), "rate"));
      rates.push_back(text);
      g_free(text);
    }
    gst_caps_unref(offered);
    if (f != nullptr) gst_caps_unref(f);
    return rates;
  };
  EXPECT_EQ(rates_offered("audio/x-raw, rate=(int)[1, 192000]"), (std::vector<std::string>{"8000"}));
  EXPECT_EQ(rates_offered("audio/x-raw, rate=(int)44100"), (std::vector<std::string>{"44100"}));
  EXPECT_EQ(rates_offered(nullptr), (std::vector<std::string>{"[ 1, 2147483647 ]"}));
  gst_object_unref(sink);

  // Accepted as caps (any rate), so that set_caps can say what to do; then refused there.
  h.push_event(gst_event_new_caps(gst_caps_from_string(audio_caps("F32LE", 44100, 2).c_str())));
  GstSegment segment;
  gst_segment_init(&segment, GST_FORMAT_TIME);
  h.push_event(gst_event_new_segment(&segment));
  // Each buffer retries the caps; the error is posted once.
  for (int i = 0; i < 5; ++i) EXPECT_EQ(h.push_f32(voice(4410, 44100), 1, 441, 44100), GST_FLOW_NOT_NEGOTIATED);

  const auto errors = h.take_messages(GST_MESSAGE_ERROR);
  ASSERT_EQ(errors.size(), 1u);
  const std::string text = message_text(errors[0]);
  EXPECT_TRUE(contains(text, "audioresample")) << text;
  EXPECT_TRUE(contains(text, "8000 Hz")) << text;
  EXPECT_TRUE(contains(text, "44100 Hz")) << text;
}

TEST(Errors, AMissingModelFailsTheStateChangeNamingTheProperty) {
  const std::string path = temp_path("does-not-exist.sermodel");
  const auto a = try_ready(make_element(path));
  EXPECT_EQ(a.ret, GST_STATE_CHANGE_FAILURE);
  EXPECT_EQ(a.domain, GST_RESOURCE_ERROR);
  EXPECT_EQ(a.code, GST_RESOURCE_ERROR_NOT_FOUND);
  EXPECT_TRUE(contains(a.text, "model-location")) << a.text;
  EXPECT_TRUE(contains(a.text, path)) << a.text;
}

TEST(Errors, ABrokenModelFailsTheStateChangeNamingTheFile) {
  const std::string path = temp_path("broken.sermodel");
  std::ofstream(path) << "this is not a model bundle";
  const auto a = try_ready(make_element(path));
  EXPECT_EQ(a.ret, GST_STATE_CHANGE_FAILURE);
  EXPECT_EQ(a.domain, GST_RESOURCE_ERROR);
  EXPECT_EQ(a.code, GST_RESOURCE_ERROR_OPEN_READ);
  EXPECT_TRUE(contains(a.text, "model-location")) << a.text;
  EXPECT_TRUE(contains(a.text, path)) << a.text;
}

TEST(Errors, TheDefaultModelComesFromTheEnvironment) {
  const std::string path = write_test_model("default.sermodel");
  setenv("SEREMOTION_DEFAULT_MODEL", path.c_str(), 1);
  GstElement* element = make_element("");
  EXPECT_EQ(gst_element_set_state(element, GST_STATE_READY), GST_STATE_CHANGE_SUCCESS);
  gchar* location = nullptr;
  gchar* info = nullptr;
  g_object_get(element, "model-location", &location, "model-info", &info, nullptr);
  EXPECT_EQ(location, nullptr);  // NULL: the default
  ASSERT_NE(info, nullptr);
  EXPECT_TRUE(contains(info, "\"location\":\"" + path + "\"")) << info;
  g_free(info);
  gst_element_set_state(element, GST_STATE_NULL);
  gst_object_unref(element);
  unsetenv("SEREMOTION_DEFAULT_MODEL");
}

// The shipped model is always found in a source tree, so the case without one is made by naming a
// default that does not exist: the environment's default is the only candidate, never passed over.
TEST(Errors, NoDefaultModelSaysToSetModelLocation) {
  const std::string missing = temp_path("no-such-default.sermodel");
  setenv("SEREMOTION_DEFAULT_MODEL", missing.c_str(), 1);
  const auto a = try_ready(make_element(""));
  unsetenv("SEREMOTION_DEFAULT_MODEL");
  EXPECT_EQ(a.ret, GST_STATE_CHANGE_FAILURE);
  EXPECT_EQ(a.code, GST_RESOURCE_ERROR_NOT_FOUND);
  EXPECT_TRUE(contains(a.text, "set model-location")) << a.text;
  EXPECT_TRUE(contains(a.text, "SEREMOTION_DEFAULT_MODEL")) << a.text;
  EXPECT_TRUE(contains(a.text, missing)) << a.text;
}

TEST(Errors, CudaWithoutCudaFailsNamingTheDevice) {
  try {
    nn::resolve_device("cuda");
    GTEST_SKIP() << "CUDA is available here";
  } catch (const std::exception&) {
  }
  const auto a = try_ready(make_element(write_test_model("errors.sermodel"), "device", "cuda", nullptr));
  EXPECT_EQ(a.ret, GST_STATE_CHANGE_FAILURE);
  EXPECT_EQ(a.domain, GST_RESOURCE_ERROR);
  EXPECT_EQ(a.code, GST_RESOURCE_ERROR_SETTINGS);
  EXPECT_TRUE(contains(a.text, "device 'cuda'")) << a.text;
  EXPECT_TRUE(contains(a.text, "'cpu'")) << a.text;
}

TEST(Errors, AnUnknownDeviceListsTheAcceptedOnes) {
  const auto a = try_ready(make_element(write_test_model("errors.sermodel"), "device", "tpu", nullptr));
  EXPECT_EQ(a.ret, GST_STATE_CHANGE_FAILURE);
  EXPECT_EQ(a.code, GST_RESOURCE_ERROR_SETTINGS);
  EXPECT_TRUE(contains(a.text, "auto, cpu, cuda, cuda:N")) << a.text;
}

}  // namespace
}  // namespace ser::gst_test

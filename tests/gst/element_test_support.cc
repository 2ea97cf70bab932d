#include "element_test_support.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdarg>
#include <cstring>
#include <map>
#include <mutex>
#include <random>

#include "common/temp_dir.h"
#include "features/feature_spec.h"
#include "nn/untrained_bundle.h"

namespace ser::gst_test {

std::string temp_path(const std::string& name) { return ser::test::temp_path("gst-test", name); }

nn::ModelInfo test_model_info(const TestModel& model) {
  nn::ModelInfo info;
  info.name = "element-test";
  info.description = "a tiny logmel_cnn with random weights, for the element's tests";
  info.architecture = "logmel_cnn";
  info.hyper_parameters = {{"channels", {4, 8}}};
  features::FeatureSpec spec = features::FeatureSpec::preset(model.egemaps ? "egemaps" : "logmel64");
  spec.name = "custom";
  spec.sample_rate = model.sample_rate;
  spec.window_seconds = model.window_seconds;
  spec.denoise = model.denoise;
  if (model.egemaps) {
    info.description = "a tiny mlp on eGeMAPS with random weights, for the element's tests";
    info.architecture = "mlp";
    info.hyper_parameters = {{"hidden", {8}}};
  } else {
    spec.n_fft = 256;
    spec.hop_length = 64;
    spec.n_mels = 32;
    spec.n_mfcc = 20;  // unused by logmel, but validated: <= n_mels
  }
  info.features = spec;
  info.normalization = nn::Normalization::identity(spec.feature_dim());
  info.labels = model.labels;
  info.hop_seconds = model.hop_seconds;
  if (model.adaptation_prior_windows > 0) {
    info.adaptation.prior_mean.assign(spec.feature_dim(), 0.0f);
    info.adaptation.prior_std.assign(spec.feature_dim(), 1.0f);
    info.adaptation.prior_windows = model.adaptation_prior_windows;
  }
  info.speech_trim.enabled = model.speech_trim;
  return info;
}

std::string write_test_model(const std::string& name, const TestModel& model) {
  static std::mutex mutex;
  static std::map<std::string, std::string> written;
  std::lock_guard<std::mutex> lock(mutex);
  const std::string path = temp_path(name);
  if (written.count(name) == 0) {
    nn::write_untrained_bundle(path, test_model_info(model), model.seed);
    written[name] = path;
  }
  return path;
}

std::vector<float> voice(std::size_t frames, int rate, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<float> noise(0.0f, 0.01f);
  std::vector<float> y(frames);
  const double f0 = 110.0 + static_cast<double>(seed % 7) * 15.0;
  for (std::size_t n = 0; n < frames; ++n) {
    const double t = static_cast<double>(n) / rate;
    const double swing = 0.6 + 0.4 * std::sin(2 * M_PI * 1.3 * t);
    double v = 0;
    for (int h = 1; h <= 5; ++h) v += 0.12 / h * std::sin(2 * M_PI * f0 * h * t + h);
    y[n] = static_cast<float>(swing * v) + noise(rng);
  }
  return y;
}

std::vector<float> interleave(const std::vector<float>& mono, int channels) {
  std::vector<float> out(mono.size() * static_cast<std::size_t>(channels));
  for (std::size_t i = 0; i < mono.size(); ++i) {
    for (int c = 0; c < channels; ++c) out[i * channels + c] = mono[i];
  }
  return out;
}

std::vector<std::int16_t> to_s16(const std::vector<float>& samples) {
  std::vector<std::int16_t> out(samples.size());
  for (std::size_t i = 0; i < samples.size(); ++i) {
    const double v = std::round(static_cast<double>(samples[i]) * 32768.0);
    out[i] = static_cast<std::int16_t>(std::clamp(v, -32768.0, 32767.0));
  }
  return out;
}

std::vector<float> from_s16(const std::vector<std::int16_t>& samples) {
  std::vector<float> out(samples.size());
  for (std::size_t i = 0; i < samples.size(); ++i) out[i] = static_cast<float>(samples[i]) / 32768.0f;
  return out;
}

std::string audio_caps(const char* format, int rate, int channels) {
  return std::string("audio/x-raw, format=") + format + ", layout=interleaved, rate=" + std::to_string(rate) +
         ", channels=" + std::to_string(channels) + (channels > 2 ? ", channel-mask=(bitmask)0" : "");
}

GstElement* make_element(const std::string& model_location, const char* first_property, ...) {
  GstElement* element = gst_element_factory_make("seremotion", nullptr);
  if (element == nullptr) {
    ADD_FAILURE() << "no seremotion element: is GST_PLUGIN_PATH the build's gst/ folder?";
    return nullptr;
  }
  if (!model_location.empty()) g_object_set(element, "model-location", model_location.c_str(), nullptr);
  // The test models run at 8 kHz and their synthetic voice is no speech to Silero: tests of other
  // concerns use the level gate alone; the VAD's tests (test_vad.cc) set vad themselves.
  gst_util_set_object_arg(G_OBJECT(element), "vad", "level");
  if (first_property != nullptr) {
    va_list args;
    va_start(args, first_property);
    g_object_set_valist(G_OBJECT(element), first_property, args);
    va_end(args);
  }
  return element;
}

Harness::Harness(GstElement* element, const std::string& caps, bool live) : bus_(gst_bus_new()) {
  gst_element_set_bus(element, bus_);
  h_ = gst_harness_new_with_element(element, "sink", "src");
  gst_object_unref(element);
  gst_harness_set_live(h_, live);
  if (!caps.empty()) gst_harness_set_src_caps_str(h_, caps.c_str());
}

Harness::~Harness() {
  for (GstBuffer* b : outputs_) gst_buffer_unref(b);
  for (GstMessage* m : messages_) gst_message_unref(m);
  for (GstMessage* m : taken_) gst_message_unref(m);
  for (GstStructure* s : owned_) gst_structure_free(s);
  gst_element_set_bus(h_->element, nullptr);
  gst_harness_teardown(h_);
  gst_object_unref(bus_);
}

GstFlowReturn Harness::push(const void* data, std::size_t frames, std::size_t bytes_per_frame,
                            std::size_t frames_per_buffer, int rate, GstClockTime pts, bool discont) {
  GstFlowReturn ret = GST_FLOW_OK;
  const auto* bytes = static_cast<const std::uint8_t*>(data);
  for (std::size_t first = 0; first < frames; first += frames_per_buffer) {
    const std::size_t n = std::min(frames_per_buffer, frames - first);
    GstBuffer* buffer = gst_buffer_new_memdup(bytes + first * bytes_per_frame, n * bytes_per_frame);
    const GstClockTime start = pts + gst_util_uint64_scale_int(first, GST_SECOND, rate);
    const GstClockTime end = pts + gst_util_uint64_scale_int(first + n, GST_SECOND, rate);
    GST_BUFFER_PTS(buffer) = start;
    GST_BUFFER_DURATION(buffer) = end - start;
    GST_BUFFER_OFFSET(buffer) = first;
    GST_BUFFER_OFFSET_END(buffer) = first + n;
    if (discont && first == 0) GST_BUFFER_FLAG_SET(buffer, GST_BUFFER_FLAG_DISCONT);
    ret = gst_harness_push(h_, buffer);
    pull_all();
    if (ret != GST_FLOW_OK) break;
  }
  return ret;
}

GstFlowReturn Harness::push_f32(const std::vector<float>& interleaved, int channels, std::size_t frames_per_buffer,
                                int rate, GstClockTime pts, bool discont) {
  return push(interleaved.data(), interleaved.size() / static_cast<std::size_t>(channels),
              sizeof(float) * static_cast<std::size_t>(channels), frames_per_buffer, rate, pts, discont);
}

void Harness::pull_all() {
  while (GstBuffer* b = gst_harness_try_pull(h_)) outputs_.push_back(b);
}

void Harness::drain_bus(GstClockTime timeout) {
  GstMessage* m = timeout > 0 ? gst_bus_timed_pop(bus_, timeout) : gst_bus_pop(bus_);
  while (m != nullptr) {
    messages_.push_back(m);
    m = gst_bus_pop(bus_);
  }
}

static bool is_named(GstMessage* m, const std::string& name) {
  if (GST_MESSAGE_TYPE(m) != GST_MESSAGE_ELEMENT) return false;
  const GstStructure* s = gst_message_get_structure(m);
  return s != nullptr && name == gst_structure_get_name(s);
}

std::vector<GstStructure*> Harness::take(const std::string& name) {
  drain_bus(0);
  std::vector<GstStructure*> out;
  std::vector<GstMessage*> rest;
  for (GstMessage* m : messages_) {
    if (is_named(m, name)) {
      GstStructure* s = gst_structure_copy(gst_message_get_structure(m));
      owned_.push_back(s);
      out.push_back(s);
      gst_message_unref(m);
    } else {
      rest.push_back(m);
    }
  }
  messages_ = rest;
  return out;
}

std::vector<GstStructure*> Harness::wait_for(const std::string& name, std::size_t count, GstClockTime timeout) {
  const gint64 deadline = g_get_monotonic_time() + static_cast<gint64>(timeout / GST_USECOND);
  std::vector<GstStructure*> got = take(name);
  while (got.size() < count) {
    const gint64 left = deadline - g_get_monotonic_time();
    if (left <= 0) break;
    drain_bus(static_cast<GstClockTime>(left) * GST_USECOND);
    for (GstStructure* s : take(name)) got.push_back(s);
  }
  return got;
}

std::vector<GstMessage*> Harness::take_messages(GstMessageType type) {
  drain_bus(0);
  std::vector<GstMessage*> out;
  std::vector<GstMessage*> rest;
  for (GstMessage* m : messages_) (GST_MESSAGE_TYPE(m) == type ? out : rest).push_back(m);
  messages_ = rest;
  taken_.insert(taken_.end(), out.begin(), out.end());
  return out;
}

GstMessage* Harness::wait_message(GstMessageType type, GstClockTime timeout) {
  const gint64 deadline = g_get_monotonic_time() + static_cast<gint64>(timeout / GST_USECOND);
  for (;;) {
    const auto got = take_messages(type);
    if (!got.empty()) {
      // Any later ones go back, in order.
      messages_.insert(messages_.begin(), got.begin() + 1, got.end());
      taken_.resize(taken_.size() - (got.size() - 1));
      return got.front();
    }
    const gint64 left = deadline - g_get_monotonic_time();
    if (left <= 0) return nullptr;
    drain_bus(static_cast<GstClockTime>(left) * GST_USECOND);
  }
}

guint64 uint64_field(const GstStructure* s, const char* field) {
  guint64 v = 0;
  if (!gst_structure_get_uint64(s, field, &v)) ADD_FAILURE() << "no guint64 field " << field;
  return v;
}

double double_field(const GstStructure* s, const char* field) {
  double v = 0;
  if (!gst_structure_get_double(s, field, &v)) ADD_FAILURE() << "no gdouble field " << field;
  return v;
}

bool bool_field(const GstStructure* s, const char* field) {
  gboolean v = FALSE;
  if (!gst_structure_get_boolean(s, field, &v)) ADD_FAILURE() << "no gboolean field " << field;
  return v != FALSE;
}

std::string string_field(const GstStructure* s, const char* field) {
  const gchar* v = gst_structure_get_string(s, field);
  if (v == nullptr) ADD_FAILURE() << "no string field " << field;
  return v != nullptr ? v : "";
}

template <typename T, typename Get>
static std::vector<T> array_field(const GstStructure* s, const char* field, GType type, Get get) {
  std::vector<T> out;
  const GValue* v = gst_structure_get_value(s, field);
  if (v == nullptr || !GST_VALUE_HOLDS_ARRAY(v)) {
    ADD_FAILURE() << "no GstValueArray field " << field;
    return out;
  }
  for (guint i = 0; i < gst_value_array_get_size(v); ++i) {
    const GValue* item = gst_value_array_get_value(v, i);
    if (G_VALUE_TYPE(item) != type) {
      ADD_FAILURE() << field << "[" << i << "] is a " << G_VALUE_TYPE_NAME(item);
      continue;
    }
    out.push_back(get(item));
  }
  return out;
}

std::vector<std::string> strings_field(const GstStructure* s, const char* field) {
  return array_field<std::string>(s, field, G_TYPE_STRING, [](const GValue* v) { return g_value_get_string(v); });
}

std::vector<double> doubles_field(const GstStructure* s, const char* field) {
  return array_field<double>(s, field, G_TYPE_DOUBLE, [](const GValue* v) { return g_value_get_double(v); });
}

std::string message_text(GstMessage* message) {
  GError* error = nullptr;
  gchar* debug = nullptr;
  switch (GST_MESSAGE_TYPE(message)) {
    case GST_MESSAGE_ERROR:
      gst_message_parse_error(message, &error, &debug);
      break;
    case GST_MESSAGE_WARNING:
      gst_message_parse_warning(message, &error, &debug);
      break;
    default:
      return "";
  }
  std::string text = error != nullptr ? error->message : "";
  if (debug != nullptr) text += std::string(" | ") + debug;
  g_clear_error(&error);
  g_free(debug);
  return text;
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

ReadyAttempt try_ready(GstElement* element) {
  GstBus* bus = gst_bus_new();
  gst_element_set_bus(element, bus);
  ReadyAttempt a;
  a.ret = gst_element_set_state(element, GST_STATE_READY);
  if (GstMessage* m = gst_bus_pop_filtered(bus, GST_MESSAGE_ERROR)) {
    GError* error = nullptr;
    gst_message_parse_error(m, &error, nullptr);
    a.domain = error->domain;
    a.code = error->code;
    a.text = message_text(m);
    g_error_free(error);
    gst_message_unref(m);
  }
  gst_element_set_state(element, GST_STATE_NULL);
  gst_element_set_bus(element, nullptr);
  gst_object_unref(bus);
  gst_object_unref(element);
  return a;
}

}  // namespace ser::gst_test

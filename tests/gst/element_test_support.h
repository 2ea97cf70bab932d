// Tests of the seremotion element: small models written at test time, a harness around the
// element, audio to push and the bus messages it posts.
#pragma once

#include <gst/check/gstharness.h>
#include <gst/gst.h>

#include <cstdint>
#include <string>
#include <vector>

#include "nn/model_info.h"

namespace ser::gst_test {

// A folder for this process's files, removed when it ends.
std::string temp_path(const std::string& name);

// The test models: a tiny logmel_cnn with random weights, cheap enough for thousands of windows;
// with egemaps, a tiny mlp on the 88 eGeMAPS functionals (16 kHz or more).
struct TestModel {
  bool egemaps = false;
  int sample_rate = 8000;
  double window_seconds = 0.5;
  double hop_seconds = 0.25;
  std::vector<std::string> labels{"angry", "calm", "happy", "sad"};
  std::uint64_t seed = 1;
  // Trained with adaptation: a prior of mean 0 and spread 1 worth this many windows (0: none).
  double adaptation_prior_windows = 0.0;
  bool speech_trim = false;  // trained on trimmed clips: hears each window's speech (ModelInfo::speech_trim)
  std::string denoise = "none";  // FeatureSpec::denoise of an eGeMAPS model
};
nn::ModelInfo test_model_info(const TestModel& model);
// Writes it at temp_path(name) (once per name and process) and returns the path.
std::string write_test_model(const std::string& name, const TestModel& model = {});

// A speech-like test signal at `rate`: a few harmonics with a slow amplitude swing and noise,
// RMS around -17 dBFS.
std::vector<float> voice(std::size_t frames, int rate, std::uint64_t seed = 7);
// `mono` copied into each of `channels` interleaved channels.
std::vector<float> interleave(const std::vector<float>& mono, int channels);
// Float samples in [-1, 1) as 16-bit, rounded and clipped; and back, exactly (x / 32768).
std::vector<std::int16_t> to_s16(const std::vector<float>& samples);
std::vector<float> from_s16(const std::vector<std::int16_t>& samples);

// Caps for the harness: audio/x-raw of `format` ("F32LE", "S16LE").
std::string audio_caps(const char* format, int rate, int channels);

// The element with `model_location` (unless empty), vad=level (the test models' 8 kHz voice is
// not speech to Silero), and the given properties, e.g.
// make_element(path, "window-duration", GST_SECOND / 2, nullptr).
GstElement* make_element(const std::string& model_location, const char* first_property = nullptr, ...);

// A harness on one seremotion element, not live (deterministic in-thread inference) unless
// asked, with a bus of its own to collect messages.
class Harness {
 public:
  Harness(GstElement* element, const std::string& caps, bool live = false);  // takes `element`
  ~Harness();
  Harness(const Harness&) = delete;
  Harness& operator=(const Harness&) = delete;

  GstHarness* h() const { return h_; }
  GstElement* element() const { return h_->element; }
  GstBus* bus() const { return bus_; }

  // Pushes `frames` frames of interleaved `data` (of `bytes_per_frame` bytes each) in buffers of
  // `frames_per_buffer`, timestamped from `pts` at `rate`; the first buffer may be flagged
  // DISCONT. Pulls every output buffer into outputs(). Returns the last flow return.
  GstFlowReturn push(const void* data, std::size_t frames, std::size_t bytes_per_frame, std::size_t frames_per_buffer,
                     int rate, GstClockTime pts, bool discont = false);
  GstFlowReturn push_f32(const std::vector<float>& interleaved, int channels, std::size_t frames_per_buffer,
                         int rate, GstClockTime pts = 0, bool discont = false);
  bool push_event(GstEvent* event) { return gst_harness_push_event(h_, event); }
  void eos() { push_event(gst_event_new_eos()); }

  // Output buffers pulled so far (owned by the harness object).
  const std::vector<GstBuffer*>& outputs() const { return outputs_; }
  void pull_all();

  // The element messages named `name` posted so far and not yet taken, in order (owned).
  std::vector<GstStructure*> take(const std::string& name);
  // Waits up to `timeout` for `count` more messages named `name`; returns what came.
  std::vector<GstStructure*> wait_for(const std::string& name, std::size_t count,
                                      GstClockTime timeout = 20 * GST_SECOND);
  // Messages of `type` (warnings, errors, progress) posted so far and not yet taken (owned).
  std::vector<GstMessage*> take_messages(GstMessageType type);
  // Waits up to `timeout` for a message of `type`; nullptr if none came (owned).
  GstMessage* wait_message(GstMessageType type, GstClockTime timeout = 30 * GST_SECOND);

 private:
  void drain_bus(GstClockTime timeout);

  GstHarness* h_;
  GstBus* bus_;
  std::vector<GstBuffer*> outputs_;
  std::vector<GstMessage*> messages_;  // not yet taken, in order
  std::vector<GstMessage*> taken_;     // handed out by take_messages()
  std::vector<GstStructure*> owned_;   // structures handed out by take()
};

// Field readers that fail the test when the field is missing or of another type.
guint64 uint64_field(const GstStructure* s, const char* field);
double double_field(const GstStructure* s, const char* field);
bool bool_field(const GstStructure* s, const char* field);
std::string string_field(const GstStructure* s, const char* field);
std::vector<std::string> strings_field(const GstStructure* s, const char* field);
std::vector<double> doubles_field(const GstStructure* s, const char* field);

// The error or warning text of a message: its GError message and debug string.
std::string message_text(GstMessage* message);
bool contains(const std::string& text, const std::string& part);

// What taking an element to READY gave: the state change and the error posted, if any.
struct ReadyAttempt {
  GstStateChangeReturn ret = GST_STATE_CHANGE_SUCCESS;
  GQuark domain = 0;
  int code = 0;
  std::string text;
};
// Takes `element` to READY and back to NULL, then unrefs it.
ReadyAttempt try_ready(GstElement* element);

}  // namespace ser::gst_test

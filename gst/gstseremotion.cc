/* seremotion: speech emotion recognition on an audio stream.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * SECTION:element-seremotion
 * @title: seremotion
 *
 * seremotion listens to raw audio and tells, for every window of it, which emotion the speech
 * carries, how sure the model is, and when. The audio passes through untouched and on time; the
 * results come out beside it, as a meta on the buffers (gstseremotionmeta.h) and, when
 * #GstSeremotion:post-messages is %TRUE, as an element message named `seremotion` per window:
 *
 * * #guint64 `timestamp`: PTS of the window's first sample, in ns.
 * * #guint64 `stream-time`: its stream time, in ns.
 * * #guint64 `running-time`: its running time, in ns.
 * * #guint64 `duration`: the window's duration, in ns (a final partial window is shorter).
 * * #guint64 `window-index`: windows cut since the element started or was flushed, from 0; a gap
 *   in the indices is a dropped window (live streams).
 * * #gchararray `label`: the most probable label; `silence` for a window the level gate held,
 *   `no-speech` for one in which the VAD found too little speech.
 * * #gdouble `confidence`: its probability, in [0, 1]; 1 for silence; 1 - speech-share for no-speech.
 * * #gboolean `uncertain`: confidence below #GstSeremotion:min-confidence (label still the top one).
 * * #gboolean `silence`: the window's RMS was below #GstSeremotion:silence-threshold with the
 *   gate on; the network did not run and every probability is 0.
 * * #gboolean `no-speech`: the VAD's speech share was below #GstSeremotion:min-speech-share (and
 *   the voicing rescue did not give the window back); the network did not run and every
 *   probability is 0.
 * * #gdouble `speech-share`: share of the window's samples the VAD judged speech, in [0, 1]
 *   (without a VAD: 1, or 0 for silence).
 * * #gboolean `voiced-rescue`: classified although the speech share was below
 *   #GstSeremotion:min-speech-share, because its pitch track is speech's
 *   (#GstSeremotion:voicing-rescue).
 * * #gdouble `rms`: RMS level of the window (channels mixed to mono), in dBFS, at least -200.
 * * #gboolean `trusted`: FALSE when one of `little-speech` (share below 0.3), `low-level` (below
 *   -55 dBFS) and `clipped` (over 0.1 % of samples at full scale) is TRUE; the three are set on
 *   classified windows only.
 * * #GstValueArray of #gchararray `labels`: the model's labels, in output order.
 * * #GstValueArray of #gdouble `probabilities`: one per label, in the same order.
 * * #gchararray `smoothed-label`, #gdouble `smoothed-confidence`, #GstValueArray of #gdouble
 *   `smoothed-probabilities`: the same after the moving average of #GstSeremotion:smoothing-time
 *   (equal to the raw fields without smoothing or when the network did not run).
 * * #guint64 `resets`: windowing resets that dropped audio (see Windows below), since the element
 *   started or was flushed.
 * * #guint64 `discarded`: the duration of the audio those resets dropped, never classified, in ns.
 * * #guint64 `dropped` (live streams only): windows dropped so far by the overload policy.
 * * #GstStructure `voice` (with #GstSeremotion:voice-parameters): the window's voice parameters, a
 *   structure `voice-parameters` of #gdouble fields: `f0-mean-hz` (Hz), `f0-mean-semitones`
 *   (semitones above 27.5 Hz), `f0-range-semitones` (20th-80th percentile), `loudness` (eGeMAPS
 *   auditory loudness, unitless), `level-db` (dBFS), `jitter-percent` (%), `shimmer-db` (dB),
 *   `hnr-db` (dB), `voiced-fraction` (0 to 1) and `loudness-peaks-per-second` (a speaking-rate
 *   proxy); the pitch and voice-quality fields are 0 for a window without voiced speech. They come
 *   from the window's eGeMAPS v02 analysis, shared with the network when the model is fed eGeMAPS.
 *
 * At EOS an element message `seremotion-summary` sums the stream up: #guint64 `windows`,
 * `uncertain`, `untrusted` and `rescued` (counts; `rescued`: windows the voicing rescue gave back,
 * also counted in `untrusted`), #GstValueArray `labels` (the model's, then `silence` and
 * `no-speech`) and `shares` (#gdouble per label: its share of the window time, summing to 1; all 0
 * without windows), #gchararray `dominant` (the label of the largest share among the model's; the
 * larger of `silence` and `no-speech` when nothing was classified), #guint64 `resets` and
 * `discarded` (as above), and #guint64 `dropped` in live streams.
 *
 * Voice activity (#GstSeremotion:vad): Silero VAD runs once on every sample (16 kHz models) and a
 * window's speech share is the share of its samples in 32 ms chunks judged speech; `upstream`
 * takes the voice-activity flag of each buffer's #GstAudioLevelMeta instead; `level` keeps the
 * level gate alone; `off` gates nothing. The VAD restarts where the windowing does.
 *
 * Windows: #GstSeremotion:window-duration long every #GstSeremotion:hop-duration (defaults from
 * the model), exactly the windows that `ser-train predict --windows` cuts from the same audio
 * (features/windowing.h), including a final partial window at EOS when it holds samples no window
 * covered and is at least half a window, or when no window was complete (a short stream is one
 * window, with a warning naming its length). Timestamps count samples from the PTS of the first buffer
 * after a reset (the segment start when it has none); FLUSH_STOP, a DISCONT buffer and a new
 * segment reset the windowing, dropping a partial window. New caps that keep the rate (another
 * sample format or channel count, which are mixed to mono anyway) keep the windowing: a window
 * may span buffers of several formats. A reset other than a flush that drops audio no window has
 * covered is counted in `resets` and `discarded`.
 *
 * Non-live streams are classified on the streaming thread, deterministically; a window's meta is
 * on the buffer holding its last sample. Live streams (upstream answers the LATENCY query as live)
 * are classified on a worker thread fed by a queue of at most #GstSeremotion:max-pending windows;
 * when it is full, the oldest waiting window is dropped and counted (`dropped`), so the streaming
 * thread never waits for the network. Results go on the bus when ready and, as metas, on the
 * next buffer that leaves the element. The LATENCY answer adds the window (what the element holds
 * before a result exists) and, when live, the inference time of one window to the minimum, and
 * max-pending + 1 of them to the maximum.
 *
 * Elements of one process that load the same model file on the same device share one loaded copy
 * (its weights, feature extractors and batcher; #GstSeremotion:model-info's `instance` tells), so
 * that many streams cost the memory of one model. With #GstSeremotion:max-batch above 1, their
 * windows also run through the network together: a window waits up to
 * #GstSeremotion:max-batch-wait for windows of other streams (or of this one) and the network
 * runs once for the batch, as soon as it is full or the wait is over. Each window's result, its
 * timing fields and the stream's messages stay as without batching; only when the result comes
 * changes (by at most the wait and the batch's time), and the LATENCY answer of a live stream adds
 * the wait.
 *
 * Setting #GstSeremotion:model-location in READY or later loads the new model on a thread of its
 * own, with PROGRESS messages (start, then complete or error), and swaps it in between windows. A
 * model that fails to load, that runs at another sample rate than the negotiated one, or (while
 * the stream runs) whose labels differ, is refused with a warning and the old one kept (and
 * #GstSeremotion:model-location reads it again).
 *
 * NaN, infinite and out-of-range input samples (beyond +-1e4, 80 dB above full scale) are
 * classified as 0 (the audio passed on is not changed), with a warning once per stream. A window
 * whose network output is not a number is an error, never a label. A missing or broken model, an
 * impossible device and a sample rate other than the model's are errors saying what to change.
 *
 * Trust: a .sermodel bundle is data, checked field by field before use. A TorchScript module is
 * code that runs with the rights of the process, whatever the checks: it is refused unless
 * #GstSeremotion:allow-torchscript is %TRUE, which is for files from a source you trust.
 *
 * ## Example pipelines
 * |[
 * gst-launch-1.0 -m filesrc location=speech.flac ! decodebin ! audioconvert ! audioresample ! seremotion ! fakesink
 * gst-launch-1.0 -m autoaudiosrc ! audioconvert ! audioresample ! seremotion min-confidence=0.5 ! fakesink
 * gst-launch-1.0 -m autoaudiosrc ! audioconvert ! audioresample ! webrtcdsp voice-detection=true echo-cancel=false \
 *     ! seremotion vad=upstream ! fakesink
 * ]|
 */

#include "gstseremotion.h"

#include <gst/audio/audio.h>

#include <chrono>
#include <cmath>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "background_loader.h"
#include "common/cores.h"
#include "emotion_summary.h"
#include "features/audio_check.h"
#include "features/stream_windower.h"
#include "features/windowing.h"
#include "gstseremotionmeta_writer.h"
#include "inference_worker.h"
#include "model_handle.h"
#include "mono_input.h"
#include "nn/classifier.h"
#include "result_fields.h"
#include "result_smoother.h"
#include "vad/stream_activity.h"
#include "vad/vad_model.h"
#include "vad_mode.h"
#include "window_analysis.h"

GST_DEBUG_CATEGORY_STATIC(seremotion_debug);
#define GST_CAT_DEFAULT seremotion_debug

#define SEREMOTION_CAPS                                      \
  "audio/x-raw, format = (string) { S16LE, F32LE }, "        \
  "layout = (string) interleaved, rate = (int) [ 1, MAX ], " \
  "channels = (int) [ 1, MAX ]"

static GstStaticPadTemplate sink_template =
    GST_STATIC_PAD_TEMPLATE("sink", GST_PAD_SINK, GST_PAD_ALWAYS, GST_STATIC_CAPS(SEREMOTION_CAPS));
static GstStaticPadTemplate src_template =
    GST_STATIC_PAD_TEMPLATE("src", GST_PAD_SRC, GST_PAD_ALWAYS, GST_STATIC_CAPS(SEREMOTION_CAPS));

enum {
  PROP_0,
  PROP_MODEL_LOCATION,
  PROP_DEVICE,
  PROP_WINDOW_DURATION,
  PROP_HOP_DURATION,
  PROP_NUM_THREADS,
  PROP_POST_MESSAGES,
  PROP_MIN_CONFIDENCE,
  PROP_SILENCE_GATE,
  PROP_SILENCE_THRESHOLD,
  PROP_VAD,
  PROP_SPEECH_THRESHOLD,
  PROP_MIN_SPEECH_SHARE,
  PROP_VOICING_RESCUE,
  PROP_VAD_LOCATION,
  PROP_SMOOTHING_TIME,
  PROP_MAX_PENDING,
  PROP_MAX_BATCH,
  PROP_MAX_BATCH_WAIT,
  PROP_VOICE_PARAMETERS,
  PROP_STREAM_ADAPTATION,
  PROP_LABELS,
  PROP_MODEL_INFO,
  PROP_ALLOW_TORCHSCRIPT,
};

#define DEFAULT_MODEL_LOCATION NULL
#define DEFAULT_DEVICE "auto"
#define DEFAULT_WINDOW_DURATION 0
#define DEFAULT_HOP_DURATION 0
#define DEFAULT_NUM_THREADS 0
#define DEFAULT_POST_MESSAGES TRUE
#define DEFAULT_MIN_CONFIDENCE 0.0
#define DEFAULT_SILENCE_GATE (ser::features::SilenceGate{}.enabled)
#define DEFAULT_SILENCE_THRESHOLD (ser::features::SilenceGate{}.threshold_db)
#define DEFAULT_VAD (ser::vad::SpeechGate{}.mode)
#define DEFAULT_SPEECH_THRESHOLD (ser::vad::SpeechGate{}.threshold)
#define DEFAULT_MIN_SPEECH_SHARE (ser::vad::SpeechGate{}.min_share)
#define DEFAULT_VOICING_RESCUE (ser::vad::SpeechGate{}.voicing_rescue)
#define DEFAULT_VAD_LOCATION NULL
#define DEFAULT_SMOOTHING_TIME (-1)
#define LIVE_SMOOTHING_TIME (3 * GST_SECOND)  // what -1 gives live streams
#define DEFAULT_MAX_PENDING 4
#define DEFAULT_MAX_BATCH 1
#define DEFAULT_MAX_BATCH_WAIT (20 * GST_MSECOND)
#define MAX_BATCH_WAIT GST_SECOND
#define DEFAULT_ALLOW_TORCHSCRIPT FALSE
#define DEFAULT_VOICE_PARAMETERS FALSE
#define DEFAULT_STREAM_ADAPTATION TRUE
// A model bundle's window and hop keep the same bounds (features/windowing.h).
#define MIN_DURATION (10 * GST_MSECOND)
#define MAX_DURATION (60 * GST_SECOND)
static_assert(MIN_DURATION == ser::features::kMinWindowSeconds * GST_SECOND, "the bounds of features/windowing.h");
static_assert(MAX_DURATION == ser::features::kMaxWindowSeconds * GST_SECOND, "the bounds of features/windowing.h");

namespace {

using ser::FloatSpan;
using ser::element::AnalysisSettings;
using ser::element::Discards;
using ser::element::EmotionSummary;
using ser::element::InferenceWorker;
using ser::element::ModelHandle;
using ser::element::ModelLoadError;
using ser::element::MonoInput;
using ser::element::WindowJob;
using ser::element::WindowResult;
using ser::element::WindowTiming;
using ser::features::StreamWindower;
using ser::features::WindowSpan;

// What the user set. Copied under the object lock at the top of each vfunc that needs it.
struct Settings {
  std::string model_location;  // empty: the default model
  std::string device = DEFAULT_DEVICE;
  GstClockTime window_duration = DEFAULT_WINDOW_DURATION;  // 0: the model's
  GstClockTime hop_duration = DEFAULT_HOP_DURATION;        // 0: the model's
  int num_threads = DEFAULT_NUM_THREADS;
  bool post_messages = DEFAULT_POST_MESSAGES;
  double min_confidence = DEFAULT_MIN_CONFIDENCE;
  bool silence_gate = DEFAULT_SILENCE_GATE;
  double silence_threshold = DEFAULT_SILENCE_THRESHOLD;
  ser::vad::VadMode vad = DEFAULT_VAD;
  double speech_threshold = DEFAULT_SPEECH_THRESHOLD;
  double min_speech_share = DEFAULT_MIN_SPEECH_SHARE;
  bool voicing_rescue = DEFAULT_VOICING_RESCUE;
  std::string vad_location;  // empty: the default weights
  gint64 smoothing_time = DEFAULT_SMOOTHING_TIME;
  guint max_pending = DEFAULT_MAX_PENDING;
  guint max_batch = DEFAULT_MAX_BATCH;
  GstClockTime max_batch_wait = DEFAULT_MAX_BATCH_WAIT;
  bool allow_torchscript = DEFAULT_ALLOW_TORCHSCRIPT;
  bool voice_parameters = DEFAULT_VOICE_PARAMETERS;
  bool stream_adaptation = DEFAULT_STREAM_ADAPTATION;

  AnalysisSettings analysis() const {
    return {{vad, speech_threshold, min_speech_share, {silence_gate, silence_threshold}, voicing_rescue},
            min_confidence, voice_parameters, stream_adaptation,
            {max_batch, std::chrono::nanoseconds(static_cast<std::int64_t>(max_batch_wait))}};
  }
  // What batching adds to the wait for a result: max-batch-wait, when it batches.
  GstClockTime batch_wait() const { return max_batch > 1 ? max_batch_wait : 0; }
  // The smoothing time constant for a stream that is `live` or not, in ns (0: none).
  GstClockTime smoothing(bool live) const {
    if (smoothing_time >= 0) return static_cast<GstClockTime>(smoothing_time);
    return live ? LIVE_SMOOTHING_TIME : 0;
  }
};

// What a buffer is processed with: plain values, copied per buffer without allocating.
struct StreamSettings {
  AnalysisSettings analysis;
  bool post_messages = DEFAULT_POST_MESSAGES;
  GstClockTime smoothing = 0;  // ns; for the stream's liveness
};

// What the stream built: reset in start, stop and on flush; the streaming thread's alone.
struct Stream {
  MonoInput input;
  std::optional<StreamWindower> windower;  // made when caps are set
  gint rate = 0;
  GstClockTime base_pts = GST_CLOCK_TIME_NONE;  // time of the windower's sample 0
  std::uint64_t next_index = 0;
  bool live = false;
  bool live_known = false;  // upstream was asked
  bool replaced_warned = false;  // the warning about unusable samples was posted
  Discards discards;             // audio dropped by resets since start or flush
  // Voice activity (vad=silero or upstream; none otherwise), its samples counted like the
  // windower's, reset with it.
  std::optional<ser::vad::StreamActivity> activity;
  bool level_meta_seen = false;  // vad=upstream: some buffer carried a GstAudioLevelMeta
  gint refused_rate = 0;         // a rate already refused at caps: the error is posted once
};

}  // namespace

// Everything with a C++ constructor, made in init and destroyed in finalize.
struct SeremotionPrivate {
  explicit SeremotionPrivate(GstSeremotion* self);

  /* protected by the object lock */
  Settings settings;
  GstClockTime held = GST_CLOCK_TIME_NONE;  // the window of the negotiated stream, for LATENCY

  /* protected by model_mutex (the background loader swaps the model) */
  std::mutex model_mutex;
  ModelHandle model;           // loaded from NULL->READY to READY->NULL
  std::string model_setting;   // the model-location value `model` was loaded for
  std::shared_ptr<const ser::vad::SileroWeights> vad_weights;  // loaded with vad=silero, NULL->READY
  gint negotiated_rate = 0;    // a model swapped in must have it; 0 before caps
  bool stream_running = false; // between start and stop: a model swapped in must keep the labels

  ser::element::BackgroundLoader loader;

  /* the streaming thread's, besides worker's own thread-safe methods */
  Stream stream;
  std::unique_ptr<InferenceWorker> worker;  // from start to stop

  /* protected by results_mutex (the worker delivers live results) */
  std::mutex results_mutex;
  std::vector<WindowResult> ready;  // live results waiting for a buffer to carry them
  EmotionSummary summary;
  ser::element::ResultSmoother smoother;

  /* thread-safe: the stream's statistics for models trained with adaptation */
  ser::element::StreamAdaptation adaptation;
};

struct _GstSeremotion {
  GstBaseTransform parent;
  SeremotionPrivate* priv;
};

#define gst_seremotion_parent_class parent_class
G_DEFINE_TYPE(GstSeremotion, gst_seremotion, GST_TYPE_BASE_TRANSFORM);
GST_ELEMENT_REGISTER_DEFINE(seremotion, "seremotion", GST_RANK_NONE, GST_TYPE_SEREMOTION);

static void gst_seremotion_finalize(GObject* object);
static void gst_seremotion_set_property(GObject* object, guint prop_id, const GValue* value, GParamSpec* pspec);
static void gst_seremotion_get_property(GObject* object, guint prop_id, GValue* value, GParamSpec* pspec);
static GstStateChangeReturn gst_seremotion_change_state(GstElement* element, GstStateChange transition);
static gboolean gst_seremotion_accept_caps(GstBaseTransform* trans, GstPadDirection direction, GstCaps* caps);
static gboolean gst_seremotion_set_caps(GstBaseTransform* trans, GstCaps* incaps, GstCaps* outcaps);
static gboolean gst_seremotion_start(GstBaseTransform* trans);
static gboolean gst_seremotion_stop(GstBaseTransform* trans);
static GstFlowReturn gst_seremotion_transform_ip(GstBaseTransform* trans, GstBuffer* buffer);
static gboolean gst_seremotion_sink_event(GstBaseTransform* trans, GstEvent* event);
static gboolean gst_seremotion_query(GstBaseTransform* trans, GstPadDirection direction, GstQuery* query);
static void gst_seremotion_swap_model(GstSeremotion* self, const std::string& location);
static void gst_seremotion_run_live_window(GstSeremotion* self, WindowJob& job);

SeremotionPrivate::SeremotionPrivate(GstSeremotion* self)
    : loader([self](const std::string& location) { gst_seremotion_swap_model(self, location); }) {}

static void gst_seremotion_class_init(GstSeremotionClass* klass) {
  GObjectClass* gobject_class = G_OBJECT_CLASS(klass);
  GstElementClass* element_class = GST_ELEMENT_CLASS(klass);
  GstBaseTransformClass* trans_class = GST_BASE_TRANSFORM_CLASS(klass);
  const auto rw = static_cast<GParamFlags>(G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  const auto rw_playing = static_cast<GParamFlags>(rw | GST_PARAM_MUTABLE_PLAYING);
  const auto rw_ready = static_cast<GParamFlags>(rw | GST_PARAM_MUTABLE_READY);
  const auto ro = static_cast<GParamFlags>(G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  gobject_class->finalize = gst_seremotion_finalize;
  gobject_class->set_property = gst_seremotion_set_property;
  gobject_class->get_property = gst_seremotion_get_property;

  g_object_class_install_property(
      gobject_class, PROP_MODEL_LOCATION,
      g_param_spec_string("model-location", "Model location",
                          "Model bundle (.sermodel, or TorchScript with seremotion.json when allow-torchscript is "
                          "TRUE) to classify with. NULL: "
                          "the default model: $SEREMOTION_DEFAULT_MODEL when set, else <default> in the "
                          "models installed with the plugin (<prefix>/share/seremotion/models), or in the build "
                          "tree's models/ when the plugin is not installed. Loaded at "
                          "NULL->READY; set later, loaded in the background and swapped in between windows",
                          DEFAULT_MODEL_LOCATION, rw_playing));
  g_object_class_install_property(
      gobject_class, PROP_DEVICE,
      g_param_spec_string("device", "Device",
                          "Where the network runs: auto (CUDA when this build has it and a GPU is visible, else "
                          "the CPU), cpu, cuda or cuda:N. An explicit cuda that cannot be had is an error",
                          DEFAULT_DEVICE, rw_ready));
  g_object_class_install_property(
      gobject_class, PROP_WINDOW_DURATION,
      g_param_spec_uint64("window-duration", "Window duration",
                          "Length of each classified window, in nanoseconds; 0: the model's (values under 10 ms "
                          "are raised to 10 ms). Taken when caps are set",
                          0, MAX_DURATION, DEFAULT_WINDOW_DURATION, rw_ready));
  g_object_class_install_property(
      gobject_class, PROP_HOP_DURATION,
      g_param_spec_uint64("hop-duration", "Hop duration",
                          "Time between the starts of consecutive windows, in nanoseconds; 0: the model's (values "
                          "under 10 ms are raised to 10 ms). Longer than the window leaves gaps. Taken when caps "
                          "are set",
                          0, MAX_DURATION, DEFAULT_HOP_DURATION, rw_ready));
  g_object_class_install_property(
      gobject_class, PROP_NUM_THREADS,
      g_param_spec_int("num-threads", "Number of threads",
                       "libtorch intra-op threads for the network. Process-wide: it applies to every seremotion "
                       "and every other libtorch user in the process. More than the cores this process may use "
                       "is lowered to them, with a warning. 0: leave libtorch's setting (1 with Debian's "
                       "libtorch)",
                       0, 256, DEFAULT_NUM_THREADS, rw_playing));
  g_object_class_install_property(
      gobject_class, PROP_POST_MESSAGES,
      g_param_spec_boolean("post-messages", "Post messages",
                           "Post a 'seremotion' element message on the bus for each window, and "
                           "'seremotion-summary' at EOS",
                           DEFAULT_POST_MESSAGES, rw_playing));
  g_object_class_install_property(
      gobject_class, PROP_MIN_CONFIDENCE,
      g_param_spec_double("min-confidence", "Minimum confidence",
                          "Confidence (probability of the top label, 0 to 1) below which a window is reported "
                          "with uncertain=TRUE; it is still reported, with its top label",
                          0.0, 1.0, DEFAULT_MIN_CONFIDENCE, rw_playing));
  g_object_class_install_property(
      gobject_class, PROP_SILENCE_GATE,
      g_param_spec_boolean("silence-gate", "Silence gate",
                           "Report windows quieter than silence-threshold as label 'silence' (confidence 1, "
                           "probabilities 0) without running the network",
                           DEFAULT_SILENCE_GATE, rw_playing));
  g_object_class_install_property(
      gobject_class, PROP_SILENCE_THRESHOLD,
      g_param_spec_double("silence-threshold", "Silence threshold",
                          "RMS level of a window (channels mixed to mono), in dBFS, below which the silence gate "
                          "reports it as silence",
                          -200.0, 0.0, DEFAULT_SILENCE_THRESHOLD, rw_playing));
  g_object_class_install_property(
      gobject_class, PROP_VAD,
      g_param_spec_enum("vad", "Voice activity",
                        "How speech is told from the rest: silero (Silero VAD on every sample, 16 kHz models), "
                        "upstream (the voice-activity flag of an upstream GstAudioLevelMeta, e.g. webrtcdsp "
                        "voice-detection=true), level (the silence gate alone), off (nothing gated). Windows with "
                        "less speech than min-speech-share are reported as no-speech without running the network, "
                        "unless voicing-rescue gives them back. "
                        "Taken at READY->PAUSED",
                        GST_TYPE_SEREMOTION_VAD, static_cast<gint>(DEFAULT_VAD), rw_ready));
  g_object_class_install_property(
      gobject_class, PROP_SPEECH_THRESHOLD,
      g_param_spec_double("speech-threshold", "Speech threshold",
                          "Probability (0 to 1) from which the VAD counts a 32 ms chunk as speech",
                          0.0, 1.0, DEFAULT_SPEECH_THRESHOLD, rw_playing));
  g_object_class_install_property(
      gobject_class, PROP_MIN_SPEECH_SHARE,
      g_param_spec_double("min-speech-share", "Minimum speech share",
                          "Share of a window (0 to 1) the VAD must judge speech for the network to run on it; "
                          "below it the window is reported as no-speech (unless voicing-rescue gives it back)",
                          0.0, 1.0, DEFAULT_MIN_SPEECH_SHARE, rw_playing));
  g_object_class_install_property(
      gobject_class, PROP_VOICING_RESCUE,
      g_param_spec_boolean("voicing-rescue", "Voicing rescue",
                           "Classify a window the VAD finds too little speech in when its pitch track is "
                           "speech's (voiced in several stretches, the pitch moving): Silero misses some shouting. "
                           "Such windows carry voiced-rescue=TRUE and are not trusted",
                           DEFAULT_VOICING_RESCUE, rw_playing));
  g_object_class_install_property(
      gobject_class, PROP_VAD_LOCATION,
      g_param_spec_string("vad-location", "VAD weights location",
                          "Silero VAD's weights file (vad=silero). NULL: $SEREMOTION_VAD_MODEL, else "
                          "<datadir>/seremotion/models/silero-vad/silero-vad-16k.weights, else the source tree's. "
                          "Loaded at NULL->READY",
                          DEFAULT_VAD_LOCATION, static_cast<GParamFlags>(rw | GST_PARAM_MUTABLE_READY)));
  g_object_class_install_property(
      gobject_class, PROP_SMOOTHING_TIME,
      g_param_spec_int64("smoothing-time", "Smoothing time",
                         "Time constant of the exponential moving average of the classified windows' "
                         "probabilities (the smoothed-* fields), in nanoseconds; 0: none; -1: none for streams "
                         "that are not live, 3 s for live ones",
                         -1, MAX_DURATION, DEFAULT_SMOOTHING_TIME, rw_playing));
  g_object_class_install_property(
      gobject_class, PROP_MAX_PENDING,
      g_param_spec_uint("max-pending", "Maximum pending windows",
                        "Live streams: windows that may wait for the inference thread; one more drops the "
                        "oldest waiting (counted in the messages' 'dropped'). Taken at READY->PAUSED",
                        1, 64, DEFAULT_MAX_PENDING, rw_ready));
  g_object_class_install_property(
      gobject_class, PROP_MAX_BATCH,
      g_param_spec_uint("max-batch", "Maximum batch",
                        "Windows the network runs together, from every seremotion of the process that shares this "
                        "model (same file, same device); 1: each window alone. Since: 0.2",
                        1, 256, DEFAULT_MAX_BATCH, rw_playing));
  g_object_class_install_property(
      gobject_class, PROP_MAX_BATCH_WAIT,
      g_param_spec_uint64("max-batch-wait", "Maximum batch wait",
                          "With max-batch above 1: the longest a window waits for others before its batch runs, in "
                          "nanoseconds (a live stream's latency grows by it). Since: 0.2",
                          0, MAX_BATCH_WAIT, DEFAULT_MAX_BATCH_WAIT, rw_playing));
  g_object_class_install_property(
      gobject_class, PROP_VOICE_PARAMETERS,
      g_param_spec_boolean("voice-parameters", "Voice parameters",
                           "Add each window's voice parameters (field 'voice': mean F0 in Hz and semitones, F0 range, "
                           "loudness, level, jitter, shimmer, HNR, voiced fraction, loudness peaks per second) to its "
                           "message and meta; needs a model at 16 kHz or more",
                           DEFAULT_VOICE_PARAMETERS, rw_playing));
  g_object_class_install_property(
      gobject_class, PROP_STREAM_ADAPTATION,
      g_param_spec_boolean("stream-adaptation", "Stream adaptation",
                           "Models trained with adaptation (model-info's adaptation): normalise each window's "
                           "features by what the stream's speech has been so far, trusted as it accumulates "
                           "(the model's prior_windows), to adapt to the speaker and the recording; reset at a "
                           "flush or a new stream. FALSE: the training speakers' pooled statistics only",
                           DEFAULT_STREAM_ADAPTATION, rw_playing));
  g_object_class_install_property(
      gobject_class, PROP_LABELS,
      g_param_spec_boxed("labels", "Labels",
                         "The loaded model's labels, in the order of the messages' probabilities (NULL before "
                         "READY)",
                         G_TYPE_STRV, ro));
  g_object_class_install_property(
      gobject_class, PROP_MODEL_INFO,
      g_param_spec_string("model-info", "Model information",
                          "The loaded model as JSON: location, device, inference-time-ns (one window, measured at "
                          "load), instance (the same for elements sharing one loaded copy) and the bundle's "
                          "metadata (NULL before READY)",
                          NULL, ro));

  g_object_class_install_property(
      gobject_class, PROP_ALLOW_TORCHSCRIPT,
      g_param_spec_boolean("allow-torchscript", "Allow TorchScript",
                           "Load model-location when it is a TorchScript module. TorchScript is code: it runs with "
                           "the rights of this process, whatever the checks. Only for files from a source you trust; "
                           ".sermodel bundles, which are data, need no such trust",
                           DEFAULT_ALLOW_TORCHSCRIPT, rw_playing));

  GST_DEBUG_CATEGORY_INIT(seremotion_debug, "seremotion", 0, "Speech emotion recognition");
  ser::element::register_result_meta();

  gst_element_class_add_static_pad_template(element_class, &sink_template);
  gst_element_class_add_static_pad_template(element_class, &src_template);
  gst_element_class_set_static_metadata(element_class, "Speech emotion recognition", "Filter/Analyzer/Audio",
                                        "Classifies each window of speech into emotions; posts the results as "
                                        "messages and attaches them as metas",
                                        "seremotion authors");

  element_class->change_state = GST_DEBUG_FUNCPTR(gst_seremotion_change_state);
  trans_class->accept_caps = GST_DEBUG_FUNCPTR(gst_seremotion_accept_caps);
  trans_class->set_caps = GST_DEBUG_FUNCPTR(gst_seremotion_set_caps);
  trans_class->start = GST_DEBUG_FUNCPTR(gst_seremotion_start);
  trans_class->stop = GST_DEBUG_FUNCPTR(gst_seremotion_stop);
  trans_class->transform_ip = GST_DEBUG_FUNCPTR(gst_seremotion_transform_ip);
  trans_class->sink_event = GST_DEBUG_FUNCPTR(gst_seremotion_sink_event);
  trans_class->query = GST_DEBUG_FUNCPTR(gst_seremotion_query);
  trans_class->passthrough_on_same_caps = FALSE;
}

static void gst_seremotion_init(GstSeremotion* self) {
  self->priv = new SeremotionPrivate(self);
  GstBaseTransform* trans = GST_BASE_TRANSFORM(self);
  // In place but not passthrough: the audio is never written, but the buffer must be writable
  // to carry metas (a copy of a shared buffer shares its memory).
  gst_base_transform_set_in_place(trans, TRUE);
  gst_base_transform_set_passthrough(trans, FALSE);
  gst_base_transform_set_gap_aware(trans, TRUE);
}

static void gst_seremotion_finalize(GObject* object) {
  GstSeremotion* self = GST_SEREMOTION(object);
  delete self->priv;  // joins the loader; the worker went at stop
  self->priv = nullptr;
  G_OBJECT_CLASS(parent_class)->finalize(object);
}

/* helpers */

// Runs `body`, turning any exception into an element error: none may cross into GStreamer.
template <typename R, typename Body>
static R guarded(GstSeremotion* self, R on_error, Body&& body) {
  try {
    return body();
  } catch (const std::exception& e) {
    GST_ELEMENT_ERROR(self, LIBRARY, FAILED, ("%s", e.what()), (nullptr));
  } catch (...) {
    GST_ELEMENT_ERROR(self, LIBRARY, FAILED, ("seremotion failed for an unknown reason"), (nullptr));
  }
  return on_error;
}

static Settings copy_settings(GstSeremotion* self) {
  GST_OBJECT_LOCK(self);
  Settings s = self->priv->settings;
  GST_OBJECT_UNLOCK(self);
  return s;
}

static StreamSettings copy_stream_settings(GstSeremotion* self) {
  const bool live = self->priv->stream.live;
  GST_OBJECT_LOCK(self);
  const Settings& s = self->priv->settings;
  const StreamSettings out{s.analysis(), s.post_messages, s.smoothing(live)};
  GST_OBJECT_UNLOCK(self);
  return out;
}

static ModelHandle current_model(GstSeremotion* self) {
  std::lock_guard<std::mutex> lock(self->priv->model_mutex);
  return self->priv->model;
}

// The model for the next window (with its batcher); a swap takes effect from the next call.
static std::shared_ptr<const ser::element::SharedModel> current_classifier(GstSeremotion* self) {
  std::lock_guard<std::mutex> lock(self->priv->model_mutex);
  return self->priv->model.shared;
}

// num-threads beyond the cores this process may use only take turns (256 threads on 2 cores made
// 3 windows take 40 s instead of 3 s): lowered to the cores, with a warning naming both.
static int usable_threads(GstSeremotion* self, int requested) {
  const int cores = ser::available_cores();
  if (requested <= cores) return requested;
  GST_ELEMENT_WARNING(self, RESOURCE, SETTINGS,
                      ("num-threads %d is more than the %d cores this process may use; using %d", requested, cores,
                       cores),
                      (nullptr));
  return cores;
}

static ser::element::LoadSettings load_settings(GstSeremotion* self, const Settings& s, const std::string& location) {
  return {location, s.device, usable_threads(self, s.num_threads), s.allow_torchscript};
}

static std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

// A duration property (0: the model's `model_seconds`) in samples at `rate`, at least 1.
static std::size_t duration_samples(GstSeremotion* self, const char* property, GstClockTime set, double model_seconds,
                                    gint rate) {
  GstClockTime ns = set;
  if (ns == 0) {
    ns = static_cast<GstClockTime>(std::llround(model_seconds * GST_SECOND));
  } else if (ns < MIN_DURATION) {
    GST_ELEMENT_WARNING(self, STREAM, FORMAT,
                        ("%s %" GST_TIME_FORMAT " is below the minimum of %" GST_TIME_FORMAT "; using the minimum",
                         property, GST_TIME_ARGS(ns), GST_TIME_ARGS(MIN_DURATION)),
                        (nullptr));
    ns = MIN_DURATION;
  }
  const guint64 n = gst_util_uint64_scale_round(ns, static_cast<guint64>(rate), GST_SECOND);
  return n > 0 ? static_cast<std::size_t>(n) : 1;
}

// The window that LATENCY reports: the negotiated one, else what the settings and model give.
static GstClockTime held_duration(GstSeremotion* self, const Settings& s, const ModelHandle& model) {
  GST_OBJECT_LOCK(self);
  GstClockTime held = self->priv->held;
  GST_OBJECT_UNLOCK(self);
  if (GST_CLOCK_TIME_IS_VALID(held)) return held;
  if (s.window_duration > 0) return std::max<GstClockTime>(s.window_duration, MIN_DURATION);
  if (!model) return 0;
  return static_cast<GstClockTime>(std::llround(model.classifier->info().window_seconds() * GST_SECOND));
}

static bool query_upstream_live(GstSeremotion* self) {
  GstQuery* query = gst_query_new_latency();
  gboolean live = FALSE;
  if (gst_pad_peer_query(GST_BASE_TRANSFORM_SINK_PAD(self), query)) {
    gst_query_parse_latency(query, &live, nullptr, nullptr);
  }
  gst_query_unref(query);
  return live;
}

// Called from the streaming thread: forget the samples of the window being filled. Samples no
// window covered are counted in the results' `resets` and `discarded`, unless a flush asked for it.
static void reset_windowing(GstSeremotion* self, bool count_discards = true) {
  Stream& st = self->priv->stream;
  if (st.windower) {
    const std::size_t dropped = st.windower->unclassified();
    if (count_discards && dropped > 0 && st.rate > 0) {
      ++st.discards.resets;
      st.discards.duration += gst_util_uint64_scale_int_round(dropped, GST_SECOND, st.rate);
      GST_DEBUG_OBJECT(self, "windowing reset: %zu samples dropped unclassified", dropped);
    }
    st.windower->reset();
  }
  if (st.activity) st.activity->reset();
  st.base_pts = GST_CLOCK_TIME_NONE;
  std::lock_guard<std::mutex> lock(self->priv->results_mutex);
  self->priv->smoother.reset();
}

// A flush or a new start: windows, results and counters start again.
static void reset_stream_results(GstSeremotion* self) {
  SeremotionPrivate* p = self->priv;
  reset_windowing(self, false);
  p->stream.next_index = 0;
  p->stream.input.reset_count();
  p->stream.replaced_warned = false;
  p->stream.discards = Discards();
  if (p->worker) p->worker->reset_dropped();
  const ModelHandle model = current_model(self);
  std::lock_guard<std::mutex> lock(p->results_mutex);
  p->ready.clear();
  // With the model's labels from the start, a stream without a window still sums up to them.
  p->summary.reset(model ? model.classifier->labels() : std::vector<std::string>{});
  p->smoother.reset();
  p->adaptation.reset();
}

// The voice activity of one buffer's mono samples: Silero runs on them, or (vad=upstream) the
// buffer's GstAudioLevelMeta flag marks them. Called from the streaming thread.
static void push_activity(GstSeremotion* self, GstBuffer* buffer, FloatSpan mono) {
  Stream& st = self->priv->stream;
  if (st.activity->runs_silero()) {
    st.activity->push(mono);
    return;
  }
  // webrtcdsp flags the buffers where the activity changes: a buffer without the meta keeps the
  // flag before it.
  const GstAudioLevelMeta* meta = gst_buffer_get_audio_level_meta(buffer);
  if (meta != nullptr) st.level_meta_seen = true;
  st.activity->push_flag(mono.size(), meta ? std::optional<bool>(meta->voice_activity != FALSE) : std::nullopt);
}

// At EOS with vad=upstream: a stream whose buffers never carried a voice-activity flag was judged
// to hold no speech at all, which deserves a word.
static void warn_if_no_level_meta(GstSeremotion* self) {
  const Stream& st = self->priv->stream;
  if (!st.activity || st.activity->runs_silero() || st.level_meta_seen || st.next_index == 0) return;
  GST_ELEMENT_WARNING(self, STREAM, FORMAT,
                      ("vad=upstream, but no buffer carried a GstAudioLevelMeta: no window was heard as speech. Put "
                       "an element that sets it upstream (webrtcdsp voice-detection=true), or set vad=silero"),
                      (nullptr));
}

// A stream too short for any window of at least half a window is still classified as one (padded);
// says so, naming its length.
static void warn_if_short(GstSeremotion* self, const WindowSpan& span) {
  const Stream& st = self->priv->stream;
  const std::size_t window = st.windower->window();
  if (ser::features::partial_window_counts(span.length, window)) return;
  GST_ELEMENT_WARNING(self, STREAM, FORMAT,
                      ("The stream holds only %.3f s of audio, less than half a window (%.3f s): seremotion "
                       "classifies it as one window, padded as the model's features say",
                       static_cast<double>(span.length) / st.rate, static_cast<double>(window) / st.rate),
                      ("%zu samples, window %zu samples", span.length, window));
}

static WindowTiming window_timing(GstSeremotion* self, const WindowSpan& span) {
  const Stream& st = self->priv->stream;
  const GstSegment& segment = GST_BASE_TRANSFORM(self)->segment;
  WindowTiming t;
  t.index = self->priv->stream.next_index;
  t.discards = st.discards;
  const GstClockTime start = gst_util_uint64_scale_int_round(span.start, GST_SECOND, st.rate);
  const GstClockTime end = gst_util_uint64_scale_int_round(span.start + span.length, GST_SECOND, st.rate);
  t.duration = end - start;
  t.offset = start;
  if (GST_CLOCK_TIME_IS_VALID(st.base_pts)) {
    t.pts = st.base_pts + start;
    if (segment.format == GST_FORMAT_TIME) {
      t.running_time = gst_segment_to_running_time(&segment, GST_FORMAT_TIME, t.pts);
      t.stream_time = gst_segment_to_stream_time(&segment, GST_FORMAT_TIME, t.pts);
    }
  }
  return t;
}

// A window is complete: classified now (non-live, its result appended to `results`) or queued
// for the worker (live). `seen_at` is the stream position its speech share is judged at (its end,
// or vad::kAtEnd at EOS). Called from the streaming thread with no lock held.
static void cut_window(GstSeremotion* self, const WindowSpan& span, FloatSpan samples, std::size_t seen_at,
                       const StreamSettings& settings, std::vector<WindowResult>& results) {
  SeremotionPrivate* p = self->priv;
  Stream& st = p->stream;
  const WindowTiming timing = window_timing(self, span);
  ++st.next_index;
  const double share =
      st.activity ? st.activity->speech_share(span.start, span.start + span.length, seen_at,
                                              settings.analysis.gate.threshold)
                  : 0.0;
  const auto model = current_classifier(self);
  const ser::vad::SampleRange heard =
      model ? ser::element::heard_part(model->classifier->info(), st.activity ? &*st.activity : nullptr, span.start,
                                       span.start + span.length, seen_at)
            : ser::vad::SampleRange{0, span.length};
  if (st.live) {
    WindowJob job = p->worker->take_job();
    job.timing = timing;
    job.settings = settings.analysis;
    job.speech_share = share;
    job.post_messages = settings.post_messages;
    job.smoothing = settings.smoothing;
    job.samples.assign(samples.begin(), samples.end());
    job.heard = heard;
    p->worker->submit(std::move(job));
    return;
  }
  const FloatSpan heard_samples(samples.data() + heard.begin, heard.end - heard.begin);
  results.push_back(ser::element::analyse_window(*model, samples, heard_samples, share, timing, settings.analysis,
                                                 &self->priv->adaptation));
}

// Non-live results of the streaming thread: into the summary, then on the bus.
static void deliver_in_thread(GstSeremotion* self, std::vector<WindowResult>& results, const StreamSettings& s) {
  const bool post = s.post_messages;
  {
    std::lock_guard<std::mutex> lock(self->priv->results_mutex);
    for (auto& r : results) {
      self->priv->smoother.apply(r, s.smoothing);
      self->priv->summary.add(r);
    }
  }
  if (!post) return;
  for (const auto& r : results) {
    gst_element_post_message(GST_ELEMENT(self), ser::element::new_result_message(GST_OBJECT(self), r));
  }
}

static void post_progress(GstSeremotion* self, GstProgressType type, const std::string& text) {
  gst_element_post_message(GST_ELEMENT(self),
                           gst_message_new_progress(GST_OBJECT(self), type, "model-load", text.c_str()));
}

/* properties */

static void gst_seremotion_set_property(GObject* object, guint prop_id, const GValue* value, GParamSpec* pspec) {
  GstSeremotion* self = GST_SEREMOTION(object);
  Settings& s = self->priv->settings;
  bool reload = false;
  int threads = 0;

  GST_OBJECT_LOCK(self);
  switch (prop_id) {
    case PROP_MODEL_LOCATION: {
      const gchar* location = g_value_get_string(value);
      s.model_location = location != nullptr ? location : "";
      reload = true;
      break;
    }
    case PROP_DEVICE: {
      const gchar* device = g_value_get_string(value);
      s.device = device != nullptr ? device : DEFAULT_DEVICE;
      break;
    }
    case PROP_WINDOW_DURATION:
      s.window_duration = g_value_get_uint64(value);
      break;
    case PROP_HOP_DURATION:
      s.hop_duration = g_value_get_uint64(value);
      break;
    case PROP_NUM_THREADS:
      s.num_threads = threads = g_value_get_int(value);
      break;
    case PROP_POST_MESSAGES:
      s.post_messages = g_value_get_boolean(value);
      break;
    case PROP_MIN_CONFIDENCE:
      s.min_confidence = g_value_get_double(value);
      break;
    case PROP_SILENCE_GATE:
      s.silence_gate = g_value_get_boolean(value);
      break;
    case PROP_SILENCE_THRESHOLD:
      s.silence_threshold = g_value_get_double(value);
      break;
    case PROP_VAD:
      s.vad = ser::element::vad_mode_of(g_value_get_enum(value));
      break;
    case PROP_SPEECH_THRESHOLD:
      s.speech_threshold = g_value_get_double(value);
      break;
    case PROP_MIN_SPEECH_SHARE:
      s.min_speech_share = g_value_get_double(value);
      break;
    case PROP_VOICING_RESCUE:
      s.voicing_rescue = g_value_get_boolean(value);
      break;
    case PROP_VAD_LOCATION: {
      const gchar* location = g_value_get_string(value);
      s.vad_location = location != nullptr ? location : "";
      break;
    }
    case PROP_SMOOTHING_TIME:
      s.smoothing_time = g_value_get_int64(value);
      break;
    case PROP_VOICE_PARAMETERS:
      s.voice_parameters = g_value_get_boolean(value);
      break;
    case PROP_STREAM_ADAPTATION:
      s.stream_adaptation = g_value_get_boolean(value);
      break;
    case PROP_MAX_PENDING:
      s.max_pending = g_value_get_uint(value);
      break;
    case PROP_MAX_BATCH:
      s.max_batch = g_value_get_uint(value);
      break;
    case PROP_MAX_BATCH_WAIT:
      s.max_batch_wait = g_value_get_uint64(value);
      break;
    case PROP_ALLOW_TORCHSCRIPT:
      s.allow_torchscript = g_value_get_boolean(value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID(object, prop_id, pspec);
      break;
  }
  const std::string location = s.model_location;
  GST_OBJECT_UNLOCK(self);

  // Outside the object lock: the loader and libtorch take their own.
  const bool loaded = static_cast<bool>(current_model(self));
  if (reload && loaded) self->priv->loader.request(location);
  if (threads > 0 && loaded) {
    guarded(self, 0, [&] {
      ser::nn::Classifier::set_num_threads(usable_threads(self, threads));
      return 0;
    });
  }
}

static void gst_seremotion_get_property(GObject* object, guint prop_id, GValue* value, GParamSpec* pspec) {
  GstSeremotion* self = GST_SEREMOTION(object);

  if (prop_id == PROP_LABELS || prop_id == PROP_MODEL_INFO) {
    const ModelHandle model = current_model(self);
    if (!model) {
      prop_id == PROP_LABELS ? g_value_set_boxed(value, nullptr) : g_value_set_string(value, nullptr);
      return;
    }
    if (prop_id == PROP_LABELS) {
      const auto& labels = model.classifier->labels();
      gchar** strv = g_new0(gchar*, labels.size() + 1);
      for (std::size_t i = 0; i < labels.size(); ++i) strv[i] = g_strdup(labels[i].c_str());
      g_value_take_boxed(value, strv);
    } else {
      const nlohmann::json info = {{"location", model.location},
                                   {"device", model.classifier->device()},
                                   {"inference-time-ns", model.inference_time},
                                   {"instance", std::to_string(reinterpret_cast<std::uintptr_t>(model.shared.get()))},
                                   {"metadata", model.classifier->info().to_json()}};
      g_value_set_string(value, info.dump().c_str());
    }
    return;
  }

  GST_OBJECT_LOCK(self);
  const Settings& s = self->priv->settings;
  switch (prop_id) {
    case PROP_MODEL_LOCATION:
      g_value_set_string(value, s.model_location.empty() ? nullptr : s.model_location.c_str());
      break;
    case PROP_DEVICE:
      g_value_set_string(value, s.device.c_str());
      break;
    case PROP_WINDOW_DURATION:
      g_value_set_uint64(value, s.window_duration);
      break;
    case PROP_HOP_DURATION:
      g_value_set_uint64(value, s.hop_duration);
      break;
    case PROP_NUM_THREADS:
      g_value_set_int(value, s.num_threads);
      break;
    case PROP_POST_MESSAGES:
      g_value_set_boolean(value, s.post_messages);
      break;
    case PROP_MIN_CONFIDENCE:
      g_value_set_double(value, s.min_confidence);
      break;
    case PROP_SILENCE_GATE:
      g_value_set_boolean(value, s.silence_gate);
      break;
    case PROP_SILENCE_THRESHOLD:
      g_value_set_double(value, s.silence_threshold);
      break;
    case PROP_VAD:
      g_value_set_enum(value, static_cast<gint>(s.vad));
      break;
    case PROP_SPEECH_THRESHOLD:
      g_value_set_double(value, s.speech_threshold);
      break;
    case PROP_MIN_SPEECH_SHARE:
      g_value_set_double(value, s.min_speech_share);
      break;
    case PROP_VOICING_RESCUE:
      g_value_set_boolean(value, s.voicing_rescue);
      break;
    case PROP_VAD_LOCATION:
      g_value_set_string(value, s.vad_location.empty() ? nullptr : s.vad_location.c_str());
      break;
    case PROP_SMOOTHING_TIME:
      g_value_set_int64(value, s.smoothing_time);
      break;
    case PROP_VOICE_PARAMETERS:
      g_value_set_boolean(value, s.voice_parameters);
      break;
    case PROP_STREAM_ADAPTATION:
      g_value_set_boolean(value, s.stream_adaptation);
      break;
    case PROP_MAX_PENDING:
      g_value_set_uint(value, s.max_pending);
      break;
    case PROP_MAX_BATCH:
      g_value_set_uint(value, s.max_batch);
      break;
    case PROP_MAX_BATCH_WAIT:
      g_value_set_uint64(value, s.max_batch_wait);
      break;
    case PROP_ALLOW_TORCHSCRIPT:
      g_value_set_boolean(value, s.allow_torchscript);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID(object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK(self);
}

/* the model: loaded at NULL->READY, swapped in the background */

// Silero's weights when vad=silero and they are not loaded yet (from vad-location, or the default
// file); at NULL->READY, and at READY->PAUSED when vad or vad-location changed in READY. Posts an
// error naming the file and returns false when they cannot be read.
static bool gst_seremotion_load_vad(GstSeremotion* self, const Settings& s) {
  if (s.vad != ser::vad::VadMode::Silero) return true;
  SeremotionPrivate* p = self->priv;
  std::string path = s.vad_location;
  try {
    if (path.empty()) path = ser::vad::vad_model_path();
    {
      std::lock_guard<std::mutex> lock(p->model_mutex);
      if (p->vad_weights && p->vad_weights->path == path) return true;
    }
    auto weights = ser::vad::load_silero_weights(path);
    GST_INFO_OBJECT(self, "loaded the VAD's weights from %s", path.c_str());
    std::lock_guard<std::mutex> lock(p->model_mutex);
    p->vad_weights = std::move(weights);
    return true;
  } catch (const std::exception& e) {
    if (path.empty() || !g_file_test(path.c_str(), G_FILE_TEST_EXISTS)) {
      GST_ELEMENT_ERROR(self, RESOURCE, NOT_FOUND, ("vad=silero: %s", e.what()),
                        ("property vad-location = '%s'", s.vad_location.c_str()));
    } else {
      GST_ELEMENT_ERROR(self, RESOURCE, OPEN_READ, ("vad=silero: %s", e.what()),
                        ("property vad-location = '%s'", s.vad_location.c_str()));
    }
  }
  return false;
}

static bool gst_seremotion_load_initial_model(GstSeremotion* self) {
  const Settings s = copy_settings(self);
  try {
    ModelHandle model = ser::element::load_model(load_settings(self, s, s.model_location));
    GST_INFO_OBJECT(self, "loaded model %s on %s", model.location.c_str(), model.classifier->device().c_str());
    std::lock_guard<std::mutex> lock(self->priv->model_mutex);
    self->priv->model = std::move(model);
    self->priv->model_setting = s.model_location;
    return true;
  } catch (const ModelLoadError& e) {
    if (e.property() == "device") {
      GST_ELEMENT_ERROR(self, RESOURCE, SETTINGS, ("%s", e.what()), ("property device = '%s'", s.device.c_str()));
    } else if (s.model_location.empty() || !g_file_test(s.model_location.c_str(), G_FILE_TEST_EXISTS)) {
      GST_ELEMENT_ERROR(self, RESOURCE, NOT_FOUND, ("%s", e.what()),
                        ("property model-location = '%s'", s.model_location.c_str()));
    } else {
      GST_ELEMENT_ERROR(self, RESOURCE, OPEN_READ, ("%s", e.what()),
                        ("property model-location = '%s'", s.model_location.c_str()));
    }
  } catch (const std::exception& e) {
    GST_ELEMENT_ERROR(self, RESOURCE, OPEN_READ, ("cannot load the model of model-location: %s", e.what()),
                      (nullptr));
  }
  return false;
}

// Why `candidate` cannot replace the running model; empty when it can. Called with model_mutex.
static std::string refusal_reason(SeremotionPrivate* p, const ModelHandle& candidate) {
  if (!p->model) return "the element is no longer READY";
  const auto& info = candidate.classifier->info();
  if (p->negotiated_rate > 0 && info.sample_rate() != p->negotiated_rate) {
    return "its sample rate is " + std::to_string(info.sample_rate()) + " Hz but the stream runs at " +
           std::to_string(p->negotiated_rate) + " Hz";
  }
  if (p->stream_running && candidate.classifier->labels() != p->model.classifier->labels()) {
    return "its labels (" + join(candidate.classifier->labels()) + ") differ from those this stream reports (" +
           join(p->model.classifier->labels()) + ")";
  }
  return {};
}

// The background loader's work: load, check, swap between windows (the next window takes the
// new model), with PROGRESS messages. Runs on the loader's thread.
static void gst_seremotion_swap_model(GstSeremotion* self, const std::string& location) {
  const Settings s = copy_settings(self);
  const std::string name = location.empty() ? "the default model" : "'" + location + "'";
  post_progress(self, GST_PROGRESS_TYPE_START, "Loading model " + name);
  std::string reason;
  ModelHandle candidate;
  try {
    candidate = ser::element::load_model(load_settings(self, s, location));
  } catch (const std::exception& e) {
    reason = e.what();
  }
  std::string kept;
  std::string kept_setting;
  ModelHandle old;  // released outside the lock
  {
    std::lock_guard<std::mutex> lock(self->priv->model_mutex);
    if (self->priv->model) kept = self->priv->model.location;
    kept_setting = self->priv->model_setting;
    if (reason.empty()) reason = refusal_reason(self->priv, candidate);
    if (reason.empty()) {
      old = std::move(self->priv->model);
      self->priv->model = std::move(candidate);
      self->priv->model_setting = location;
    }
  }
  if (!reason.empty()) {
    // model-location reads the model still in use again (unless a newer request replaced it).
    GST_OBJECT_LOCK(self);
    const bool restore = self->priv->settings.model_location == location;
    if (restore) self->priv->settings.model_location = kept_setting;
    GST_OBJECT_UNLOCK(self);
    if (restore) g_object_notify(G_OBJECT(self), "model-location");
    GST_ELEMENT_WARNING(self, RESOURCE, SETTINGS,
                        ("model-location %s refused: %s; keeping '%s'", name.c_str(), reason.c_str(), kept.c_str()),
                        (nullptr));
    post_progress(self, GST_PROGRESS_TYPE_ERROR, "Refused model " + name + ": " + reason);
    return;
  }
  GST_INFO_OBJECT(self, "swapped in model %s", name.c_str());
  post_progress(self, GST_PROGRESS_TYPE_COMPLETE, "Loaded model " + name);
  g_object_notify(G_OBJECT(self), "labels");
  g_object_notify(G_OBJECT(self), "model-info");
}

static GstStateChangeReturn gst_seremotion_change_state(GstElement* element, GstStateChange transition) {
  GstSeremotion* self = GST_SEREMOTION(element);

  if (transition == GST_STATE_CHANGE_NULL_TO_READY &&
      !guarded(self, false, [&] {
        if (!gst_seremotion_load_initial_model(self)) return false;
        if (gst_seremotion_load_vad(self, copy_settings(self))) return true;
        std::lock_guard<std::mutex> lock(self->priv->model_mutex);
        self->priv->model = ModelHandle();  // READY was not reached
        return false;
      })) {
    return GST_STATE_CHANGE_FAILURE;
  }
  const GstStateChangeReturn ret = GST_ELEMENT_CLASS(parent_class)->change_state(element, transition);
  if (transition == GST_STATE_CHANGE_READY_TO_NULL) {
    self->priv->loader.join();
    ModelHandle old;
    std::lock_guard<std::mutex> lock(self->priv->model_mutex);
    old = std::move(self->priv->model);
    self->priv->model = ModelHandle();
    self->priv->vad_weights.reset();
  }
  return ret;
}

/* caps */

static gboolean gst_seremotion_accept_caps(GstBaseTransform* trans, GstPadDirection direction, GstCaps* caps) {
  // Any rate the template allows is accepted, so that set_caps can refuse a wrong one in words.
  GstPad* pad = direction == GST_PAD_SINK ? GST_BASE_TRANSFORM_SINK_PAD(trans) : GST_BASE_TRANSFORM_SRC_PAD(trans);
  GstCaps* templ = gst_pad_get_pad_template_caps(pad);
  const gboolean ok = gst_caps_is_subset(caps, templ);
  gst_caps_unref(templ);
  return ok;
}

static gboolean gst_seremotion_setup(GstSeremotion* self, GstCaps* incaps) {
  GstAudioInfo info;
  if (!gst_audio_info_from_caps(&info, incaps)) {
    GST_ELEMENT_ERROR(self, CORE, NEGOTIATION, ("seremotion cannot read the caps %" GST_PTR_FORMAT, incaps),
                      (nullptr));
    return FALSE;
  }
  const Settings s = copy_settings(self);
  const ModelHandle model = current_model(self);
  if (!model) {
    GST_ELEMENT_ERROR(self, CORE, STATE_CHANGE, ("seremotion has no model loaded"), (nullptr));
    return FALSE;
  }
  const auto& model_info = model.classifier->info();
  const gint rate = GST_AUDIO_INFO_RATE(&info);
  Stream& st = self->priv->stream;
  if (rate != model_info.sample_rate()) {
    // Upstream retries the caps with every buffer it pushes: one error says it.
    if (st.refused_rate != rate) {
      st.refused_rate = rate;
      GST_ELEMENT_ERROR(self, CORE, NEGOTIATION,
                        ("seremotion takes audio at %d Hz, the sample rate of its model, but the stream is at %d Hz: "
                         "add audioresample (and audioconvert) before seremotion",
                         model_info.sample_rate(), rate),
                        ("caps %" GST_PTR_FORMAT ", model %s", incaps, model.location.c_str()));
    }
    return FALSE;
  }
  if (st.activity && st.activity->runs_silero() && rate != ser::vad::SileroWeights::kSampleRate) {
    if (st.refused_rate != rate) {
      st.refused_rate = rate;
      GST_ELEMENT_ERROR(self, RESOURCE, SETTINGS,
                        ("vad=silero hears 16000 Hz audio, but the model runs at %d Hz: set vad to level, "
                         "upstream or off for this model",
                         rate),
                        ("model %s", model.location.c_str()));
    }
    return FALSE;
  }
  if (!st.input.configure(GST_AUDIO_INFO_FORMAT(&info), GST_AUDIO_INFO_CHANNELS(&info))) {
    GST_ELEMENT_ERROR(self, CORE, NEGOTIATION, ("seremotion takes S16LE or F32LE audio, not %s",
                                                GST_AUDIO_INFO_NAME(&info)),
                      (nullptr));
    return FALSE;
  }
  const std::size_t window = duration_samples(self, "window-duration", s.window_duration, model_info.window_seconds(),
                                              rate);
  const std::size_t hop = duration_samples(self, "hop-duration", s.hop_duration, model_info.hop_seconds, rate);
  try {
    model_info.features.check_span(window);
  } catch (const ser::ParameterError& e) {
    GST_ELEMENT_ERROR(self, RESOURCE, SETTINGS, ("window-duration: %s", e.what()),
                      ("window of %zu samples, model %s", window, model.location.c_str()));
    return FALSE;
  }
  // The format and channel count only change how buffers are mixed to mono: the window being
  // filled goes on. A new rate (or window) cannot continue it.
  if (!st.windower || st.rate != rate || st.windower->window() != window || st.windower->hop() != hop) {
    reset_windowing(self);
    st.windower.emplace(window, hop);
    st.rate = rate;
  }
  GST_INFO_OBJECT(self, "windows of %zu samples every %zu at %d Hz, %d channels", window, hop, rate,
                  GST_AUDIO_INFO_CHANNELS(&info));

  {
    std::lock_guard<std::mutex> lock(self->priv->model_mutex);
    self->priv->negotiated_rate = rate;
  }
  const GstClockTime held = gst_util_uint64_scale_int_round(window, GST_SECOND, rate);
  GST_OBJECT_LOCK(self);
  const bool changed = self->priv->held != held;
  self->priv->held = held;
  GST_OBJECT_UNLOCK(self);
  if (changed) gst_element_post_message(GST_ELEMENT(self), gst_message_new_latency(GST_OBJECT(self)));
  return TRUE;
}

static gboolean gst_seremotion_set_caps(GstBaseTransform* trans, GstCaps* incaps, GstCaps* /*outcaps*/) {
  GstSeremotion* self = GST_SEREMOTION(trans);
  return guarded(self, FALSE, [&] { return gst_seremotion_setup(self, incaps); });
}

/* streaming */

static gboolean gst_seremotion_start(GstBaseTransform* trans) {
  GstSeremotion* self = GST_SEREMOTION(trans);
  return guarded(self, FALSE, [&] {
    SeremotionPrivate* p = self->priv;
    const Settings s = copy_settings(self);
    p->stream = Stream();
    if (!gst_seremotion_load_vad(self, s)) return false;
    if (s.vad == ser::vad::VadMode::Silero) {
      std::lock_guard<std::mutex> lock(p->model_mutex);
      p->stream.activity.emplace(p->vad_weights);
    } else if (s.vad == ser::vad::VadMode::Upstream) {
      p->stream.activity.emplace();
    }
    GST_INFO_OBJECT(self, "voice activity: %s", ser::vad::vad_mode_name(s.vad));
    p->worker = std::make_unique<InferenceWorker>(
        s.max_pending, [self](WindowJob& job) { gst_seremotion_run_live_window(self, job); });
    reset_stream_results(self);
    std::lock_guard<std::mutex> lock(p->model_mutex);
    p->stream_running = true;
    return TRUE;
  });
}

static gboolean gst_seremotion_stop(GstBaseTransform* trans) {
  GstSeremotion* self = GST_SEREMOTION(trans);
  return guarded(self, FALSE, [&] {
    SeremotionPrivate* p = self->priv;
    // Stopped before it is destroyed: the window it may be classifying still reaches p->worker.
    p->worker->stop();
    p->worker.reset();
    reset_stream_results(self);
    p->stream = Stream();
    {
      std::lock_guard<std::mutex> lock(p->model_mutex);
      p->stream_running = false;
      p->negotiated_rate = 0;
    }
    GST_OBJECT_LOCK(self);
    p->held = GST_CLOCK_TIME_NONE;
    GST_OBJECT_UNLOCK(self);
    return TRUE;
  });
}

// The inference worker's job: one live window, analysed, then delivered unless a flush made it
// stale. Runs on the worker thread.
static void gst_seremotion_run_live_window(GstSeremotion* self, WindowJob& job) {
  SeremotionPrivate* p = self->priv;
  const auto model = current_classifier(self);
  if (!model) return;
  WindowResult result;
  try {
    // A model swapped since the window was cut hears the whole window unless both trim alike.
    const bool same_trim = job.heard.end <= job.samples.size() && model->classifier->info().speech_trim.enabled;
    const FloatSpan heard = same_trim ? FloatSpan(job.samples.data() + job.heard.begin, job.heard.end - job.heard.begin)
                                     : FloatSpan(job.samples);
    result = ser::element::analyse_window(*model, FloatSpan(job.samples), heard, job.speech_share, job.timing,
                                          job.settings, &self->priv->adaptation);
  } catch (const std::exception& e) {
    GST_ELEMENT_ERROR(self, STREAM, FAILED, ("cannot classify window %" G_GUINT64_FORMAT ": %s", job.timing.index,
                                             e.what()),
                      (nullptr));
    return;
  }
  if (!p->worker->is_current(job)) return;
  result.live = true;
  result.dropped = p->worker->dropped();
  {
    std::lock_guard<std::mutex> lock(p->results_mutex);
    p->smoother.apply(result, job.smoothing);
    p->summary.add(result);
    p->ready.push_back(result);
  }
  if (job.post_messages) {
    gst_element_post_message(GST_ELEMENT(self), ser::element::new_result_message(GST_OBJECT(self), result));
  }
}

static GstFlowReturn gst_seremotion_process(GstSeremotion* self, GstBuffer* buffer) {
  SeremotionPrivate* p = self->priv;
  Stream& st = p->stream;
  if (!st.windower) {
    GST_ELEMENT_ERROR(self, CORE, NEGOTIATION, ("seremotion received audio before caps"), (nullptr));
    return GST_FLOW_NOT_NEGOTIATED;
  }
  if (!st.live_known) {
    st.live = query_upstream_live(self);
    st.live_known = true;
    GST_INFO_OBJECT(self, "upstream is %s: inference %s", st.live ? "live" : "not live",
                    st.live ? "on the worker thread" : "on the streaming thread");
  }
  const StreamSettings s = copy_stream_settings(self);
  if (GST_BUFFER_FLAG_IS_SET(buffer, GST_BUFFER_FLAG_DISCONT)) reset_windowing(self);
  if (!GST_CLOCK_TIME_IS_VALID(st.base_pts)) {
    st.base_pts = GST_BUFFER_PTS_IS_VALID(buffer) ? GST_BUFFER_PTS(buffer) : GST_BASE_TRANSFORM(self)->segment.start;
  }

  GstMapInfo map;
  if (!gst_buffer_map(buffer, &map, GST_MAP_READ)) {
    GST_ELEMENT_ERROR(self, RESOURCE, READ, ("seremotion cannot read an input buffer"), (nullptr));
    return GST_FLOW_ERROR;
  }
  const FloatSpan mono = st.input.mix(map.data, map.size, GST_BUFFER_FLAG_IS_SET(buffer, GST_BUFFER_FLAG_GAP));
  // The voice activity of the whole buffer first: the windows it completes ask for it.
  if (st.activity) push_activity(self, buffer, mono);
  std::vector<WindowResult> results;
  st.windower->push(mono, [&](const WindowSpan& span, FloatSpan samples) {
    cut_window(self, span, samples, span.start + span.length, s, results);
  });
  gst_buffer_unmap(buffer, &map);
  if (st.activity) st.activity->discard_before(st.windower->next_start());

  if (st.live) {
    std::lock_guard<std::mutex> lock(p->results_mutex);
    results.swap(p->ready);
  } else {
    deliver_in_thread(self, results, s);
  }
  if (!results.empty() && !gst_buffer_is_writable(buffer)) {
    // In place and not passthrough, base transform hands over writable buffers; never write a
    // shared one.
    GST_WARNING_OBJECT(self, "buffer not writable: %zu results not attached", results.size());
    results.clear();
  }
  for (const auto& r : results) ser::element::add_result_meta(buffer, r);

  if (st.input.replaced() > 0 && !st.replaced_warned) {
    st.replaced_warned = true;
    GST_ELEMENT_WARNING(self, STREAM, FORMAT,
                        ("The input holds NaN, infinite or out-of-range samples (beyond +-%g); seremotion classifies "
                         "them as 0 (the audio passed on is unchanged)",
                         static_cast<double>(ser::features::kMaxSampleMagnitude)),
                        ("%" G_GUINT64_FORMAT " such samples so far", st.input.replaced()));
  }
  return GST_FLOW_OK;
}

static GstFlowReturn gst_seremotion_transform_ip(GstBaseTransform* trans, GstBuffer* buffer) {
  GstSeremotion* self = GST_SEREMOTION(trans);
  return guarded(self, GST_FLOW_ERROR, [&] { return gst_seremotion_process(self, buffer); });
}

// EOS: the final partial window, the live results still to come, then the summary.
static void gst_seremotion_finish_stream(GstSeremotion* self) {
  SeremotionPrivate* p = self->priv;
  Stream& st = p->stream;
  const StreamSettings s = copy_stream_settings(self);
  std::vector<WindowResult> results;
  if (st.activity) st.activity->finish();
  if (st.windower) {
    st.windower->finish([&](const WindowSpan& span, FloatSpan samples) {
      warn_if_short(self, span);
      cut_window(self, span, samples, ser::vad::kAtEnd, s, results);
    });
  }
  if (st.activity) st.activity->reset();
  warn_if_no_level_meta(self);
  st.base_pts = GST_CLOCK_TIME_NONE;
  if (st.live) {
    p->worker->wait_idle();
  } else {
    deliver_in_thread(self, results, s);
  }
  std::uint64_t dropped = p->worker->dropped();
  GstMessage* summary;
  {
    std::lock_guard<std::mutex> lock(p->results_mutex);
    p->ready.clear();  // no buffer is left to carry them; they went on the bus
    summary = ser::element::new_summary_message(GST_OBJECT(self), p->summary, st.discards, st.live, dropped);
  }
  if (s.post_messages) {
    gst_element_post_message(GST_ELEMENT(self), summary);
  } else {
    gst_message_unref(summary);
  }
}

static gboolean gst_seremotion_sink_event(GstBaseTransform* trans, GstEvent* event) {
  GstSeremotion* self = GST_SEREMOTION(trans);
  // The event goes on even when handling it failed (the error is posted): EOS must reach the sink.
  guarded(self, TRUE, [&] {
    switch (GST_EVENT_TYPE(event)) {
      case GST_EVENT_FLUSH_START:
        // Any thread: only the worker, whose methods are thread-safe.
        if (self->priv->worker) self->priv->worker->discard_pending();
        break;
      case GST_EVENT_FLUSH_STOP:
        reset_stream_results(self);
        break;
      case GST_EVENT_SEGMENT:
        reset_windowing(self);
        break;
      case GST_EVENT_EOS:
        gst_seremotion_finish_stream(self);
        break;
      default:
        break;
    }
    return TRUE;
  });
  return GST_BASE_TRANSFORM_CLASS(parent_class)->sink_event(trans, event);
}

// The sink pad's CAPS answer. Asked with a filter that allows the model's rate (an audioresample
// or a source that can produce any rate): only that rate, so that it is the one picked. Asked
// without a filter (a link check) or with one that excludes it (a decoder's fixed rate): any rate,
// so that the stream's caps reach set_caps, which says to add audioresample, rather than leaving
// upstream with a bare not-negotiated.
static gboolean gst_seremotion_query_sink_caps(GstSeremotion* self, GstQuery* query) {
  GstCaps* filter = nullptr;
  gst_query_parse_caps(query, &filter);
  const ModelHandle model = current_model(self);
  if (!model || filter == nullptr) return TRUE;
  GstCaps* rate = gst_caps_new_simple("audio/x-raw", "rate", G_TYPE_INT, model.classifier->info().sample_rate(),
                                      nullptr);
  if (gst_caps_can_intersect(filter, rate)) {
    GstCaps* result = nullptr;
    gst_query_parse_caps_result(query, &result);
    GstCaps* narrowed = gst_caps_intersect(result, rate);
    gst_query_set_caps_result(query, narrowed);
    gst_caps_unref(narrowed);
  }
  gst_caps_unref(rate);
  return TRUE;
}

// LATENCY on the src pad: upstream's, plus the window held and, when live, the inference and the
// batch wait.
static gboolean gst_seremotion_query_latency(GstSeremotion* self, GstQuery* query) {
  if (!gst_pad_peer_query(GST_BASE_TRANSFORM_SINK_PAD(self), query)) return FALSE;
  gboolean live = FALSE;
  GstClockTime min = 0;
  GstClockTime max = GST_CLOCK_TIME_NONE;
  gst_query_parse_latency(query, &live, &min, &max);

  const Settings s = copy_settings(self);
  const ModelHandle model = current_model(self);
  const GstClockTime held = held_duration(self, s, model);
  const GstClockTime inference =
      live && model && GST_CLOCK_TIME_IS_VALID(model.inference_time) ? model.inference_time : 0;
  const GstClockTime batch_wait = live ? s.batch_wait() : 0;
  min += held + inference + batch_wait;
  if (GST_CLOCK_TIME_IS_VALID(max)) max += held + (s.max_pending + 1) * (inference + batch_wait);
  GST_DEBUG_OBJECT(self, "latency: live %d, min %" GST_TIME_FORMAT ", max %" GST_TIME_FORMAT, live,
                   GST_TIME_ARGS(min), GST_TIME_ARGS(max));
  gst_query_set_latency(query, live, min, max);
  return TRUE;
}

static gboolean gst_seremotion_query(GstBaseTransform* trans, GstPadDirection direction, GstQuery* query) {
  GstSeremotion* self = GST_SEREMOTION(trans);
  if (direction == GST_PAD_SRC && GST_QUERY_TYPE(query) == GST_QUERY_LATENCY) {
    return guarded(self, FALSE, [&] { return gst_seremotion_query_latency(self, query); });
  }
  if (!GST_BASE_TRANSFORM_CLASS(parent_class)->query(trans, direction, query)) return FALSE;
  if (direction == GST_PAD_SINK && GST_QUERY_TYPE(query) == GST_QUERY_CAPS) {
    return guarded(self, FALSE, [&] { return gst_seremotion_query_sink_caps(self, query); });
  }
  return TRUE;
}

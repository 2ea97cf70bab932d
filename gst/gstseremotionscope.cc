/* seremotionscope: the results of seremotion drawn as a live timeline video.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * SECTION:element-seremotionscope
 * @title: seremotionscope
 *
 * seremotionscope turns what the `seremotion` element hears into video: it takes the audio that
 * leaves seremotion, reads the result each buffer carries as a meta (gstseremotionmeta.h: the
 * same numbers as the `seremotion` bus messages) and draws, on every frame, a timeline of the last
 * #GstSeremotionScope:time-span of the stream:
 *
 * * one column per window, centred on the window and as wide as the hop (overlapping windows tile
 *   the time axis), with the probability of each label stacked from the bottom as bands in the
 *   label's colour: the label that dominates a window has the tallest band;
 * * windows the network did not hear (`silence`, `no-speech` from a VAD) grey and hatched, with
 *   the words over a stretch of them; windows whose result deserves less trust (the `trusted`
 *   flag of newer elements) in paler colours;
 * * the latest result large above the chart: the label, its colour, its confidence, and
 *   "uncertain" or why it is not trusted;
 * * a legend of the model's labels (after a model swap, the new labels first and the old ones
 *   while they are in view), a time axis in seconds of stream time, and a dashed line at the
 *   present while the chart is still filling.
 *
 * Colours are fixed per label, the same in every run and every picture, from Paul Tol's
 * colour-blind-safe schemes (lib/plot/label_colours.h). `ser-train predict --plot` draws a whole
 * file with the same code.
 *
 * Frames follow the audio's time: frame n is at the time of the first audio plus n / framerate,
 * and is drawn as soon as audio reaching that time arrives, so the element holds no more than one
 * audio buffer; a frame shows the results reported up to its time. A result reaches the chart
 * when seremotion reports it, one window after the window starts (plus the inference time when
 * live). The final partial window at EOS, which seremotion reports only on the bus, is not drawn.
 * Late frames (QoS) are skipped, not drawn. Without results (start of stream, or no seremotion
 * upstream) the chart is empty with a notice saying so; that is not an error.
 *
 * Caps: any raw audio in (only its time is used); video out in BGRx or BGRA (xRGB or ARGB on
 * big-endian machines), 640 x 360 at 30 frames per second unless downstream asks for other values.
 * Sizes from 160 x 90 to 7680 x 4320 pixels and rates from 1/10 to 240 frames per second are
 * drawn; a request outside them fails negotiation with an error that says which value to change.
 *
 * ## Example pipelines
 * |[
 * gst-launch-1.0 autoaudiosrc ! audioconvert ! audioresample ! seremotion ! seremotionscope ! videoconvert ! autovideosink
 * gst-launch-1.0 filesrc location=speech.opus ! decodebin ! audioconvert ! audioresample ! seremotion \
 *     ! seremotionscope time-span=20000000000 ! video/x-raw,width=1280,height=720 ! videoconvert ! autovideosink
 * ]|
 */

#include "gstseremotionscope.h"

#include <gst/audio/audio.h>
#include <gst/video/video.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "frame_clock.h"
#include "gstseremotionmeta_writer.h"
#include "plot/canvas.h"
#include "plot/timeline.h"
#include "plot/timeline_chart.h"
#include "scope_results.h"

GST_DEBUG_CATEGORY_STATIC(seremotion_scope_debug);
#define GST_CAT_DEFAULT seremotion_scope_debug

#if G_BYTE_ORDER == G_LITTLE_ENDIAN
#define SCOPE_FORMATS "{ BGRx, BGRA }"
#else
#define SCOPE_FORMATS "{ xRGB, ARGB }"
#endif

// The template takes any size and rate, so that one out of the drawable range reaches the
// element's own check, which refuses it in words rather than with a bare not-negotiated.
#define SCOPE_SRC_CAPS                                                                           \
  "video/x-raw, format = (string) " SCOPE_FORMATS ", width = (int) [ 1, MAX ], "               \
  "height = (int) [ 1, MAX ], framerate = (fraction) [ 0/1, MAX ], pixel-aspect-ratio = (fraction) 1/1"

static GstStaticPadTemplate sink_template =
    GST_STATIC_PAD_TEMPLATE("sink", GST_PAD_SINK, GST_PAD_ALWAYS, GST_STATIC_CAPS("audio/x-raw"));
static GstStaticPadTemplate src_template =
    GST_STATIC_PAD_TEMPLATE("src", GST_PAD_SRC, GST_PAD_ALWAYS, GST_STATIC_CAPS(SCOPE_SRC_CAPS));

enum {
  PROP_0,
  PROP_TIME_SPAN,
  PROP_SMOOTHED,
};

#define DEFAULT_TIME_SPAN (10 * GST_SECOND)
#define MIN_TIME_SPAN GST_SECOND
#define MAX_TIME_SPAN (3600 * GST_SECOND)
#define DEFAULT_SMOOTHED FALSE

#define DEFAULT_WIDTH 640
#define DEFAULT_HEIGHT 360
#define DEFAULT_FPS_N 30
#define DEFAULT_FPS_D 1
#define MIN_WIDTH ser::plot::kTimelineMinWidth
#define MIN_HEIGHT ser::plot::kTimelineMinHeight
#define MAX_WIDTH 7680
#define MAX_HEIGHT 4320
#define MIN_FPS_N 1
#define MIN_FPS_D 10
#define MAX_FPS_N 240
#define MAX_FPS_D 1
// With no result for this long since the stream started, the notice asks whether seremotion is
// upstream at all (its windows are 3 s by default, at most 60 s).
#define NO_RESULTS_NOTICE_AFTER (10 * GST_SECOND)

namespace {

using ser::element::FrameClock;
using ser::element::ScopeValues;

// What the user set. Copied under the object lock at the top of each call that needs it.
struct Settings {
  GstClockTime time_span = DEFAULT_TIME_SPAN;
  bool smoothed = DEFAULT_SMOOTHED;
};

// Quality of service, from downstream's QOS events (any thread): frames due before `earliest`
// (running time) are skipped.
struct Qos {
  GstClockTime earliest = GST_CLOCK_TIME_NONE;
  double proportion = 1.0;
};

// What the stream built: reset at READY->PAUSED and on flush; the streaming thread's alone.
struct Stream {
  GstAudioInfo audio;
  bool have_audio = false;
  GstVideoInfo video;
  bool have_video = false;
  GstBufferPool* pool = nullptr;  // active while have_video
  GstSegment segment;
  FrameClock clock;
  GstClockTime audio_end = GST_CLOCK_TIME_NONE;  // end of the last audio, for buffers without PTS
  ser::plot::Timeline timeline;
  double origin = NAN;             // stream time of the first frame since the reset, s
  guint64 results = 0;             // results read since the reset
  bool warned_unusable = false;
  guint64 processed = 0;           // frames drawn, and skipped as late (QoS statistics)
  guint64 dropped = 0;

  Stream() {
    gst_audio_info_init(&audio);
    gst_video_info_init(&video);
    gst_segment_init(&segment, GST_FORMAT_TIME);
  }
};

}  // namespace

// Everything with a C++ constructor, made in init and destroyed in finalize.
struct ScopePrivate {
  /* protected by the object lock */
  Settings settings;
  Qos qos;

  /* the streaming thread's */
  Stream stream;
};

struct _GstSeremotionScope {
  GstElement parent;
  GstPad* sinkpad;
  GstPad* srcpad;
  ScopePrivate* priv;
};

#define gst_seremotion_scope_parent_class parent_class
G_DEFINE_TYPE(GstSeremotionScope, gst_seremotion_scope, GST_TYPE_ELEMENT);
GST_ELEMENT_REGISTER_DEFINE(seremotionscope, "seremotionscope", GST_RANK_NONE, GST_TYPE_SEREMOTION_SCOPE);

static void gst_seremotion_scope_finalize(GObject* object);
static void gst_seremotion_scope_set_property(GObject* object, guint prop_id, const GValue* value,
                                              GParamSpec* pspec);
static void gst_seremotion_scope_get_property(GObject* object, guint prop_id, GValue* value, GParamSpec* pspec);
static GstStateChangeReturn gst_seremotion_scope_change_state(GstElement* element, GstStateChange transition);
static gboolean gst_seremotion_scope_sink_event(GstPad* pad, GstObject* parent, GstEvent* event);
static GstFlowReturn gst_seremotion_scope_chain(GstPad* pad, GstObject* parent, GstBuffer* buffer);
static gboolean gst_seremotion_scope_src_event(GstPad* pad, GstObject* parent, GstEvent* event);

static void gst_seremotion_scope_class_init(GstSeremotionScopeClass* klass) {
  GObjectClass* gobject_class = G_OBJECT_CLASS(klass);
  GstElementClass* element_class = GST_ELEMENT_CLASS(klass);
  const auto rw_playing =
      static_cast<GParamFlags>(G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | GST_PARAM_MUTABLE_PLAYING);

  gobject_class->finalize = gst_seremotion_scope_finalize;
  gobject_class->set_property = gst_seremotion_scope_set_property;
  gobject_class->get_property = gst_seremotion_scope_get_property;

  g_object_class_install_property(
      gobject_class, PROP_TIME_SPAN,
      g_param_spec_uint64("time-span", "Time span",
                          "Time the chart shows, in nanoseconds: the last time-span of the stream (the first "
                          "time-span while it fills)",
                          MIN_TIME_SPAN, MAX_TIME_SPAN, DEFAULT_TIME_SPAN, rw_playing));
  g_object_class_install_property(
      gobject_class, PROP_SMOOTHED,
      g_param_spec_boolean("smoothed", "Smoothed",
                           "Draw the moving average seremotion adds to its results when it smooths "
                           "(smoothed-probabilities, smoothed-label, smoothed-confidence) instead of each "
                           "window's own; results without those fields are drawn as they are",
                           DEFAULT_SMOOTHED, rw_playing));

  GST_DEBUG_CATEGORY_INIT(seremotion_scope_debug, "seremotionscope", 0, "Speech emotion timeline");
  // The meta's API must exist to look for it, also when no seremotion element was made.
  ser::element::register_result_meta();

  gst_element_class_add_static_pad_template(element_class, &sink_template);
  gst_element_class_add_static_pad_template(element_class, &src_template);
  gst_element_class_set_static_metadata(element_class, "Speech emotion timeline", "Visualization",
                                        "Draws the results of seremotion (its metas) as a timeline video: "
                                        "each label's probability over time, the current label, no-speech",
                                        "seremotion authors");
  element_class->change_state = GST_DEBUG_FUNCPTR(gst_seremotion_scope_change_state);
}

static void gst_seremotion_scope_init(GstSeremotionScope* self) {
  self->priv = new ScopePrivate();
  self->sinkpad = gst_pad_new_from_static_template(&sink_template, "sink");
  gst_pad_set_chain_function(self->sinkpad, GST_DEBUG_FUNCPTR(gst_seremotion_scope_chain));
  gst_pad_set_event_function(self->sinkpad, GST_DEBUG_FUNCPTR(gst_seremotion_scope_sink_event));
  gst_element_add_pad(GST_ELEMENT(self), self->sinkpad);
  self->srcpad = gst_pad_new_from_static_template(&src_template, "src");
  gst_pad_set_event_function(self->srcpad, GST_DEBUG_FUNCPTR(gst_seremotion_scope_src_event));
  gst_pad_use_fixed_caps(self->srcpad);
  gst_element_add_pad(GST_ELEMENT(self), self->srcpad);
}

static void gst_seremotion_scope_finalize(GObject* object) {
  GstSeremotionScope* self = GST_SEREMOTION_SCOPE(object);
  if (self->priv->stream.pool != nullptr) gst_object_unref(self->priv->stream.pool);
  delete self->priv;
  self->priv = nullptr;
  G_OBJECT_CLASS(parent_class)->finalize(object);
}

static void gst_seremotion_scope_set_property(GObject* object, guint prop_id, const GValue* value,
                                              GParamSpec* pspec) {
  GstSeremotionScope* self = GST_SEREMOTION_SCOPE(object);
  GST_OBJECT_LOCK(self);
  Settings& s = self->priv->settings;
  switch (prop_id) {
    case PROP_TIME_SPAN:
      s.time_span = g_value_get_uint64(value);
      break;
    case PROP_SMOOTHED:
      s.smoothed = g_value_get_boolean(value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID(object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK(self);
}

static void gst_seremotion_scope_get_property(GObject* object, guint prop_id, GValue* value, GParamSpec* pspec) {
  GstSeremotionScope* self = GST_SEREMOTION_SCOPE(object);
  GST_OBJECT_LOCK(self);
  const Settings& s = self->priv->settings;
  switch (prop_id) {
    case PROP_TIME_SPAN:
      g_value_set_uint64(value, s.time_span);
      break;
    case PROP_SMOOTHED:
      g_value_set_boolean(value, s.smoothed);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID(object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK(self);
}

/* helpers */

// Runs `body`, turning any exception into an element error: none may cross into GStreamer.
template <typename R, typename Body>
static R guarded(GstSeremotionScope* self, R on_error, Body&& body) {
  try {
    return body();
  } catch (const std::exception& e) {
    GST_ELEMENT_ERROR(self, LIBRARY, FAILED, ("seremotionscope cannot draw: %s", e.what()), (nullptr));
  } catch (...) {
    GST_ELEMENT_ERROR(self, LIBRARY, FAILED, ("seremotionscope failed for an unknown reason"), (nullptr));
  }
  return on_error;
}

static Settings copy_settings(GstSeremotionScope* self) {
  GST_OBJECT_LOCK(self);
  const Settings s = self->priv->settings;
  GST_OBJECT_UNLOCK(self);
  return s;
}

// Results, frame times and QoS start again (a new stream, a flush).
static void reset_stream(GstSeremotionScope* self) {
  Stream& st = self->priv->stream;
  st.timeline.clear();
  st.clock.reset();
  st.audio_end = GST_CLOCK_TIME_NONE;
  st.origin = NAN;
  st.results = 0;
  st.warned_unusable = false;
  GST_OBJECT_LOCK(self);
  self->priv->qos = Qos();
  GST_OBJECT_UNLOCK(self);
}

static void release_pool(Stream& st) {
  if (st.pool == nullptr) return;
  gst_buffer_pool_set_active(st.pool, FALSE);
  gst_object_unref(st.pool);
  st.pool = nullptr;
}

// Why `info` cannot be drawn, in words that say what to change; empty when it can.
static std::string out_of_range(const GstVideoInfo& info) {
  const int w = GST_VIDEO_INFO_WIDTH(&info);
  const int h = GST_VIDEO_INFO_HEIGHT(&info);
  const int n = GST_VIDEO_INFO_FPS_N(&info);
  const int d = GST_VIDEO_INFO_FPS_D(&info);
  const bool size_ok = w >= MIN_WIDTH && w <= MAX_WIDTH && h >= MIN_HEIGHT && h <= MAX_HEIGHT;
  // n / d within [MIN_FPS_N / MIN_FPS_D, MAX_FPS_N / MAX_FPS_D], compared without division.
  const bool rate_ok = n > 0 && d > 0 && static_cast<gint64>(n) * MIN_FPS_D >= static_cast<gint64>(MIN_FPS_N) * d &&
                       static_cast<gint64>(n) * MAX_FPS_D <= static_cast<gint64>(MAX_FPS_N) * d;
  if (size_ok && rate_ok) return {};
  gchar* text = g_strdup_printf(
      "seremotionscope draws frames of %dx%d to %dx%d pixels at %d/%d to %d/%d frames per second, but downstream "
      "asks for %dx%d at %d/%d: set width, height and framerate within those ranges in a caps filter after "
      "seremotionscope (e.g. video/x-raw,width=%d,height=%d,framerate=%d/%d)",
      MIN_WIDTH, MIN_HEIGHT, MAX_WIDTH, MAX_HEIGHT, MIN_FPS_N, MIN_FPS_D, MAX_FPS_N, MAX_FPS_D, w, h, n, d,
      DEFAULT_WIDTH, DEFAULT_HEIGHT, DEFAULT_FPS_N, DEFAULT_FPS_D);
  std::string out = text;
  g_free(text);
  return out;
}

// The caps the element can draw, to prefer them among what downstream accepts.
static GstCaps* drawable_caps() {
  return gst_caps_new_simple("video/x-raw", "width", GST_TYPE_INT_RANGE, MIN_WIDTH, MAX_WIDTH, "height",
                             GST_TYPE_INT_RANGE, MIN_HEIGHT, MAX_HEIGHT, "framerate", GST_TYPE_FRACTION_RANGE,
                             MIN_FPS_N, MIN_FPS_D, MAX_FPS_N, MAX_FPS_D, nullptr);
}

// Downstream's caps, fixed nearest to the defaults, among the drawable ones where it accepts any.
static GstCaps* fixate_src_caps(GstCaps* peer) {
  GstCaps* drawable = drawable_caps();
  GstCaps* preferred = gst_caps_intersect(peer, drawable);
  gst_caps_unref(drawable);
  GstCaps* caps = gst_caps_is_empty(preferred) ? gst_caps_copy(peer) : gst_caps_copy(preferred);
  gst_caps_unref(preferred);
  caps = gst_caps_truncate(caps);
  GstStructure* s = gst_caps_get_structure(caps, 0);
  gst_structure_fixate_field_nearest_int(s, "width", DEFAULT_WIDTH);
  gst_structure_fixate_field_nearest_int(s, "height", DEFAULT_HEIGHT);
  gst_structure_fixate_field_nearest_fraction(s, "framerate", DEFAULT_FPS_N, DEFAULT_FPS_D);
  if (gst_structure_has_field(s, "pixel-aspect-ratio")) {
    gst_structure_fixate_field_nearest_fraction(s, "pixel-aspect-ratio", 1, 1);
  }
  return gst_caps_fixate(caps);
}

// A pool of frames for `caps`: downstream's when it offers one that takes them, else our own.
static GstBufferPool* make_pool(GstSeremotionScope* self, GstCaps* caps, const GstVideoInfo& info) {
  GstQuery* query = gst_query_new_allocation(caps, TRUE);
  if (!gst_pad_peer_query(self->srcpad, query)) GST_DEBUG_OBJECT(self, "downstream did not answer ALLOCATION");
  GstBufferPool* pool = nullptr;
  guint size = static_cast<guint>(GST_VIDEO_INFO_SIZE(&info)), min = 0, max = 0;
  if (gst_query_get_n_allocation_pools(query) > 0) {
    gst_query_parse_nth_allocation_pool(query, 0, &pool, &size, &min, &max);
    size = std::max(size, static_cast<guint>(GST_VIDEO_INFO_SIZE(&info)));
  }
  const bool video_meta = gst_query_find_allocation_meta(query, GST_VIDEO_META_API_TYPE, nullptr);
  gst_query_unref(query);
  for (int attempt = 0; attempt < 2; ++attempt) {
    if (pool == nullptr) pool = gst_video_buffer_pool_new();
    GstStructure* config = gst_buffer_pool_get_config(pool);
    gst_buffer_pool_config_set_params(config, caps, size, min, max);
    if (video_meta) gst_buffer_pool_config_add_option(config, GST_BUFFER_POOL_OPTION_VIDEO_META);
    if (gst_buffer_pool_set_config(pool, config) && gst_buffer_pool_set_active(pool, TRUE)) return pool;
    GST_DEBUG_OBJECT(self, "pool %" GST_PTR_FORMAT " refused our configuration; using our own", pool);
    gst_object_unref(pool);
    pool = nullptr;
    min = max = 0;
  }
  return nullptr;
}

// Picks the video caps with downstream, checks them, sends them, and prepares the frames.
static gboolean negotiate(GstSeremotionScope* self) {
  Stream& st = self->priv->stream;
  GstCaps* templ = gst_pad_get_pad_template_caps(self->srcpad);
  GstCaps* peer = gst_pad_peer_query_caps(self->srcpad, templ);
  gst_caps_unref(templ);
  if (gst_caps_is_empty(peer)) {
    gst_caps_unref(peer);
    GST_ELEMENT_ERROR(self, CORE, NEGOTIATION,
                      ("seremotionscope makes raw video in " SCOPE_FORMATS ", which downstream does not accept: "
                       "put videoconvert after seremotionscope"),
                      (nullptr));
    return FALSE;
  }
  GstCaps* caps = fixate_src_caps(peer);
  gst_caps_unref(peer);
  GstVideoInfo info;
  if (!gst_video_info_from_caps(&info, caps)) {
    GST_ELEMENT_ERROR(self, CORE, NEGOTIATION, ("seremotionscope cannot read the video caps %" GST_PTR_FORMAT, caps),
                      (nullptr));
    gst_caps_unref(caps);
    return FALSE;
  }
  const std::string why = out_of_range(info);
  if (!why.empty()) {
    GST_ELEMENT_ERROR(self, CORE, NEGOTIATION, ("%s", why.c_str()), ("caps %" GST_PTR_FORMAT, caps));
    gst_caps_unref(caps);
    return FALSE;
  }
  GST_INFO_OBJECT(self, "drawing %" GST_PTR_FORMAT, caps);
  if (!gst_pad_push_event(self->srcpad, gst_event_new_caps(caps))) {
    GST_DEBUG_OBJECT(self, "downstream refused the caps event");
  }
  release_pool(st);
  st.pool = make_pool(self, caps, info);
  gst_caps_unref(caps);
  if (st.pool == nullptr) {
    GST_ELEMENT_ERROR(self, RESOURCE, NO_SPACE_LEFT, ("seremotionscope cannot allocate video frames"), (nullptr));
    st.have_video = false;
    return FALSE;
  }
  st.video = info;
  st.have_video = true;
  st.clock.configure(GST_VIDEO_INFO_FPS_N(&info), GST_VIDEO_INFO_FPS_D(&info));
  return TRUE;
}

static double stream_seconds(const Stream& st, GstClockTime pts) {
  const guint64 t = gst_segment_to_stream_time(&st.segment, GST_FORMAT_TIME, pts);
  return static_cast<double>(GST_CLOCK_TIME_IS_VALID(t) ? t : pts) / GST_SECOND;
}

// What the chart says when it has nothing to show.
static std::string notice(const Stream& st, double now, const Settings& s) {
  if (!st.timeline.empty()) return {};
  if (st.results > 0) {
    return "No results in the last " + std::to_string(s.time_span / GST_SECOND) + " s";
  }
  if (now - st.origin >= static_cast<double>(NO_RESULTS_NOTICE_AFTER) / GST_SECOND) {
    return "No seremotion results after " + std::to_string(NO_RESULTS_NOTICE_AFTER / GST_SECOND) +
           " s: is seremotion upstream?";
  }
  return "Waiting for seremotion's first result";
}

// The chart of the stream up to `pts`, drawn into `frame`.
static void draw(GstSeremotionScope* self, GstVideoFrame* frame, GstClockTime pts, const Settings& s) {
  Stream& st = self->priv->stream;
  const double now = stream_seconds(st, pts);
  if (!std::isfinite(st.origin)) st.origin = now;
  const double span = static_cast<double>(s.time_span) / GST_SECOND;
  ser::plot::TimelineView view;
  view.to = std::max(now, st.origin + span);
  view.from = view.to - span;
  view.now = now < view.to ? now : NAN;
  st.timeline.forget_before(view.from);
  view.notice = notice(st, now, s);
  const ser::plot::Canvas canvas(static_cast<unsigned char*>(GST_VIDEO_FRAME_PLANE_DATA(frame, 0)),
                                 GST_VIDEO_FRAME_WIDTH(frame), GST_VIDEO_FRAME_HEIGHT(frame),
                                 GST_VIDEO_FRAME_PLANE_STRIDE(frame, 0), GST_VIDEO_INFO_HAS_ALPHA(&frame->info));
  ser::plot::draw_timeline(canvas, st.timeline, view);
}

// Downstream said the frame would be late: skip it, and say so as base sinks do.
static bool skip_late_frame(GstSeremotionScope* self, GstClockTime pts) {
  Stream& st = self->priv->stream;
  const GstClockTime duration = st.clock.frame_duration();
  const guint64 running = gst_segment_to_running_time(&st.segment, GST_FORMAT_TIME, pts);
  GST_OBJECT_LOCK(self);
  const Qos qos = self->priv->qos;
  GST_OBJECT_UNLOCK(self);
  if (!GST_CLOCK_TIME_IS_VALID(running) || !GST_CLOCK_TIME_IS_VALID(qos.earliest) ||
      running + duration > qos.earliest) {
    ++st.processed;
    return false;
  }
  ++st.dropped;
  GST_DEBUG_OBJECT(self, "QoS: skipping the frame at %" GST_TIME_FORMAT, GST_TIME_ARGS(pts));
  GstMessage* msg = gst_message_new_qos(GST_OBJECT(self), FALSE, running,
                                        gst_segment_to_stream_time(&st.segment, GST_FORMAT_TIME, pts), pts, duration);
  gst_message_set_qos_values(msg, GST_CLOCK_DIFF(running, qos.earliest), qos.proportion, 1000000);
  gst_message_set_qos_stats(msg, GST_FORMAT_BUFFERS, st.processed, st.dropped);
  gst_element_post_message(GST_ELEMENT(self), msg);
  return true;
}

static GstFlowReturn render_frame(GstSeremotionScope* self, GstClockTime pts, const Settings& s) {
  Stream& st = self->priv->stream;
  if (skip_late_frame(self, pts)) return GST_FLOW_OK;
  GstBuffer* out = nullptr;
  GstFlowReturn ret = gst_buffer_pool_acquire_buffer(st.pool, &out, nullptr);
  if (ret != GST_FLOW_OK) return ret;
  GstVideoFrame frame;
  if (!gst_video_frame_map(&frame, &st.video, out, GST_MAP_WRITE)) {
    gst_buffer_unref(out);
    GST_ELEMENT_ERROR(self, RESOURCE, WRITE, ("seremotionscope cannot write a video frame"), (nullptr));
    return GST_FLOW_ERROR;
  }
  const bool drawn = guarded(self, false, [&] {
    draw(self, &frame, pts, s);
    return true;
  });
  gst_video_frame_unmap(&frame);
  if (!drawn) {
    gst_buffer_unref(out);
    return GST_FLOW_ERROR;
  }
  GST_BUFFER_PTS(out) = pts;
  GST_BUFFER_DURATION(out) = st.clock.frame_duration();
  return gst_pad_push(self->srcpad, out);
}

// Draws and pushes the frames due now that the audio covers [start, end).
static GstFlowReturn render_until(GstSeremotionScope* self, GstClockTime start, GstClockTime end) {
  const Settings s = copy_settings(self);
  GstFlowReturn ret = GST_FLOW_OK;
  self->priv->stream.clock.advance(start, end, [&](GstClockTime pts) {
    if (ret == GST_FLOW_OK) ret = render_frame(self, pts, s);
  });
  return ret;
}

/* streaming */

static GstFlowReturn gst_seremotion_scope_process(GstSeremotionScope* self, GstBuffer* buffer) {
  Stream& st = self->priv->stream;
  if (gst_pad_check_reconfigure(self->srcpad) && st.have_audio && !negotiate(self)) {
    gst_pad_mark_reconfigure(self->srcpad);
    return GST_PAD_IS_FLUSHING(self->srcpad) ? GST_FLOW_FLUSHING : GST_FLOW_NOT_NEGOTIATED;
  }
  if (!st.have_audio || !st.have_video) {
    GST_ELEMENT_ERROR(self, CORE, NEGOTIATION, ("seremotionscope received audio before caps"), (nullptr));
    return GST_FLOW_NOT_NEGOTIATED;
  }
  unsigned unusable = 0;
  const ScopeValues values = copy_settings(self).smoothed ? ScopeValues::Smoothed : ScopeValues::Raw;
  st.results += ser::element::add_buffer_results(buffer, st.timeline, values, unusable);
  if (unusable > 0 && !st.warned_unusable) {
    st.warned_unusable = true;
    GST_ELEMENT_WARNING(self, STREAM, FORMAT,
                        ("seremotionscope received seremotion results it cannot draw (no time, or numbers that are "
                         "not numbers); they are left out"),
                        ("%u such results in one buffer", unusable));
  }
  GstClockTime start = GST_BUFFER_PTS(buffer);
  if (!GST_CLOCK_TIME_IS_VALID(start)) {
    start = GST_CLOCK_TIME_IS_VALID(st.audio_end) ? st.audio_end : st.segment.start;
  }
  GstClockTime duration = GST_BUFFER_DURATION(buffer);
  if (!GST_CLOCK_TIME_IS_VALID(duration)) {
    const guint64 frames = gst_buffer_get_size(buffer) / std::max(GST_AUDIO_INFO_BPF(&st.audio), 1);
    duration = gst_util_uint64_scale_int(frames, GST_SECOND, std::max(GST_AUDIO_INFO_RATE(&st.audio), 1));
  }
  st.audio_end = start + duration;
  return render_until(self, start, start + duration);
}

static GstFlowReturn gst_seremotion_scope_chain(GstPad* /*pad*/, GstObject* parent, GstBuffer* buffer) {
  GstSeremotionScope* self = GST_SEREMOTION_SCOPE(parent);
  const GstFlowReturn ret = guarded(self, GST_FLOW_ERROR, [&] { return gst_seremotion_scope_process(self, buffer); });
  gst_buffer_unref(buffer);
  return ret;
}

static gboolean gst_seremotion_scope_set_audio_caps(GstSeremotionScope* self, GstCaps* caps) {
  Stream& st = self->priv->stream;
  GstAudioInfo info;
  if (!gst_audio_info_from_caps(&info, caps)) {
    GST_ELEMENT_ERROR(self, CORE, NEGOTIATION, ("seremotionscope cannot read the audio caps %" GST_PTR_FORMAT, caps),
                      (nullptr));
    return FALSE;
  }
  st.audio = info;
  st.have_audio = true;
  return st.have_video && !gst_pad_check_reconfigure(self->srcpad) ? TRUE : negotiate(self);
}

static gboolean gst_seremotion_scope_sink_event(GstPad* pad, GstObject* parent, GstEvent* event) {
  GstSeremotionScope* self = GST_SEREMOTION_SCOPE(parent);
  Stream& st = self->priv->stream;
  switch (GST_EVENT_TYPE(event)) {
    case GST_EVENT_CAPS: {
      GstCaps* caps = nullptr;
      gst_event_parse_caps(event, &caps);
      const gboolean ok = guarded(self, FALSE, [&] { return gst_seremotion_scope_set_audio_caps(self, caps); });
      gst_event_unref(event);
      return ok;
    }
    case GST_EVENT_SEGMENT: {
      gst_event_copy_segment(event, &st.segment);
      if (st.segment.format != GST_FORMAT_TIME) {
        // Video needs time: frames then count from the buffers' timestamps, or from 0.
        GST_DEBUG_OBJECT(self, "a %s segment: sending a time segment instead",
                         gst_format_get_name(st.segment.format));
        gst_segment_init(&st.segment, GST_FORMAT_TIME);
        gst_event_unref(event);
        event = gst_event_new_segment(&st.segment);
      }
      st.clock.reset();
      st.audio_end = GST_CLOCK_TIME_NONE;
      return gst_pad_push_event(self->srcpad, event);
    }
    case GST_EVENT_FLUSH_STOP:
      reset_stream(self);
      gst_segment_init(&st.segment, GST_FORMAT_TIME);
      return gst_pad_push_event(self->srcpad, event);
    case GST_EVENT_GAP: {
      // Time goes on without audio: the chart goes on too.
      GstClockTime ts = GST_CLOCK_TIME_NONE, duration = GST_CLOCK_TIME_NONE;
      gst_event_parse_gap(event, &ts, &duration);
      gst_event_unref(event);
      if (st.have_video && GST_CLOCK_TIME_IS_VALID(ts) && GST_CLOCK_TIME_IS_VALID(duration)) {
        st.audio_end = ts + duration;
        guarded(self, GST_FLOW_ERROR, [&] { return render_until(self, ts, ts + duration); });
      }
      return TRUE;
    }
    default:
      return gst_pad_event_default(pad, parent, event);
  }
}

static gboolean gst_seremotion_scope_src_event(GstPad* pad, GstObject* parent, GstEvent* event) {
  GstSeremotionScope* self = GST_SEREMOTION_SCOPE(parent);
  switch (GST_EVENT_TYPE(event)) {
    case GST_EVENT_QOS: {
      double proportion = 1.0;
      GstClockTimeDiff diff = 0;
      GstClockTime timestamp = GST_CLOCK_TIME_NONE;
      gst_event_parse_qos(event, nullptr, &proportion, &diff, &timestamp);
      const GstClockTime frame = self->priv->stream.clock.frame_duration();
      GST_OBJECT_LOCK(self);
      Qos& qos = self->priv->qos;
      qos.proportion = proportion;
      // Late: the next frame worth drawing is about twice the lateness ahead (as GstAudioVisualizer).
      qos.earliest = diff >= 0 ? timestamp + std::min<GstClockTime>(2 * diff, GST_SECOND) + frame : timestamp + diff;
      GST_OBJECT_UNLOCK(self);
      return gst_pad_event_default(pad, parent, event);
    }
    case GST_EVENT_RECONFIGURE:
      // Ours to answer (the pad is marked); the audio upstream need not change.
      gst_event_unref(event);
      return TRUE;
    default:
      return gst_pad_event_default(pad, parent, event);
  }
}

static GstStateChangeReturn gst_seremotion_scope_change_state(GstElement* element, GstStateChange transition) {
  GstSeremotionScope* self = GST_SEREMOTION_SCOPE(element);
  if (transition == GST_STATE_CHANGE_READY_TO_PAUSED) {
    reset_stream(self);
    gst_segment_init(&self->priv->stream.segment, GST_FORMAT_TIME);
  }
  const GstStateChangeReturn ret = GST_ELEMENT_CLASS(parent_class)->change_state(element, transition);
  if (transition == GST_STATE_CHANGE_PAUSED_TO_READY) {
    Stream& st = self->priv->stream;
    release_pool(st);
    st.have_audio = false;
    st.have_video = false;
    reset_stream(self);
  }
  return ret;
}

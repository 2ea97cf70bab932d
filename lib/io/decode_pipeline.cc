#include "io/decode_pipeline.h"

#include <gst/app/gstappsink.h>
#include <gst/audio/audio.h>
#include <gst/base/gstbaseparse.h>
#include <gst/gst.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <new>
#include <utility>

#include "common/error.h"
#include "io/audio_decoder.h"
#include "io/gst_error_text.h"
#include "io/gst_init.h"
#include "io/mono_mix.h"

namespace ser::io {

namespace {

// The most samples reserved from a declared duration before any is decoded: 2^24, 17 minutes at
// 16 kHz (64 MiB).
constexpr size_t kMaxReservedSamples = size_t(1) << 24;

GstElement* make_element(const char* factory) {
  GstElement* e = gst_element_factory_make(factory, nullptr);
  if (!e) {
    throw Error(std::string("the GStreamer element '") + factory +
                "' is not installed: install the GStreamer plugins (tools/setup.sh does)");
  }
  return e;
}

std::string caps_name(const GstCaps* caps) {
  if (!caps || gst_caps_get_size(caps) == 0) return {};
  return gst_structure_get_name(gst_caps_get_structure(caps, 0));
}

void append_name(std::string& list, const std::string& name) {
  if (name.empty() || list.find(name) != std::string::npos) return;
  if (!list.empty()) list += ", ";
  list += name;
}

// Unlinks the static pad `name` of `element` from its peer, if it has one.
void unlink_pad(GstElement* element, const char* name) {
  GstPad* pad = gst_element_get_static_pad(element, name);
  if (!pad) return;
  if (GstPad* peer = gst_pad_get_peer(pad)) {
    if (GST_PAD_IS_SRC(pad))
      gst_pad_unlink(pad, peer);
    else
      gst_pad_unlink(peer, pad);
    gst_object_unref(peer);
  }
  gst_object_unref(pad);
}

const char* native(GstAudioFormat format) { return gst_audio_format_to_string(format); }

Route choose_route(const GstAudioInfo& info, int rate) {
  if (GST_AUDIO_INFO_RATE(&info) != rate) return Route::kResample;
  const GstAudioFormat format = GST_AUDIO_INFO_FORMAT(&info);
  const bool ours = format == GST_AUDIO_FORMAT_S16 || format == GST_AUDIO_FORMAT_F32;  // native endian
  return ours && GST_AUDIO_INFO_LAYOUT(&info) == GST_AUDIO_LAYOUT_INTERLEAVED ? Route::kDirect : Route::kConvert;
}

// What makes a decoded stream's caps unfit to convert, or "" when they fit: a format
// GStreamer's audio library cannot describe (64 channels without a layout), or a sample rate no
// recording has, which a damaged or hostile header declares and which audioresample would try to
// allocate filters for (2^31 Hz: 2 TB, and GLib aborts the process).
std::string unfit_audio(const GstCaps* caps, GstAudioInfo& audio) {
  if (!caps || !gst_audio_info_from_caps(&audio, caps)) {
    gchar* text = caps ? gst_caps_to_string(caps) : nullptr;
    std::string out = std::string("its audio stream has a format that cannot be converted (") +
                      (text ? text : "no caps") + ")";
    g_free(text);
    return out;
  }
  if (GST_AUDIO_INFO_RATE(&audio) > kMaxSampleRate) {
    return "its audio declares a sample rate of " + std::to_string(GST_AUDIO_INFO_RATE(&audio)) +
           " Hz, above the " + std::to_string(kMaxSampleRate) +
           " Hz any recording has: the header is damaged or the file is not what it claims";
  }
  return "";
}

// The factories from typefind to `exposed` (a decodebin source pad), when each element on the
// way has one sink and one source pad; capsfilters decodebin adds after parsers are left out.
// Empty when the path holds a demuxer's multiqueue or anything else that branches.
std::vector<std::string> linear_chain(GstPad* exposed, GstElement* typefind) {
  std::vector<std::string> chain;
  GstPad* pad =
      GST_IS_GHOST_PAD(exposed) ? gst_ghost_pad_get_target(GST_GHOST_PAD(exposed)) : GST_PAD(gst_object_ref(exposed));
  for (int hops = 0; pad && hops < 16; ++hops) {
    GstElement* element = gst_pad_get_parent_element(pad);
    gst_object_unref(pad);
    pad = nullptr;
    if (!element) break;
    if (element == typefind) {
      gst_object_unref(element);
      return chain;
    }
    GstElementFactory* factory = gst_element_get_factory(element);
    const char* name = factory ? gst_plugin_feature_get_name(GST_PLUGIN_FEATURE(factory)) : nullptr;
    GstPad* sinkpad = nullptr;
    GST_OBJECT_LOCK(element);
    if (name && std::strcmp(name, "multiqueue") != 0 && element->numsrcpads == 1 && element->numsinkpads == 1) {
      sinkpad = GST_PAD(gst_object_ref(element->sinkpads->data));
    }
    GST_OBJECT_UNLOCK(element);
    if (sinkpad && std::strcmp(name, "capsfilter") != 0) chain.insert(chain.begin(), name);
    gst_object_unref(element);
    if (!sinkpad) break;
    pad = gst_pad_get_peer(sinkpad);
    gst_object_unref(sinkpad);
  }
  if (pad) gst_object_unref(pad);
  return {};
}

}  // namespace

// Threads: run() is the caller's thread; the callbacks are GStreamer's streaming threads while
// the pipeline is PAUSED or PLAYING. `result` and `ended` are shared, under `mutex`; the route,
// `out` and the sample fields belong to the streaming thread that feeds the appsink. run() reads
// everything once the pipeline is back in READY, when no such thread runs.
struct DecodePipeline::Impl {
  Impl(int rate, double stall_seconds, const std::vector<std::string>& chain, Route route);
  ~Impl();

  PipelineRun run(const std::string& path, std::vector<float>& samples);
  void release();  // the GStreamer objects; idempotent
  void build_chain(const std::vector<std::string>& chain);
  void drop_unused_route_elements();
  void read_whole_files_into_parser();
  void build_decodebin();
  void wait_for_end();
  void end(PipelineRun::End how);  // called with `mutex` held
  GstElement* set_route(Route next);
  void note_audio(const GstCaps* caps);
  void refuse_audio(std::string why);

  static GstBusSyncReply on_bus_message(GstBus* bus, GstMessage* message, gpointer self);
  static void on_pad_added(GstElement* decodebin, GstPad* pad, gpointer self);
  static void on_no_more_pads(GstElement* decodebin, gpointer self);
  static void on_unknown_type(GstElement* decodebin, GstPad* pad, GstCaps* caps, gpointer self);
  static int on_autoplug_select(GstElement* decodebin, GstPad* pad, GstCaps* caps, GstElementFactory* factory,
                                gpointer self);
  static void on_have_type(GstElement* typefind, guint probability, GstCaps* caps, gpointer self);
  static void on_chain_pad_added(GstElement* element, GstPad* pad, gpointer next);
  static GstPadProbeReturn on_source_query(GstPad* pad, GstPadProbeInfo* info, gpointer self);
  static GstPadProbeReturn on_head_caps(GstPad* pad, GstPadProbeInfo* info, gpointer self);
  static GstPadProbeReturn on_chain_query(GstPad* pad, GstPadProbeInfo* info, gpointer self);
  static GstFlowReturn on_new_sample(GstAppSink* sink, gpointer self);

  const int sample_rate;
  const double stall_seconds;
  GstElement* pipeline = nullptr;
  GstElement* source = nullptr;
  GstElement* decodebin = nullptr;  // null for a chain front
  GstElement* typefind = nullptr;   // decodebin's child
  GstElement* convert = nullptr;   // null in a chain whose route does without it
  GstElement* resample = nullptr;  // likewise
  GstElement* sink = nullptr;
  GstBus* bus = nullptr;
  GstCaps* direct_caps = nullptr;  // what the appsink takes on the direct route
  GstCaps* float_caps = nullptr;   // and on the others

  std::mutex mutex;
  std::condition_variable ended_changed;
  bool ended = false;
  PipelineRun result;
  std::atomic<unsigned long> activity{0};  // samples and messages, for the stall clock

  bool audio_claimed = false;  // a decodebin pad has been taken as the file's audio

  Route route = Route::kResample;
  bool route_linked = false;
  std::vector<float>* out = nullptr;
  bool first_buffer = true;
  GstCaps* sample_caps = nullptr;  // caps of the last sample, and what they say:
  bool sample_s16 = false;
  int sample_channels = 1;
};

DecodePipeline::Impl::Impl(int rate, double stall, const std::vector<std::string>& chain, Route chain_route)
    : sample_rate(rate), stall_seconds(stall) {
  ensure_gstreamer();
  pipeline = gst_pipeline_new(nullptr);
  try {
    for (auto [element, factory] : {std::pair{&source, "filesrc"},
                                    {&convert, "audioconvert"},
                                    {&resample, "audioresample"},
                                    {&sink, "appsink"}}) {
      *element = make_element(factory);
      gst_bin_add(GST_BIN(pipeline), *element);
    }
    GstPad* source_pad = gst_element_get_static_pad(source, "src");
    gst_pad_add_probe(source_pad, GST_PAD_PROBE_TYPE_QUERY_UPSTREAM, &Impl::on_source_query, this, nullptr);
    gst_object_unref(source_pad);

    g_object_set(resample, "quality", 10, nullptr);  // the highest: the features are sensitive to aliasing
    direct_caps = gst_caps_from_string(("audio/x-raw, format=(string){ " + std::string(native(GST_AUDIO_FORMAT_S16)) +
                                        ", " + native(GST_AUDIO_FORMAT_F32) +
                                        " }, layout=(string)interleaved, rate=(int)" + std::to_string(sample_rate))
                                           .c_str());
    float_caps = gst_caps_new_simple("audio/x-raw", "format", G_TYPE_STRING, native(GST_AUDIO_FORMAT_F32), "layout",
                                     G_TYPE_STRING, "interleaved", "rate", G_TYPE_INT, sample_rate, nullptr);
    // No clock and no sync: decode as fast as possible. No last-sample: nothing kept alive. Not
    // async: the state changes of run() complete at once, without the bin's preroll thread.
    g_object_set(sink, "sync", FALSE, "async", FALSE, "enable-last-sample", FALSE, nullptr);
    GstAppSinkCallbacks callbacks{};
    callbacks.new_sample = &Impl::on_new_sample;
    gst_app_sink_set_callbacks(GST_APP_SINK(sink), &callbacks, this, nullptr);
    gst_pipeline_use_clock(GST_PIPELINE(pipeline), nullptr);

    if (chain.empty()) {
      build_decodebin();
    } else {
      route = chain_route;
      build_chain(chain);
      drop_unused_route_elements();
      read_whole_files_into_parser();
    }
    // Messages are handled where they are posted and never queued: waking the caller through
    // the bus's socket costs more than the condition variable.
    bus = gst_element_get_bus(pipeline);
    gst_bus_set_sync_handler(bus, &Impl::on_bus_message, this, nullptr);
    if (gst_element_set_state(pipeline, GST_STATE_READY) == GST_STATE_CHANGE_FAILURE) {
      throw Error("the GStreamer decoding pipeline could not be started");
    }
  } catch (...) {
    release();
    throw;
  }
}

DecodePipeline::Impl::~Impl() { release(); }

void DecodePipeline::Impl::release() {
  if (pipeline) {
    gst_element_set_state(pipeline, GST_STATE_NULL);
    gst_object_unref(pipeline);
    pipeline = nullptr;
  }
  if (bus) {
    gst_bus_set_sync_handler(bus, nullptr, nullptr, nullptr);
    gst_object_unref(bus);
    bus = nullptr;
  }
  gst_caps_replace(&direct_caps, nullptr);
  gst_caps_replace(&float_caps, nullptr);
  gst_caps_replace(&sample_caps, nullptr);
}

void DecodePipeline::Impl::build_decodebin() {
  decodebin = make_element("decodebin");
  gst_bin_add(GST_BIN(pipeline), decodebin);
  if (!gst_element_link(source, decodebin)) throw Error("filesrc cannot be linked to decodebin");
  g_signal_connect(decodebin, "pad-added", G_CALLBACK(&Impl::on_pad_added), this);
  g_signal_connect(decodebin, "no-more-pads", G_CALLBACK(&Impl::on_no_more_pads), this);
  g_signal_connect(decodebin, "unknown-type", G_CALLBACK(&Impl::on_unknown_type), this);
  g_signal_connect(decodebin, "autoplug-select", G_CALLBACK(&Impl::on_autoplug_select), this);
  // pad-added checks the first caps; these see every later caps event on either route's head.
  for (GstElement* head : {convert, sink}) {
    GstPad* head_sink = gst_element_get_static_pad(head, "sink");
    gst_pad_add_probe(head_sink, GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM, &Impl::on_head_caps, this, nullptr);
    gst_object_unref(head_sink);
  }
  // decodebin keeps its typefind child across state changes; its verdict names the format.
  typefind = gst_bin_get_by_name(GST_BIN(decodebin), "typefind");
  if (typefind) {
    g_signal_connect(typefind, "have-type", G_CALLBACK(&Impl::on_have_type), this);
    gst_object_unref(typefind);  // the bin keeps it alive
  }
}

void DecodePipeline::Impl::build_chain(const std::vector<std::string>& chain) {
  GstElement* head = set_route(route);
  GstElement* previous = source;
  for (size_t i = 0; i <= chain.size(); ++i) {
    GstElement* next = head;
    if (i < chain.size()) {
      next = make_element(chain[i].c_str());
      gst_bin_add(GST_BIN(pipeline), next);
    } else {
      // The last element's caps are the decoded stream's: rate and channels for AudioInfo.
      GstPad* head_sink = gst_element_get_static_pad(head, "sink");
      gst_pad_add_probe(head_sink, GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM, &Impl::on_head_caps, this, nullptr);
      gst_pad_add_probe(head_sink, GST_PAD_PROBE_TYPE_QUERY_DOWNSTREAM, &Impl::on_chain_query, this, nullptr);
      gst_object_unref(head_sink);
    }
    // Parsers such as wavparse add their source pad once they have read the header.
    if (!gst_element_link(previous, next)) {
      if (previous->numsrcpads != 0) throw Error("the GStreamer elements of a decoding chain cannot be linked");
      g_signal_connect(previous, "pad-added", G_CALLBACK(&Impl::on_chain_pad_added), next);
    }
    previous = next;
  }
}

// A chain's route is fixed, so the route elements it leaves unlinked (both on the direct route)
// would only be taken through READY -> PLAYING -> READY with every file for nothing: each
// element's and each pad's change of state wakes its waiters with a futex syscall.
void DecodePipeline::Impl::drop_unused_route_elements() {
  if (route != Route::kResample) {
    gst_bin_remove(GST_BIN(pipeline), resample);  // the bin held the only reference
    resample = nullptr;
  }
  if (route == Route::kDirect) {
    gst_bin_remove(GST_BIN(pipeline), convert);
    convert = nullptr;
  }
}

// flacparse (a GstBaseParse) keeps its input in an adapter and is handed all of it at each frame:
// with filesrc's 4 KiB reads, a frame across two reads is copied out with the rest of the
// adapter. Reading 1 MiB at a time (a whole corpus file, 15 to 170 KB) makes every frame a view
// of one buffer, and saves the syscalls: about 10 % of the CPU time per 16 kHz FLAC file. It finds
// its frames in the data, not in the reads, so the samples are the same (checked on every corpus
// file). Other parsers keep the default: aiffparse, handed a whole file, gives other samples, and
// the other GstBaseParse parsers (MP3, AAC, AMR...) were not checked. decodebin keeps it too: its
// typefinding sees the data as it always did.
void DecodePipeline::Impl::read_whole_files_into_parser() {
  GstPad* source_pad = gst_element_get_static_pad(source, "src");
  GstPad* peer = gst_pad_get_peer(source_pad);
  gst_object_unref(source_pad);
  if (!peer) return;
  GstElement* parser = gst_pad_get_parent_element(peer);
  gst_object_unref(peer);
  if (!parser) return;
  GstElementFactory* factory = gst_element_get_factory(parser);
  if (factory && g_strcmp0(gst_plugin_feature_get_name(GST_PLUGIN_FEATURE(factory)), "flacparse") == 0) {
    g_object_set(source, "blocksize", guint{1u << 20}, nullptr);
  }
  gst_object_unref(parser);
}

// Links the route's elements to the appsink and returns its head, the element the decoded
// stream goes into. Only ever called before any data of the file reaches the route (at
// construction for a chain, in pad-added for decodebin), so no element sees a stream's events
// out of order.
GstElement* DecodePipeline::Impl::set_route(Route next) {
  if (route_linked && next == route) return next == Route::kDirect ? sink : convert;
  unlink_pad(convert, "src");
  unlink_pad(resample, "src");
  g_object_set(sink, "caps", next == Route::kDirect ? direct_caps : float_caps, nullptr);
  bool linked = true;
  if (next == Route::kConvert) linked = gst_element_link(convert, sink);
  if (next == Route::kResample) linked = gst_element_link_many(convert, resample, sink, nullptr);
  route = next;
  route_linked = linked;
  return next == Route::kDirect ? sink : convert;
}

void DecodePipeline::Impl::note_audio(const GstCaps* caps) {
  GstAudioInfo audio;
  if (!caps || !gst_audio_info_from_caps(&audio, caps)) return;
  std::lock_guard<std::mutex> lock(mutex);
  if (result.audio_found) return;
  result.audio_found = true;
  result.original_rate = GST_AUDIO_INFO_RATE(&audio);
  result.original_channels = GST_AUDIO_INFO_CHANNELS(&audio);
  result.route = route;
}

// Ends the run as an error saying why its audio cannot be converted (unfit_audio()).
void DecodePipeline::Impl::refuse_audio(std::string why) {
  std::lock_guard<std::mutex> lock(mutex);
  if (ended) return;
  result.error = std::move(why);
  result.stream_error = true;
  result.unfit_audio = true;
  end(PipelineRun::End::kError);
}

void DecodePipeline::Impl::end(PipelineRun::End how) {
  if (ended) return;
  ended = true;
  result.end = how;
  ended_changed.notify_all();
}

GstBusSyncReply DecodePipeline::Impl::on_bus_message(GstBus*, GstMessage* message, gpointer data) {
  auto* self = static_cast<Impl*>(data);
  const GstMessageType kind = GST_MESSAGE_TYPE(message);
  if (kind == GST_MESSAGE_EOS) {
    std::lock_guard<std::mutex> lock(self->mutex);
    self->end(PipelineRun::End::kEos);
  } else if (kind == GST_MESSAGE_ERROR || kind == GST_MESSAGE_WARNING) {
    GError* err = nullptr;
    gchar* debug = nullptr;
    if (kind == GST_MESSAGE_ERROR)
      gst_message_parse_error(message, &err, &debug);
    else
      gst_message_parse_warning(message, &err, &debug);
    const std::string element = GST_MESSAGE_SRC(message) ? GST_MESSAGE_SRC_NAME(message) : "";
    {
      std::lock_guard<std::mutex> lock(self->mutex);
      PipelineRun& r = self->result;
      if (kind == GST_MESSAGE_WARNING) {
        if (r.warning.empty()) r.warning = describe_gst_error(*err, element, r.type, r.undecodable);
      } else if (!self->ended) {
        r.error = describe_gst_error(*err, element, r.type, r.undecodable);
        r.stream_error = err->domain == GST_STREAM_ERROR;
        self->end(PipelineRun::End::kError);
      }
    }
    self->activity.fetch_add(1, std::memory_order_relaxed);
    g_clear_error(&err);
    g_free(debug);
  }
  return GST_BUS_DROP;
}

void DecodePipeline::Impl::on_have_type(GstElement*, guint, GstCaps* caps, gpointer data) {
  auto* self = static_cast<Impl*>(data);
  std::lock_guard<std::mutex> lock(self->mutex);
  self->result.type = caps_name(caps);
}

// Only audio is decoded: a video, image or subtitle parser or decoder is not plugged and its
// stream is exposed as it is (reported as another stream), instead of being decoded for nothing,
// or failing in a video decoder before the file's lack of audio is seen. Demuxers are plugged
// whatever they carry. decodebin's GstAutoplugSelectResult: 0 try, 1 expose, 2 skip.
int DecodePipeline::Impl::on_autoplug_select(GstElement*, GstPad*, GstCaps*, GstElementFactory* factory, gpointer) {
  constexpr int kTry = 0, kExpose = 1;
  const char* klass = gst_element_factory_get_metadata(factory, GST_ELEMENT_METADATA_KLASS);
  if (!klass || std::strstr(klass, "Demuxer")) return kTry;
  for (const char* kind : {"Video", "Image", "Subtitle"}) {
    if (std::strstr(klass, kind)) return kExpose;
  }
  return kTry;
}

void DecodePipeline::Impl::on_unknown_type(GstElement*, GstPad*, GstCaps* caps, gpointer data) {
  auto* self = static_cast<Impl*>(data);
  std::lock_guard<std::mutex> lock(self->mutex);
  append_name(self->result.undecodable, caps_name(caps));
}

// The first raw audio stream goes into the route its caps call for; other streams stay
// unlinked and are ignored. decodebin exposes a pad only once its caps are known.
void DecodePipeline::Impl::on_pad_added(GstElement*, GstPad* pad, gpointer data) {
  auto* self = static_cast<Impl*>(data);
  GstCaps* caps = gst_pad_get_current_caps(pad);
  if (!caps) caps = gst_pad_query_caps(pad, nullptr);
  const std::string name = caps_name(caps);
  bool first_audio = false;
  {
    std::lock_guard<std::mutex> lock(self->mutex);
    if (name != "audio/x-raw")
      append_name(self->result.other_streams, name);
    else
      first_audio = !std::exchange(self->audio_claimed, true);
  }
  GstAudioInfo audio;
  std::string unfit = first_audio ? unfit_audio(caps, audio) : "";
  if (!unfit.empty()) {
    self->refuse_audio(std::move(unfit));
  } else if (first_audio) {
    std::vector<std::string> chain = linear_chain(pad, self->typefind);
    GstElement* head = self->set_route(choose_route(audio, self->sample_rate));
    GstPad* head_sink = gst_element_get_static_pad(head, "sink");
    const bool linked = self->route_linked && GST_PAD_LINK_SUCCESSFUL(gst_pad_link(pad, head_sink));
    gst_object_unref(head_sink);
    if (linked) {
      self->note_audio(caps);
      std::lock_guard<std::mutex> lock(self->mutex);
      self->result.chain = std::move(chain);
    }
  }
  if (caps) gst_caps_unref(caps);
}

// decodebin has exposed every stream: without an audio one, nothing will ever come (a still
// image would wait for ever), so the file ends here.
void DecodePipeline::Impl::on_no_more_pads(GstElement*, gpointer data) {
  auto* self = static_cast<Impl*>(data);
  std::lock_guard<std::mutex> lock(self->mutex);
  if (!self->result.audio_found) self->end(PipelineRun::End::kNoAudio);
}

void DecodePipeline::Impl::on_chain_pad_added(GstElement*, GstPad* pad, gpointer next) {
  GstPad* sinkpad = gst_element_get_static_pad(GST_ELEMENT(next), "sink");
  if (!gst_pad_is_linked(sinkpad)) gst_pad_link(pad, sinkpad);
  gst_object_unref(sinkpad);
}

GstPadProbeReturn DecodePipeline::Impl::on_head_caps(GstPad*, GstPadProbeInfo* info, gpointer data) {
  GstEvent* event = GST_PAD_PROBE_INFO_EVENT(info);
  if (GST_EVENT_TYPE(event) == GST_EVENT_CAPS) {
    GstCaps* caps = nullptr;
    gst_event_parse_caps(event, &caps);
    // Unfit caps never reach the converters, whenever they come (a decoder may change its format
    // mid-stream): the run ends there as an error.
    auto* self = static_cast<Impl*>(data);
    GstAudioInfo audio;
    if (std::string unfit = unfit_audio(caps, audio); !unfit.empty()) {
      self->refuse_audio(std::move(unfit));
      return GST_PAD_PROBE_DROP;
    }
    self->note_audio(caps);
  }
  return GST_PAD_PROBE_OK;
}

// A decoder that can give several formats (mpg123audiodec: 16-bit, 32-bit, float) picks one by
// asking downstream. Under decodebin it asks before its pad is exposed and gets ANY; in a chain
// the route would answer. Answering as decodebin does makes the chain pick the same format, so
// both fronts give the same samples, and the route learned from decodebin fits.
GstPadProbeReturn DecodePipeline::Impl::on_chain_query(GstPad*, GstPadProbeInfo* info, gpointer) {
  GstQuery* query = GST_PAD_PROBE_INFO_QUERY(info);
  if (GST_QUERY_TYPE(query) != GST_QUERY_CAPS) return GST_PAD_PROBE_OK;
  GstCaps* filter = nullptr;
  gst_query_parse_caps(query, &filter);
  GstCaps* any = filter ? gst_caps_ref(filter) : gst_caps_new_any();
  gst_query_set_caps_result(query, any);
  gst_caps_unref(any);
  return GST_PAD_PROBE_HANDLED;
}

// filesrc offers push mode only. In pull mode decodebin races: a parser with an always source
// pad (aiffparse) is started before decodebin has exposed that pad, pushes into nothing, and
// its not-linked error is swallowed while decodebin is still trying it, so the pipeline waits
// for ever (1 AIFF file in 15 here; 1 in 100 with gst-launch). oggdemux in pull mode hangs on
// some truncated files too. In push mode elements are plugged on the thread that then pushes
// the data. Chains use push mode as well, so both fronts treat a file alike; it costs the same
// CPU time (measured with bench_decode).
GstPadProbeReturn DecodePipeline::Impl::on_source_query(GstPad*, GstPadProbeInfo* info, gpointer) {
  GstQuery* query = GST_PAD_PROBE_INFO_QUERY(info);
  if (GST_QUERY_TYPE(query) != GST_QUERY_SCHEDULING) return GST_PAD_PROBE_OK;
  gst_query_set_scheduling(query, GST_SCHEDULING_FLAG_SEEKABLE, 1, -1, 0);
  gst_query_add_scheduling_mode(query, GST_PAD_MODE_PUSH);
  return GST_PAD_PROBE_HANDLED;
}

// Appends each buffer to the output as the mean of its channels: the one copy. The first
// buffer asks upstream for the declared duration, which sizes the output once and later tells
// a cut file from a short one.
GstFlowReturn DecodePipeline::Impl::on_new_sample(GstAppSink* appsink, gpointer data) {
  auto* self = static_cast<Impl*>(data);
  GstSample* sample = gst_app_sink_pull_sample(appsink);
  if (!sample) return GST_FLOW_EOS;
  GstCaps* caps = gst_sample_get_caps(sample);
  if (caps != self->sample_caps) {
    gst_caps_replace(&self->sample_caps, caps);
    GstAudioInfo audio;
    if (caps && gst_audio_info_from_caps(&audio, caps)) {
      self->sample_s16 = GST_AUDIO_INFO_FORMAT(&audio) == GST_AUDIO_FORMAT_S16;
      self->sample_channels = std::max(1, GST_AUDIO_INFO_CHANNELS(&audio));
    }
  }
  GstFlowReturn ret = GST_FLOW_OK;
  GstBuffer* buffer = gst_sample_get_buffer(sample);
  GstMapInfo map;
  if (buffer && gst_buffer_map(buffer, &map, GST_MAP_READ)) {
    try {
      if (self->first_buffer) {
        self->first_buffer = false;
        gint64 duration = -1;
        GstPad* pad = gst_element_get_static_pad(GST_ELEMENT(appsink), "sink");
        if (gst_pad_peer_query_duration(pad, GST_FORMAT_TIME, &duration) && duration > 0) {
          const double seconds = static_cast<double>(duration) / GST_SECOND;
          const auto expected = static_cast<size_t>(seconds * self->sample_rate);
          // A header's duration is only a claim (a hostile or damaged one can declare days): at
          // most kMaxReservedSamples up front, the vector grows past them as samples come.
          self->out->reserve(std::min(expected + expected / 64 + 1024, kMaxReservedSamples));  // rounding, padding
          std::lock_guard<std::mutex> lock(self->mutex);
          self->result.declared_seconds = seconds;
        }
        gst_object_unref(pad);
      }
      const size_t frame_bytes = (self->sample_s16 ? 2 : 4) * static_cast<size_t>(self->sample_channels);
      const size_t frames = map.size / frame_bytes;
      if (self->sample_s16)
        append_mono(reinterpret_cast<const gint16*>(map.data), frames, self->sample_channels, *self->out);
      else
        append_mono(reinterpret_cast<const float*>(map.data), frames, self->sample_channels, *self->out);
    } catch (const std::bad_alloc&) {
      std::lock_guard<std::mutex> lock(self->mutex);
      self->result.out_of_memory = true;
      ret = GST_FLOW_ERROR;
    }
    gst_buffer_unmap(buffer, &map);
  }
  gst_sample_unref(sample);
  self->activity.fetch_add(1, std::memory_order_relaxed);
  return ret;
}

// Sleeps until the file ends; wakes every 100 ms to see whether anything is still happening.
void DecodePipeline::Impl::wait_for_end() {
  using Clock = std::chrono::steady_clock;
  const auto stall = std::chrono::duration<double>(stall_seconds);
  const auto slice =
      std::min<Clock::duration>(std::chrono::milliseconds(100), std::chrono::duration_cast<Clock::duration>(stall));
  std::unique_lock<std::mutex> lock(mutex);
  unsigned long seen = activity.load(std::memory_order_relaxed);
  auto last_activity = Clock::now();
  while (!ended) {
    ended_changed.wait_for(lock, slice);
    const unsigned long now_seen = activity.load(std::memory_order_relaxed);
    if (now_seen != seen) {
      seen = now_seen;
      last_activity = Clock::now();
    } else if (!ended && Clock::now() - last_activity > stall) {
      end(PipelineRun::End::kStalled);
    }
  }
}

PipelineRun DecodePipeline::Impl::run(const std::string& path, std::vector<float>& samples) {
  {
    std::lock_guard<std::mutex> lock(mutex);
    result = PipelineRun{};
    result.route = route;
    ended = false;
    audio_claimed = false;
  }
  samples.clear();
  out = &samples;
  first_buffer = true;
  g_object_set(source, "location", path.c_str(), nullptr);
  // The route's elements first. Linked to decodebin only once it exposes its pad, they would
  // otherwise come after the source in the bin's order of state changes, and the first buffers
  // could meet their pads still inactive: a FLUSHING flow, which stops the source silently.
  for (GstElement* element : {sink, resample, convert}) {
    if (element) gst_element_set_state(element, GST_STATE_PLAYING);
  }
  if (gst_element_set_state(pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE) {
    std::lock_guard<std::mutex> lock(mutex);  // the element that failed posted an ERROR first
    if (!ended) {
      result.error = "the GStreamer decoding pipeline could not start";
      end(PipelineRun::End::kError);
    }
  }
  wait_for_end();
  // Back to READY stops every streaming thread: what they wrote is ours to read.
  gst_element_set_state(pipeline, GST_STATE_READY);
  out = nullptr;
  gst_caps_replace(&sample_caps, nullptr);
  std::lock_guard<std::mutex> lock(mutex);
  return result;
}

DecodePipeline::DecodePipeline(int sample_rate, double stall_timeout_seconds, const std::vector<std::string>& chain,
                               Route route)
    : impl_(std::make_unique<Impl>(sample_rate, stall_timeout_seconds, chain, route)) {}

DecodePipeline::~DecodePipeline() = default;

PipelineRun DecodePipeline::run(const std::string& path, std::vector<float>& out) { return impl_->run(path, out); }

}  // namespace ser::io

#include "io/codec_roundtrip.h"

#include <gst/app/gstappsink.h>
#include <gst/app/gstappsrc.h>
#include <gst/gst.h>

#include <algorithm>
#include <cstring>
#include <memory>

#include "common/error.h"
#include "io/gst_init.h"

namespace ser::io {
namespace {

struct CodecInfo {
  Codec codec;
  const char* name;
  int min_bps, max_bps;
  const char* package;  // Debian package with its elements
};

const CodecInfo kCodecs[] = {
    {Codec::Opus, "opus", 6000, 64000, "gstreamer1.0-plugins-base"},
    {Codec::Vorbis, "vorbis", 16000, 64000, "gstreamer1.0-plugins-base"},
    {Codec::Mp3, "mp3", 8000, 64000, "gstreamer1.0-plugins-good"},
    {Codec::Gsm, "gsm", 13000, 13000, "gstreamer1.0-plugins-bad"},
    {Codec::Mulaw, "mulaw", 64000, 64000, "gstreamer1.0-plugins-good"},
};

const CodecInfo& info(Codec codec) {
  for (const CodecInfo& c : kCodecs) {
    if (c.codec == codec) return c;
  }
  return kCodecs[0];
}

// The encoder and decoder between the two audioconvert ! audioresample of the pipeline.
std::string codec_chain(Codec codec, int bps) {
  switch (codec) {
    case Codec::Opus: return "opusenc bitrate=" + std::to_string(bps) + " ! opusdec";
    case Codec::Vorbis: return "vorbisenc bitrate=" + std::to_string(bps) + " ! vorbisdec";
    case Codec::Mp3:
      return "lamemp3enc target=bitrate cbr=true bitrate=" + std::to_string(bps / 1000) +
             " ! mpegaudioparse ! mpg123audiodec";
    case Codec::Gsm: return "audio/x-raw,rate=8000 ! gsmenc ! gsmdec";
    case Codec::Mulaw: return "audio/x-raw,rate=8000 ! mulawenc ! mulawdec";
  }
  return "";
}

struct PipelineDeleter {
  void operator()(GstElement* p) const {
    gst_element_set_state(p, GST_STATE_NULL);
    gst_object_unref(p);
  }
};

// The error message on the bus, if any.
std::string bus_error(GstElement* pipeline) {
  GstBus* bus = gst_element_get_bus(pipeline);
  std::string text;
  while (GstMessage* m = gst_bus_pop_filtered(bus, GST_MESSAGE_ERROR)) {
    GError* e = nullptr;
    gst_message_parse_error(m, &e, nullptr);
    if (text.empty() && e) text = e->message;
    if (e) g_error_free(e);
    gst_message_unref(m);
  }
  gst_object_unref(bus);
  return text;
}

// The lag in [0, max_lag] at which `out` best matches `in` (the codec's delay), by correlation
// over the first second.
size_t codec_delay(const std::vector<float>& in, const std::vector<float>& out, size_t max_lag, size_t span) {
  size_t best = 0;
  double best_score = -1.0;
  for (size_t lag = 0; lag <= max_lag && lag < out.size(); ++lag) {
    const size_t n = std::min({span, in.size(), out.size() - lag});
    double dot = 0.0;
    for (size_t i = 0; i < n; ++i) dot += double(in[i]) * double(out[i + lag]);
    if (dot > best_score) {
      best_score = dot;
      best = lag;
    }
  }
  return best;
}

}  // namespace

const char* codec_name(Codec codec) { return info(codec).name; }

Codec parse_codec(const std::string& name) {
  for (const CodecInfo& c : kCodecs) {
    if (g_ascii_strcasecmp(name.c_str(), c.name) == 0) return c.codec;
  }
  throw ParameterError("unknown codec '" + name + "' (known: opus, vorbis, mp3, gsm, mulaw)");
}

void codec_bitrate_range(Codec codec, int& min_bps, int& max_bps) {
  min_bps = info(codec).min_bps;
  max_bps = info(codec).max_bps;
}

std::vector<float> codec_roundtrip(FloatSpan samples, int sample_rate, Codec codec, int bitrate_bps) {
  if (samples.empty()) return {};
  if (sample_rate < 8000 || sample_rate > 192000) {
    throw ParameterError("codec round trip: sample rate " + std::to_string(sample_rate) + " Hz is outside [8000, 192000]");
  }
  ensure_gstreamer();
  const CodecInfo& c = info(codec);
  const int bps = std::clamp(bitrate_bps, c.min_bps, c.max_bps);
  const std::string rate = std::to_string(sample_rate);
  const std::string description =
      "appsrc name=src format=time caps=audio/x-raw,format=F32LE,layout=interleaved,channels=1,rate=" + rate +
      " ! audioconvert ! audioresample ! " + codec_chain(codec, bps) +
      " ! audioconvert ! audioresample ! audio/x-raw,format=F32LE,layout=interleaved,channels=1,rate=" + rate +
      " ! appsink name=sink sync=false";
  GError* parse_error = nullptr;
  GstElement* raw = gst_parse_launch(description.c_str(), &parse_error);
  if (!raw || parse_error) {
    const std::string why = parse_error ? parse_error->message : "unknown reason";
    if (parse_error) g_error_free(parse_error);
    if (raw) gst_object_unref(raw);
    throw Error(std::string("codec ") + c.name + ": cannot build its GStreamer pipeline (" + why + "): install " +
                c.package);
  }
  std::unique_ptr<GstElement, PipelineDeleter> pipeline(raw);
  GstElement* src = gst_bin_get_by_name(GST_BIN(raw), "src");
  GstElement* sink = gst_bin_get_by_name(GST_BIN(raw), "sink");
  std::unique_ptr<GstElement, void (*)(GstElement*)> src_ref(src, [](GstElement* e) { gst_object_unref(e); });
  std::unique_ptr<GstElement, void (*)(GstElement*)> sink_ref(sink, [](GstElement* e) { gst_object_unref(e); });
  if (gst_element_set_state(raw, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE) {
    throw Error(std::string("codec ") + c.name + ": its pipeline does not start: " + bus_error(raw));
  }
  GstBuffer* buffer = gst_buffer_new_allocate(nullptr, samples.size() * sizeof(float), nullptr);
  gst_buffer_fill(buffer, 0, samples.data(), samples.size() * sizeof(float));
  GST_BUFFER_PTS(buffer) = 0;
  GST_BUFFER_DURATION(buffer) = gst_util_uint64_scale_int(samples.size(), GST_SECOND, sample_rate);
  gst_app_src_push_buffer(GST_APP_SRC(src), buffer);
  gst_app_src_end_of_stream(GST_APP_SRC(src));

  std::vector<float> out;
  out.reserve(samples.size() + 4096);
  while (!gst_app_sink_is_eos(GST_APP_SINK(sink))) {
    GstSample* sample = gst_app_sink_try_pull_sample(GST_APP_SINK(sink), 10 * GST_SECOND);
    if (!sample) {
      if (gst_app_sink_is_eos(GST_APP_SINK(sink))) break;
      const std::string why = bus_error(raw);
      throw Error(std::string("codec ") + c.name + ": " + (why.empty() ? "no output for 10 s" : why));
    }
    GstMapInfo map;
    GstBuffer* b = gst_sample_get_buffer(sample);
    if (b && gst_buffer_map(b, &map, GST_MAP_READ)) {
      const float* p = reinterpret_cast<const float*>(map.data);
      out.insert(out.end(), p, p + map.size / sizeof(float));
      gst_buffer_unmap(b, &map);
    }
    gst_sample_unref(sample);
  }
  const std::string why = bus_error(raw);
  if (!why.empty()) throw Error(std::string("codec ") + c.name + ": " + why);

  const std::vector<float> in(samples.begin(), samples.end());
  const size_t delay = codec_delay(in, out, static_cast<size_t>(sample_rate / 20), static_cast<size_t>(sample_rate));
  std::vector<float> aligned(samples.size(), 0.0f);
  for (size_t i = 0; i < aligned.size() && i + delay < out.size(); ++i) aligned[i] = out[i + delay];
  return aligned;
}

}  // namespace ser::io

// bench_element: the seremotion element on an hour of speech, as an application runs it.
//
//   bench_element [--minutes M] [--preset logmel64|logmel128] [--threads 1,2] [--vad silero,level]
//                 [--wav PATH] [--model M]
//
// The hour: RAVDESS, then EMO-DB (../shared/data), decoded file after file with lib/io and
// pushed through appsrc ! wavenc ! filesink into one 16 kHz 16-bit WAV in a temporary folder
// (or PATH, kept and reused when it exists), the corpora repeated if they are shorter than M
// minutes. The model: logmel_cnn with its default hyper-parameters on the preset (3 s windows,
// 1 s hop, 8 labels), random weights, written with write_untrained_bundle: the size the default
// model will have; speed does not depend on the weights. --model M runs a bundle instead (the
// shipped default: models/seremotion-en.sermodel).
//
// For each vad setting (default silero, the element's default) and thread count it runs
//   filesrc ! decodebin ! audioconvert ! audioresample ! seremotion vad=V num-threads=N ! fakesink
// (non-live: in-thread inference) from PAUSED to EOS and prints the wall time, the CPU time, the
// real-time factor (wall time / audio time), the windows and how many the level gate and the VAD
// held (not run through the network), the resident memory when the stream passes 10 minutes and
// at its end (memory must not grow with the stream), and the peak resident memory of the process.
// Timings are noisy on a shared machine; nothing here is a test.
#include <gst/app/gstappsrc.h>
#include <gst/gst.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "bench/bench_support.h"
#include "common/shared_data.h"
#include "data/audio_files.h"
#include "features/feature_spec.h"
#include "io/audio_decoder.h"
#include "nn/model_info.h"
#include "nn/untrained_bundle.h"

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr int kRate = 16000;

struct Options {
  double minutes = 60;
  std::string preset = "logmel64";
  std::vector<int> threads{1, 2};
  std::vector<std::string> vads{"silero"};
  std::string wav;  // empty: a temporary file
  std::string model;  // empty: an untrained logmel_cnn on the preset
};

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const bool has_value = i + 1 < argc;
    if (a == "--minutes" && has_value) {
      o.minutes = std::atof(argv[++i]);
    } else if (a == "--preset" && has_value) {
      o.preset = argv[++i];
    } else if (a == "--wav" && has_value) {
      o.wav = argv[++i];
    } else if (a == "--model" && has_value) {
      o.model = argv[++i];
    } else if (a == "--vad" && has_value) {
      o.vads.clear();
      std::string list = argv[++i];
      for (std::size_t p = 0; p < list.size();) {
        const std::size_t comma = list.find(',', p);
        o.vads.push_back(list.substr(p, comma - p));
        p = comma == std::string::npos ? list.size() : comma + 1;
      }
    } else if (a == "--threads" && has_value) {
      o.threads.clear();
      std::string list = argv[++i];
      for (std::size_t p = 0; p < list.size();) {
        const std::size_t comma = list.find(',', p);
        o.threads.push_back(std::atoi(list.substr(p, comma - p).c_str()));
        p = comma == std::string::npos ? list.size() : comma + 1;
      }
    } else {
      std::fprintf(stderr,
                   "usage: %s [--minutes M] [--preset logmel64|logmel128] [--threads 1,2] [--vad silero,level] "
                   "[--wav PATH] [--model M]\n",
                   argv[0]);
      std::exit(2);
    }
  }
  return o;
}

// Waits for EOS or an error, counting the element messages; returns false on error.
bool run_to_eos(GstElement* pipeline, long& windows, long& silent, long& no_speech) {
  GstBus* bus = gst_element_get_bus(pipeline);
  bool ok = true;
  for (;;) {
    GstMessage* m = gst_bus_timed_pop_filtered(
        bus, GST_CLOCK_TIME_NONE,
        static_cast<GstMessageType>(GST_MESSAGE_EOS | GST_MESSAGE_ERROR | GST_MESSAGE_ELEMENT));
    const GstMessageType type = GST_MESSAGE_TYPE(m);
    if (type == GST_MESSAGE_ELEMENT) {
      const GstStructure* s = gst_message_get_structure(m);
      if (gst_structure_has_name(s, "seremotion")) {
        ++windows;
        gboolean silence = FALSE, held = FALSE;
        gst_structure_get_boolean(s, "silence", &silence);
        gst_structure_get_boolean(s, "no-speech", &held);
        silent += silence ? 1 : 0;
        no_speech += held ? 1 : 0;
      }
    } else if (type == GST_MESSAGE_ERROR) {
      GError* error = nullptr;
      gst_message_parse_error(m, &error, nullptr);
      std::fprintf(stderr, "pipeline error: %s\n", error->message);
      g_error_free(error);
      ok = false;
    }
    gst_message_unref(m);
    if (type != GST_MESSAGE_ELEMENT) break;
  }
  gst_object_unref(bus);
  return ok;
}

// The corpora as one WAV of at least `minutes`, through appsrc ! wavenc ! filesink.
double write_hour(const std::string& data, double minutes, const std::string& wav) {
  std::vector<fs::path> files = ser::data::list_audio_files(fs::path(data) / "ravdess");
  for (const auto& f : ser::data::list_audio_files(fs::path(data) / "emodb")) files.push_back(f);
  if (files.empty()) throw std::runtime_error("no audio files under " + data);

  const std::string desc = "appsrc name=src format=time block=true max-bytes=4000000 caps=audio/x-raw,format=S16LE,"
                           "layout=interleaved,channels=1,rate=" + std::to_string(kRate) +
                           " ! wavenc ! filesink location=\"" + wav + "\"";
  GError* error = nullptr;
  GstElement* pipeline = gst_parse_launch(desc.c_str(), &error);
  if (pipeline == nullptr) throw std::runtime_error(std::string("wav pipeline: ") + error->message);
  GstElement* src = gst_bin_get_by_name(GST_BIN(pipeline), "src");
  gst_element_set_state(pipeline, GST_STATE_PLAYING);

  ser::io::AudioDecoder decoder(kRate);
  std::vector<float> samples;
  ser::io::AudioInfo info;
  const auto wanted = static_cast<std::uint64_t>(minutes * 60 * kRate);
  std::uint64_t written = 0;
  for (std::size_t i = 0; written < wanted; ++i) {
    decoder.decode(files[i % files.size()].string(), samples, info);
    GstBuffer* buffer = gst_buffer_new_allocate(nullptr, samples.size() * 2, nullptr);
    GstMapInfo map;
    gst_buffer_map(buffer, &map, GST_MAP_WRITE);
    auto* out = reinterpret_cast<std::int16_t*>(map.data);
    for (std::size_t k = 0; k < samples.size(); ++k) {
      out[k] = static_cast<std::int16_t>(std::clamp(std::lround(samples[k] * 32768.0f), -32768L, 32767L));
    }
    gst_buffer_unmap(buffer, &map);
    GST_BUFFER_PTS(buffer) = gst_util_uint64_scale_int(written, GST_SECOND, kRate);
    GST_BUFFER_DURATION(buffer) = gst_util_uint64_scale_int(samples.size(), GST_SECOND, kRate);
    written += samples.size();
    if (gst_app_src_push_buffer(GST_APP_SRC(src), buffer) != GST_FLOW_OK) break;
  }
  gst_app_src_end_of_stream(GST_APP_SRC(src));
  long unused_windows = 0, unused_silent = 0, unused_no_speech = 0;
  const bool ok = run_to_eos(pipeline, unused_windows, unused_silent, unused_no_speech);
  gst_element_set_state(pipeline, GST_STATE_NULL);
  gst_object_unref(src);
  gst_object_unref(pipeline);
  if (!ok) throw std::runtime_error("could not write " + wav);
  return static_cast<double>(written) / kRate;
}

std::string write_model(const std::string& preset, const std::string& path) {
  ser::nn::ModelInfo info;
  info.name = "bench-logmel_cnn-" + preset;
  info.architecture = "logmel_cnn";
  info.features = ser::features::FeatureSpec::preset(preset);
  info.normalization = ser::nn::Normalization::identity(info.features.feature_dim());
  info.labels = {"angry", "calm", "disgust", "fearful", "happy", "neutral", "sad", "surprised"};
  info.hop_seconds = 1.0;
  ser::nn::write_untrained_bundle(path, info, 1);
  return path;
}

// Resident memory when the stream passes 10 minutes, and at its last buffer.
struct MemoryProbe {
  std::atomic<double> at_10_min{0};
  std::atomic<double> at_end{0};
};

GstPadProbeReturn on_buffer(GstPad*, GstPadProbeInfo* info, gpointer data) {
  auto* probe = static_cast<MemoryProbe*>(data);
  GstBuffer* buffer = GST_PAD_PROBE_INFO_BUFFER(info);
  const GstClockTime pts = GST_BUFFER_PTS(buffer);
  if (GST_CLOCK_TIME_IS_VALID(pts) && pts >= 600 * GST_SECOND && probe->at_10_min == 0) {
    probe->at_10_min = ser::bench::resident_mb();
  }
  // Cheap enough per buffer (one read of /proc every few ms of audio) to keep the last value.
  if (GST_CLOCK_TIME_IS_VALID(pts) && (pts / GST_SECOND) % 60 == 0) probe->at_end = ser::bench::resident_mb();
  return GST_PAD_PROBE_OK;
}

// One run of the pipeline on `wav` from PAUSED to EOS, its figures printed. False on an error.
bool time_pipeline(const std::string& wav, const std::string& model, const std::string& vad, int threads,
                   double audio_seconds) {
  const std::string desc = "filesrc location=\"" + wav +
                           "\" ! decodebin ! audioconvert ! audioresample ! seremotion model-location=\"" + model +
                           "\" vad=" + vad + " num-threads=" + std::to_string(threads) + " ! fakesink name=sink";
  GError* error = nullptr;
  GstElement* pipeline = gst_parse_launch(desc.c_str(), &error);
  if (pipeline == nullptr) throw std::runtime_error(std::string("pipeline: ") + error->message);
  MemoryProbe probe;
  GstElement* sink = gst_bin_get_by_name(GST_BIN(pipeline), "sink");
  GstPad* pad = gst_element_get_static_pad(sink, "sink");
  gst_pad_add_probe(pad, GST_PAD_PROBE_TYPE_BUFFER, on_buffer, &probe, nullptr);
  gst_object_unref(pad);
  gst_object_unref(sink);

  gst_element_set_state(pipeline, GST_STATE_PAUSED);  // loads the model, prerolls
  gst_element_get_state(pipeline, nullptr, nullptr, GST_CLOCK_TIME_NONE);
  const double cpu0 = ser::bench::process_cpu_seconds();
  const auto start = Clock::now();
  gst_element_set_state(pipeline, GST_STATE_PLAYING);
  long windows = 0, silent = 0, no_speech = 0;
  const bool ok = run_to_eos(pipeline, windows, silent, no_speech);
  const double wall = std::chrono::duration<double>(Clock::now() - start).count();
  const double cpu = ser::bench::process_cpu_seconds() - cpu0;
  gst_element_set_state(pipeline, GST_STATE_NULL);
  gst_object_unref(pipeline);
  if (!ok) return false;
  std::printf(
      "vad=%s num-threads=%d: %.1f s wall, %.1f s CPU for %.1f min: real-time factor %.4f (%.0fx real time); "
      "%ld windows, %ld silent and %ld no-speech (not run); resident %.0f MB at 10 min, %.0f MB at the end; "
      "peak %.0f MB\n",
      vad.c_str(), threads, wall, cpu, audio_seconds / 60, wall / audio_seconds, audio_seconds / wall, windows, silent,
      no_speech, probe.at_10_min.load(), probe.at_end.load(), ser::bench::peak_resident_mb());
  std::fflush(stdout);
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  gst_init(&argc, &argv);
  const Options o = parse(argc, argv);
  const std::string data = ser::test::data_dir();
  if (data.empty()) {
    std::fprintf(stderr, "bench_element: ../shared/data is absent (set SEREMOTION_SHARED_DIR)\n");
    return 1;
  }
  if (std::getenv("GST_PLUGIN_PATH") == nullptr) {
    std::fprintf(stderr, "bench_element: set GST_PLUGIN_PATH to the build's gst/ folder\n");
    return 1;
  }
  const fs::path dir = fs::temp_directory_path() / ("seremotion-bench-" + std::to_string(getpid()));
  fs::create_directories(dir);
  try {
    const std::string wav = o.wav.empty() ? (dir / "speech.wav").string() : o.wav;
    double audio_seconds = 0;
    const auto t0 = Clock::now();
    if (o.wav.empty() || !fs::exists(wav)) {
      audio_seconds = write_hour(data, o.minutes, wav);
      std::printf("wrote %.1f min of speech (RAVDESS, then EMO-DB) to %s in %.1f s\n", audio_seconds / 60,
                  wav.c_str(), std::chrono::duration<double>(Clock::now() - t0).count());
    } else {
      audio_seconds = static_cast<double>(fs::file_size(wav) - 44) / (2.0 * kRate);
      std::printf("reusing %s: %.1f min\n", wav.c_str(), audio_seconds / 60);
    }
    const std::string model = o.model.empty() ? write_model(o.preset, (dir / "model.sermodel").string()) : o.model;
    if (o.model.empty()) {
      std::printf("model: logmel_cnn (default hyper-parameters) on %s, 3 s windows every 1 s, random weights\n",
                  o.preset.c_str());
    } else {
      std::printf("model: %s (its own window and hop)\n", model.c_str());
    }
    std::printf("peak resident memory before the pipelines: %.0f MB\n", ser::bench::peak_resident_mb());

    for (const std::string& vad : o.vads) {
      for (int threads : o.threads) {
        if (!time_pipeline(wav, model, vad, threads, audio_seconds)) return 1;
      }
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_element: %s\n", e.what());
    fs::remove_all(dir);
    return 1;
  }
  fs::remove_all(dir);
  return 0;
}

// bench_streams: many live streams analysed in one process, sharing one model.
//
//   bench_streams [--model M] [--seconds S] [--hop H] [--streams 1,8,64] [--threads 1,2]
//                 [--batch 1,64] [--wait-ms W] [--copies]
//
// Each stream is `appsrc is-live=true ! seremotion ! fakesink`: a feeder thread pushes speech (the
// shipped sample, models/samples/, decoded with lib/io and looped) in 20 ms buffers at the pace of
// real time, S seconds of it to every stream, the streams' starts spread over one hop; the
// element's windows (the model's length, every H seconds: hop-duration, default 1 s as the
// shipped model's) are classified on its inference worker, as live streams are. The model
// is loaded once for all the streams (every element asks for the same file); --copies gives each
// stream its own copy of the file instead, so that each loads its own model, to show what sharing
// saves.
//
// For each number of streams, libtorch thread count (num-threads) and max-batch (with
// max-batch-wait W ms), one row, each in a process of its own (so that peak memory is its own):
// windows classified per second of wall time, the latency of a window (from the moment the buffer
// holding its last sample was pushed, 20 ms after that buffer's first sample as a live source
// sends it, to its result on the bus: median, 95th percentile, largest), windows dropped
// by the overload policy, the CPU time of the process per second of wall time (cores busy), and
// the resident memory at the end and its peak.
// Timings are noisy on a shared machine; nothing here is a test.
#include <gst/app/gstappsrc.h>
#include <gst/gst.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "bench/bench_support.h"
#include "common/shared_data.h"
#include "io/audio_decoder.h"

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr int kRate = 16000;
constexpr std::size_t kChunk = kRate / 50;  // 20 ms

struct Options {
  std::string model;
  double seconds = 30;
  double hop = 1.0;  // s between windows (hop-duration); the shipped model's is 1 s
  std::vector<int> streams{1, 8, 64};
  std::vector<int> threads{1, 2};
  std::vector<int> batch{1, 64};
  double wait_ms = 50;
  bool copies = false;
  bool one = false;  // run one configuration (the first of each list) in this process
};

std::vector<int> int_list(const char* text) {
  std::vector<int> out;
  std::stringstream in(text);
  for (std::string item; std::getline(in, item, ',');) out.push_back(std::atoi(item.c_str()));
  return out;
}

Options parse(int argc, char** argv) {
  Options o;
  o.model = ser::test::source_dir() + "/models/seremotion-en.sermodel";
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const char* v = i + 1 < argc ? argv[i + 1] : "";
    if (a == "--model") o.model = v, ++i;
    else if (a == "--seconds") o.seconds = std::atof(v), ++i;
    else if (a == "--hop") o.hop = std::atof(v), ++i;
    else if (a == "--streams") o.streams = int_list(v), ++i;
    else if (a == "--threads") o.threads = int_list(v), ++i;
    else if (a == "--batch") o.batch = int_list(v), ++i;
    else if (a == "--wait-ms") o.wait_ms = std::atof(v), ++i;
    else if (a == "--copies") o.copies = true;
    else if (a == "--one") o.one = true;
    else {
      std::fprintf(stderr, "usage: bench_streams [--model M] [--seconds S] [--hop H] [--streams 1,8,64] "
                           "[--threads 1,2] [--batch 1,64] [--wait-ms W] [--copies]\n");
      std::exit(2);
    }
  }
  return o;
}

struct Stream {
  GstElement* pipeline = nullptr;
  GstAppSrc* src = nullptr;
  Clock::time_point start;
  std::mutex mutex;
  std::vector<double> latencies_ms;
  guint64 dropped = 0;
};

GstBusSyncReply on_message(GstBus*, GstMessage* message, gpointer data) {
  auto* s = static_cast<Stream*>(data);
  const GstStructure* st = gst_message_get_structure(message);
  if (GST_MESSAGE_TYPE(message) == GST_MESSAGE_ELEMENT && gst_structure_has_name(st, "seremotion")) {
    const auto now = Clock::now();
    guint64 ts = 0, duration = 0, dropped = 0;
    gst_structure_get_uint64(st, "timestamp", &ts);
    gst_structure_get_uint64(st, "duration", &duration);
    gst_structure_get_uint64(st, "dropped", &dropped);
    const auto pushed = s->start + std::chrono::nanoseconds(ts + duration);
    std::lock_guard<std::mutex> lock(s->mutex);
    s->latencies_ms.push_back(std::chrono::duration<double, std::milli>(now - pushed).count());
    s->dropped = std::max(s->dropped, dropped);
  } else if (GST_MESSAGE_TYPE(message) == GST_MESSAGE_ERROR) {
    GError* e = nullptr;
    gst_message_parse_error(message, &e, nullptr);
    std::fprintf(stderr, "bench_streams: error: %s\n", e->message);
    std::exit(1);
  } else if (GST_MESSAGE_TYPE(message) == GST_MESSAGE_EOS) {
    return GST_BUS_PASS;
  }
  return GST_BUS_DROP;
}

// The shipped sample, mono at 16 kHz.
std::vector<float> speech() {
  std::vector<float> samples;
  ser::io::AudioInfo info;
  ser::io::AudioDecoder(kRate).decode(ser::test::source_dir() + "/models/samples/ravdess-actor01-4-emotions.opus",
                                      samples, info);
  return samples;
}

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<std::size_t>(p * double(v.size() - 1) + 0.5))];
}

int run_one(const Options& o) {
  const int n = o.streams.front(), threads = o.threads.front(), batch = o.batch.front();
  std::vector<std::string> models(static_cast<std::size_t>(n), o.model);
  if (o.copies) {
    for (int i = 0; i < n; ++i) {
      models[std::size_t(i)] = fs::temp_directory_path() / ("bench_streams_" + std::to_string(getpid()) + "_" +
                                                            std::to_string(i) + ".sermodel");
      fs::copy_file(o.model, models[std::size_t(i)], fs::copy_options::overwrite_existing);
    }
  }
  const std::vector<float> audio = speech();
  std::vector<Stream> streams(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) {
    Stream& s = streams[std::size_t(i)];
    s.pipeline = gst_pipeline_new(nullptr);
    GstElement* src = gst_element_factory_make("appsrc", nullptr);
    GstElement* ser = gst_element_factory_make("seremotion", nullptr);
    GstElement* sink = gst_element_factory_make("fakesink", nullptr);
    if (!src || !ser || !sink) {
      std::fprintf(stderr, "bench_streams: the seremotion plugin is not found: set GST_PLUGIN_PATH=<build>/gst\n");
      return 1;
    }
    GstCaps* caps = gst_caps_new_simple("audio/x-raw", "format", G_TYPE_STRING, "F32LE", "layout", G_TYPE_STRING,
                                        "interleaved", "rate", G_TYPE_INT, kRate, "channels", G_TYPE_INT, 1, nullptr);
    g_object_set(src, "caps", caps, "is-live", TRUE, "format", GST_FORMAT_TIME, "max-bytes", guint64(0), nullptr);
    gst_caps_unref(caps);
    g_object_set(ser, "model-location", models[std::size_t(i)].c_str(), "num-threads", threads, "max-batch",
                 guint(batch), "max-batch-wait", guint64(o.wait_ms * 1e6), "silence-gate", FALSE, nullptr);
    g_object_set(ser, "hop-duration", guint64(o.hop * 1e9), nullptr);
    g_object_set(sink, "sync", FALSE, nullptr);
    gst_bin_add_many(GST_BIN(s.pipeline), src, ser, sink, nullptr);
    gst_element_link_many(src, ser, sink, nullptr);
    s.src = GST_APP_SRC(src);
    GstBus* bus = gst_element_get_bus(s.pipeline);
    gst_bus_set_sync_handler(bus, on_message, &s, nullptr);
    gst_object_unref(bus);
    if (gst_element_set_state(s.pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE) {
      std::fprintf(stderr, "bench_streams: stream %d does not start\n", i);
      return 1;
    }
  }
  // The streams start spread over one hop, as independent streams would: stream i lags by k_i
  // buffers, so that their windows do not all end at the same moment.
  const std::size_t chunks = static_cast<std::size_t>(o.seconds * kRate) / kChunk;
  const std::size_t hop_chunks = std::max<std::size_t>(1, static_cast<std::size_t>(o.hop * kRate) / kChunk);
  std::vector<std::size_t> lag(streams.size());
  for (std::size_t i = 0; i < streams.size(); ++i) lag[i] = i * hop_chunks / streams.size();
  const double cpu0 = ser::bench::process_cpu_seconds();
  const auto start = Clock::now();
  const auto chunk_time = [](std::size_t c) { return std::chrono::microseconds(c * kChunk * 1000000 / kRate); };
  for (std::size_t i = 0; i < streams.size(); ++i) streams[i].start = start + chunk_time(lag[i]);
  for (std::size_t t = 0; t < chunks + hop_chunks; ++t) {
    // As a live source does: a buffer leaves when its last sample has been captured.
    std::this_thread::sleep_until(start + chunk_time(t + 1));
    for (std::size_t i = 0; i < streams.size(); ++i) {
      if (t < lag[i] || t - lag[i] >= chunks) continue;
      const std::size_t c = t - lag[i];
      const std::size_t offset = (c * kChunk) % (audio.size() - kChunk);
      GstBuffer* b = gst_buffer_new_memdup(audio.data() + offset, kChunk * sizeof(float));
      GST_BUFFER_PTS(b) = gst_util_uint64_scale(c * kChunk, GST_SECOND, kRate);
      GST_BUFFER_DURATION(b) = gst_util_uint64_scale(kChunk, GST_SECOND, kRate);
      gst_app_src_push_buffer(streams[i].src, b);
    }
  }
  for (auto& s : streams) gst_app_src_end_of_stream(s.src);
  // EOS waits for the queues; then every result is in.
  for (auto& s : streams) {
    GstBus* bus = gst_element_get_bus(s.pipeline);
    GstMessage* m = gst_bus_timed_pop_filtered(bus, 120 * GST_SECOND, GST_MESSAGE_EOS);
    if (m) gst_message_unref(m);
    gst_object_unref(bus);
  }
  const double wall = std::chrono::duration<double>(Clock::now() - start).count();
  const double cpu = ser::bench::process_cpu_seconds() - cpu0;
  const double resident = ser::bench::resident_mb(), peak = ser::bench::peak_resident_mb();
  std::vector<double> all;
  guint64 dropped = 0;
  for (auto& s : streams) {
    all.insert(all.end(), s.latencies_ms.begin(), s.latencies_ms.end());
    dropped += s.dropped;
    gst_element_set_state(s.pipeline, GST_STATE_NULL);
    gst_object_unref(s.pipeline);
  }
  for (const auto& m : models) {
    if (o.copies) fs::remove(m);
  }
  std::printf("| %d | %d | %d%s | %zu | %.1f | %.1f | %.1f | %.1f | %llu | %.2f | %.0f | %.0f |\n", n, threads, batch,
              o.copies ? " (copies)" : "", all.size(), double(all.size()) / wall, percentile(all, 0.5),
              percentile(all, 0.95), percentile(all, 1.0), static_cast<unsigned long long>(dropped), cpu / wall,
              resident, peak);
  std::fflush(stdout);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  gst_init(&argc, &argv);
  const Options o = parse(argc, argv);
  if (o.one) return run_one(o);
  std::printf("%g s of live speech per stream, 20 ms buffers, model %s, max-batch-wait %g ms\n\n", o.seconds,
              o.model.c_str(), o.wait_ms);
  std::printf("| streams | threads | max-batch | windows | windows/s | latency p50 ms | p95 ms | max ms | dropped | "
              "CPU cores busy | resident MB | peak MB |\n|---|---|---|---|---|---|---|---|---|---|---|---|\n");
  std::fflush(stdout);
  const std::string self = fs::read_symlink("/proc/self/exe").string();
  for (int n : o.streams) {
    for (int t : o.threads) {
      for (int b : o.batch) {
        std::string command = "'" + self + "' --one --model '" + o.model + "' --seconds " +
                              std::to_string(o.seconds) + " --hop " + std::to_string(o.hop) + " --streams " +
                              std::to_string(n) + " --threads " + std::to_string(t) + " --batch " + std::to_string(b) +
                              " --wait-ms " + std::to_string(o.wait_ms) + (o.copies ? " --copies" : "");
        if (std::system(command.c_str()) != 0) return 1;
      }
    }
  }
  return 0;
}

// bench_models: the speed and size of every zoo network on one 3 s window at 16 kHz.
//
//   bench_models [--runs N] [--batch-runs N] [--model FILE]...
//
// For each network on its natural features (issa1d: issa193; mfcc_cnn and mfcc_crnn: mfcc40;
// logmel_cnn: logmel64 and logmel128) it prints the parameter count and size, the milliseconds
// per window at batch 1 (median of --runs) and the windows per second at batch 64, through
// Classifier::classify (normalisation, network, softmax), on 1 and 2 CPU threads and on the GPU
// when there is one; the milliseconds of the window's features (features::Extractor, one
// thread) and the total per window on one thread; and the peak resident memory (getrusage) after
// each network. Random weights: speed does not depend on them.
// With --model, the bundles given instead (their own weights and features: e.g. the shipped
// models, a run_average of several runs against one run).
// Timings are noisy on a shared machine; nothing here is a test.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "features/extractor.h"
#include "nn/classifier.h"
#include "nn/device.h"
#include "nn/torch_modules.h"
#include "nn/torch_network.h"
#include "nn/zoo.h"

namespace {

using Clock = std::chrono::steady_clock;

struct Options {
  int runs = 50;        // batch-1 forwards per configuration
  int batch_runs = 5;   // batch-64 forwards per configuration
  std::vector<std::string> models;  // bundles to time instead of the zoo's networks
};

struct Case {
  const char* architecture;
  const char* preset;
};

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

std::string write_bundle(const Case& c, const std::string& dir) {
  ser::nn::ModelInfo info;
  info.name = std::string("bench-") + c.architecture;
  info.features = ser::features::FeatureSpec::preset(c.preset);
  info.normalization = ser::nn::Normalization::identity(info.features.feature_dim());
  info.labels = {"angry", "calm", "disgust", "fearful", "happy", "neutral", "sad", "surprised"};
  auto net = ser::nn::make_network(c.architecture, {}, info.input_dim(), info.labels.size());
  const std::string path = dir + "/" + c.architecture + "-" + c.preset + ".sermodel";
  ser::nn::save_bundle(path, info, *net);
  return path;
}

// A batch of one 3 s window's features, repeated `batch` times, as the Classifier takes them.
std::vector<ser::Matrix> windows(const ser::nn::Classifier& c, std::size_t batch) {
  const auto& spec = c.info().features;
  const bool vector = spec.shape == ser::features::InputShape::Vector;
  const std::size_t cols = vector ? spec.feature_dim() : spec.frames_for(spec.window_samples());
  ser::Matrix w(c.feature_rows(), cols);
  for (std::size_t i = 0; i < w.size(); ++i) w.data()[i] = static_cast<float>((i * 37) % 101) / 50.0f - 1.0f;
  return std::vector<ser::Matrix>(batch, w);
}

// Returns the batch-1 milliseconds per window.
double bench_device(const ser::nn::Classifier& c, const std::string& label, const Options& o) {
  const auto one = windows(c, 1);
  std::vector<double> times;
  for (int i = 0; i < o.runs; ++i) {
    const auto start = Clock::now();
    c.classify(one);
    times.push_back(ms_since(start));
  }
  std::nth_element(times.begin(), times.begin() + times.size() / 2, times.end());
  const auto many = windows(c, 64);
  c.classify(many);  // warm-up at this batch size
  const auto start = Clock::now();
  for (int i = 0; i < o.batch_runs; ++i) c.classify(many);
  const double per_second = 64.0 * o.batch_runs / (ms_since(start) / 1000.0);
  std::printf("  %-10s  network %7.3f ms/window (batch 1)   %9.0f windows/s (batch 64)\n", label.c_str(),
              times[times.size() / 2], per_second);
  return times[times.size() / 2];
}

// The features of one 3 s window (a speech-like tone with harmonics and noise), on one thread:
// median of `runs` extractions. Returns the milliseconds.
double bench_features(const ser::features::FeatureSpec& spec, int runs) {
  std::vector<float> y(spec.window_samples());
  uint32_t state = 7;
  for (std::size_t i = 0; i < y.size(); ++i) {
    state = state * 1664525u + 1013904223u;
    const float t = static_cast<float>(i) / static_cast<float>(spec.sample_rate);
    y[i] = 0.3f * std::sin(2 * 3.14159265f * 180 * t) + 0.1f * std::sin(2 * 3.14159265f * 360 * t) +
           0.01f * (static_cast<float>(state >> 8) / static_cast<float>(1 << 24) - 0.5f);
  }
  ser::features::Extractor extractor(spec);
  ser::Matrix out;
  extractor.compute(y, out);  // warm-up: filter banks, CQT filters for this tuning
  std::vector<double> times;
  for (int i = 0; i < runs; ++i) {
    const auto start = Clock::now();
    extractor.compute(y, out);
    times.push_back(ms_since(start));
  }
  std::nth_element(times.begin(), times.begin() + times.size() / 2, times.end());
  const double ms = times[times.size() / 2];
  std::printf("  features    %7.3f ms/window (%s, %zu x %zu)\n", ms, spec.name.c_str(), out.rows(), out.cols());
  return ms;
}

long peak_rss_mb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024;  // Linux: kilobytes
}

// The features of one window, the network on 1 and 2 threads (and the GPU), and the memory.
void bench_bundle(const ser::nn::Classifier& classifier, const std::string& path, bool gpu, const Options& o) {
  const double features_ms = bench_features(classifier.info().features, o.runs);
  for (int threads : {1, 2}) {
    ser::nn::Classifier::set_num_threads(threads);
    const double network_ms = bench_device(classifier, "cpu x" + std::to_string(threads), o);
    if (threads == 1) std::printf("  total       %7.3f ms/window on one thread (features + network)\n", features_ms + network_ms);
  }
  if (gpu) {
    ser::nn::ClassifierOptions cuda;
    cuda.device = "cuda";
    bench_device(ser::nn::Classifier(path, cuda), ser::nn::resolve_device("cuda"), o);
  }
  std::printf("  peak resident memory so far: %ld MB\n", peak_rss_mb());
}

// Each bundle of --model, as it is.
void bench_models(const Options& o, bool gpu) {
  for (const auto& path : o.models) {
    ser::nn::ClassifierOptions cpu;
    cpu.device = "cpu";
    const ser::nn::Classifier classifier(path, cpu);
    const auto& info = classifier.info();
    std::printf("%s (%s, %s on %s): bundle %.2f MB\n", path.c_str(), info.name.c_str(), info.architecture.c_str(),
                info.features.name.c_str(), static_cast<double>(std::filesystem::file_size(path)) / 1e6);
    bench_bundle(classifier, path, gpu, o);
  }
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--runs") == 0) o.runs = std::max(1, std::atoi(argv[i + 1]));
    else if (std::strcmp(argv[i], "--batch-runs") == 0) o.batch_runs = std::max(1, std::atoi(argv[i + 1]));
    else if (std::strcmp(argv[i], "--model") == 0) o.models.push_back(argv[i + 1]);
    else {
      std::fprintf(stderr, "usage: %s [--runs N] [--batch-runs N] [--model FILE]...\n", argv[0]);
      return 2;
    }
  }
  const bool gpu = ser::nn::resolve_device("auto") != "cpu";
  if (!o.models.empty()) {
    try {
      bench_models(o, gpu);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "bench_models: %s\n", e.what());
      return 1;
    }
    std::printf("peak resident memory: %ld MB\n", peak_rss_mb());
    return 0;
  }
  const std::string dir = (std::filesystem::temp_directory_path() / "seremotion-bench-models").string();
  std::filesystem::create_directories(dir);
  const Case cases[] = {{"issa1d", "issa193"},
                        {"mfcc_cnn", "mfcc40"},
                        {"logmel_cnn", "logmel64"},
                        {"logmel_cnn", "logmel128"},
                        {"mfcc_crnn", "mfcc40"}};
  try {
    for (const auto& c : cases) {
      const std::string path = write_bundle(c, dir);
      ser::nn::ClassifierOptions cpu;
      cpu.device = "cpu";
      const ser::nn::Classifier classifier(path, cpu);
      const std::size_t params = ser::nn::parameter_count(c.architecture, {}, classifier.info().input_dim(), 8);
      std::printf("%s on %s: %zu parameters (%.2f MB float32), bundle %.2f MB\n", c.architecture, c.preset, params,
                  static_cast<double>(params) * 4 / 1e6, static_cast<double>(std::filesystem::file_size(path)) / 1e6);
      bench_bundle(classifier, path, gpu, o);
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_models: %s\n", e.what());
    return 1;
  }
  std::printf("peak resident memory: %ld MB\n", peak_rss_mb());
  std::filesystem::remove_all(dir);
  return 0;
}

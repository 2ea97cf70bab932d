#include "train/inputs/feature_extraction.h"

#include <chrono>
#include <cmath>
#include <memory>

#include "common/error.h"
#include "features/extractor.h"
#include "features/windowing.h"
#include "io/audio_decoder.h"
#include "train/augment/audio_augmentation.h"
#include "train/inputs/extractor_fingerprint.h"
#include "train/inputs/parallel.h"
#include "vad/vad_model.h"

namespace ser::train {
namespace {

// One worker's state, made on its first job.
struct Worker {
  std::unique_ptr<io::AudioDecoder> decoder;
  std::unique_ptr<features::Extractor> extractor;
  std::unique_ptr<AudioAugmenter> augmenter;
  std::unique_ptr<vad::SileroVad> vad;  // when trimming
  std::vector<float> samples;
  std::vector<std::vector<float>> babble;
  io::AudioInfo info;
};

// The audio of a job: decoded, trimmed to its speech when asked, and made into its copy when it
// is one (the copy of the trimmed clip).
void job_audio(const ExtractionJob& job, const ExtractionOptions& options, Worker& w) {
  w.decoder->decode(job.path, w.samples, w.info);
  if (w.vad) vad::trim_to_speech(*w.vad, w.samples, options.trim);
  if (!job.copy) return;
  w.babble.resize(job.copy->babble_paths.size());
  for (size_t i = 0; i < w.babble.size(); ++i) w.decoder->decode(job.copy->babble_paths[i], w.babble[i], w.info);
  if (!w.augmenter) w.augmenter = std::make_unique<AudioAugmenter>(options.spec.sample_rate);
  w.augmenter->apply(w.samples, job.copy->params, job.copy->seed, w.babble);
}

FileFeatures compute(const std::vector<float>& samples, const ExtractionOptions& options,
                     features::Extractor& extractor) {
  FileFeatures f;
  f.spans = features::plan_windows(samples.size(), options.spec.window_samples(), options.hop_samples());
  f.windows.resize(f.spans.size());
  for (size_t i = 0; i < f.spans.size(); ++i) {
    extractor.compute(FloatSpan(samples.data() + f.spans[i].start, f.spans[i].length), f.windows[i]);
  }
  return f;
}

}  // namespace

nlohmann::json CopyRecipe::to_json() const {
  nlohmann::json babble = nlohmann::json::array();
  for (const auto& c : babble_content) babble.push_back(c.text());
  return {{"augmentation", params.to_json()}, {"seed", seed}, {"babble", babble}};
}

uint64_t ExtractionJob::cache_key() const {
  const uint64_t key = hash_combine(content.hash, content.size);
  return copy ? hash_combine(key, hash_text(copy->to_json().dump())) : key;
}

void ExtractionOptions::validate() const {
  spec.validate();
  if (!(hop_seconds > 0 && hop_seconds <= 600)) {
    throw ParameterError("the training hop must be in (0, 600] s (got " + std::to_string(hop_seconds) + ")");
  }
  vad::validate_trim(trim);
  if (trim.enabled && spec.sample_rate != vad::SileroWeights::kSampleRate) {
    throw ParameterError("trimming non-speech needs 16000 Hz features (Silero VAD), but the features are at " +
                         std::to_string(spec.sample_rate) + " Hz");
  }
}

size_t ExtractionOptions::hop_samples() const {
  return std::max<size_t>(1, static_cast<size_t>(std::llround(hop_seconds * spec.sample_rate)));
}

nlohmann::json ExtractionOptions::cache_recipe() const {
  nlohmann::json recipe = {{"features", spec.to_json()},
                           {"hop_samples", hop_samples()},
                           {"whole_short_audio", true},
                           {"extractor", extractor_fingerprint(spec)}};
  if (trim.enabled) recipe["trim"] = vad::trim_recipe(trim);
  return recipe;
}

size_t ExtractionResult::failures() const {
  size_t n = 0;
  for (const auto& e : errors) n += !e.empty();
  return n;
}

ExtractionResult extract_features(const std::vector<ExtractionJob>& jobs, const ExtractionOptions& options,
                                  const FeatureCache& cache, const ExtractionProgress& progress) {
  options.validate();
  const auto start = std::chrono::steady_clock::now();
  ExtractionResult result;
  result.features.resize(jobs.size());
  result.errors.resize(jobs.size());
  std::vector<char> hit(jobs.size(), 0);
  std::vector<Worker> workers(static_cast<size_t>(resolve_jobs(options.jobs)));
  std::shared_ptr<const vad::SileroWeights> vad_weights;
  if (options.trim.enabled) {
    vad_weights = vad::load_silero_weights(options.vad_model.empty() ? vad::vad_model_path() : options.vad_model);
  }

  auto work = [&](int worker, size_t i) {
    const ExtractionJob& job = jobs[i];
    const uint64_t key = job.cache_key();
    if (auto cached = cache.load(key)) {
      result.features[i] = std::move(*cached);
      hit[i] = 1;
      return;
    }
    Worker& w = workers[static_cast<size_t>(worker)];
    if (!w.decoder) {
      w.decoder = std::make_unique<io::AudioDecoder>(options.spec.sample_rate);
      w.extractor = std::make_unique<features::Extractor>(options.spec);
      if (vad_weights) w.vad = std::make_unique<vad::SileroVad>(vad_weights);
    }
    try {
      job_audio(job, options, w);
      result.features[i] = compute(w.samples, options, *w.extractor);
    } catch (const Error& e) {
      result.errors[i] = e.what();
      return;
    }
    cache.store(key, result.features[i]);  // throws: a cache that cannot be written stops the run
  };
  auto tick = [&](size_t done) {
    if (progress) progress(done, jobs.size());
  };
  parallel_for(jobs.size(), options.jobs, work, tick);

  for (size_t i = 0; i < jobs.size(); ++i) {
    if (hit[i]) ++result.hits;
    else if (result.errors[i].empty()) ++result.misses;
  }
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

std::vector<ContentHash> fingerprint_files(const std::vector<std::string>& paths, int jobs,
                                           std::vector<std::string>& errors) {
  std::vector<ContentHash> out(paths.size());
  errors.assign(paths.size(), "");
  parallel_for(paths.size(), jobs, [&](int, size_t i) {
    try {
      out[i] = hash_file(paths[i]);
    } catch (const Error& e) {
      errors[i] = e.what();
    }
  });
  return out;
}

}  // namespace ser::train

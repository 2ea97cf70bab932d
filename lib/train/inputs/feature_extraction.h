// seremotion: the features of many files at once, in parallel, through the feature cache.
//
// Training examples are windows: each file is decoded to mono at the spec's rate, cut down to its
// speech with Silero VAD when `trim` asks (vad/speech_trim.h), an augmented copy is then made of it
// (augmentation_plan.h) if the job asks for one, and the audio is cut by
// plan_windows(n, window, hop) with the spec's window and the training hop (a file shorter than a
// window is still one example). Each window goes through the
// spec's Extractor. A job's features are first looked up in the cache under its key (the file's
// content, plus the augmentation and its seed for a copy) and stored there when computed.
//
// Threads: `jobs` workers, each with its own AudioDecoder, Extractor and AudioAugmenter.
// A file that cannot be decoded or whose features cannot be computed is not an error here: its
// job gets the reason and no features, and the caller skips and names it. A cache that cannot be
// written is an error (ser::Error), as a full disk must not pass unnoticed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "features/feature_spec.h"
#include "train/augment/augmentation_params.h"
#include "train/inputs/content_hash.h"
#include "train/inputs/feature_cache.h"
#include "train/inputs/file_features.h"
#include "vad/speech_trim.h"

namespace ser::train {

// What an augmented copy is made of (augmentation_plan.h's AugmentedCopy, with paths).
struct CopyRecipe {
  AudioAugmentParams params;
  uint64_t seed = 0;
  std::vector<std::string> babble_paths;      // babble noise only
  std::vector<ContentHash> babble_content;    // their fingerprints, one per path

  nlohmann::json to_json() const;  // what the copy's cache key is made from
};

struct ExtractionJob {
  std::string path;
  ContentHash content;               // of `path` (hash_file)
  std::optional<CopyRecipe> copy;    // none: the file as it is

  // The cache key: the content alone for the file as it is; with the recipe for a copy.
  uint64_t cache_key() const;
};

struct ExtractionOptions {
  features::FeatureSpec spec;  // what to compute; validated
  double hop_seconds = 1.0;    // s between training windows, in (0, 600]; default 1
  int jobs = 0;                // threads; 0: every core; default 0
  SpeechTrim trim;       // trim each clip to its speech (16 kHz specs); default off
  std::string vad_model;       // Silero's weights for `trim`; "": the default (vad/vad_model.h)

  // Throws ParameterError naming the field.
  void validate() const;
  size_t hop_samples() const;
  // What every cache entry of these options depends on: {"features": spec, "hop_samples",
  // "whole_short_audio": true} (the windowing rule that training has always used), "extractor"
  // (extractor_fingerprint.h: what this build's feature code computes), and "trim"
  // (vad::trim_recipe) when trimming.
  // FeatureCache(dir, cache_recipe()) files them.
  nlohmann::json cache_recipe() const;
};

struct ExtractionResult {
  std::vector<FileFeatures> features;  // per job; no windows when it failed
  std::vector<std::string> errors;     // per job; "" when it succeeded, else why not
  size_t hits = 0;                     // jobs read from the cache
  size_t misses = 0;                   // jobs computed (and stored when the cache is on)
  double seconds = 0.0;                // wall time

  size_t failures() const;
};

// Called from the calling thread about twice a second with the jobs finished so far.
using ExtractionProgress = std::function<void(size_t done, size_t total)>;

// Throws ModelError naming the VAD weights when trimming and they cannot be read.
ExtractionResult extract_features(const std::vector<ExtractionJob>& jobs, const ExtractionOptions& options,
                                  const FeatureCache& cache, const ExtractionProgress& progress = {});

// The fingerprints of `paths`, on `jobs` threads. A file that cannot be read gets size 0 and
// its reason in errors (same index); errors is "" otherwise.
std::vector<ContentHash> fingerprint_files(const std::vector<std::string>& paths, int jobs,
                                           std::vector<std::string>& errors);

}  // namespace ser::train

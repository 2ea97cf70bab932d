// Tests of lib/train: synthetic training data that a small network learns in a few epochs, and
// the options of that network (test_trainer.cc, dist_worker.cc).
#pragma once

#include <string>
#include <vector>

#include "data/rng.h"
#include "features/feature_spec.h"
#include "train/augment/audio_augmentation.h"
#include "train/inputs/example_set.h"
#include "train/inputs/file_features.h"
#include "train/loop/trainer.h"

namespace ser::train {

// Files of two classes whose windows differ in the mean of their first 20 values.
struct Synthetic {
  features::FeatureSpec spec;
  std::vector<FileFeatures> files;
  std::vector<int> targets;

  Synthetic(const std::string& preset, size_t n_files, uint64_t seed, size_t frames = 1)
      : spec(features::FeatureSpec::preset(preset)) {
    data::Rng rng(seed);
    const bool vector = spec.shape == features::InputShape::Vector;
    const size_t dim = spec.feature_dim();
    std::vector<float> noise;
    for (size_t f = 0; f < n_files; ++f) {
      const int target = static_cast<int>(f % 2);
      FileFeatures ff;
      for (int w = 0; w < 2; ++w) {
        Matrix m = vector ? Matrix(1, dim) : Matrix(dim, frames);
        gaussian_noise(m.size(), rng, noise);
        for (size_t i = 0; i < m.size(); ++i) {
          const size_t feature = vector ? i : i / frames;
          m.data()[i] = noise[i] + (feature < 20 && target == 1 ? 1.5f : 0.0f);
        }
        ff.spans.push_back({size_t(w), 1});
        ff.windows.push_back(m);
      }
      files.push_back(ff);
      targets.push_back(target);
    }
  }

  ExampleSet set(size_t begin, size_t end) const {
    ExampleSet s;
    for (size_t i = begin; i < end; ++i) s.add_file(files[i], targets[i]);
    return s;
  }
};

inline TrainerOptions small_issa(int epochs) {
  TrainerOptions o;
  o.model = "issa1d";
  o.hyper_parameters = {{"first_channels", 8}, {"channels", 8}, {"kernel_size", 3}};
  o.epochs = epochs;
  o.batch_size = 16;
  o.learning_rate = 3e-3;
  o.threads = 1;
  o.seed = 7;
  return o;
}

}  // namespace ser::train

#include "train/runs/run_config.h"

#include <sstream>

#include "common/error.h"
#include "nn/network_cost.h"
#include "nn/zoo.h"
#include "train/runs/speaker_norm.h"

namespace ser::train {

std::string natural_preset(const std::string& architecture) {
  const auto input = nn::architecture_input(architecture);  // throws for an unknown name
  if (input == features::InputShape::Vector) return "issa193";
  return architecture == "logmel_cnn" ? "logmel64" : "mfcc40";
}

void RunConfig::validate() const {
  spec.validate();
  trainer.validate();
  augmentation.validate();
  if (folds < 2 || folds > 100) throw ParameterError("folds must be in [2, 100] (got " + std::to_string(folds) + ")");
  if (!(validation_fraction > 0 && validation_fraction < 1)) {
    std::ostringstream v;
    v << validation_fraction;
    throw ParameterError("the validation fraction must be in (0, 1) (got " + v.str() + ")");
  }
  extraction().validate();
  if (!(adapt_prior_windows > 0 && adapt_prior_windows <= 1e6)) {
    throw ParameterError("the adaptation prior's weight must be in (0, 1e6] windows (got " +
                         std::to_string(adapt_prior_windows) + ")");
  }
  parse_adapt_group(test_adaptation);
  const auto input = nn::architecture_input(trainer.model);
  if (input != spec.shape) {
    const bool vector = input == features::InputShape::Vector;
    throw ParameterError("model '" + trainer.model + "' takes " + (vector ? "a feature vector" : "feature sequences") +
                         ", but features '" + spec.name + "' are " + (vector ? "sequences" : "a vector") +
                         ": choose other features (e.g. --features " + natural_preset(trainer.model) + ")");
  }
  nn::resolve_hyper_parameters(trainer.model, trainer.hyper_parameters);
  // What a bundle loader refuses (nn/network_cost.h) is refused before training, not after.
  const std::size_t frames = spec.shape == features::InputShape::Vector ? 1 : spec.frames_for(spec.window_samples());
  nn::check_network_cost(trainer.model, trainer.hyper_parameters, spec.feature_dim(), 2, frames);
}

ExtractionOptions RunConfig::extraction() const {
  ExtractionOptions e;
  e.spec = spec;
  e.hop_seconds = train_hop_seconds;
  e.jobs = data.jobs;
  return e;
}

nlohmann::json RunConfig::training_settings() const {
  return {{"architecture", nn::resolve_hyper_parameters(trainer.model, trainer.hyper_parameters)},
          {"training", trainer.to_json()},
          {"validation_fraction", validation_fraction},
          {"train_hop_seconds", train_hop_seconds},
          {"speaker_norm", speaker_norm},
          {"adapt_prior_windows", adapt_prior_windows}};
}

}  // namespace ser::train

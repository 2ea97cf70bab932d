#include "train/runs/run_config.h"

#include "common/error.h"
#include "common/number_text.h"
#include "nn/network_cost.h"
#include "nn/zoo.h"
#include "train/runs/speaker_norm.h"

namespace ser::train {

std::string natural_preset(const std::string& architecture) {
  const auto input = nn::architecture_input(architecture);  // throws for an unknown name
  if (architecture == "mlp" || architecture == "mlp_ensemble") return "egemaps";
  if (input == features::InputShape::Vector) return "issa193";
  if (architecture == "fusion") return "logmel64+egemaps";
  return architecture == "logmel_cnn" ? "logmel64" : "mfcc40";
}

std::optional<CorpusBalance> parse_balance(const std::string& balance) {
  if (balance == "class") return std::nullopt;
  if (balance == "corpus") return CorpusBalance::Pairs;
  if (balance == "class-corpus") return CorpusBalance::Classes;
  throw ParameterError("balance must be class, corpus or class-corpus (got '" + balance + "')");
}

void RunConfig::validate() const {
  spec.validate();
  extraction().validate();
  trainer.validate();
  augmentation.validate();
  if (folds < 2 || folds > 100) throw ParameterError("folds must be in [2, 100] (got " + std::to_string(folds) + ")");
  if (!(validation_fraction > 0 && validation_fraction < 1)) {
    throw ParameterError("the validation fraction must be in (0, 1) (got " + number_text(validation_fraction) + ")");
  }
  if (!(adapt_prior_windows > 0 && adapt_prior_windows <= 1e6)) {
    throw ParameterError("the adaptation prior's weight must be in (0, 1e6] windows (got " +
                         number_text(adapt_prior_windows) + ")");
  }
  parse_adapt_training(adaptation);
  parse_prior_balance(adapt_prior_balance);
  parse_balance(balance);
  parse_test_adaptation(test_adaptation);
  const auto input = nn::architecture_input(trainer.model);
  if (input != spec.shape) {
    const bool vector = input == features::InputShape::Vector;
    throw ParameterError("model '" + trainer.model + "' takes " + (vector ? "a feature vector" : "feature sequences") +
                         ", but features '" + spec.name + "' are " + (vector ? "sequences" : "a vector") +
                         ": choose other features (e.g. --features " + natural_preset(trainer.model) + ")");
  }
  const auto hp = nn::resolve_hyper_parameters(trainer.model, trainer.hyper_parameters);
  if (!(bag_speaker_share > 0 && bag_speaker_share <= 1)) {
    throw ParameterError("the share of speakers each network trains on must be in (0, 1] (got " +
                         number_text(bag_speaker_share) + ")");
  }
  if (bag_speaker_share < 1 && trainer.model != nn::MlpEnsembleParams::kName) {
    throw ParameterError("a share of the speakers for each network (--bag-speakers " + number_text(bag_speaker_share) +
                         ") is drawn for each repeat of an mlp_ensemble, but the model is '" + trainer.model +
                         "': use --model mlp_ensemble, or leave --bag-speakers out");
  }
  if (augmentation.draws > 1) {
    const int repeats = trainer.model == nn::MlpEnsembleParams::kName ? hp.at("repeats").get<int>() : 1;
    if (repeats < augmentation.draws) {
      throw ParameterError(std::to_string(augmentation.draws) +
                           " draws of the augmented copies are trained on by the repeats of an mlp_ensemble, one draw "
                           "each, but model '" + trainer.model + "' has " + std::to_string(repeats) +
                           (repeats == 1 ? " repeat" : " repeats") +
                           ": use --model mlp_ensemble with at least as many repeats, or fewer --augment-draws");
    }
  }
  if (trainer.model == "fusion") {
    const size_t vector_rows = spec.feature_dim() - spec.sequence_rows();
    if (vector_rows == 0 || hp.at("vector_dim").get<size_t>() != vector_rows) {
      throw ParameterError("model 'fusion' reads " + hp.at("vector_dim").dump() + " vector rows (vector_dim), but features '" +
                           spec.name + "' append " + std::to_string(vector_rows) +
                           ": choose features with an appended vector (e.g. --features logmel64+egemaps) or set "
                           "--hp vector_dim=" + std::to_string(vector_rows));
    }
  }
  // What a bundle loader refuses (nn/network_cost.h) is refused before training, not after.
  const std::size_t frames = spec.shape == features::InputShape::Vector ? 1 : spec.frames_for(spec.window_samples());
  nn::check_network_cost(trainer.model, trainer.hyper_parameters, spec.feature_dim(), 2, frames);
}

ExtractionOptions RunConfig::extraction() const {
  ExtractionOptions e;
  e.spec = spec;
  e.hop_seconds = train_hop_seconds;
  e.jobs = data.jobs;
  e.trim = trim;
  return e;
}

nlohmann::json RunConfig::training_settings() const {
  nlohmann::json settings = {{"architecture", nn::resolve_hyper_parameters(trainer.model, trainer.hyper_parameters)},
                             {"training", trainer.to_json()},
                             {"validation_fraction", validation_fraction},
                             {"train_hop_seconds", train_hop_seconds},
                             {"adaptation", adaptation},
                             {"balance", balance},
                             {"adapt_prior_windows", adapt_prior_windows},
                             {"adapt_prior_balance", adapt_prior_balance}};
  if (trim.enabled) settings["trim_non_speech"] = vad::trim_recipe(trim);
  if (bag_speaker_share < 1) settings["bag_speaker_share"] = bag_speaker_share;  // absent at 1: earlier runs read the same
  return settings;
}

}  // namespace ser::train

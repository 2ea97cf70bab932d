#include "train/runs/run_config.h"

#include "common/error.h"
#include "common/number_text.h"
#include "nn/network_cost.h"
#include "nn/zoo.h"
#include "train/runs/speaker_norm.h"

namespace ser::train {

std::string natural_preset(const std::string& architecture) {
  const auto input = nn::architecture_input(architecture);  // throws for an unknown name
  if (architecture == "mlp" || architecture == "mlp_ensemble" || architecture == "run_average") return "egemaps";
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
  if (trainer.model == nn::RunAverageParams::kName) {
    throw ParameterError("model 'run_average' is not trained: it averages runs already trained (train each with "
                         "its own --seed, then ser-train average RUN.sermodel... --output OUT.sermodel)");
  }
  const auto input = nn::architecture_input(trainer.model);
  if (input != spec.shape) {
    const bool vector = input == features::InputShape::Vector;
    throw ParameterError("model '" + trainer.model + "' takes " + (vector ? "a feature vector" : "feature sequences") +
                         ", but features '" + spec.name + "' are " + (vector ? "sequences" : "a vector") +
                         ": choose other features (e.g. --features " + natural_preset(trainer.model) + ")");
  }
  const auto hp = nn::resolve_hyper_parameters(trainer.model, trainer.hyper_parameters);
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
  return settings;
}

}  // namespace ser::train

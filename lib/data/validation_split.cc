#include "data/validation_split.h"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <map>
#include <set>

#include "common/error.h"
#include "data/rng.h"

namespace ser::data {
namespace {

// Whole speakers, in shuffled order, while each brings the validation size closer to the target.
std::vector<size_t> pick_speakers(const std::vector<Utterance>& utterances, const std::vector<size_t>& train,
                                  const ValidationParams& params) {
  std::map<std::string, std::vector<size_t>> speakers;
  for (size_t i : train) speakers[utterances[i].speaker].push_back(i);
  if (speakers.size() < 2) {
    throw ParameterError("a validation split by speaker needs at least 2 training speakers, but the fold's training "
                         "part has " + std::to_string(speakers.size()));
  }
  std::vector<const std::vector<size_t>*> order;
  for (const auto& entry : speakers) order.push_back(&entry.second);
  Rng rng(params.seed);
  rng.shuffle(order);
  const long long target = std::llround(params.fraction * static_cast<double>(train.size()));
  std::vector<bool> chosen(order.size(), false);
  long long size = 0;
  size_t n_chosen = 0;
  for (size_t s = 0; s < order.size() && n_chosen + 1 < order.size(); ++s) {
    const long long with = size + static_cast<long long>(order[s]->size());
    if (std::llabs(with - target) < std::llabs(size - target)) {
      chosen[s] = true;
      size = with;
      ++n_chosen;
    }
  }
  if (n_chosen == 0) {  // every speaker overshoots: the smallest one, the first of them in shuffled order
    size_t smallest = 0;
    for (size_t s = 1; s < order.size(); ++s) {
      if (order[s]->size() < order[smallest]->size()) smallest = s;
    }
    chosen[smallest] = true;
  }
  std::vector<size_t> validation;
  for (size_t s = 0; s < order.size(); ++s) {
    if (chosen[s]) validation.insert(validation.end(), order[s]->begin(), order[s]->end());
  }
  return validation;
}

// Of every label, fraction x its files; the rounding by largest remainders (ties: label order).
std::vector<size_t> pick_stratified(const std::vector<Utterance>& utterances, const std::vector<size_t>& train,
                                    const ValidationParams& params) {
  const long long total = std::llround(params.fraction * static_cast<double>(train.size()));
  if (total < 1 || total >= static_cast<long long>(train.size())) {
    throw ParameterError("validation fraction " + std::to_string(params.fraction) + " of " +
                         std::to_string(train.size()) + " training files leaves " +
                         (total < 1 ? "no validation file" : "no training file") + ": choose another fraction");
  }
  std::map<std::string, std::vector<size_t>> labels;
  for (size_t i : train) labels[utterances[i].label].push_back(i);
  std::vector<long long> take;
  std::vector<std::pair<double, size_t>> remainders;  // (remainder, label position)
  long long taken = 0;
  for (const auto& entry : labels) {
    const double exact = params.fraction * static_cast<double>(entry.second.size());
    take.push_back(static_cast<long long>(std::floor(exact)));
    taken += take.back();
    remainders.emplace_back(exact - std::floor(exact), take.size() - 1);
  }
  std::stable_sort(remainders.begin(), remainders.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  for (size_t r = 0; taken < total && r < remainders.size(); ++r, ++taken) ++take[remainders[r].second];

  Rng rng(params.seed);
  std::vector<size_t> validation;
  size_t l = 0;
  for (auto& entry : labels) {
    rng.shuffle(entry.second);
    validation.insert(validation.end(), entry.second.begin(), entry.second.begin() + take[l++]);
  }
  return validation;
}

}  // namespace

void ValidationParams::validate() const {
  if (!(fraction > 0.0 && fraction < 1.0)) {
    throw ParameterError("validation fraction must lie in (0, 1) (got " + std::to_string(fraction) + ")");
  }
}

ValidationParams ValidationParams::for_scheme(FoldScheme scheme, double fraction, uint64_t seed) {
  ValidationParams p;
  p.fraction = fraction;
  p.by_speaker = is_speaker_independent(scheme);
  p.seed = seed;
  return p;
}

TrainValidation split_validation(const std::vector<Utterance>& utterances, const std::vector<size_t>& train_indices,
                                 const ValidationParams& params) {
  params.validate();
  std::vector<size_t> train(train_indices);
  std::sort(train.begin(), train.end());
  train.erase(std::unique(train.begin(), train.end()), train.end());
  for (size_t i : train) {
    if (i >= utterances.size()) {
      throw ParameterError("training index " + std::to_string(i) + " is out of range (" +
                           std::to_string(utterances.size()) + " utterances)");
    }
  }
  std::vector<size_t> validation = params.by_speaker ? pick_speakers(utterances, train, params)
                                                     : pick_stratified(utterances, train, params);
  std::sort(validation.begin(), validation.end());
  TrainValidation split;
  std::set<std::string> speakers;
  for (size_t i : validation) speakers.insert(utterances[i].speaker);
  split.validation_speakers.assign(speakers.begin(), speakers.end());
  std::set_difference(train.begin(), train.end(), validation.begin(), validation.end(),
                      std::back_inserter(split.train));
  split.validation = std::move(validation);
  return split;
}

}  // namespace ser::data

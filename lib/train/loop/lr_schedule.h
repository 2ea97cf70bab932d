// seremotion: the learning rate of each epoch: a linear warm-up, then constant, cosine or
// reduce-on-plateau.
//
//   warm-up     epochs e = 1..W: lr = base x e / (W + 1) (Goyal et al., "Accurate, large
//               minibatch SGD", 2017, gradual warm-up), so the first updates of a fresh network
//               are small
//   constant    lr = base
//   cosine      over the T = epochs - W epochs after the warm-up, t = e - W - 1 in [0, T):
//               lr = min + (base - min) (1 + cos(pi t / T)) / 2, min = base x min_lr_ratio
//               (Loshchilov & Hutter, "SGDR", ICLR 2017, one cycle without restarts)
//   plateau     lr = base, multiplied by `factor` whenever the validation score has not improved
//               for more than `patience` epochs (torch.optim.lr_scheduler.ReduceLROnPlateau,
//               mode "max", threshold 1e-4 absolute); without a validation score, constant
// Rates are per epoch: every batch of an epoch uses the same rate.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace ser::train {

enum class LrScheduleKind { Constant, Cosine, Plateau };

// "constant", "cosine", "plateau"; the parser throws ParameterError listing them.
const char* lr_schedule_name(LrScheduleKind kind);
LrScheduleKind parse_lr_schedule(const std::string& name);

struct LrScheduleParams {
  LrScheduleKind kind = LrScheduleKind::Cosine;  // default cosine
  int warmup_epochs = 0;                         // W, in [0, 1000]; default 0
  double min_lr_ratio = 0.01;                    // cosine floor as a fraction of the base rate, in [0, 1]; default 0.01
  double plateau_factor = 0.5;                   // plateau: rate multiplier, in (0, 1); default 0.5
  int plateau_patience = 3;                      // plateau: epochs without improvement tolerated, in [0, 1000]; default 3

  void validate() const;  // ParameterError naming the field and its range
  nlohmann::json to_json() const;
};

class LrSchedule {
 public:
  // Throws ParameterError when base_lr is not > 0 or epochs < 1.
  LrSchedule(const LrScheduleParams& params, double base_lr, int epochs);

  // The rate of epoch `epoch` (1-based), given the scores observed so far.
  double rate(int epoch) const;
  // The validation score after an epoch (higher is better); drives the plateau schedule.
  void observe(double score);

 private:
  LrScheduleParams params_;
  double base_;
  int epochs_;
  double plateau_rate_;
  double best_ = -1e300;
  int since_best_ = 0;
};

}  // namespace ser::train

#include "train/loop/lr_schedule.h"

#include <cmath>

#include "common/error.h"
#include "common/require.h"

namespace ser::train {
namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kPlateauThreshold = 1e-4;

template <typename T>
void require(bool ok, const char* field, const char* range, const T& got) {
  require_parameter(ok, "learning-rate schedule", field, range, got);
}

}  // namespace

const char* lr_schedule_name(LrScheduleKind kind) {
  switch (kind) {
    case LrScheduleKind::Constant: return "constant";
    case LrScheduleKind::Cosine: return "cosine";
    case LrScheduleKind::Plateau: return "plateau";
  }
  return "";
}

LrScheduleKind parse_lr_schedule(const std::string& name) {
  for (auto k : {LrScheduleKind::Constant, LrScheduleKind::Cosine, LrScheduleKind::Plateau}) {
    if (name == lr_schedule_name(k)) return k;
  }
  throw ParameterError("unknown learning-rate schedule '" + name + "' (known: constant, cosine, plateau)");
}

void LrScheduleParams::validate() const {
  require(warmup_epochs >= 0 && warmup_epochs <= 1000, "warmup_epochs", "in [0, 1000]", warmup_epochs);
  require(min_lr_ratio >= 0 && min_lr_ratio <= 1, "min_lr_ratio", "in [0, 1]", min_lr_ratio);
  require(plateau_factor > 0 && plateau_factor < 1, "plateau_factor", "in (0, 1)", plateau_factor);
  require(plateau_patience >= 0 && plateau_patience <= 1000, "plateau_patience", "in [0, 1000]", plateau_patience);
}

nlohmann::json LrScheduleParams::to_json() const {
  nlohmann::json j{{"kind", lr_schedule_name(kind)}, {"warmup_epochs", warmup_epochs}};
  if (kind == LrScheduleKind::Cosine) j["min_lr_ratio"] = min_lr_ratio;
  if (kind == LrScheduleKind::Plateau) {
    j["plateau_factor"] = plateau_factor;
    j["plateau_patience"] = plateau_patience;
  }
  return j;
}

LrSchedule::LrSchedule(const LrScheduleParams& params, double base_lr, int epochs)
    : params_(params), base_(base_lr), epochs_(epochs), plateau_rate_(base_lr) {
  params.validate();
  require(base_lr > 0 && std::isfinite(base_lr), "the learning rate", "> 0", base_lr);
  require(epochs >= 1, "epochs", ">= 1", epochs);
}

double LrSchedule::rate(int epoch) const {
  const int w = params_.warmup_epochs;
  if (epoch <= w) return base_ * epoch / (w + 1);
  switch (params_.kind) {
    case LrScheduleKind::Constant: return base_;
    case LrScheduleKind::Plateau: return plateau_rate_;
    case LrScheduleKind::Cosine: {
      const int span = std::max(1, epochs_ - w);
      const double t = std::min(epoch - w - 1, span - 1);
      const double floor = base_ * params_.min_lr_ratio;
      return floor + (base_ - floor) * 0.5 * (1.0 + std::cos(kPi * t / span));
    }
  }
  return base_;
}

void LrSchedule::observe(double score) {
  if (!std::isfinite(score)) return;
  if (score > best_ + kPlateauThreshold) {
    best_ = score;
    since_best_ = 0;
    return;
  }
  if (++since_best_ > params_.plateau_patience) {
    plateau_rate_ *= params_.plateau_factor;
    since_best_ = 0;
  }
}

}  // namespace ser::train

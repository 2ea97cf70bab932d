#include "dsp/resample.h"

#include <soxr.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "common/error.h"

namespace ser::dsp {
namespace {

unsigned long recipe(SoxrQuality quality) {
  switch (quality) {
    case SoxrQuality::kQuick:
      return SOXR_QQ;
    case SoxrQuality::kLow:
      return SOXR_LQ;
    case SoxrQuality::kMedium:
      return SOXR_MQ;
    case SoxrQuality::kHigh:
      return SOXR_HQ;
    case SoxrQuality::kVeryHigh:
      return SOXR_VHQ;
  }
  throw ParameterError("unknown soxr quality " + std::to_string(static_cast<int>(quality)));
}

void check_rate(const char* name, double rate) {
  if (!(rate > 0) || !std::isfinite(rate)) {
    throw ParameterError(std::string(name) + " must be a finite rate > 0 Hz (got " + std::to_string(rate) + ")");
  }
}

void check_soxr(soxr_error_t error, const char* what) {
  if (error) throw Error(std::string("libsoxr ") + what + " failed: " + error);
}

}  // namespace

SoxrResampler::SoxrResampler(double in_rate, double out_rate, SoxrQuality quality)
    : in_rate_(in_rate), out_rate_(out_rate) {
  check_rate("in_rate", in_rate);
  check_rate("out_rate", out_rate);
  const soxr_io_spec_t io = soxr_io_spec(SOXR_FLOAT32_I, SOXR_FLOAT32_I);
  const soxr_quality_spec_t q = soxr_quality_spec(recipe(quality), 0);
  soxr_error_t error = nullptr;
  soxr_ = soxr_create(in_rate, out_rate, 1, &error, &io, &q, nullptr);
  if (error || !soxr_) {
    if (soxr_) soxr_delete(static_cast<soxr_t>(soxr_));
    throw Error(std::string("libsoxr cannot resample ") + std::to_string(in_rate) + " Hz to " +
                std::to_string(out_rate) + " Hz: " + (error ? error : "soxr_create failed"));
  }
}

SoxrResampler::~SoxrResampler() { soxr_delete(static_cast<soxr_t>(soxr_)); }

void SoxrResampler::process(FloatSpan x, std::vector<float>& y) {
  auto* soxr = static_cast<soxr_t>(soxr_);
  const size_t ilen = x.size();
  // python-soxr's sizes, in its arithmetic: size_t truncation of doubles.
  const size_t olen = static_cast<size_t>(static_cast<double>(ilen) * out_rate_ / in_rate_ + 1);
  const size_t chunk = static_cast<size_t>(std::max(1000.0, 48000 * in_rate_ / out_rate_));
  y.resize(olen);
  size_t produced = 0;
  size_t done = 0;
  for (size_t i = 0; i < ilen; i += chunk) {
    check_soxr(soxr_process(soxr, x.data() + i, std::min(chunk, ilen - i), nullptr, y.data() + produced,
                            olen - produced, &done),
               "soxr_process");
    produced += done;
  }
  check_soxr(soxr_process(soxr, nullptr, 0, nullptr, y.data() + produced, olen - produced, &done), "flush");
  produced += done;
  y.resize(produced);
  check_soxr(soxr_clear(soxr), "soxr_clear");
}

void ResampleParams::validate() const {
  check_rate("orig_sr", orig_sr);
  check_rate("target_sr", target_sr);
}

Resampler::Resampler(const ResampleParams& params)
    : params_((params.validate(), params)), soxr_(params.orig_sr, params.target_sr, params.quality) {}

void Resampler::compute(FloatSpan y, std::vector<float>& y_hat) {
  if (params_.orig_sr == params_.target_sr) {
    y_hat.assign(y.begin(), y.end());
    return;
  }
  soxr_.process(y, y_hat);
  const double ratio = params_.target_sr / params_.orig_sr;
  if (params_.fix) y_hat.resize(static_cast<size_t>(std::ceil(static_cast<double>(y.size()) * ratio)), 0.0f);
  if (params_.scale) {
    // numpy divides a float32 array by the float64 scalar sqrt(ratio) cast to float32.
    const float s = static_cast<float>(std::sqrt(ratio));
    for (float& v : y_hat) v /= s;
  }
}

std::vector<float> resample(FloatSpan y, const ResampleParams& params) {
  Resampler r(params);
  std::vector<float> out;
  r.compute(y, out);
  return out;
}

}  // namespace ser::dsp

// seremotion: resampling with libsoxr, as python-soxr and librosa.resample(res_type='soxr_*') do it.
#pragma once

#include <cstddef>
#include <vector>

#include "common/span.h"

namespace ser::dsp {

// libsoxr's quality recipes, as python-soxr names them ('QQ', 'LQ', 'MQ', 'HQ', 'VHQ') and
// librosa's res_type does ('soxr_qq' .. 'soxr_vhq').
enum class SoxrQuality { kQuick, kLow, kMedium, kHigh, kVeryHigh };

// y = soxr.resample(x, in_rate, out_rate, quality) of python-soxr, mono float32, reproduced call
// for call: soxr_create with float32 input and output and soxr_quality_spec(recipe, 0); then
// soxr_process on chunks of max(1000, 48000 in_rate / out_rate) input frames into a buffer of
// floor(n out_rate / in_rate + 1) frames; one flush call (no input); the output is the frames
// produced. libsoxr is deterministic, so this gives librosa's samples bit for bit when the same
// libsoxr build runs (Debian's 0.1.3 for the golden values).
//
// The libsoxr object, with its filter, is made once; soxr_clear readies it for each new signal.
// Not thread-safe: use one object per thread.
class SoxrResampler {
 public:
  // Throws ParameterError when a rate is not > 0, Error when libsoxr refuses the configuration.
  SoxrResampler(double in_rate, double out_rate, SoxrQuality quality = SoxrQuality::kHigh);
  ~SoxrResampler();
  SoxrResampler(const SoxrResampler&) = delete;
  SoxrResampler& operator=(const SoxrResampler&) = delete;

  double in_rate() const { return in_rate_; }
  double out_rate() const { return out_rate_; }

  // y = soxr.resample(x, in_rate, out_rate, quality); y is resized to the frames produced.
  void process(FloatSpan x, std::vector<float>& y);

 private:
  double in_rate_;
  double out_rate_;
  void* soxr_ = nullptr;  // soxr_t
};

// Parameters of librosa.resample(y, orig_sr, target_sr, res_type='soxr_hq', fix, scale).
struct ResampleParams {
  double orig_sr = 0;                          // input rate in Hz; > 0; required (no librosa default)
  double target_sr = 0;                        // output rate in Hz; > 0; required (no librosa default)
  SoxrQuality quality = SoxrQuality::kHigh;    // res_type 'soxr_hq', librosa's default
  bool fix = true;                             // zero-pad or trim to ceil(n target_sr / orig_sr); default true
  bool scale = false;                          // divide by sqrt(target_sr / orig_sr) (energy kept); default false

  // Throws ParameterError naming the field and its range.
  void validate() const;
};

// y_hat = librosa.resample(y, orig_sr, target_sr, res_type, fix, scale):
//   y_hat = soxr.resample(y, orig_sr, target_sr, quality)             (SoxrResampler)
//   fix:   y_hat padded with zeros or trimmed to ceil(len(y) target_sr / orig_sr) samples
//   scale: y_hat /= sqrt(target_sr / orig_sr), in float32 as numpy divides
// and y unchanged when the rates are equal. Output: a float32 vector.
class Resampler {
 public:
  explicit Resampler(const ResampleParams& params);

  const ResampleParams& params() const { return params_; }
  void compute(FloatSpan y, std::vector<float>& y_hat);

 private:
  ResampleParams params_;
  SoxrResampler soxr_;
};

// One-shot form of Resampler::compute.
std::vector<float> resample(FloatSpan y, const ResampleParams& params);

}  // namespace ser::dsp

// seremotion: stationary noise taken out of a span (spectral_denoise.h).
#include "features/spectral_denoise.h"

#include <algorithm>
#include <cmath>

#include "dsp/fft_f64.h"
#include "dsp/window.h"

namespace ser::features {
namespace {

constexpr double kFrameSeconds = 0.032;
// The quantile taken as the noise: low enough that speech, which pauses between syllables, rarely
// fills 90 % of a bin's frames; high enough that 10 frames give it.
constexpr double kNoiseQuantile = 0.1;
// The decision-directed rule's weight of the previous frame's cleaned SNR: Ephraim and Malah's
// 0.98, which keeps the residual noise from fluctuating into tones.
constexpr double kDecisionDirected = 0.98;
// Below this a bin's noise is taken as none: digital silence, nothing to remove.
constexpr double kNoNoise = 1e-20;

}  // namespace

SpectralDenoiser::SpectralDenoiser(double gain_floor_db) : gain_floor_(std::pow(10.0, std::min(gain_floor_db, 0.0) / 20.0)) {}
SpectralDenoiser::~SpectralDenoiser() = default;
SpectralDenoiser::SpectralDenoiser(SpectralDenoiser&&) noexcept = default;
SpectralDenoiser& SpectralDenoiser::operator=(SpectralDenoiser&&) noexcept = default;

FloatSpan SpectralDenoiser::denoise(FloatSpan audio, int sample_rate) {
  const int frame = 2 * std::max(1, static_cast<int>(std::lround(kFrameSeconds * sample_rate / 2)));
  if (audio.size() < size_t(frame)) return audio;  // not one frame: nothing to estimate from
  if (frame != frame_) {
    frame_ = frame;
    fft_ = std::make_unique<dsp::RealFftF64>(frame);
    const std::vector<float> hann = dsp::hann_window(frame, frame);  // periodic
    window_.resize(frame);
    std::transform(hann.begin(), hann.end(), window_.begin(), [](float w) { return std::sqrt(double(w)); });
  }
  // Frame l starts at (l - 1) hop, so that every sample lies under two frames.
  const size_t hop = size_t(frame) / 2;
  const size_t frames = (audio.size() + hop - 1) / hop + 1;
  analyse(audio, frames);
  if (!estimate_noise(audio.size(), frames)) return audio;
  apply_gains(frames);
  synthesise(audio.size(), frames);
  return FloatSpan(result_);
}

void SpectralDenoiser::analyse(FloatSpan audio, size_t frames) {
  const size_t bins = size_t(frame_) / 2 + 1, hop = size_t(frame_) / 2;
  spectra_.resize(frames * bins);
  double* real = fft_->real();
  for (size_t l = 0; l < frames; ++l) {
    const long start = long(l) * long(hop) - long(hop);
    for (int i = 0; i < frame_; ++i) {
      const long t = start + i;
      real[i] = t >= 0 && size_t(t) < audio.size() ? audio[size_t(t)] * window_[i] : 0.0;
    }
    fft_->forward();
    std::copy(fft_->spectrum(), fft_->spectrum() + bins, spectra_.begin() + long(l * bins));
  }
}

bool SpectralDenoiser::estimate_noise(size_t n, size_t frames) {
  const size_t bins = size_t(frame_) / 2 + 1, hop = size_t(frame_) / 2;
  // Only frames wholly inside the span, from (l - 1) hop to (l + 1) hop (the edges' zeros would
  // read as a silent noise floor), and of those only the frames that hold any sound.
  sounding_.clear();
  for (size_t l = 1; l < frames && (l + 1) * hop <= n; ++l) {
    const std::complex<double>* y = &spectra_[l * bins];
    if (std::any_of(y, y + bins, [](const std::complex<double>& v) { return std::norm(v) > 0.0; })) {
      sounding_.push_back(l);
    }
  }
  if (double(sounding_.size()) * kNoiseQuantile < 1.0) return false;
  const size_t rank = static_cast<size_t>(kNoiseQuantile * double(sounding_.size() - 1));
  noise_.resize(bins);
  powers_.resize(sounding_.size());
  bool any = false;
  for (size_t k = 0; k < bins; ++k) {
    for (size_t i = 0; i < sounding_.size(); ++i) powers_[i] = std::norm(spectra_[sounding_[i] * bins + k]);
    std::nth_element(powers_.begin(), powers_.begin() + long(rank), powers_.end());
    // A bin of noise alone has an exponentially distributed power: its q-quantile is -ln(1 - q)
    // times the mean.
    noise_[k] = powers_[rank] / -std::log1p(-kNoiseQuantile);
    any = any || noise_[k] > kNoNoise;
  }
  return any;
}

void SpectralDenoiser::apply_gains(size_t frames) {
  const size_t bins = size_t(frame_) / 2 + 1;
  previous_.assign(bins, 0.0);
  for (size_t l = 0; l < frames; ++l) {
    std::complex<double>* y = &spectra_[l * bins];
    for (size_t k = 0; k < bins; ++k) {
      if (noise_[k] <= kNoNoise) continue;
      const double gamma = std::norm(y[k]) / noise_[k];
      const double ml = std::max(gamma - 1.0, 0.0);
      const double xi = l == 0 ? ml : kDecisionDirected * previous_[k] + (1.0 - kDecisionDirected) * ml;
      const double gain = std::max(xi / (1.0 + xi), gain_floor_);
      y[k] *= gain;
      previous_[k] = gain * gain * gamma;
    }
  }
}

void SpectralDenoiser::synthesise(size_t n, size_t frames) {
  const size_t bins = size_t(frame_) / 2 + 1, hop = size_t(frame_) / 2;
  out_.assign(n, 0.0);
  for (size_t l = 0; l < frames; ++l) {
    std::copy(spectra_.begin() + long(l * bins), spectra_.begin() + long((l + 1) * bins), fft_->spectrum());
    fft_->inverse();
    const long start = long(l) * long(hop) - long(hop);
    for (int i = 0; i < frame_; ++i) {
      const long t = start + i;
      if (t >= 0 && size_t(t) < n) out_[size_t(t)] += fft_->real()[i] * window_[i] / frame_;
    }
  }
  result_.resize(n);
  std::transform(out_.begin(), out_.end(), result_.begin(), [](double v) { return static_cast<float>(v); });
}

}  // namespace ser::features

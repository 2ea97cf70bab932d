#include "features/egemaps/egemaps.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "common/error.h"
#include "dsp/fft.h"
#include "dsp/simd.h"
#include "dsp/voice/alpha_ratio.h"
#include "dsp/voice/cepstrum.h"
#include "dsp/voice/contour_smoother.h"
#include "dsp/voice/formants.h"
#include "dsp/voice/glottal_periods.h"
#include "dsp/voice/hammarberg_index.h"
#include "dsp/voice/harmonic_levels.h"
#include "dsp/voice/hnr.h"
#include "dsp/voice/jitter.h"
#include "dsp/voice/loudness.h"
#include "dsp/voice/pitch_shs.h"
#include "dsp/voice/shimmer.h"
#include "dsp/voice/spectral_flux.h"
#include "dsp/voice/spectral_slope.h"
#include "dsp/voice/voicing_smoother.h"
#include "dsp/window.h"
#include "features/audio_check.h"
#include "features/egemaps/egemaps_functionals.h"
#include "features/egemaps/egemaps_names.h"

namespace ser::features {
namespace {

namespace voice = dsp::voice;

int fft_size_for(int n) {
  int p = 1;
  while (p < n) p *= 2;
  return p;
}

// F0 in semitones above 27.5 Hz (openSMILE's F0finalLog: values at or below 1 semitone are 1, as
// 0 means unvoiced).
float semitones(double f0) { return static_cast<float>(std::max(1.0, 12.0 * std::log2(f0 / 27.5))); }

// out = x w (a frame windowed).
SER_TARGET_CLONES void window_frame(const float* __restrict x, const float* __restrict w, float* __restrict out, int n) {
  for (int i = 0; i < n; ++i) out[i] = x[i] * w[i];
}

using simd::V8f;

// The energies sum_i v_i^2 of frames t..t+F-1 of x (v_i = x[t hop + i], times w[i] when windowed),
// each in eight partial sums (so that it vectorises) added up in double after the samples past the
// last multiple of 8. The F frames run side by side, so that their chains of additions overlap
// (one frame's additions wait on the last); each frame's operations are those of one alone.
// (Inlined, so that it is built for each instruction set of frame_energies() below.)
template <int F, bool kWindowed>
[[gnu::always_inline]] inline void energies(const float* x, size_t hop, const float* w, int n, double* out) {
  V8f partial[F] = {};
  int i = 0;
  for (; i + 8 <= n; i += 8) {
    for (int f = 0; f < F; ++f) {
      V8f v = *reinterpret_cast<const V8f*>(x + size_t(f) * hop + size_t(i));
      if (kWindowed) v = v * *reinterpret_cast<const V8f*>(w + i);
      partial[f] += v * v;
    }
  }
  for (int f = 0; f < F; ++f) {
    double sum = 0.0;
    for (int k = i; k < n; ++k) {
      const float v = kWindowed ? x[size_t(f) * hop + size_t(k)] * w[k] : x[size_t(f) * hop + size_t(k)];
      sum += double(v) * v;
    }
    for (int j = 0; j < 8; ++j) sum += partial[f][j];
    out[f] = sum;
  }
}

// out[t] = energy of the frame x[t hop, t hop + n) (windowed by w unless w is null), t < frames,
// four frames at a time (energies()).
SER_TARGET_CLONES void frame_energies(const float* x, size_t hop, const float* w, int n, size_t frames, double* out) {
  size_t t = 0;
  if (w) {
    for (; t + 4 <= frames; t += 4) energies<4, true>(x + t * hop, hop, w, n, out + t);
    for (; t < frames; ++t) energies<1, true>(x + t * hop, hop, w, n, out + t);
  } else {
    for (; t + 4 <= frames; t += 4) energies<4, false>(x + t * hop, hop, w, n, out + t);
    for (; t < frames; ++t) energies<1, false>(x + t * hop, hop, w, n, out + t);
  }
}

// power[k] = |X(k)|^2 and, when magnitude is given, magnitude[k] = |X(k)|.
SER_TARGET_CLONES void spectrum_levels(const std::complex<float>* X, int bins, float* __restrict power,
                                       float* __restrict magnitude) {
  const float* ri = reinterpret_cast<const float*>(X);
  for (int k = 0; k < bins; ++k) power[k] = ri[2 * k] * ri[2 * k] + ri[2 * k + 1] * ri[2 * k + 1];
  if (magnitude)
    for (int k = 0; k < bins; ++k) magnitude[k] = std::sqrt(power[k]);
}

// Below this RMS of the windowed 60 ms frame a frame is unvoiced whatever its voicing (openSMILE's
// eGeMAPS energy gate on the pitch, 0.001 of full scale).
constexpr double kMinPitchRms = 0.001;

}  // namespace

struct Egemaps::Impl {
  Impl(int rate, EgemapsFormants formant_kind, double formant_scale)
      : sample_rate(rate),
        hop(static_cast<size_t>(std::lround(0.010 * rate))),
        short_length(static_cast<int>(std::lround(0.020 * rate))),
        long_length(static_cast<int>(std::lround(0.060 * rate))),
        short_fft(fft_size_for(short_length)),
        long_fft(fft_size_for(long_length)),
        short_window(dsp::hamming_window(short_length)),
        long_window(dsp::gaussian_window(long_length, 0.4)),
        loudness(rate, short_fft.size()),
        cepstrum(rate, short_fft.size()),
        shs(shs_params(rate, long_fft.size())),
        hnr(long_fft.size()),
        formants(short_length, formant_params(rate, formant_kind, formant_scale)),
        // Without pre-emphasis the formants' frame is the 20 ms frame's own (Hamming window, the
        // same zero-padding), whose spectrum short_frames() has computed already.
        formants_share_spectrum(formants.params().pre_emphasis == 0.0 && formants.fft_size() == short_fft.size()) {}

  static voice::PitchShsParams shs_params(int rate, int n_fft) {
    voice::PitchShsParams p;
    p.sample_rate = rate;
    p.n_fft = n_fft;
    return p;
  }
  static voice::FormantParams formant_params(int rate, EgemapsFormants kind, double scale) {
    voice::FormantParams p;
    p.sample_rate = rate;
    if (kind == EgemapsFormants::Lpc) return p;  // FormantParams' defaults are the textbook's
    // openSMILE's chain (FFT -> spectral resampling -> LPC -> roots) has no pre-emphasis and keeps
    // resonances of any bandwidth; a scaled, negated polynomial comes nearest its output
    // (formants.h, docs/features.md).
    p.pre_emphasis = 0.0;
    p.max_bandwidth_hz = std::numeric_limits<double>::infinity();
    p.coefficient_scale = scale;
    return p;
  }

  // The span analysed: the audio, zero-padded to 70 ms when shorter.
  FloatSpan span_for(FloatSpan audio) {
    const size_t min_length = static_cast<size_t>(long_length) + hop;
    if (audio.size() >= min_length) return audio;
    padded.assign(min_length, 0.0f);
    std::copy(audio.begin(), audio.end(), padded.begin());
    return FloatSpan(padded.data(), padded.size());
  }

  // Spectral descriptors of the 20 ms frames.
  void short_frames(FloatSpan x, EgemapsAnalysis& a) {
    const size_t n = (x.size() - static_cast<size_t>(short_length)) / hop + 1;
    const int bins = short_fft.n_bins();
    const double bin_hz = double(sample_rate) / short_fft.size();
    a.raw.resize(kEgemapsDescriptors, n);
    a.raw.fill(0.0f);
    a.mean_square.resize(n);
    magnitude.resize(2 * static_cast<size_t>(bins));
    power.resize(static_cast<size_t>(bins));
    energy.resize(n);
    frame_energies(x.data(), hop, nullptr, short_length, n, energy.data());
    if (formants_share_spectrum) formant_power.resize(n, static_cast<size_t>(formants.kept_bins()));
    for (size_t t = 0; t < n; ++t) {
      const float* frame = x.data() + t * hop;
      float* in = short_fft.real();
      window_frame(frame, short_window.data(), in, short_length);
      std::fill(in + short_length, in + short_fft.size(), 0.0f);
      a.mean_square[t] = static_cast<float>(energy[t] / short_length);
      short_fft.forward();
      float* mag = magnitude.data() + (t % 2) * size_t(bins);
      const float* prev = t > 0 ? magnitude.data() + ((t + 1) % 2) * size_t(bins) : nullptr;
      spectrum_levels(short_fft.spectrum(), bins, power.data(), mag);
      if (formants_share_spectrum) std::copy_n(power.data(), formant_power.cols(), formant_power.row(t));
      a.raw(kLoudness, t) = static_cast<float>(loudness.compute(power.data()));
      a.raw(kAlphaRatio, t) = static_cast<float>(voice::alpha_ratio(power.data(), bins, bin_hz));
      a.raw(kHammarberg, t) = static_cast<float>(voice::hammarberg_index(power.data(), bins, bin_hz));
      a.raw(kSlope0_500, t) = static_cast<float>(voice::spectral_slope(power.data(), bins, bin_hz, 0, 500));
      a.raw(kSlope500_1500, t) = static_cast<float>(voice::spectral_slope(power.data(), bins, bin_hz, 500, 1500));
      a.raw(kSpectralFlux, t) = static_cast<float>(voice::spectral_flux(mag, prev, bins, bin_hz));
      float c[4];
      cepstrum.compute(power.data(), c);
      for (int i = 0; i < 4; ++i) a.raw(kMfcc1 + i, t) = c[i];
    }
  }

  // Pitch candidates and voicing of the 60 ms frames; keeps their magnitude spectra.
  void pitch(FloatSpan x, EgemapsAnalysis& a) {
    const size_t n_long = (x.size() - static_cast<size_t>(long_length)) / hop + 1;
    const size_t n = std::min(n_long - 1, a.frames());  // openSMILE's count (see EgemapsAnalysis)
    a.pitch_frames = n;
    const int bins = long_fft.n_bins();
    long_magnitude.resize(n, static_cast<size_t>(bins));
    power.resize(static_cast<size_t>(bins));
    voicing.assign(n, 0.0);
    best_f0.assign(n, 0.0);
    rms.assign(n, 0.0);
    energy.resize(n);
    frame_energies(x.data(), hop, long_window.data(), long_length, n, energy.data());
    for (size_t t = 0; t < n; ++t) {
      rms[t] = std::sqrt(energy[t] / long_length);
      // Below the energy gate a frame is unvoiced whatever its spectrum says: no need to look.
      if (rms[t] < kMinPitchRms) continue;
      const float* frame = x.data() + t * hop;
      float* in = long_fft.real();
      window_frame(frame, long_window.data(), in, long_length);
      std::fill(in + long_length, in + long_fft.size(), 0.0f);
      long_fft.forward();
      float* mag = long_magnitude.row(t);
      spectrum_levels(long_fft.spectrum(), bins, power.data(), mag);
      shs.compute(mag, shs_frame);
      voicing[t] = shs_frame.voicing;
      best_f0[t] = shs_frame.candidates.empty() ? 0.0 : shs_frame.candidates.front().f0;
    }
    smoother.compute(voicing.data(), best_f0.data(), n, a.voiced);
    a.f0_hz.assign(n, 0.0f);
    for (size_t t = 0; t < n; ++t) {
      a.voiced[t] = a.voiced[t] && rms[t] >= kMinPitchRms && best_f0[t] > 0.0;
      if (a.voiced[t]) a.f0_hz[t] = static_cast<float>(best_f0[t]);
    }
  }

  // Voice quality of the voiced frames: HNR, formants and harmonic levels, jitter and shimmer.
  void voice_quality(FloatSpan x, EgemapsAnalysis& a, bool formants_everywhere) {
    const size_t n = a.pitch_frames;
    const int bins = long_fft.n_bins();
    const double bin_hz = double(sample_rate) / long_fft.size();
    for (size_t t = 0; t < a.frames(); ++t) {
      for (int r : {kF1Amplitude, kF2Amplitude, kF3Amplitude}) a.raw(r, t) = voice::kUnvoicedLevel;
    }
    power.resize(static_cast<size_t>(bins));
    voice::Formants fm;
    for (size_t t = 0; t < a.frames(); ++t) {
      const bool voiced = t < n && a.voiced[t];
      if (!voiced && !formants_everywhere) continue;
      if (formants_share_spectrum) {
        formants.compute_from_power(formant_power.row(t), fm);
      } else {
        formants.compute(x, t * hop, fm);
      }
      for (size_t i = 0; i < 3; ++i) {
        a.raw(kF1Frequency + 3 * int(i), t) = fm.frequency[i];
        a.raw(kF1Bandwidth + 3 * int(i), t) = fm.bandwidth[i];
      }
      if (!voiced) continue;
      const double f0 = a.f0_hz[t];
      a.raw(kF0Semitone, t) = semitones(f0);
      const float* mag = long_magnitude.row(t);
      for (int k = 0; k < bins; ++k) power[size_t(k)] = mag[k] * mag[k];
      a.raw(kHnr, t) = static_cast<float>(hnr.compute(power.data(), sample_rate / f0));
      voice::HarmonicLevels levels;
      voice::harmonic_levels(mag, bins, bin_hz, f0, fm, levels);
      a.raw(kH1H2, t) = levels.h1_h2;
      a.raw(kH1A3, t) = levels.h1_a3;
      for (size_t i = 0; i < 3; ++i) a.raw(kF1Amplitude + 3 * int(i), t) = levels.formant_amplitude[i];
    }
    jitter_shimmer(x, a);
  }

  // Periods are searched once along each voiced stretch; each voiced frame then takes those that
  // lie within its 60 ms window.
  void jitter_shimmer(FloatSpan x, EgemapsAnalysis& a) {
    const size_t n = a.pitch_frames;
    const size_t len = static_cast<size_t>(long_length);
    for (size_t t = 0; t < n;) {
      if (!a.voiced[t]) {
        ++t;
        continue;
      }
      size_t end = t;
      while (end < n && a.voiced[end]) ++end;
      const size_t first = t, last = end - 1;
      auto period_at = [&](size_t sample) {
        const double centre = (double(sample) - len / 2.0) / hop;
        const size_t frame = static_cast<size_t>(std::clamp(std::lround(centre), long(first), long(last)));
        return sample_rate / double(a.f0_hz[frame]);
      };
      voice::glottal_periods(x, first * hop, last * hop + len, period_at, voice::GlottalPeriodsParams{}, periods);
      size_t p0 = 0;
      for (size_t f = first; f < end; ++f) {
        const size_t lo = f * hop, hi = f * hop + len;
        while (p0 < periods.size() && periods[p0].start < lo) ++p0;
        size_t p1 = p0;
        while (p1 < periods.size() && periods[p1].start + periods[p1].length <= hi) ++p1;
        const Span<const voice::GlottalPeriod> in_frame(periods.data() + p0, p1 - p0);
        a.raw(kJitter, f) = static_cast<float>(voice::jitter_local(in_frame));
        a.raw(kShimmer, f) = static_cast<float>(voice::shimmer_local_db(in_frame));
      }
      t = end;
    }
  }

  const EgemapsAnalysis& analyse(FloatSpan audio, bool formants_everywhere) {
    check_audio(audio);
    const FloatSpan x = span_for(audio);
    analysis.hop_seconds = double(hop) / sample_rate;
    short_frames(x, analysis);
    pitch(x, analysis);
    voice_quality(x, analysis, formants_everywhere);
    return analysis;
  }

  const EgemapsPitch& analyse_pitch(FloatSpan audio) {
    check_audio(audio);
    const FloatSpan x = span_for(audio);
    // pitch() counts its frames against the 20 ms frames (frames()); their descriptors are not computed.
    pitch_only.raw.resize(1, (x.size() - static_cast<size_t>(short_length)) / hop + 1);
    pitch(x, pitch_only);
    pitch_track.voiced.assign(pitch_only.voiced.begin(), pitch_only.voiced.begin() + pitch_only.pitch_frames);
    pitch_track.f0_hz.assign(pitch_only.f0_hz.begin(), pitch_only.f0_hz.begin() + pitch_only.pitch_frames);
    return pitch_track;
  }

  int sample_rate;
  size_t hop;
  int short_length, long_length;
  dsp::RealFft short_fft, long_fft;
  std::vector<float> short_window, long_window;
  voice::Loudness loudness;
  voice::HtkCepstrum cepstrum;
  voice::PitchShs shs;
  voice::VoicingSmoother smoother;
  voice::HnrAcf hnr;
  voice::FormantTracker formants;
  bool formants_share_spectrum;
  Matrix formant_power;  // frames x formants.kept_bins(): the 20 ms frames' power, when shared
  voice::ShsFrame shs_frame;
  std::vector<voice::GlottalPeriod> periods;
  std::vector<float> padded, magnitude, power;
  Matrix long_magnitude;
  std::vector<double> voicing, best_f0, rms, energy;
  EgemapsAnalysis analysis;
  EgemapsAnalysis pitch_only;  // analyse_pitch's work: its frame count, voiced and f0_hz only
  EgemapsPitch pitch_track;
};

Egemaps::Egemaps(int sample_rate, EgemapsFormants formants, double opensmile_formant_scale) {
  if (sample_rate < 16000 || sample_rate > 192000) {
    throw ParameterError("eGeMAPS: sample_rate must lie in [16000, 192000] Hz (got " + std::to_string(sample_rate) +
                         "): its bands reach 8 kHz");
  }
  if (!voice::valid_coefficient_scale(opensmile_formant_scale)) {
    throw ParameterError("eGeMAPS: opensmile_formant_scale must lie in [-1, 1] and not be 0 (got " +
                         std::to_string(opensmile_formant_scale) + ")");
  }
  impl_ = std::make_unique<Impl>(sample_rate, formants, opensmile_formant_scale);
}
Egemaps::~Egemaps() = default;
Egemaps::Egemaps(Egemaps&&) noexcept = default;
Egemaps& Egemaps::operator=(Egemaps&&) noexcept = default;

int Egemaps::sample_rate() const { return impl_->sample_rate; }

size_t Egemaps::frames_for(size_t n_samples, int sample_rate) {
  const size_t hop = static_cast<size_t>(std::lround(0.010 * sample_rate));
  const size_t min_length = static_cast<size_t>(std::lround(0.060 * sample_rate)) + hop;
  const size_t frame = static_cast<size_t>(std::lround(0.020 * sample_rate));
  return (std::max(n_samples, min_length) - frame) / hop + 1;
}

const EgemapsAnalysis& Egemaps::analyse(FloatSpan audio, bool formants_everywhere) {
  return impl_->analyse(audio, formants_everywhere);
}

const EgemapsAnalysis& Egemaps::last() const { return impl_->analysis; }

const EgemapsPitch& Egemaps::analyse_pitch(FloatSpan audio) { return impl_->analyse_pitch(audio); }

void Egemaps::descriptors(const EgemapsAnalysis& a, Matrix& out) {
  out.resize(kDescriptors, a.frames());
  for (int r = 0; r < kEgemapsDescriptors; ++r) {
    if (r < kF0Semitone) {
      dsp::voice::smooth3(a.raw.row(size_t(r)), a.frames(), out.row(size_t(r)));
    } else {
      dsp::voice::smooth3_nonzero(a.raw.row(size_t(r)), a.frames(), out.row(size_t(r)));
    }
  }
}

void Egemaps::functionals(const EgemapsAnalysis& a, float* out) { egemaps_functionals(a, out); }

void Egemaps::compute_descriptors(FloatSpan audio, Matrix& out) { descriptors(analyse(audio, true), out); }

void Egemaps::compute_functionals(FloatSpan audio, Matrix& out) {
  out.resize(1, kFunctionals);
  functionals(analyse(audio, false), out.data());
}

}  // namespace ser::features

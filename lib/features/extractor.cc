#include "features/extractor.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "common/error.h"
#include "dsp/chroma.h"
#include "dsp/chroma_cqt.h"
#include "dsp/contrast.h"
#include "dsp/db.h"
#include "dsp/hpss.h"
#include "dsp/mel.h"
#include "dsp/mfcc.h"
#include "dsp/modulus.h"
#include "dsp/stft.h"
#include "dsp/stft_f64.h"
#include "dsp/tonnetz.h"
#include "dsp/tuning.h"
#include "features/audio_check.h"
#include "features/egemaps/egemaps.h"
#include "features/level_norm.h"
#include "features/spectral_denoise.h"

namespace ser::features {
namespace {

dsp::StftParams stft_params(const FeatureSpec& s) { return {s.n_fft, s.hop_length, s.win_length, true}; }

dsp::MelParams mel_params(const FeatureSpec& s) {
  dsp::MelParams p;
  p.sr = s.sample_rate;
  p.n_fft = s.n_fft;
  p.n_mels = s.n_mels;
  p.fmin = s.fmin;
  if (s.fmax > 0) p.fmax = s.fmax;
  return p;
}

dsp::ChromaStftParams chroma_params(const FeatureSpec& s) {
  dsp::ChromaStftParams p;
  p.sr = s.sample_rate;
  p.n_fft = s.n_fft;
  p.n_chroma = s.n_chroma;
  return p;
}

dsp::SpectralContrastParams contrast_params(const FeatureSpec& s) {
  dsp::SpectralContrastParams p;
  p.sr = s.sample_rate;
  p.n_fft = s.n_fft;
  p.fmin = s.contrast_fmin;
  p.n_bands = s.contrast_n_bands;
  p.quantile = s.contrast_quantile;
  return p;
}

dsp::HarmonicParams harmonic_params(const FeatureSpec& s) {
  dsp::HarmonicParams p;
  p.stft = stft_params(s);
  p.hpss.kernel_harmonic = s.hpss_kernel;
  p.hpss.kernel_percussive = s.hpss_kernel;
  p.hpss.margin_harmonic = static_cast<float>(s.hpss_margin);
  p.hpss.margin_percussive = static_cast<float>(s.hpss_margin);
  return p;
}

dsp::ChromaCqtParams chroma_cqt_params(const FeatureSpec& s) {
  dsp::ChromaCqtParams p;
  p.sr = s.sample_rate;
  p.hop_length = s.hop_length;
  p.n_chroma = s.n_chroma;
  return p;
}

// librosa.estimate_tuning(y=...) inside chroma_cqt analyses |stft(y)| with its own defaults.
constexpr int kTuningFft = 2048;
constexpr int kTuningHop = 512;

dsp::PowerToDbParams db_params(const FeatureSpec& s) {
  dsp::PowerToDbParams p;
  p.ref_max = s.db_ref_max;
  p.top_db = s.top_db;
  return p;
}

// Appends the time mean of each row of m to out[offset ...]; returns the new offset.
size_t append_row_means(const Matrix& m, Matrix& out, size_t offset) {
  for (size_t r = 0; r < m.rows(); ++r) {
    const float* row = m.row(r);
    double sum = 0;
    for (size_t t = 0; t < m.cols(); ++t) sum += row[t];
    out(0, offset + r) = static_cast<float>(sum / static_cast<double>(m.cols()));
  }
  return offset + m.rows();
}

}  // namespace

struct Extractor::Impl {
  explicit Impl(const FeatureSpec& s)
      : spec((s.validate(), s)), stft(stft_params(s)), mel_bank(mel_params(s)) {
    if (wants("mfcc")) {
      dsp::MfccParams p;
      p.n_mfcc = spec.n_mfcc;
      mfcc.emplace(spec.n_mels, p);
    }
    if (wants("chroma_stft") || (wants("tonnetz") && spec.tonnetz_source == "stft")) {
      chroma.emplace(chroma_params(spec));
    }
    if (wants("contrast")) contrast.emplace(contrast_params(spec));
    if (spec.uses_egemaps()) {
      egemaps.emplace(spec.sample_rate,
                      spec.egemaps_formants == "lpc" ? EgemapsFormants::Lpc : EgemapsFormants::OpenSmile,
                      spec.egemaps_formants == "negated" ? -1.0 : Egemaps::kOpensmileFormantScale);
    }
    // eGeMAPS frames its own audio; everything else reads the STFT.
    needs_stft = std::any_of(spec.features.begin(), spec.features.end(),
                             [](const std::string& f) { return f != "egemaps" && f != "egemaps_lld"; });
    needs_magnitude = wants("contrast") || (wants("chroma_stft") && spec.chroma_from_magnitude);
    needs_spectrum = spec.needs_cqt();
    if (needs_spectrum) {
      harmonic.emplace(harmonic_params(spec));
      tuning_stft.emplace(dsp::StftParams{kTuningFft, kTuningHop, 0, true});
      chroma_cqt.emplace(chroma_cqt_params(spec));
    }
  }

  bool wants(const char* feature) const {
    return std::find(spec.features.begin(), spec.features.end(), feature) != spec.features.end();
  }

  // The span the features are computed on: the audio, zero-padded to the window when short.
  FloatSpan span_for(FloatSpan audio) {
    const size_t window = spec.window_samples();
    if (!spec.pad_short || audio.size() >= window) return audio;
    padded.assign(window, 0.0f);
    std::copy(audio.begin(), audio.end(), padded.begin());
    return FloatSpan(padded.data(), padded.size());
  }

  // |D|^2 of D = stft(y) (float64 FFTs, as numpy) into `power`; |D| into `magnitude` when a
  // feature reads it (chroma, contrast), power then being its square, as np.abs(D)**2. When the
  // harmonic part is wanted, D and |D| frame by frame too (frames x bins, as HPSS and the inverse
  // STFT go through them).
  void spectrograms(FloatSpan y) {
    dsp::StftF64::Outputs out;
    out.power = &power;
    out.power_of_magnitude = needs_magnitude;
    if (needs_magnitude) out.magnitude = &magnitude;
    if (needs_spectrum) {
      out.D_by_frame = &spectrum_by_frame;
      out.magnitude_by_frame = &magnitude_by_frame;
    }
    stft.compute(y, out);
  }

  // librosa.feature.melspectrogram(y) into `mel`, and its power_to_db into `mel_db`.
  void mel_and_db() {
    mel_bank.apply(power, mel);
    mel_db = mel;
    dsp::power_to_db(mel_db, db_params(spec));
  }

  void compute_sequence(FloatSpan y, Matrix& out) {
    if (spec.features[0] == "egemaps_lld") {
      Egemaps::descriptors(egemaps->analyse(y, true), out);
      if (spec.window_norm != "none") normalize_rows(out, spec.window_norm == "meanvar");
      return;
    }
    mel_and_db();
    if (spec.features[0] == "logmel") {
      out = mel_db;
    } else {
      mfcc->compute(mel_db, out);
    }
    if (spec.window_norm != "none") normalize_rows(out, spec.window_norm == "meanvar");
  }

  // Each row minus its mean over the frames (and divided by its standard deviation).
  static void normalize_rows(Matrix& m, bool variance) {
    for (size_t r = 0; r < m.rows(); ++r) {
      float* row = m.row(r);
      double sum = 0, sum_sq = 0;
      for (size_t t = 0; t < m.cols(); ++t) sum += row[t];
      const double mean = sum / static_cast<double>(m.cols());
      for (size_t t = 0; t < m.cols(); ++t) sum_sq += (row[t] - mean) * (row[t] - mean);
      const double scale = variance ? 1.0 / std::max(1e-5, std::sqrt(sum_sq / static_cast<double>(m.cols()))) : 1.0;
      for (size_t t = 0; t < m.cols(); ++t) row[t] = static_cast<float>((row[t] - mean) * scale);
    }
  }

  void compute_vector(FloatSpan y, Matrix& out) {
    out.resize(1, spec.feature_dim());
    if (needs_stft) mel_and_db();
    size_t offset = 0;
    for (const auto& f : spec.features) {
      if (f == "mfcc") {
        mfcc->compute(mel_db, coefficients);
        offset = append_row_means(coefficients, out, offset);
      } else if (f == "mel") {
        offset = append_row_means(mel, out, offset);
      } else if (f == "chroma_stft") {
        // The classic recipe passes np.abs(stft) as S; chroma_stft(y=...) uses the power.
        chroma->compute(spec.chroma_from_magnitude ? magnitude : power, features);
        offset = append_row_means(features, out, offset);
      } else if (f == "contrast") {
        contrast->compute(magnitude, features);
        offset = append_row_means(features, out, offset);
      } else if (f == "tonnetz") {
        tonnetz(y);
        offset = append_row_means(features, out, offset);
      } else if (f == "egemaps") {
        Egemaps::functionals(egemaps->analyse(y, false), out.data() + offset);
        offset += Egemaps::kFunctionals;
      }
    }
  }

  // tonnetz into `features`: librosa.feature.tonnetz(y=effects.harmonic(y)), whose chroma_cqt
  // estimates the tuning of the harmonic part; or tonnetz(chroma=chroma_stft(y=y)).
  void tonnetz(FloatSpan y) {
    if (spec.tonnetz_source == "stft") {
      chroma->compute(power, chroma_frames);
      dsp::tonnetz(chroma_frames, features);
      return;
    }
    harmonic->compute_from_stft_by_frame(spectrum_by_frame, magnitude_by_frame, y.size(), harmonic_part);
    tuning_stft->magnitude(harmonic_part, harmonic_magnitude);
    const double tuning = tuning_estimator.estimate(harmonic_magnitude, spec.sample_rate, kTuningFft, 0.01,
                                                    chroma_cqt->params().bins_per_octave);
    chroma_cqt->compute(harmonic_part, tuning, chroma_frames);
    dsp::tonnetz(chroma_frames, features);
  }

  void compute(FloatSpan audio, Matrix& out) {
    check_audio(audio);
    if (spec.denoise == "spectral") audio = denoiser.denoise(audio, spec.sample_rate);
    if (spec.level_norm == "active") audio = leveler.normalise(audio, spec.sample_rate, spec.level_target_dbfs);
    const FloatSpan y = span_for(audio);
    if (needs_stft) spectrograms(y);
    if (spec.shape == InputShape::Vector) {
      compute_vector(y, out);
    } else if (spec.append_vector.empty()) {
      compute_sequence(y, out);
    } else {
      compute_sequence(y, sequence);
      append_vector_rows(audio, out);
    }
  }

  // `sequence` with the appended vector's values as rows below it, each repeated over the frames;
  // the vector from the span as it is, unpadded.
  void append_vector_rows(FloatSpan audio, Matrix& out) {
    const size_t rows = sequence.rows(), frames = sequence.cols();
    out.resize(spec.feature_dim(), frames);
    std::copy(sequence.data(), sequence.data() + sequence.size(), out.data());
    vector_values.resize(Egemaps::kFunctionals);
    Egemaps::functionals(egemaps->analyse(audio, false), vector_values.data());
    for (size_t k = 0; k < vector_values.size(); ++k) std::fill_n(out.row(rows + k), frames, vector_values[k]);
  }

  FeatureSpec spec;
  dsp::StftF64 stft;
  dsp::MelFilterBank mel_bank;
  std::optional<dsp::Mfcc> mfcc;
  std::optional<dsp::ChromaStft> chroma;
  std::optional<dsp::SpectralContrast> contrast;
  std::optional<dsp::Harmonic> harmonic;
  std::optional<dsp::StftF64> tuning_stft;
  std::optional<dsp::ChromaCqt> chroma_cqt;
  std::optional<Egemaps> egemaps;
  dsp::TuningEstimator tuning_estimator;
  LevelNormaliser leveler;  // when the spec asks for level_norm
  SpectralDenoiser denoiser;  // when the spec asks for denoise
  bool needs_stft = true;
  bool needs_magnitude = false;
  bool needs_spectrum = false;
  std::vector<float> padded, harmonic_part, vector_values;
  Matrix sequence;  // the sequence rows, before an appended vector
  ComplexMatrix spectrum_by_frame;  // D, frames x bins
  Matrix magnitude, magnitude_by_frame, power, mel, mel_db, coefficients, features, chroma_frames, harmonic_magnitude;
};

Extractor::Extractor(const FeatureSpec& spec) : impl_(std::make_unique<Impl>(spec)) {}
Extractor::~Extractor() = default;
Extractor::Extractor(Extractor&&) noexcept = default;
Extractor& Extractor::operator=(Extractor&&) noexcept = default;

const FeatureSpec& Extractor::spec() const { return impl_->spec; }

const EgemapsAnalysis* Extractor::egemaps_analysis() const {
  return impl_->egemaps ? &impl_->egemaps->last() : nullptr;
}

void Extractor::compute(FloatSpan audio, Matrix& out) { impl_->compute(audio, out); }

Matrix Extractor::compute(FloatSpan audio) {
  Matrix out;
  compute(audio, out);
  return out;
}

}  // namespace ser::features

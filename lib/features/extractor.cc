#include "features/extractor.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "common/error.h"
#include "dsp/db.h"
#include "dsp/mel.h"
#include "dsp/mfcc.h"
#include "dsp/stft.h"

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

dsp::PowerToDbParams db_params(const FeatureSpec& s) {
  dsp::PowerToDbParams p;
  p.ref_max = s.db_ref_max;
  p.top_db = s.top_db;
  return p;
}

// librosa.util.valid_audio refuses non-finite samples; so do we, naming the first one.
void check_audio(FloatSpan audio) {
  if (audio.empty()) throw ParameterError("audio is empty: features need at least one sample");
  for (size_t i = 0; i < audio.size(); ++i) {
    if (!std::isfinite(audio[i])) {
      throw ParameterError("audio sample " + std::to_string(i) + " is " + (std::isnan(audio[i]) ? "NaN" : "infinite") +
                           ": features need finite samples");
    }
  }
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
    if (std::count(spec.features.begin(), spec.features.end(), "mfcc")) {
      dsp::MfccParams p;
      p.n_mfcc = spec.n_mfcc;
      mfcc.emplace(spec.n_mels, p);
    }
  }

  // The span the features are computed on: the audio, zero-padded to the window when short.
  FloatSpan span_for(FloatSpan audio) {
    const size_t window = spec.window_samples();
    if (!spec.pad_short || audio.size() >= window) return audio;
    padded.assign(window, 0.0f);
    std::copy(audio.begin(), audio.end(), padded.begin());
    return FloatSpan(padded.data(), padded.size());
  }

  // |STFT| into `magnitude` and |STFT|^2 into `power`.
  void spectrograms(FloatSpan y) {
    stft.magnitude(y, magnitude, 1.0f);
    power.resize(magnitude.rows(), magnitude.cols());
    const float* m = magnitude.data();
    float* p = power.data();
    for (size_t i = 0; i < magnitude.size(); ++i) p[i] = m[i] * m[i];
  }

  // librosa.feature.melspectrogram(y) into `mel`, and its power_to_db into `mel_db`.
  void mel_and_db() {
    mel_bank.apply(power, mel);
    mel_db = mel;
    dsp::power_to_db(mel_db, db_params(spec));
  }

  void compute_sequence(Matrix& out) {
    mel_and_db();
    if (spec.features[0] == "logmel") {
      out = mel_db;
    } else {
      mfcc->compute(mel_db, out);
    }
  }

  void compute_vector(Matrix& out) {
    out.resize(1, spec.feature_dim());
    mel_and_db();
    size_t offset = 0;
    for (const auto& f : spec.features) {
      if (f == "mfcc") {
        mfcc->compute(mel_db, coefficients);
        offset = append_row_means(coefficients, out, offset);
      } else if (f == "mel") {
        offset = append_row_means(mel, out, offset);
      } else {
        throw ParameterError("feature '" + f + "' is not available in this build");
      }
    }
  }

  void compute(FloatSpan audio, Matrix& out) {
    check_audio(audio);
    spectrograms(span_for(audio));
    if (spec.shape == InputShape::Sequence) {
      compute_sequence(out);
    } else {
      compute_vector(out);
    }
  }

  FeatureSpec spec;
  dsp::Stft stft;
  dsp::MelFilterBank mel_bank;
  std::optional<dsp::Mfcc> mfcc;
  std::vector<float> padded;
  Matrix magnitude, power, mel, mel_db, coefficients;
};

Extractor::Extractor(const FeatureSpec& spec) : impl_(std::make_unique<Impl>(spec)) {}
Extractor::~Extractor() = default;
Extractor::Extractor(Extractor&&) noexcept = default;
Extractor& Extractor::operator=(Extractor&&) noexcept = default;

const FeatureSpec& Extractor::spec() const { return impl_->spec; }

void Extractor::compute(FloatSpan audio, Matrix& out) { impl_->compute(audio, out); }

Matrix Extractor::compute(FloatSpan audio) {
  Matrix out;
  compute(audio, out);
  return out;
}

}  // namespace ser::features

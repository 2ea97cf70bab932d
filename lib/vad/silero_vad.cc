#include "vad/silero_vad.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "common/error.h"
#include "dsp/window.h"
#include "vad/dense.h"

namespace ser::vad {
namespace {

constexpr std::size_t kContext = SileroWeights::kContext;
constexpr std::size_t kSlot = kContext + SileroVad::kChunk;  // 576 samples a chunk sees
constexpr std::size_t kFft = 256;
constexpr std::size_t kHop = 128;
constexpr std::size_t kPadded = kSlot + 64;  // reflection padding on the right
constexpr std::size_t kFrames = 4;           // (640 - 256) / 128 + 1
constexpr std::size_t kBins = kFft / 2 + 1;  // 129
// Frame-major activations with one zero frame on each side where the next convolution pads.
constexpr std::size_t kMagStride = (kFrames + 2) * kBins;
constexpr std::size_t kEnc0Channels = 128, kEnc0Stride = (kFrames + 2) * kEnc0Channels;
constexpr std::size_t kEnc1Channels = 64, kEnc1Stride = 3 * kEnc1Channels;  // 2 frames and a zero one before
constexpr std::size_t kEnc2Channels = 64;
constexpr std::size_t kHidden = SileroWeights::kHidden;
constexpr std::size_t kGates = SileroWeights::kGates;

inline float sigmoid(float x) { return 1.0f / (1.0f + std::exp(-x)); }

}  // namespace

SileroVad::SileroVad(std::shared_ptr<const SileroWeights> weights)
    : w_(std::move(weights)),
      fft_(static_cast<int>(kFft)),
      window_(dsp::hann_window(static_cast<int>(kFft), static_cast<int>(kFft))),
      chunks_(kMaxBatch * kSlot, 0.0f),
      magnitudes_(kMaxBatch * kMagStride, 0.0f),
      enc0_(kMaxBatch * kEnc0Stride, 0.0f),
      enc1_(kMaxBatch * kEnc1Stride, 0.0f),
      enc2_(kMaxBatch * kEnc2Channels, 0.0f),
      enc3_(kMaxBatch * kHidden, 0.0f),
      input_gates_(kMaxBatch * kGates, 0.0f),
      h_(kHidden, 0.0f),
      c_(kHidden, 0.0f),
      gates_(kGates, 0.0f) {
  if (!w_) throw ParameterError("SileroVad needs weights (got none)");
}

void SileroVad::reset() {
  batch_ = 0;
  pending_ = 0;
  std::fill(chunks_.begin(), chunks_.begin() + kContext, 0.0f);
  std::fill(h_.begin(), h_.end(), 0.0f);
  std::fill(c_.begin(), c_.end(), 0.0f);
}

void SileroVad::push(FloatSpan samples, std::vector<float>& probabilities) {
  std::size_t i = 0;
  while (i < samples.size()) {
    float* slot = chunks_.data() + batch_ * kSlot;
    const std::size_t take = std::min(kChunk - pending_, samples.size() - i);
    std::memcpy(slot + kContext + pending_, samples.data() + i, take * sizeof(float));
    pending_ += take;
    i += take;
    if (pending_ < kChunk) break;
    pending_ = 0;
    if (++batch_ == kMaxBatch) {
      run_batch(probabilities);
    } else {
      // The next chunk's context: the last samples of this one.
      std::memcpy(slot + kSlot, slot + kSlot - kContext, kContext * sizeof(float));
    }
  }
  if (batch_ > 0) run_batch(probabilities);
}

void SileroVad::flush(std::vector<float>& probabilities) {
  if (pending_ > 0) {
    float* slot = chunks_.data() + batch_ * kSlot;
    std::fill(slot + kContext + pending_, slot + kSlot, 0.0f);
    pending_ = 0;
    ++batch_;
    run_batch(probabilities);
  }
  reset();
}

// |rfft| of the 4 frames of one chunk (kSlot samples), into 4 consecutive rows of kBins.
void SileroVad::front_end(const float* chunk, float* magnitudes) {
  float padded[kPadded];
  std::memcpy(padded, chunk, kSlot * sizeof(float));
  // torch's "reflect" mode: the edge sample is not repeated.
  for (std::size_t i = 0; i < kPadded - kSlot; ++i) padded[kSlot + i] = chunk[kSlot - 2 - i];
  for (std::size_t t = 0; t < kFrames; ++t) {
    float* in = fft_.real();
    for (std::size_t n = 0; n < kFft; ++n) in[n] = window_[n] * padded[t * kHop + n];
    fft_.forward();
    const std::complex<float>* s = fft_.spectrum();
    float* out = magnitudes + t * kBins;
    for (std::size_t k = 0; k < kBins; ++k) out[k] = std::sqrt(s[k].real() * s[k].real() + s[k].imag() * s[k].imag());
  }
}

void SileroVad::run_batch(std::vector<float>& probabilities) {
  const std::size_t n = batch_;
  const SileroWeights& w = *w_;
  for (std::size_t b = 0; b < n; ++b) front_end(chunks_.data() + b * kSlot, magnitudes_.data() + b * kMagStride + kBins);

  // Each convolution is one dense_columns call over every output frame of every chunk: output
  // frame t reads the input frames t - 1 .. t + 1 (2t - 1 .. 2t + 1 for strided ones), which lie
  // in a row in memory once the zero frame of the padding is counted.
  dense_columns(w.encoder_t[0].data(), w.encoder_bias[0].data(), 3 * kBins, kEnc0Channels, magnitudes_.data(),
                ColumnLayout::grouped(kBins, kFrames, kMagStride), enc0_.data() + kEnc0Channels, ColumnLayout::grouped(kEnc0Channels, kFrames, kEnc0Stride),
                n * kFrames, true);
  dense_columns(w.encoder_t[1].data(), w.encoder_bias[1].data(), 3 * kEnc0Channels, kEnc1Channels, enc0_.data(),
                ColumnLayout::grouped(2 * kEnc0Channels, 2, kEnc0Stride), enc1_.data() + kEnc1Channels, ColumnLayout::grouped(kEnc1Channels, 2, kEnc1Stride),
                n * 2, true);
  dense_columns(w.encoder_t[2].data(), w.encoder_bias[2].data(), 3 * kEnc1Channels, kEnc2Channels, enc1_.data(),
                ColumnLayout::uniform(kEnc1Stride), enc2_.data(), ColumnLayout::uniform(kEnc2Channels), n, true);
  // One frame in, one out: of the kernel only its middle tap meets a sample (the others meet padding).
  dense_columns(w.encoder_t[3].data() + kEnc2Channels * kHidden, w.encoder_bias[3].data(), kEnc2Channels, kHidden,
                enc2_.data(), ColumnLayout::uniform(kEnc2Channels), enc3_.data(), ColumnLayout::uniform(kHidden), n, true);
  // The LSTM's input half for every chunk at once; the recurrent half chunk by chunk.
  dense_columns(w.lstm_ih_t.data(), w.lstm_bias.data(), kHidden, kGates, enc3_.data(), ColumnLayout::uniform(kHidden), input_gates_.data(),
                ColumnLayout::uniform(kGates), n, false);
  for (std::size_t b = 0; b < n; ++b) recurrent_step(input_gates_.data() + b * kGates, probabilities);

  // The next batch starts with the last chunk's context and the samples of the chunk being filled.
  const float* last = chunks_.data() + (n - 1) * kSlot;
  std::memmove(chunks_.data(), last + kSlot - kContext, kContext * sizeof(float));
  if (pending_ > 0) {
    std::memmove(chunks_.data() + kContext, chunks_.data() + n * kSlot + kContext, pending_ * sizeof(float));
  }
  batch_ = 0;
}

void SileroVad::recurrent_step(const float* input_gates, std::vector<float>& probabilities) {
  const SileroWeights& w = *w_;
  dense_columns(w.lstm_hh_t.data(), input_gates, kHidden, kGates, h_.data(), ColumnLayout::uniform(0), gates_.data(),
                ColumnLayout::uniform(0), 1, false);
  const float* g = gates_.data();
  for (std::size_t j = 0; j < kHidden; ++j) {
    const float in = sigmoid(g[j]);
    const float forget = sigmoid(g[kHidden + j]);
    const float cell = std::tanh(g[2 * kHidden + j]);
    const float out = sigmoid(g[3 * kHidden + j]);
    c_[j] = forget * c_[j] + in * cell;
    h_[j] = out * std::tanh(c_[j]);
  }
  float logit = w.decoder_bias;
  for (std::size_t j = 0; j < kHidden; ++j) logit += w.decoder_weight[j] * std::max(h_[j], 0.0f);
  probabilities.push_back(sigmoid(logit));
}

}  // namespace ser::vad

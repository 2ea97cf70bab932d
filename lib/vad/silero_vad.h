// seremotion: Silero VAD v6.2, the 16 kHz network, in plain C++: which 32 ms chunks are speech.
//
// The forward pass of Silero's TorchScript module (github.com/snakers4/silero-vad, MIT), re-written
// from its graph, with the weights of silero_weights.h. For each chunk of 512 samples (32 ms at
// 16 kHz), with the last 64 samples of the chunk before as context (zeros after a reset):
//   front end  the 576 samples, reflection-padded by 64 on the right, cut into 4 frames of 256
//              every 128; |rfft(hann_periodic(256) * frame)|, 129 bins per frame;
//   encoder    four Conv1d(kernel 3, padding 1) + ReLU over the 4 frames: 129->128, 128->64
//              (stride 2), 64->64 (stride 2), 64->128: one vector of 128 per chunk;
//   decoder    LSTMCell(128, 128) carried from chunk to chunk, then ReLU, a 128->1 projection and
//              a sigmoid: the probability that the chunk is speech.
// The front end and the encoder depend on the chunk alone, so they run on up to kMaxBatch chunks
// at once; only the LSTM cell runs chunk by chunk. Outputs equal the TorchScript module's, called
// chunk by chunk with the same state, within 2e-5 (1.4e-6 measured;
// tests/lib/vad/test_silero_reference.cc).
//
// Not thread-safe: one object per stream. The weights may be shared by any number of them.
#pragma once

#include <memory>
#include <vector>

#include "common/span.h"
#include "dsp/fft.h"
#include "vad/silero_weights.h"

namespace ser::vad {

class SileroVad {
 public:
  static constexpr std::size_t kChunk = SileroWeights::kChunk;
  static constexpr std::size_t kMaxBatch = 32;  // chunks per forward of the encoder (1 s)

  // Throws ParameterError when `weights` is null.
  explicit SileroVad(std::shared_ptr<const SileroWeights> weights);

  // Appends `samples` (mono, 16 kHz, any count) and, to `probabilities`, the speech probability
  // of each chunk they complete, in order. Allocates nothing once constructed (besides the
  // growth of `probabilities`).
  void push(FloatSpan samples, std::vector<float>& probabilities);
  // The end of the stream: the samples since the last complete chunk, zero-padded to a chunk (as
  // Silero's own get_speech_timestamps does), give one more probability when there are any; then
  // reset().
  void flush(std::vector<float>& probabilities);
  // A new stream: no context, LSTM state zero, no pending samples.
  void reset();

  // Samples pushed since the last complete chunk (0 to kChunk - 1).
  std::size_t pending() const { return pending_; }

 private:
  void run_batch(std::vector<float>& probabilities);
  void front_end(const float* chunk, float* magnitudes);
  void recurrent_step(const float* input_gates, std::vector<float>& probabilities);

  std::shared_ptr<const SileroWeights> w_;
  dsp::RealFft fft_;
  std::vector<float> window_;
  // The chunks of the next batch: kContext + kChunk samples each (context first).
  std::vector<float> chunks_;
  std::size_t batch_ = 0;      // complete chunks in chunks_
  std::size_t pending_ = 0;    // samples of the chunk being filled (in chunks_ at slot batch_)
  // Activations of a batch, frame-major with zero frames where a convolution pads.
  std::vector<float> magnitudes_, enc0_, enc1_, enc2_, enc3_, input_gates_;
  // The LSTM cell's state and its gates for one step.
  std::vector<float> h_, c_, gates_;
};

}  // namespace ser::vad

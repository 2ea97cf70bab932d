// seremotion: Silero VAD's weights, read from seremotion's plain weights file.
//
// The file (written once by tools/convert-silero-vad.py from Silero VAD v6.2's TorchScript module,
// shipped as models/silero-vad/silero-vad-16k.weights) is, little-endian:
//   8 bytes   magic "SERVAD\0\1"
//   uint32    format version (1)
//   uint32    H, the length of the JSON header
//   H bytes   JSON: {"format": "seremotion-vad-weights", "sample_rate": 16000, "chunk_samples": 512,
//             "context_samples": 64, "tensors": [{"name", "shape"}, ...], source, licence, ...}
//   float32   the tensors, in the header's order, each in PyTorch's (row-major) layout
//   uint32    CRC-32 of every byte before it
// Reading checks all of it (size, magic, version, header, the exact tensors of the 16 kHz network,
// CRC, finite values) before anything is used, so a damaged file is an error, never a crash.
#pragma once

#include <memory>
#include <string>
#include <vector>

namespace ser::vad {

// The 16 kHz network of Silero VAD v6.2 (names as in the file; PyTorch's layouts):
//   encoder.i: Conv1d, kernel 3, padding 1, ReLU; channels 129->128 (stride 1), 128->64 (2),
//              64->64 (2), 64->128 (1): weight [out][in][3], bias [out]
//   lstm:      LSTMCell(128, 128): weight_ih, weight_hh [512][128], bias_ih, bias_hh [512],
//              gates in PyTorch's order (input, forget, cell, output)
//   decoder:   ReLU, Conv1d(128 -> 1, kernel 1), sigmoid: weight [128], bias [1]
// The kernels (silero_vad.cc) want the weights transposed, input-major: `encoder_t[i]` is
// [in * 3][out] with row (tap * in + channel), `lstm_ih_t` and `lstm_hh_t` are [128][512].
struct SileroWeights {
  static constexpr int kSampleRate = 16000;
  static constexpr int kChunk = 512;    // samples per decision (32 ms)
  static constexpr int kContext = 64;   // samples of the previous chunk each chunk sees
  static constexpr int kHidden = 128;   // LSTM state
  static constexpr int kGates = 4 * kHidden;

  std::vector<float> encoder_t[4];
  std::vector<float> encoder_bias[4];
  std::vector<float> lstm_ih_t;
  std::vector<float> lstm_hh_t;
  std::vector<float> lstm_bias;  // bias_ih + bias_hh
  std::vector<float> decoder_weight;
  float decoder_bias = 0;

  std::string path;  // where they were read from
};

// Reads and checks the weights file at `path`. Throws ModelError naming the file and what is
// wrong with it (missing, unreadable, not a weights file, damaged, another network), and saying
// how to get a good one.
std::shared_ptr<const SileroWeights> load_silero_weights(const std::string& path);

}  // namespace ser::vad

#include "vad/silero_weights.h"

#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>

#include <nlohmann/json.hpp>

#include "common/crc32.h"
#include "common/error.h"

namespace ser::vad {
namespace {

constexpr char kMagic[8] = {'S', 'E', 'R', 'V', 'A', 'D', '\0', '\1'};
constexpr std::uint32_t kFormatVersion = 1;
constexpr std::size_t kHeaderBytes = sizeof kMagic + 8;  // magic, version, JSON length
constexpr std::size_t kMaxFileBytes = 16u << 20;         // the real file is under 1 MB

struct TensorSpec {
  const char* name;
  std::vector<std::int64_t> shape;
};

// What the 16 kHz network needs, in the file's order.
const std::vector<TensorSpec>& expected_tensors() {
  static const std::vector<TensorSpec> specs = {
      {"encoder.0.weight", {128, 129, 3}}, {"encoder.0.bias", {128}},
      {"encoder.1.weight", {64, 128, 3}},  {"encoder.1.bias", {64}},
      {"encoder.2.weight", {64, 64, 3}},   {"encoder.2.bias", {64}},
      {"encoder.3.weight", {128, 64, 3}},  {"encoder.3.bias", {128}},
      {"lstm.weight_ih", {512, 128}},      {"lstm.weight_hh", {512, 128}},
      {"lstm.bias_ih", {512}},             {"lstm.bias_hh", {512}},
      {"decoder.weight", {1, 128, 1}},     {"decoder.bias", {1}},
  };
  return specs;
}

std::uint32_t get_u32(const std::string& bytes, std::size_t at) {
  std::uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v |= static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[at + i])) << (8 * i);
  return v;
}

std::size_t numel(const std::vector<std::int64_t>& shape) {
  std::size_t n = 1;
  for (auto d : shape) n *= static_cast<std::size_t>(d);
  return n;
}

std::string shape_text(const std::vector<std::int64_t>& shape) {
  std::string s = "[";
  for (std::size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
  return s + "]";
}

std::string read_bytes(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::exists(path, ec) && !std::filesystem::is_regular_file(path, ec)) {
    throw Error("is not a regular file");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error("cannot be opened (missing or unreadable)");
  in.seekg(0, std::ios::end);
  const auto size = static_cast<std::size_t>(in.tellg());
  if (size > kMaxFileBytes) throw Error("is too large (" + std::to_string(size) + " bytes; VAD weights take about 1 MB)");
  in.seekg(0);
  std::string bytes(size, '\0');
  if (!in.read(bytes.data(), static_cast<std::streamsize>(size))) throw Error("cannot be read");
  return bytes;
}

// Checks the framing (magic, version, lengths, CRC) and returns the JSON header's text; the
// tensor data follows it at `data_at`.
std::string check_framing(const std::string& bytes, std::size_t& data_at) {
  if (bytes.size() < kHeaderBytes + 4 || std::memcmp(bytes.data(), kMagic, sizeof kMagic) != 0) {
    throw Error("is not a seremotion VAD weights file (no SERVAD magic)");
  }
  const std::uint32_t version = get_u32(bytes, 8);
  if (version != kFormatVersion) {
    throw Error("has format version " + std::to_string(version) + "; this build reads version " +
                std::to_string(kFormatVersion));
  }
  const std::uint32_t header_len = get_u32(bytes, 12);
  if (header_len > bytes.size() - kHeaderBytes - 4) throw Error("is truncated (its header runs past the end)");
  const std::size_t crc_at = bytes.size() - 4;
  if (crc32(bytes.data(), crc_at) != get_u32(bytes, crc_at)) throw Error("is damaged (checksum mismatch)");
  data_at = kHeaderBytes + header_len;
  return bytes.substr(kHeaderBytes, header_len);
}

// The tensors of `header`, checked against the network, as (offset, count) into the data.
std::vector<std::vector<float>> read_tensors(const nlohmann::json& header, const std::string& bytes,
                                             std::size_t data_at) {
  if (header.value("format", "") != "seremotion-vad-weights" || header.value("sample_rate", 0) != 16000 ||
      header.value("chunk_samples", 0) != SileroWeights::kChunk ||
      header.value("context_samples", 0) != SileroWeights::kContext) {
    throw Error("does not describe Silero VAD's 16 kHz network (format, sample_rate, chunk_samples or "
                "context_samples differ)");
  }
  const auto& listed = header.at("tensors");
  const auto& specs = expected_tensors();
  if (!listed.is_array() || listed.size() != specs.size()) {
    throw Error("lists " + std::to_string(listed.size()) + " tensors; Silero VAD has " + std::to_string(specs.size()));
  }
  std::vector<std::vector<float>> tensors;
  std::size_t at = data_at;
  const std::size_t data_end = bytes.size() - 4;
  for (std::size_t i = 0; i < specs.size(); ++i) {
    const std::string name = listed[i].at("name").get<std::string>();
    const auto shape = listed[i].at("shape").get<std::vector<std::int64_t>>();
    if (name != specs[i].name || shape != specs[i].shape) {
      throw Error("has tensor " + std::to_string(i) + " " + name + " " + shape_text(shape) + " where Silero VAD has " +
                  specs[i].name + " " + shape_text(specs[i].shape));
    }
    const std::size_t n = numel(shape);
    if (n * sizeof(float) > data_end - at) throw Error("is truncated (tensor " + name + " runs past the end)");
    std::vector<float> values(n);
    std::memcpy(values.data(), bytes.data() + at, n * sizeof(float));  // little-endian, as is every target
    at += n * sizeof(float);
    for (float v : values) {
      if (!std::isfinite(v)) throw Error("is damaged (tensor " + name + " holds a value that is not finite)");
    }
    tensors.push_back(std::move(values));
  }
  if (at != data_end) throw Error("has " + std::to_string(data_end - at) + " bytes beyond its tensors");
  return tensors;
}

// w[out][in][3] as [tap * in + channel][out]: the rows of one output position's input, in the
// order the frames lie in memory (frame-major: tap t reads frame t - 1 .. t + 1).
std::vector<float> transpose_conv(const std::vector<float>& w, std::size_t out, std::size_t in) {
  std::vector<float> t(w.size());
  for (std::size_t o = 0; o < out; ++o) {
    for (std::size_t c = 0; c < in; ++c) {
      for (std::size_t k = 0; k < 3; ++k) t[(k * in + c) * out + o] = w[(o * in + c) * 3 + k];
    }
  }
  return t;
}

std::vector<float> transpose(const std::vector<float>& w, std::size_t rows, std::size_t cols) {
  std::vector<float> t(w.size());
  for (std::size_t r = 0; r < rows; ++r) {
    for (std::size_t c = 0; c < cols; ++c) t[c * rows + r] = w[r * cols + c];
  }
  return t;
}

}  // namespace

std::shared_ptr<const SileroWeights> load_silero_weights(const std::string& path) {
  try {
    const std::string bytes = read_bytes(path);
    std::size_t data_at = 0;
    const std::string header_text = check_framing(bytes, data_at);
    const auto header = nlohmann::json::parse(header_text);
    const auto t = read_tensors(header, bytes, data_at);

    auto w = std::make_shared<SileroWeights>();
    const std::size_t channels[5] = {129, 128, 64, 64, 128};
    for (std::size_t i = 0; i < 4; ++i) {
      w->encoder_t[i] = transpose_conv(t[2 * i], channels[i + 1], channels[i]);
      w->encoder_bias[i] = t[2 * i + 1];
    }
    w->lstm_ih_t = transpose(t[8], SileroWeights::kGates, SileroWeights::kHidden);
    w->lstm_hh_t = transpose(t[9], SileroWeights::kGates, SileroWeights::kHidden);
    w->lstm_bias.resize(SileroWeights::kGates);
    for (std::size_t g = 0; g < w->lstm_bias.size(); ++g) w->lstm_bias[g] = t[10][g] + t[11][g];
    w->decoder_weight = t[12];
    w->decoder_bias = t[13][0];
    w->path = path;
    return w;
  } catch (const std::exception& e) {
    // nlohmann's parse and type errors, and our own, all name the file the same way.
    throw ModelError("VAD weights file '" + path + "' " +
                     (dynamic_cast<const Error*>(&e) ? "" : "has a header that cannot be read: ") +
                     e.what() +
                     ": reinstall seremotion, set SEREMOTION_VAD_MODEL to a good copy of "
                     "models/silero-vad/silero-vad-16k.weights, or choose another vad setting");
  }
}

}  // namespace ser::vad

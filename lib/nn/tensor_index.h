// seremotion: the tensor index of a .sermodel bundle: which tensor lies where in its data section.
//
// JSON, one object per tensor, in the order they were written:
//   [{"name": "blocks.0.conv.weight", "dtype": "float32", "shape": [16, 1, 3, 3], "offset": 0}, ...]
// `offset` counts bytes from the start of the data section; values are raw, little-endian, C order.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace ser::nn {

// The element types a bundle stores: parameters and BatchNorm statistics (float32) and
// BatchNorm's num_batches_tracked counter (int64).
enum class TensorDType { Float32, Int64 };

struct TensorRecord {
  std::string name;  // the module's dotted name, e.g. "head.weight"
  TensorDType dtype = TensorDType::Float32;
  std::vector<std::int64_t> shape;
  std::uint64_t offset = 0;  // bytes from the start of the data section

  std::uint64_t numel() const;
  std::uint64_t nbytes() const;
};

const char* dtype_name(TensorDType dtype);
std::size_t dtype_bytes(TensorDType dtype);

// Where the writer puts the next tensor after `end`: tensors start on 64-byte boundaries.
std::uint64_t align_tensor_offset(std::uint64_t end);

nlohmann::json tensor_index_to_json(const std::vector<TensorRecord>& records);

// Parses and checks an index against a data section of `data_bytes`: valid JSON, names non-empty
// and unique, known dtypes, non-negative dimensions, and every tensor inside the section. Throws
// ModelError saying what is wrong (the caller adds the file name).
std::vector<TensorRecord> parse_tensor_index(std::string_view text, std::uint64_t data_bytes);

}  // namespace ser::nn

#include "nn/tensor_index.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "common/bounded_json.h"
#include "common/error.h"

namespace ser::nn {
namespace {

// A tensor may have at most this many dimensions (torch's own limit is 64; ours need 4).
constexpr std::size_t kMaxDims = 8;

[[noreturn]] void bad(const std::string& problem) { throw ModelError("tensor index: " + problem); }

TensorDType parse_dtype(const std::string& name, const std::string& tensor) {
  if (name == "float32") return TensorDType::Float32;
  if (name == "int64") return TensorDType::Int64;
  bad("tensor '" + tensor + "' has dtype '" + name + "' (known: float32, int64)");
}

TensorRecord parse_record(const nlohmann::json& j, std::uint64_t data_bytes) {
  if (!j.is_object() || !j.contains("name") || !j["name"].is_string() || !j.contains("dtype") ||
      !j["dtype"].is_string() || !j.contains("shape") || !j["shape"].is_array() || !j.contains("offset") ||
      !j["offset"].is_number_unsigned() || j.size() != 4) {
    bad("every entry must be {\"name\": string, \"dtype\": string, \"shape\": [int], \"offset\": uint}");
  }
  TensorRecord r;
  r.name = j["name"].get<std::string>();
  if (r.name.empty()) bad("a tensor has an empty name");
  r.dtype = parse_dtype(j["dtype"].get<std::string>(), r.name);
  if (j["shape"].size() > kMaxDims) bad("tensor '" + r.name + "' has more than 8 dimensions");
  for (const auto& d : j["shape"]) {
    if (!d.is_number_unsigned()) bad("tensor '" + r.name + "' has a dimension that is not an integer >= 0");
    r.shape.push_back(static_cast<std::int64_t>(std::min<std::uint64_t>(d.get<std::uint64_t>(), data_bytes + 1)));
  }
  // Checked while multiplying, so that no product of corrupt dimensions can overflow.
  if (std::find(r.shape.begin(), r.shape.end(), 0) == r.shape.end()) {
    std::uint64_t elements_left = data_bytes / dtype_bytes(r.dtype);
    for (auto dim : r.shape) {
      if (static_cast<std::uint64_t>(dim) > elements_left) bad("tensor '" + r.name + "' is larger than the data section");
      elements_left /= static_cast<std::uint64_t>(dim);
    }
  }
  r.offset = j["offset"].get<std::uint64_t>();
  if (r.offset > data_bytes || r.nbytes() > data_bytes - r.offset) {
    bad("tensor '" + r.name + "' lies beyond the end of the data section");
  }
  return r;
}

}  // namespace

std::uint64_t TensorRecord::numel() const {
  std::uint64_t n = 1;
  for (auto d : shape) n *= static_cast<std::uint64_t>(d);
  return n;
}

std::uint64_t TensorRecord::nbytes() const { return numel() * dtype_bytes(dtype); }

const char* dtype_name(TensorDType dtype) { return dtype == TensorDType::Float32 ? "float32" : "int64"; }

std::size_t dtype_bytes(TensorDType dtype) { return dtype == TensorDType::Float32 ? 4 : 8; }

std::uint64_t align_tensor_offset(std::uint64_t end) { return (end + 63) / 64 * 64; }

nlohmann::json tensor_index_to_json(const std::vector<TensorRecord>& records) {
  auto out = nlohmann::json::array();
  for (const auto& r : records) {
    out.push_back({{"name", r.name}, {"dtype", dtype_name(r.dtype)}, {"shape", r.shape}, {"offset", r.offset}});
  }
  return out;
}

std::vector<TensorRecord> parse_tensor_index(std::string_view text, std::uint64_t data_bytes) {
  const JsonParse parsed = parse_json(text);
  if (!parsed) bad(parsed.error);
  const auto& j = parsed.value;
  if (!j.is_array()) bad("expected a JSON array");
  std::vector<TensorRecord> records;
  std::set<std::string> names;
  for (const auto& entry : j) {
    records.push_back(parse_record(entry, data_bytes));
    if (!names.insert(records.back().name).second) bad("tensor '" + records.back().name + "' is listed twice");
  }
  return records;
}

}  // namespace ser::nn

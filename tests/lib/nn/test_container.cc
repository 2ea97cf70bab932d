#include "nn/container.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "common/error.h"
#include "common/crc32.h"
#include "nn/tensor_index.h"

namespace ser::nn {
namespace {

void expect_model_error(const std::function<void()>& f, const std::string& fragment) {
  try {
    f();
    ADD_FAILURE() << "no ModelError";
  } catch (const ModelError& e) {
    EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
  }
}

TEST(Crc32, KnownValues) {
  EXPECT_EQ(crc32("123456789", 9), 0xCBF43926u);
  EXPECT_EQ(crc32("", 0), 0u);
  // A running checksum over pieces equals the checksum of the whole.
  EXPECT_EQ(crc32("6789", 4, crc32("12345", 5)), 0xCBF43926u);
}

TEST(Container, RoundTrip) {
  const std::string data("\x00\x01\x02\xff", 4);
  const std::string bytes = pack_container({"{\"a\":1}", "[]", data});
  EXPECT_EQ(bytes.size(), kContainerOverheadBytes + 7 + 2 + 4);
  EXPECT_TRUE(has_container_magic(bytes));
  const auto s = unpack_container(bytes);
  EXPECT_EQ(s.metadata, "{\"a\":1}");
  EXPECT_EQ(s.tensor_index, "[]");
  EXPECT_EQ(s.tensor_data, data);
}

TEST(Container, EveryDamageIsRefusedBeforeParsing) {
  const std::string good = pack_container({"{}", "[]", std::string(100, 'x')});
  expect_model_error([&] { unpack_container(""); }, "magic");
  expect_model_error([&] { unpack_container("SERMOD"); }, "magic");
  expect_model_error([&] { unpack_container("PK\x03\x04 hello"); }, "magic");
  expect_model_error([&] { unpack_container(good.substr(0, 20)); }, "truncated");
  expect_model_error([&] { unpack_container(good.substr(0, good.size() - 1)); }, "truncated");
  expect_model_error([&] { unpack_container(good + "extra"); }, "beyond the sections");
  auto flipped = good;
  flipped[60] ^= 0x10;
  expect_model_error([&] { unpack_container(flipped); }, "checksum");
  auto version = good;
  version[8] = 2;
  expect_model_error([&] { unpack_container(version); }, "version 2");
  auto flags = good;
  flags[12] = 1;
  expect_model_error([&] { unpack_container(flags); }, "flags");
  auto huge = good;
  for (int i = 16; i < 24; ++i) huge[i] = '\xff';  // a section size that overflows any sum
  expect_model_error([&] { unpack_container(huge); }, "truncated or corrupt");
}

TEST(TensorIndex, RoundTripAndAlignment) {
  std::vector<TensorRecord> records{{"a.weight", TensorDType::Float32, {2, 3}, 0},
                                    {"a.count", TensorDType::Int64, {}, 64}};
  EXPECT_EQ(records[0].nbytes(), 24u);
  EXPECT_EQ(records[1].nbytes(), 8u);  // a scalar holds one element
  EXPECT_EQ(align_tensor_offset(24), 64u);
  EXPECT_EQ(align_tensor_offset(64), 64u);
  const auto back = parse_tensor_index(tensor_index_to_json(records).dump(), 72);
  ASSERT_EQ(back.size(), 2u);
  EXPECT_EQ(back[0].name, "a.weight");
  EXPECT_EQ(back[0].shape, (std::vector<int64_t>{2, 3}));
  EXPECT_EQ(back[1].dtype, TensorDType::Int64);
  EXPECT_EQ(back[1].offset, 64u);
}

TEST(TensorIndex, BadIndexesAreRefused) {
  const std::string entry = R"({"name": "w", "dtype": "float32", "shape": [2, 3], "offset": 0})";
  EXPECT_NO_THROW(parse_tensor_index("[" + entry + "]", 24));
  expect_model_error([&] { parse_tensor_index("[" + entry + "]", 23); }, "larger than the data section");
  const std::string late = R"({"name": "w", "dtype": "float32", "shape": [2, 3], "offset": 8})";
  expect_model_error([&] { parse_tensor_index("[" + late + "]", 24); }, "beyond the end");
  expect_model_error([&] { parse_tensor_index("[" + entry + "," + entry + "]", 100); }, "listed twice");
  expect_model_error([&] { parse_tensor_index("[", 100); }, "not valid JSON");
  expect_model_error([&] { parse_tensor_index("{}", 100); }, "array");
  expect_model_error([&] { parse_tensor_index(R"([{"name": "w"}])", 100); }, "every entry");
  expect_model_error([&] { parse_tensor_index(R"([{"name": "w", "dtype": "float16", "shape": [1], "offset": 0}])", 100); },
                     "float16");
  expect_model_error([&] { parse_tensor_index(R"([{"name": "w", "dtype": "float32", "shape": [-1], "offset": 0}])", 100); },
                     "dimension");
  expect_model_error(
      [&] {
        parse_tensor_index(
            R"([{"name": "w", "dtype": "float32", "shape": [4294967296, 4294967296, 4294967296], "offset": 0}])", 100);
      },
      "larger than");
  expect_model_error(
      [&] { parse_tensor_index(R"([{"name": "w", "dtype": "float32", "shape": [1], "offset": 18446744073709551615}])", 100); },
      "beyond the end");
  expect_model_error([&] { parse_tensor_index(R"([{"name": "", "dtype": "float32", "shape": [1], "offset": 0}])", 100); },
                     "empty name");
}

}  // namespace
}  // namespace ser::nn

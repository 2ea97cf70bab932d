// seremotion: the byte layout of a .sermodel bundle, checked before anything parses its content.
//
//   offset      size  field
//   0           8     magic "SERMODEL"
//   8           4     container version, 1 (uint32, little-endian like every integer here)
//   12          4     flags, 0 (reserved)
//   16          8     M, bytes of the metadata JSON (uint64)
//   24          8     I, bytes of the tensor index JSON (uint64)
//   32          8     D, bytes of tensor data (uint64)
//   40          M     metadata: ModelInfo::to_json (model_info.h), UTF-8
//   40+M        I     tensor index: name, dtype, shape and offset of each tensor (tensor_index.h)
//   40+M+I      D     tensor data, raw little-endian values, each tensor 64-byte aligned
//   40+M+I+D    4     CRC-32 (crc32.h) of every byte before it
//
// The file is exactly 44 + M + I + D bytes: a truncated or extended file is refused by its length,
// a corrupted one by its checksum, before a JSON parser or libtorch sees a byte. The tensors are
// our own table rather than a torch archive so that loading never hands untrusted bytes to
// torch's unpickler: every name, shape and offset is checked against the network first.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace ser::nn {

constexpr char kContainerMagic[8] = {'S', 'E', 'R', 'M', 'O', 'D', 'E', 'L'};
constexpr std::uint32_t kContainerVersion = 1;
constexpr std::size_t kContainerHeaderBytes = 40;
constexpr std::size_t kContainerOverheadBytes = kContainerHeaderBytes + 4;  // header + CRC

// The three sections of a container; views into the bytes they were read from.
struct ContainerSections {
  std::string_view metadata;
  std::string_view tensor_index;
  std::string_view tensor_data;
};

// Whether `bytes` start with the container magic (any other check is unpack's).
bool has_container_magic(std::string_view bytes);

// The bytes of a container holding the three sections.
std::string pack_container(const ContainerSections& sections);

// The sections of `bytes`, after checking magic, version, flags, length and checksum. Throws
// ModelError saying which check failed (the caller adds the file name).
ContainerSections unpack_container(std::string_view bytes);

}  // namespace ser::nn

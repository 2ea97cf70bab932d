#include "nn/container.h"

#include <cstring>
#include <sstream>

#include "common/error.h"
#include "common/crc32.h"

namespace ser::nn {
namespace {

void put_le(std::string& out, std::uint64_t value, int bytes) {
  for (int i = 0; i < bytes; ++i) out.push_back(static_cast<char>((value >> (8 * i)) & 0xFFu));
}

std::uint64_t get_le(std::string_view in, std::size_t offset, int bytes) {
  std::uint64_t value = 0;
  for (int i = 0; i < bytes; ++i) {
    value |= static_cast<std::uint64_t>(static_cast<unsigned char>(in[offset + i])) << (8 * i);
  }
  return value;
}

std::string hex32(std::uint32_t v) {
  std::ostringstream s;
  s << "0x" << std::hex << v;
  return s.str();
}

}  // namespace

bool has_container_magic(std::string_view bytes) {
  return bytes.size() >= sizeof kContainerMagic && std::memcmp(bytes.data(), kContainerMagic, sizeof kContainerMagic) == 0;
}

std::string pack_container(const ContainerSections& sections) {
  std::string out;
  out.reserve(kContainerOverheadBytes + sections.metadata.size() + sections.tensor_index.size() +
              sections.tensor_data.size());
  out.append(kContainerMagic, sizeof kContainerMagic);
  put_le(out, kContainerVersion, 4);
  put_le(out, 0, 4);
  put_le(out, sections.metadata.size(), 8);
  put_le(out, sections.tensor_index.size(), 8);
  put_le(out, sections.tensor_data.size(), 8);
  out.append(sections.metadata);
  out.append(sections.tensor_index);
  out.append(sections.tensor_data);
  put_le(out, crc32(out.data(), out.size()), 4);
  return out;
}

ContainerSections unpack_container(std::string_view bytes) {
  if (!has_container_magic(bytes)) throw ModelError("not a .sermodel bundle (no SERMODEL magic)");
  if (bytes.size() < kContainerOverheadBytes) {
    throw ModelError("truncated: " + std::to_string(bytes.size()) + " bytes, fewer than the " +
                     std::to_string(kContainerOverheadBytes) + " of an empty container");
  }
  const std::uint64_t version = get_le(bytes, 8, 4);
  if (version != kContainerVersion) {
    throw ModelError("container version " + std::to_string(version) + " is not supported (this build reads " +
                     std::to_string(kContainerVersion) + "; was it written by a newer seremotion?)");
  }
  if (get_le(bytes, 12, 4) != 0) throw ModelError("unknown container flags (corrupt, or from a newer seremotion)");
  const std::uint64_t sizes[3] = {get_le(bytes, 16, 8), get_le(bytes, 24, 8), get_le(bytes, 32, 8)};
  const std::uint64_t body = bytes.size() - kContainerOverheadBytes;
  // Compared one by one so that corrupt sizes cannot overflow the sum.
  std::uint64_t declared = 0;
  for (std::uint64_t s : sizes) {
    if (s > body - declared) {
      throw ModelError("truncated or corrupt: the header declares more section bytes than the file's " +
                       std::to_string(bytes.size()) + " bytes hold");
    }
    declared += s;
  }
  if (declared != body) {
    throw ModelError("corrupt: " + std::to_string(body - declared) + " bytes beyond the sections the header declares");
  }
  const std::size_t crc_at = bytes.size() - 4;
  const auto stored = static_cast<std::uint32_t>(get_le(bytes, crc_at, 4));
  const std::uint32_t computed = crc32(bytes.data(), crc_at);
  if (stored != computed) {
    throw ModelError("checksum mismatch (stored " + hex32(stored) + ", computed " + hex32(computed) +
                     "): the file is corrupt");
  }
  ContainerSections s;
  std::size_t at = kContainerHeaderBytes;
  s.metadata = bytes.substr(at, sizes[0]);
  s.tensor_index = bytes.substr(at += sizes[0], sizes[1]);
  s.tensor_data = bytes.substr(at += sizes[1], sizes[2]);
  return s;
}

}  // namespace ser::nn

// seremotion: CRC-32, the checksum that guards the files seremotion writes (model bundles, VAD weights, caches).
#pragma once

#include <cstddef>
#include <cstdint>

namespace ser {

// CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320, initial and final XOR 0xFFFFFFFF), the
// checksum of zip, gzip and PNG: crc32("123456789") == 0xCBF43926. Pass the previous result as
// `crc` to continue a running checksum over several pieces.
std::uint32_t crc32(const void* data, std::size_t size, std::uint32_t crc = 0);

}  // namespace ser

#include "nn/zip_check.h"

#include <zlib.h>

#include <cstdint>
#include <string>

#include "common/error.h"
#include "common/crc32.h"

namespace ser::nn {
namespace {

// Zip record signatures and fixed sizes (APPNOTE.TXT 6.3.x, sections 4.3.7, 4.3.12, 4.3.14-16).
constexpr std::uint32_t kLocalHeader = 0x04034b50, kCentralHeader = 0x02014b50, kEnd = 0x06054b50,
                        kEnd64 = 0x06064b50, kEnd64Locator = 0x07064b50;
constexpr std::size_t kLocalHeaderBytes = 30, kCentralHeaderBytes = 46, kEndBytes = 22, kEnd64LocatorBytes = 20,
                      kEnd64Bytes = 56;
constexpr std::uint64_t kMaxEntries = 100000;
constexpr std::uint64_t kMaxEntryBytes = std::uint64_t{1} << 32;

[[noreturn]] void bad(const std::string& problem) { throw ModelError("not a sound zip archive: " + problem); }

// Little-endian reads that refuse to leave the archive.
struct Reader {
  std::string_view bytes;

  std::uint64_t get(std::uint64_t at, int n) const {
    if (at > bytes.size() || static_cast<std::uint64_t>(n) > bytes.size() - at) bad("a record runs past the end (truncated?)");
    std::uint64_t v = 0;
    for (int i = 0; i < n; ++i) v |= static_cast<std::uint64_t>(static_cast<unsigned char>(bytes[at + i])) << (8 * i);
    return v;
  }
  std::uint32_t u16(std::uint64_t at) const { return static_cast<std::uint32_t>(get(at, 2)); }
  std::uint32_t u32(std::uint64_t at) const { return static_cast<std::uint32_t>(get(at, 4)); }
  std::uint64_t u64(std::uint64_t at) const { return get(at, 8); }
  std::string_view slice(std::uint64_t at, std::uint64_t n) const {
    if (at > bytes.size() || n > bytes.size() - at) bad("an entry runs past the end (truncated?)");
    return bytes.substr(at, n);
  }
};

struct Directory {
  std::uint64_t entries = 0;
  std::uint64_t offset = 0;  // of the central directory
  std::uint64_t size = 0;
  std::uint64_t end = 0;     // where the records after it start (zip64 or not)
};

// The end-of-central-directory record: the last signature whose comment reaches the end.
Directory find_directory(const Reader& r) {
  const std::uint64_t n = r.bytes.size();
  if (n < kEndBytes) bad("too short for an end-of-central-directory record");
  std::uint64_t at = n - kEndBytes;
  const std::uint64_t lowest = n - kEndBytes > 65535 ? n - kEndBytes - 65535 : 0;
  while (!(r.u32(at) == kEnd && at + kEndBytes + r.u16(at + 20) == n)) {
    if (at == lowest) bad("no end-of-central-directory record (truncated?)");
    --at;
  }
  if (r.u16(at + 4) != 0 || r.u16(at + 6) != 0) bad("multi-disk archives are not supported");
  Directory d{r.u16(at + 10), r.u32(at + 16), r.u32(at + 12), at};
  if (r.u16(at + 8) != d.entries) bad("inconsistent entry counts");
  if (at >= kEnd64LocatorBytes && r.u32(at - kEnd64LocatorBytes) == kEnd64Locator) {
    const std::uint64_t end64 = r.u64(at - kEnd64LocatorBytes + 8);
    if (r.u32(end64) != kEnd64 || end64 + kEnd64Bytes > at - kEnd64LocatorBytes) bad("bad zip64 end record");
    d = {r.u64(end64 + 32), r.u64(end64 + 48), r.u64(end64 + 40), end64};
    if (r.u64(end64 + 24) != d.entries) bad("inconsistent zip64 entry counts");
  }
  if (d.entries == 0 || d.entries > kMaxEntries) bad("an implausible number of entries: " + std::to_string(d.entries));
  if (d.offset > d.end || d.size != d.end - d.offset) bad("the central directory is not where the end record says");
  return d;
}

struct Entry {
  std::string name;
  std::uint32_t method = 0;
  std::uint32_t crc = 0;
  std::uint64_t compressed = 0;
  std::uint64_t size = 0;
  std::uint64_t local_offset = 0;
};

// Sizes and offset of 0xFFFFFFFF live in the zip64 extra field (id 1), in this order.
void read_zip64_extra(const Reader& r, std::uint64_t extra, std::uint64_t extra_end, Entry& e) {
  std::uint64_t* fields[3] = {&e.size, &e.compressed, &e.local_offset};
  while (extra + 4 <= extra_end) {
    const std::uint32_t id = r.u16(extra), length = r.u16(extra + 2);
    if (extra + 4 + length > extra_end) bad("an extra field runs past its entry");
    if (id == 1) {
      std::uint64_t at = extra + 4;
      for (auto* f : fields) {
        if (*f != 0xFFFFFFFFu) continue;
        if (at + 8 > extra + 4 + length) bad("a short zip64 extra field");
        *f = r.u64(at);
        at += 8;
      }
      return;
    }
    extra += 4 + length;
  }
}

Entry read_entry(const Reader& r, std::uint64_t& at, std::uint64_t directory_end) {
  if (at + kCentralHeaderBytes > directory_end || r.u32(at) != kCentralHeader) bad("a damaged central-directory entry");
  Entry e;
  e.method = r.u16(at + 10);
  e.crc = r.u32(at + 16);
  e.compressed = r.u32(at + 20);
  e.size = r.u32(at + 24);
  const std::uint32_t name_length = r.u16(at + 28), extra_length = r.u16(at + 30), comment_length = r.u16(at + 32);
  e.local_offset = r.u32(at + 42);
  e.name = std::string(r.slice(at + kCentralHeaderBytes, name_length));
  const std::uint64_t extra = at + kCentralHeaderBytes + name_length;
  read_zip64_extra(r, extra, extra + extra_length, e);
  at = extra + extra_length + comment_length;
  if (at > directory_end) bad("the central directory overruns its size");
  return e;
}

// The CRC-32 of a raw deflate stream's output, which must be exactly `size` bytes.
std::uint32_t inflated_crc(std::string_view data, std::uint64_t size, const std::string& name) {
  z_stream z{};
  if (inflateInit2(&z, -MAX_WBITS) != Z_OK) bad("zlib cannot start");
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  unsigned char chunk[1 << 15];
  std::uint32_t crc = 0;
  std::uint64_t produced = 0;
  int status = Z_OK;
  while (status == Z_OK) {
    z.next_out = chunk;
    z.avail_out = sizeof chunk;
    status = inflate(&z, Z_NO_FLUSH);
    const std::size_t got = sizeof chunk - z.avail_out;
    crc = crc32(chunk, got, crc);
    produced += got;
    if (produced > size) break;
    if (status == Z_BUF_ERROR && z.avail_in == 0) break;  // input ended before the stream
  }
  inflateEnd(&z);
  if (status != Z_STREAM_END || produced != size) bad("entry '" + name + "' does not inflate to its size");
  return crc;
}

void check_entry(const Reader& r, const Entry& e, std::uint64_t data_limit) {
  if (e.local_offset + kLocalHeaderBytes > data_limit || r.u32(e.local_offset) != kLocalHeader) {
    bad("entry '" + e.name + "' has no local header where the directory says");
  }
  const std::uint32_t name_length = r.u16(e.local_offset + 26), extra_length = r.u16(e.local_offset + 28);
  if (r.slice(e.local_offset + kLocalHeaderBytes, name_length) != e.name) bad("entry '" + e.name + "' has another local name");
  const std::uint64_t start = e.local_offset + kLocalHeaderBytes + name_length + extra_length;
  if (start > data_limit || e.compressed > data_limit - start) bad("entry '" + e.name + "' runs into the directory");
  if (e.size > kMaxEntryBytes) bad("entry '" + e.name + "' is implausibly large");
  const std::string_view data = r.slice(start, e.compressed);
  std::uint32_t crc = 0;
  if (e.method == 0) {
    if (e.compressed != e.size) bad("stored entry '" + e.name + "' has two sizes");
    crc = crc32(data.data(), data.size());
  } else if (e.method == 8) {
    crc = inflated_crc(data, e.size, e.name);
  } else {
    bad("entry '" + e.name + "' uses compression method " + std::to_string(e.method) + " (known: stored, deflate)");
  }
  if (crc != e.crc) bad("entry '" + e.name + "' fails its CRC-32 check (the file is corrupt)");
}

}  // namespace

void check_zip_archive(std::string_view bytes) {
  const Reader r{bytes};
  const Directory d = find_directory(r);
  std::uint64_t at = d.offset;
  for (std::uint64_t i = 0; i < d.entries; ++i) check_entry(r, read_entry(r, at, d.end), d.offset);
  if (at != d.end) bad("the central directory holds more than its entries");
}

}  // namespace ser::nn

#include "io/truncation.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>

#include "io/decode_error.h"

namespace ser::io {

namespace {

// Closes on scope exit; every read here is a pread at an explicit offset.
class ReadOnlyFile {
 public:
  explicit ReadOnlyFile(const std::string& path) : fd_(::open(path.c_str(), O_RDONLY | O_CLOEXEC)) {}
  ~ReadOnlyFile() {
    if (fd_ >= 0) ::close(fd_);
  }
  ReadOnlyFile(const ReadOnlyFile&) = delete;
  ReadOnlyFile& operator=(const ReadOnlyFile&) = delete;

  bool ok() const { return fd_ >= 0; }
  std::uint64_t size() const {
    struct stat st {};
    return ::fstat(fd_, &st) == 0 ? static_cast<std::uint64_t>(st.st_size) : 0;
  }
  // Whether all `n` bytes at `offset` were read.
  bool read(std::uint64_t offset, void* out, std::size_t n) const {
    return ::pread(fd_, out, n, static_cast<off_t>(offset)) == static_cast<ssize_t>(n);
  }

 private:
  int fd_;
};

std::uint32_t le32(const unsigned char* p) {
  return std::uint32_t(p[0]) | std::uint32_t(p[1]) << 8 | std::uint32_t(p[2]) << 16 | std::uint32_t(p[3]) << 24;
}

// RIFF/WAVE: walk the chunks to `data` and compare its declared size with the bytes after it.
// A size of 0 or 0xFFFFFFFF means "unknown" (streaming writers), RF64 keeps its size elsewhere:
// neither can be checked.
std::string wav_truncation(const std::string& path) {
  ReadOnlyFile f(path);
  unsigned char riff[12];
  if (!f.ok() || !f.read(0, riff, sizeof riff)) return {};
  if (std::memcmp(riff, "RIFF", 4) != 0 || std::memcmp(riff + 8, "WAVE", 4) != 0) return {};
  const std::uint64_t file_size = f.size();
  std::uint32_t byte_rate = 0;
  std::uint32_t block_align = 1;
  std::uint64_t offset = 12;
  for (int chunk = 0; chunk < 64 && offset + 8 <= file_size; ++chunk) {
    unsigned char head[8];
    if (!f.read(offset, head, sizeof head)) return {};
    const std::uint32_t size = le32(head + 4);
    if (std::memcmp(head, "fmt ", 4) == 0) {
      unsigned char fmt[14];
      if (size < sizeof fmt || !f.read(offset + 8, fmt, sizeof fmt)) return {};
      byte_rate = le32(fmt + 8);
      block_align = std::max<std::uint32_t>(1, fmt[12] | fmt[13] << 8);
    } else if (std::memcmp(head, "data", 4) == 0) {
      if (size == 0 || size == 0xFFFFFFFFu) return {};
      const std::uint64_t held = file_size - (offset + 8);
      if (size < held + block_align) return {};
      if (byte_rate == 0) return "its WAV header declares more data than the file holds: it was cut short";
      return "its WAV header declares " + format_seconds(double(size) / byte_rate) + " of audio but the file holds " +
             format_seconds(double(held) / byte_rate) + ": it was cut short";
    }
    offset += 8 + std::uint64_t(size) + (size & 1);  // chunks are padded to even sizes
  }
  return {};
}

// Ogg: the file must end exactly at the end of a page, and that page must carry the
// end-of-stream flag. A page is at most 27 + 255 + 255 * 255 = 65307 bytes, so the last one
// starts within the last 128 KiB. Scanning backwards, the first "OggS" whose header parses is
// the last page (a false match inside a packet would also need version 0 and a fitting size).
std::string ogg_truncation(const std::string& path) {
  ReadOnlyFile f(path);
  if (!f.ok()) return {};
  const std::uint64_t file_size = f.size();
  const std::uint64_t tail = std::min<std::uint64_t>(file_size, 128 * 1024);
  std::vector<unsigned char> buf(tail);
  if (tail < 27 || !f.read(file_size - tail, buf.data(), tail)) return {};
  for (std::size_t start = tail - 27 + 1; start-- > 0;) {
    const unsigned char* page = buf.data() + start;
    if (std::memcmp(page, "OggS", 4) != 0 || page[4] != 0) continue;
    const std::size_t n_segments = page[26];
    if (start + 27 + n_segments > tail) return "the file ends inside an Ogg page header: it was cut short";
    std::size_t body = 0;
    for (std::size_t i = 0; i < n_segments; ++i) body += page[27 + i];
    const std::size_t end = start + 27 + n_segments + body;
    if (end != tail) return "the file ends inside an Ogg page: it was cut short";
    if (!(page[5] & 0x04)) return "its last Ogg page is not flagged end-of-stream: the file was cut short";
    return {};
  }
  return {};
}

bool is_ogg(const std::string& type) { return type == "application/ogg" || type == "audio/ogg" || type == "video/ogg"; }

// How far the decoded duration may fall short of the declared one before the file counts as
// cut short; < 0 when the type's declared duration is not to be trusted.
double tolerance_seconds(const std::string& type, double declared) {
  if (type == "audio/x-flac" || type == "audio/x-aiff") return 0.002;
  if (type == "video/quicktime" || type == "audio/x-m4a" || type == "video/x-matroska" || type == "audio/x-matroska" ||
      type == "video/webm" || type == "audio/webm") {
    return 0.1 + 0.01 * declared;
  }
  return -1.0;
}

}  // namespace

std::string find_truncation(const std::string& path, const std::string& type, double declared_seconds,
                            double decoded_seconds) {
  if (type == "audio/x-wav") return wav_truncation(path);
  if (is_ogg(type)) return ogg_truncation(path);
  const double tolerance = tolerance_seconds(type, declared_seconds);
  if (tolerance < 0 || declared_seconds < 0 || decoded_seconds >= declared_seconds - tolerance) return {};
  return "its header declares " + format_seconds(declared_seconds) + " of audio but only " +
         format_seconds(decoded_seconds) + " could be decoded: it was cut short or is damaged";
}

}  // namespace ser::io

#include "nn/model_file.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "common/atomic_file.h"
#include "common/error.h"

namespace ser::nn {
namespace fs = std::filesystem;

namespace {

[[noreturn]] void fail(const std::string& path, const std::string& problem) {
  throw ModelError("model file '" + path + "': " + problem);
}

}  // namespace

std::string read_model_file(const std::string& path) {
  std::error_code ec;
  const auto status = fs::status(path, ec);
  if (ec || !fs::exists(status)) fail(path, "does not exist");
  if (!fs::is_regular_file(status)) fail(path, "is not a regular file");
  const std::uint64_t size = fs::file_size(path, ec);
  if (ec) fail(path, "cannot read its size: " + ec.message());
  if (size == 0) fail(path, "is empty");
  if (size > kMaxModelFileBytes) {
    fail(path, "is " + std::to_string(size) + " bytes, more than the " + std::to_string(kMaxModelFileBytes) +
                   " a model may have: is it a model?");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) fail(path, std::string("cannot be opened: ") + std::strerror(errno));
  std::string bytes(static_cast<size_t>(size), '\0');
  in.read(bytes.data(), static_cast<std::streamsize>(size));
  if (static_cast<std::uint64_t>(in.gcount()) != size) fail(path, "could not be read whole");
  return bytes;
}

void write_model_file(const std::string& path, const std::string& bytes) {
  try {
    write_file_atomically(path, bytes);
  } catch (const Error& e) {
    fail(path, e.what());
  }
}

}  // namespace ser::nn

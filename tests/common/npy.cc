#include "common/npy.h"

#include <cstdint>
#include <cstring>
#include <fstream>
#include <stdexcept>

namespace ser::test {

Matrix NpyArray::as_matrix() const {
  const size_t rows = shape.size() == 2 ? shape[0] : 1;
  const size_t cols = shape.size() == 2 ? shape[1] : (shape.empty() ? 0 : shape[0]);
  Matrix m(rows, cols);
  std::memcpy(m.data(), values.data(), values.size() * sizeof(float));
  return m;
}

NpyArray read_npy(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + path);
  char magic[8];
  in.read(magic, 8);
  if (!in || std::memcmp(magic, "\x93NUMPY", 6) != 0) throw std::runtime_error(path + ": not an NPY file");
  uint32_t header_len = 0;
  if (magic[6] == 1) {
    uint16_t len16 = 0;
    in.read(reinterpret_cast<char*>(&len16), 2);
    header_len = len16;
  } else {
    in.read(reinterpret_cast<char*>(&header_len), 4);
  }
  std::string header(header_len, '\0');
  in.read(header.data(), header_len);
  if (!in) throw std::runtime_error(path + ": truncated NPY header");
  if (header.find("'descr': '<f4'") == std::string::npos) throw std::runtime_error(path + ": not float32");
  if (header.find("'fortran_order': False") == std::string::npos) throw std::runtime_error(path + ": not C order");
  NpyArray a;
  const size_t open = header.find('(', header.find("'shape'"));
  const size_t close = header.find(')', open);
  std::string dims = header.substr(open + 1, close - open - 1);
  size_t pos = 0;
  while (pos < dims.size()) {
    size_t comma = dims.find(',', pos);
    if (comma == std::string::npos) comma = dims.size();
    std::string tok = dims.substr(pos, comma - pos);
    if (tok.find_first_not_of(" ") != std::string::npos) a.shape.push_back(std::stoul(tok));
    pos = comma + 1;
  }
  size_t count = 1;
  for (size_t d : a.shape) count *= d;
  a.values.resize(count);
  in.read(reinterpret_cast<char*>(a.values.data()), static_cast<std::streamsize>(count * sizeof(float)));
  if (!in) throw std::runtime_error(path + ": truncated NPY data");
  return a;
}

}  // namespace ser::test

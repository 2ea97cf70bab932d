// seremotion: a dense row-major 2-D array, the shape librosa returns (features x frames).
#pragma once

#include <complex>
#include <cstddef>
#include <vector>

namespace ser {

template <typename T>
class Array2D {
 public:
  Array2D() = default;
  Array2D(std::size_t rows, std::size_t cols, T fill = T{}) : rows_(rows), cols_(cols), data_(rows * cols, fill) {}

  std::size_t rows() const { return rows_; }
  std::size_t cols() const { return cols_; }
  std::size_t size() const { return data_.size(); }
  bool empty() const { return data_.empty(); }

  T* data() { return data_.data(); }
  const T* data() const { return data_.data(); }
  T* row(std::size_t r) { return data_.data() + r * cols_; }
  const T* row(std::size_t r) const { return data_.data() + r * cols_; }
  T& operator()(std::size_t r, std::size_t c) { return data_[r * cols_ + c]; }
  const T& operator()(std::size_t r, std::size_t c) const { return data_[r * cols_ + c]; }

  // Reshapes in place; capacity is kept, so reusing an array of the same or smaller size does
  // not allocate (the streaming path relies on this). Contents are unspecified afterwards.
  void resize(std::size_t rows, std::size_t cols) {
    rows_ = rows;
    cols_ = cols;
    data_.resize(rows * cols);
  }
  void fill(T value) { data_.assign(data_.size(), value); }

  std::vector<T>& storage() { return data_; }
  const std::vector<T>& storage() const { return data_; }

 private:
  std::size_t rows_ = 0;
  std::size_t cols_ = 0;
  std::vector<T> data_;
};

using Matrix = Array2D<float>;
using ComplexMatrix = Array2D<std::complex<float>>;

}  // namespace ser

// Tests of lib/data: a temporary folder of empty files named as a corpus names them.
#pragma once

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <unistd.h>

namespace ser::data::test {

class TempTree {
 public:
  TempTree() {
    static std::atomic<int> counter{0};
    const std::string name = "ser-data-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++);
    root_ = std::filesystem::temp_directory_path() / name;
    std::filesystem::remove_all(root_);
    std::filesystem::create_directories(root_);
  }
  ~TempTree() {
    std::error_code ec;
    std::filesystem::remove_all(root_, ec);
  }
  TempTree(const TempTree&) = delete;
  TempTree& operator=(const TempTree&) = delete;

  const std::filesystem::path& root() const { return root_; }
  std::string path(const std::string& relative) const { return (root_ / relative).string(); }

  // Creates the file (and its folders) with the given content.
  void write(const std::string& relative, const std::string& content = "") const {
    const std::filesystem::path p = root_ / relative;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << content;
  }
  void touch(const std::vector<std::string>& relatives) const {
    for (const std::string& r : relatives) write(r);
  }

 private:
  std::filesystem::path root_;
};

}  // namespace ser::data::test

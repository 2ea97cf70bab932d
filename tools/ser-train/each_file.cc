#include "each_file.h"

#include <iostream>

#include "common/error.h"

namespace ser::cli {

int for_each_file(const std::vector<std::string>& files, const std::function<void(const std::string&)>& fn) {
  int failures = 0;
  for (const auto& file : files) {
    try {
      fn(file);
    } catch (const Error& e) {
      // Decoding errors name the file; others (features, the network) are named here.
      const std::string what = e.what();
      std::cerr << "ser-train: error: " << (what.find(file) == std::string::npos ? file + ": " : "") << what << "\n";
      ++failures;
    }
  }
  return failures ? 1 : 0;
}

}  // namespace ser::cli

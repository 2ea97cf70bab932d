#include "forward_nn.h"

#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstring>
#include <iostream>
#include <string>

namespace ser::cli {
namespace {

std::string own_directory() {
  char path[PATH_MAX];
  const ssize_t n = readlink("/proc/self/exe", path, sizeof path - 1);
  if (n <= 0) return {};
  std::string p(path, static_cast<size_t>(n));
  const size_t slash = p.rfind('/');
  return slash == std::string::npos ? std::string() : p.substr(0, slash);
}

}  // namespace

int forward_to_nn(char** argv) {
  const std::string candidates[] = {own_directory() + "/ser-train-nn", SER_TRAIN_NN_INSTALLED};
  for (const auto& path : candidates) {
    if (access(path.c_str(), X_OK) == 0) {
      execv(path.c_str(), argv);
      std::cerr << "ser-train: error: cannot run " << path << ": " << std::strerror(errno) << "\n";
      return 1;
    }
  }
  std::cerr << "ser-train: error: the program for '" << argv[1] << "' (ser-train-nn) is neither beside ser-train nor at "
            << SER_TRAIN_NN_INSTALLED << ": reinstall seremotion (ninja -C build install)\n";
  return 1;
}

}  // namespace ser::cli

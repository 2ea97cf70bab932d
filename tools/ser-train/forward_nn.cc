#include "forward_nn.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include "common/shipped_files.h"
#include "ser_config.h"

namespace ser::cli {

int forward_to_nn(char** argv) {
  const std::string self = running_binary();
  std::vector<std::string> candidates;
  const size_t slash = self.rfind('/');
  if (slash != std::string::npos) candidates.push_back(self.substr(0, slash) + "/ser-train-nn");
  const std::string prefix = install_prefix_of(self);
  if (!prefix.empty()) candidates.push_back(prefix + "/" + SER_INSTALL_HELPERDIR + "/ser-train-nn");
  for (const auto& path : candidates) {
    if (access(path.c_str(), X_OK) == 0) {
      execv(path.c_str(), argv);
      std::cerr << "ser-train: error: cannot run " << path << ": " << std::strerror(errno) << "\n";
      return 1;
    }
  }
  std::cerr << "ser-train: error: the program for '" << argv[1] << "', ser-train-nn, is neither beside " << self
            << " nor in <prefix>/" << SER_INSTALL_HELPERDIR << " of an installed tree: reinstall seremotion\n";
  return 1;
}

}  // namespace ser::cli

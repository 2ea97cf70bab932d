#include "passive_openmp.h"

#include <unistd.h>

#include <cstdlib>

namespace ser::cli {

void ensure_passive_openmp(char** argv) {
  if (std::getenv("OMP_WAIT_POLICY")) return;
  if (setenv("OMP_WAIT_POLICY", "PASSIVE", 1) != 0) return;
  execv("/proc/self/exe", argv);
}

}  // namespace ser::cli

#include "thread_count.h"

#include <iostream>

#include "common/cores.h"

namespace ser::cli {

int usable_threads(int requested, const char* option) {
  const int cores = available_cores();
  if (requested <= cores) return requested;
  std::cerr << "ser-train: warning: " << option << " " << requested << " is more than the " << cores
            << " cores this process may use; using " << cores << "\n";
  return cores;
}

}  // namespace ser::cli

// ser-train: a thread count from the command line, within the cores at hand.
#pragma once

namespace ser::cli {

// `requested` (0: every core, kept as 0) lowered to the cores this process may use, with a warning
// on stderr naming `option` and both numbers: more threads than cores only take turns.
int usable_threads(int requested, const char* option);

}  // namespace ser::cli

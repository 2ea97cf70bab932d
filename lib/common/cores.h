// seremotion: how many CPU cores this process may run on.
#pragma once

namespace ser {

// The cores the scheduler lets this process use (its CPU affinity, which containers and taskset
// narrow), else the machine's; at least 1. More compute threads than this only take turns: 256
// libtorch threads on 2 cores made 3 windows take 40 s instead of 3 s.
int available_cores();

}  // namespace ser

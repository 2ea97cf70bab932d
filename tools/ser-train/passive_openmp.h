// ser-train: keeping libtorch's OpenMP threads from spinning on a busy machine.
#pragma once

namespace ser::cli {

// libgomp, the OpenMP runtime under Debian's libtorch, lets idle threads spin by default. On a
// machine that other work shares, a thread that spins waits at every barrier for one that was
// descheduled: an issa1d epoch on RAVDESS measured 120 s with 2 threads instead of 7 s with 1.
// OMP_WAIT_POLICY=PASSIVE (threads sleep after a short spin) brought it back to 8 s. libgomp
// reads the variable once, when it is loaded, before main; so when it is unset this sets it and
// executes the program again (/proc/self/exe, same arguments). A person's own setting is kept.
// Returns only when nothing was done or the exec failed (then the run simply goes on).
void ensure_passive_openmp(char** argv);

}  // namespace ser::cli

// seremotion: running independent items on a few threads, each with its own state.
#pragma once

#include <cstddef>
#include <functional>

namespace ser::train {

// The threads to use for `requested` (0: every core the machine reports, at least 1).
int resolve_jobs(int requested);

// Calls work(worker, item) for every item in [0, n_items) on `jobs` threads (resolve_jobs),
// items taken in order as threads become free; `worker` in [0, threads) lets each thread use its
// own state (decoder, extractor). Every `tick_seconds` and at the end, the calling thread calls
// tick(items done) when one is given. The first exception a work call throws stops the other
// threads from taking new items and is rethrown here once they have finished.
void parallel_for(size_t n_items, int jobs, const std::function<void(int worker, size_t item)>& work,
                  const std::function<void(size_t done)>& tick = {}, double tick_seconds = 0.5);

}  // namespace ser::train

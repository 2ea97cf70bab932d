// seremotion: the features of many files extracted once in a distributed job: each rank of a
// group extracts its share (job i goes to rank i mod size, through its own cache), then the ranks
// exchange what they computed, so that every rank ends with every job's features.
//
// A rank's share is the same from run to run with the same world size, so a cache folder of its
// own on each machine stays warm; a folder the ranks share (one machine, or a network file system)
// serves any world size. What a rank receives from the others is not written to its cache.
#pragma once

#include <vector>

#include "train/dist/group.h"
#include "train/inputs/feature_extraction.h"

namespace ser::train::dist {

// extract_features over `group`: the result every rank gets is that of one process (features and
// errors per job, in job order), with hits and misses summed over the ranks; `seconds` is this
// rank's wall time, exchange included. `progress` counts this rank's share.
ExtractionResult extract_shared(const std::vector<ExtractionJob>& jobs, const ExtractionOptions& options,
                                const FeatureCache& cache, const ExtractionProgress& progress, Group& group);

}  // namespace ser::train::dist

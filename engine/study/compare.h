// Comparing two studies run on common random numbers: per KPI, the paired differences
// ALT - BASE (replication i of each shares its seed, replications.h) with their t interval,
// significant when the interval excludes 0; and, for reference, the unpaired (Welch)
// interval of the same difference.
//
// Thread safety: pure functions.
#ifndef HUBSIM_ENGINE_STUDY_COMPARE_H_
#define HUBSIM_ENGINE_STUDY_COMPARE_H_

#include "engine/io/study.pb.h"
#include "engine/study/statistics.h"

namespace hubsim::study {

// The differences of the KPIs both studies have, in `base`'s order; the other fields of
// the Comparison (files, names, overrides, days) are the caller's. Throws
// std::invalid_argument unless both studies have the same seeds, at least 2 of them (the
// pairs must share their random numbers, and an interval needs two).
io::Comparison Compare(const io::Study& base, const io::Study& alt,
                       double confidence = kConfidence);

}  // namespace hubsim::study

#endif  // HUBSIM_ENGINE_STUDY_COMPARE_H_

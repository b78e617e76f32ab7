// The tables a study prints: the KPIs of `hubsim run --replications` as mean +/- the
// interval's half-width, and `hubsim compare`'s base, alternative and paired difference.
// Values are shown in the units of kpi_registry.h (shares as percentages).
#ifndef HUBSIM_ENGINE_STUDY_TABLES_H_
#define HUBSIM_ENGINE_STUDY_TABLES_H_

#include <iosfwd>

#include "engine/io/study.pb.h"
#include "engine/io/sweep.pb.h"

namespace hubsim::study {

void PrintStudy(std::ostream& out, const io::Study& study);

// Per KPI: the base and alternative means (+/- half-width), the paired difference with its
// interval, "*" when significant (and "better" or "worse" by the KPI's direction), and the
// ratio of the paired to the unpaired half-width (what common random numbers gained).
void PrintComparison(std::ostream& out, const io::Comparison& comparison);

// A row per point of a sweep: its number and name, then the promises' and the calls'
// service KPIs that any point has (pickup, delivery, next-day on time, calls' service
// level) as mean ± half-width. The CSV (sweep.h) has every KPI.
void PrintSweep(std::ostream& out, const io::SweepResult& sweep);

}  // namespace hubsim::study

#endif  // HUBSIM_ENGINE_STUDY_TABLES_H_

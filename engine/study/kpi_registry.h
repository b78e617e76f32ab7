// The KPIs of a study: the one list that `hubsim run --replications`, `hubsim compare`
// (and later sweeps and the report's intervals) summarise, each with its unit, the
// direction that is better, and how it is read from one run's Results.
//
// Every KPI covers the days after the warm-up (Scenario.warmup_days): the Results' figures
// over the run already leave the warm-up out; the per-day figures a KPI sums (orders,
// deliveries) are summed from the first day after it.
//
// Thread safety: the registry is immutable; the functions are pure.
#ifndef HUBSIM_ENGINE_STUDY_KPI_REGISTRY_H_
#define HUBSIM_ENGINE_STUDY_KPI_REGISTRY_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/io/results.pb.h"

namespace hubsim::study {

enum class KpiUnit {
  kShare,  // a fraction in [0, 1], shown as a percentage
  kMinutes,
  kSeconds,
  kPointsPer100k,  // SQI points per 100,000 shipments
  kScore,          // satisfaction units (scenario.proto, Satisfaction)
  kAccounts,
  kCurrency,  // the scenario's currency units (Customers.mean_monthly_revenue)
  kParcels,
  kComplaints,
};

struct KpiDef {
  std::string_view name;   // stable key (also in the study files), e.g. "pickup_on_time"
  std::string_view label;  // for tables, e.g. "pickup on time"
  KpiUnit unit;
  io::KpiDirection direction;
  // The KPI of one run, or nullopt when the run does not produce it (no call center, no
  // outlets, nothing measured). `warmup_days`: the run's Scenario.warmup_days.
  std::optional<double> (*extract)(const io::Results& results, std::uint32_t warmup_days);
};

// Every study KPI, in the order tables show them: the promises, the calls, the customers,
// the volumes.
std::span<const KpiDef> StudyKpis();

// The KPI named `name`, or nullptr.
const KpiDef* FindKpi(std::string_view name);

// Every registry KPI of one run, in registry order (nullopt where the run has none).
std::vector<std::optional<double>> ExtractKpis(const io::Results& results,
                                               std::uint32_t warmup_days);

// The unit's name in the study files ("share", "minutes", ... as study.proto lists them).
std::string_view UnitName(KpiUnit unit);
// The unit's name in tables ("%", "min", "s", "per 100k", ...).
std::string_view DisplayUnit(KpiUnit unit);
// `value` as tables show it, without the unit: shares as percentages, each unit with its
// own number of decimals; with `sign`, a leading '+' for values >= 0 (differences).
std::string FormatKpiNumber(KpiUnit unit, double value, bool sign = false);

}  // namespace hubsim::study

#endif  // HUBSIM_ENGINE_STUDY_KPI_REGISTRY_H_

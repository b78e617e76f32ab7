#include "engine/study/kpi_registry.h"

#include <cmath>
#include <cstdio>

namespace hubsim::study {
namespace {

using io::KpiDirection;
using Value = std::optional<double>;

// Promises: the on-time rate and the 90th percentile of the durations, when any promise
// was measured.
Value OnTime(const io::PromiseKpi& k) {
  return k.measured() > 0 ? Value(k.on_time_rate()) : std::nullopt;
}
Value P90(const io::PromiseKpi& k) {
  return k.measured() > 0 ? Value(k.p90_minutes()) : std::nullopt;
}

// The call center's totals, when calls reached the queue.
const io::CallKpi* Calls(const io::Results& r) {
  return r.has_call_center() && r.call_center().total().offered() > 0 ? &r.call_center().total()
                                                                      : nullptr;
}

// The customers' group "all", when the scenario has accounts.
const io::SegmentResult* AllAccounts(const io::Results& r) {
  if (!r.has_customers() || r.customers().accounts() == 0) return nullptr;
  for (const io::SegmentResult& s : r.customers().segment()) {
    if (s.name() == "all") return &s;
  }
  return nullptr;
}

// A per-day count summed over the days after the warm-up; the network's only.
template <class Count>
Value CountedDays(const io::Results& r, std::uint32_t warmup_days, Count count) {
  if (r.outlet_size() == 0) return std::nullopt;
  double sum = 0;
  for (const io::DayKpi& d : r.day()) {
    if (d.day() > warmup_days) sum += static_cast<double>(count(d));
  }
  return sum;
}

constexpr KpiDef kKpis[] = {
    {"pickup_on_time", "pickup on time", KpiUnit::kShare, io::HIGHER_IS_BETTER,
     [](const io::Results& r, std::uint32_t) { return OnTime(r.kpi().pickup()); }},
    {"pickup_p90", "pickup p90", KpiUnit::kMinutes, io::LOWER_IS_BETTER,
     [](const io::Results& r, std::uint32_t) { return P90(r.kpi().pickup()); }},
    {"delivery_on_time", "delivery on time", KpiUnit::kShare, io::HIGHER_IS_BETTER,
     [](const io::Results& r, std::uint32_t) { return OnTime(r.kpi().delivery()); }},
    {"delivery_p90", "delivery p90", KpiUnit::kMinutes, io::LOWER_IS_BETTER,
     [](const io::Results& r, std::uint32_t) { return P90(r.kpi().delivery()); }},
    {"next_day_on_time", "next-day on time", KpiUnit::kShare, io::HIGHER_IS_BETTER,
     [](const io::Results& r, std::uint32_t) { return OnTime(r.kpi().next_day()); }},
    {"end_to_end_p90", "pickup to delivery p90", KpiUnit::kMinutes, io::LOWER_IS_BETTER,
     [](const io::Results& r, std::uint32_t) { return P90(r.kpi().next_day()); }},
    {"calls_service_level", "calls: service level", KpiUnit::kShare, io::HIGHER_IS_BETTER,
     [](const io::Results& r, std::uint32_t) {
       const io::CallKpi* c = Calls(r);
       return c != nullptr ? Value(c->service_level()) : std::nullopt;
     }},
    {"calls_asa", "calls: mean wait (ASA)", KpiUnit::kSeconds, io::LOWER_IS_BETTER,
     [](const io::Results& r, std::uint32_t) {
       const io::CallKpi* c = Calls(r);
       return c != nullptr && c->answered() > 0 ? Value(c->asa_seconds()) : std::nullopt;
     }},
    {"calls_abandoned", "calls: abandoned", KpiUnit::kShare, io::LOWER_IS_BETTER,
     [](const io::Results& r, std::uint32_t) {
       const io::CallKpi* c = Calls(r);
       return c != nullptr ? Value(c->abandonment_rate()) : std::nullopt;
     }},
    {"sqi_per_100k", "SQI points per 100k", KpiUnit::kPointsPer100k, io::LOWER_IS_BETTER,
     [](const io::Results& r, std::uint32_t) {
       return r.has_customers() && r.customers().sqi().shipments() > 0
                  ? Value(r.customers().sqi().points_per_100k())
                  : std::nullopt;
     }},
    {"satisfaction_mean", "mean satisfaction", KpiUnit::kScore, io::HIGHER_IS_BETTER,
     [](const io::Results& r, std::uint32_t) {
       const io::SegmentResult* all = AllAccounts(r);
       return all != nullptr ? Value(all->mean_satisfaction()) : std::nullopt;
     }},
    {"complaints", "complaints", KpiUnit::kComplaints, io::LOWER_IS_BETTER,
     [](const io::Results& r, std::uint32_t) {
       const io::SegmentResult* all = AllAccounts(r);
       return all != nullptr ? Value(static_cast<double>(all->complaints())) : std::nullopt;
     }},
    {"churned_accounts", "churned accounts", KpiUnit::kAccounts, io::LOWER_IS_BETTER,
     [](const io::Results& r, std::uint32_t) {
       const io::SegmentResult* all = AllAccounts(r);
       return all != nullptr ? Value(static_cast<double>(all->churned())) : std::nullopt;
     }},
    {"churned_ltv", "lifetime value lost", KpiUnit::kCurrency, io::LOWER_IS_BETTER,
     [](const io::Results& r, std::uint32_t) {
       const io::SegmentResult* all = AllAccounts(r);
       return all != nullptr ? Value(all->churned_lifetime_value()) : std::nullopt;
     }},
    {"ltv_at_risk", "lifetime value at risk", KpiUnit::kCurrency, io::LOWER_IS_BETTER,
     [](const io::Results& r, std::uint32_t) {
       const io::SegmentResult* all = AllAccounts(r);
       return all != nullptr ? Value(all->at_risk_lifetime_value()) : std::nullopt;
     }},
    {"orders_placed", "orders placed", KpiUnit::kParcels, io::NEUTRAL,
     [](const io::Results& r, std::uint32_t warmup_days) {
       return CountedDays(r, warmup_days, [](const io::DayKpi& d) { return d.orders(); });
     }},
    {"parcels_delivered", "parcels delivered", KpiUnit::kParcels, io::NEUTRAL,
     [](const io::Results& r, std::uint32_t warmup_days) {
       return CountedDays(r, warmup_days, [](const io::DayKpi& d) { return d.delivered(); });
     }},
};

struct UnitInfo {
  std::string_view name;
  std::string_view display;
  double scale;  // shown value = value x scale
  int decimals;
};

UnitInfo Info(KpiUnit unit) {
  switch (unit) {
    case KpiUnit::kShare: return {"share", "%", 100, 2};
    case KpiUnit::kMinutes: return {"minutes", "min", 1, 1};
    case KpiUnit::kSeconds: return {"seconds", "s", 1, 1};
    case KpiUnit::kPointsPer100k: return {"points per 100k", "per 100k", 1, 1};
    case KpiUnit::kScore: return {"score", "score", 1, 4};
    case KpiUnit::kAccounts: return {"accounts", "accounts", 1, 1};
    case KpiUnit::kCurrency: return {"currency", "currency", 1, 0};
    case KpiUnit::kParcels: return {"parcels", "parcels", 1, 1};
    case KpiUnit::kComplaints: return {"complaints", "complaints", 1, 1};
  }
  return {"", "", 1, 2};
}

}  // namespace

std::span<const KpiDef> StudyKpis() {
  return kKpis;
}

const KpiDef* FindKpi(std::string_view name) {
  for (const KpiDef& k : kKpis) {
    if (k.name == name) return &k;
  }
  return nullptr;
}

std::vector<std::optional<double>> ExtractKpis(const io::Results& results,
                                               std::uint32_t warmup_days) {
  std::vector<std::optional<double>> values;
  values.reserve(std::size(kKpis));
  for (const KpiDef& k : kKpis) values.push_back(k.extract(results, warmup_days));
  return values;
}

std::string_view UnitName(KpiUnit unit) {
  return Info(unit).name;
}
std::string_view DisplayUnit(KpiUnit unit) {
  return Info(unit).display;
}

std::string FormatKpiNumber(KpiUnit unit, double value, bool sign) {
  const UnitInfo info = Info(unit);
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, sign ? "%+.*f" : "%.*f", info.decimals, value * info.scale);
  // "-0.00" reads as a difference where there is none.
  std::string text = buffer;
  if (text[0] == '-' && text.find_first_of("123456789") == std::string::npos) {
    if (sign) {
      text[0] = '+';
    } else {
      text.erase(0, 1);
    }
  }
  return text;
}

}  // namespace hubsim::study

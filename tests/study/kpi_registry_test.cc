#include "engine/study/kpi_registry.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace hubsim::study {
namespace {

std::optional<double> Kpi(const io::Results& r, const char* name, std::uint32_t warmup_days = 0) {
  const KpiDef* def = FindKpi(name);
  EXPECT_NE(def, nullptr) << name;
  return def != nullptr ? def->extract(r, warmup_days) : std::nullopt;
}

io::Results NetworkResults() {
  io::Results r;
  r.add_outlet()->set_id("O1");
  io::PromiseKpi& pickup = *r.mutable_kpi()->mutable_pickup();
  pickup.set_measured(200);
  pickup.set_on_time(180);
  pickup.set_on_time_rate(0.9);
  pickup.set_p90_minutes(45);
  for (std::uint32_t d = 1; d <= 3; ++d) {
    io::DayKpi& day = *r.add_day();
    day.set_day(d);
    day.set_orders(10 * d);
    day.set_delivered(d);
  }
  return r;
}

TEST(KpiRegistry, NamesAreUniqueKeysAndEveryKpiIsDescribed) {
  std::set<std::string> names;
  for (const KpiDef& k : StudyKpis()) {
    EXPECT_TRUE(names.insert(std::string(k.name)).second) << k.name;
    for (char c : k.name)
      EXPECT_TRUE((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_') << k.name;
    EXPECT_FALSE(k.label.empty()) << k.name;
    EXPECT_FALSE(UnitName(k.unit).empty()) << k.name;
    EXPECT_NE(k.extract, nullptr) << k.name;
    EXPECT_EQ(FindKpi(k.name), &k);
  }
  EXPECT_EQ(FindKpi("no_such_kpi"), nullptr);
  for (const char* name :
       {"pickup_on_time", "delivery_on_time", "next_day_on_time", "pickup_p90",
        "calls_service_level", "calls_asa", "calls_abandoned", "sqi_per_100k", "satisfaction_mean",
        "churned_accounts", "ltv_at_risk", "orders_placed", "parcels_delivered"}) {
    EXPECT_NE(FindKpi(name), nullptr) << name;
  }
  EXPECT_EQ(FindKpi("pickup_on_time")->direction, io::HIGHER_IS_BETTER);
  EXPECT_EQ(FindKpi("pickup_p90")->direction, io::LOWER_IS_BETTER);
  EXPECT_EQ(FindKpi("orders_placed")->direction, io::NEUTRAL);
}

TEST(KpiRegistry, PromisesWhenMeasured) {
  const io::Results r = NetworkResults();
  EXPECT_EQ(Kpi(r, "pickup_on_time"), 0.9);
  EXPECT_EQ(Kpi(r, "pickup_p90"), 45);
  EXPECT_EQ(Kpi(r, "delivery_on_time"), std::nullopt);  // nothing measured
  EXPECT_EQ(Kpi(r, "next_day_on_time"), std::nullopt);
}

TEST(KpiRegistry, VolumesAreSummedOverTheDaysAfterTheWarmup) {
  const io::Results r = NetworkResults();
  EXPECT_EQ(Kpi(r, "orders_placed"), 60);
  EXPECT_EQ(Kpi(r, "orders_placed", 1), 50);
  EXPECT_EQ(Kpi(r, "orders_placed", 2), 30);
  EXPECT_EQ(Kpi(r, "parcels_delivered", 1), 5);
  io::Results call_center_only = r;
  call_center_only.clear_outlet();
  EXPECT_EQ(Kpi(call_center_only, "orders_placed"), std::nullopt);
}

TEST(KpiRegistry, CallsOnlyWithACallCenterThatWasCalled) {
  io::Results r = NetworkResults();
  EXPECT_EQ(Kpi(r, "calls_service_level"), std::nullopt);
  io::CallKpi& total = *r.mutable_call_center()->mutable_total();
  EXPECT_EQ(Kpi(r, "calls_service_level"), std::nullopt);  // nothing offered
  total.set_offered(100);
  total.set_service_level(0.8);
  total.set_abandonment_rate(0.05);
  total.set_asa_seconds(12.5);
  EXPECT_EQ(Kpi(r, "calls_service_level"), 0.8);
  EXPECT_EQ(Kpi(r, "calls_abandoned"), 0.05);
  EXPECT_EQ(Kpi(r, "calls_asa"), std::nullopt);  // nothing answered: no wait to average
  total.set_answered(95);
  EXPECT_EQ(Kpi(r, "calls_asa"), 12.5);
}

TEST(KpiRegistry, CustomersFromTheGroupOfAllAccounts) {
  io::Results r = NetworkResults();
  EXPECT_EQ(Kpi(r, "satisfaction_mean"), std::nullopt);
  io::CustomerResult& c = *r.mutable_customers();
  c.set_accounts(500);
  io::SegmentResult& q1 = *c.add_segment();
  q1.set_name("Q1");
  q1.set_churned(1);
  io::SegmentResult& all = *c.add_segment();
  all.set_name("all");
  all.set_mean_satisfaction(0.42);
  all.set_churned(7);
  all.set_complaints(12);
  all.set_churned_lifetime_value(1.5e6);
  all.set_at_risk_lifetime_value(2.5e6);
  c.mutable_sqi()->set_shipments(1000);
  c.mutable_sqi()->set_points_per_100k(321);
  EXPECT_EQ(Kpi(r, "satisfaction_mean"), 0.42);
  EXPECT_EQ(Kpi(r, "churned_accounts"), 7);
  EXPECT_EQ(Kpi(r, "complaints"), 12);
  EXPECT_EQ(Kpi(r, "churned_ltv"), 1.5e6);
  EXPECT_EQ(Kpi(r, "ltv_at_risk"), 2.5e6);
  EXPECT_EQ(Kpi(r, "sqi_per_100k"), 321);
}

TEST(KpiRegistry, ExtractKpisFollowsTheRegistrysOrder) {
  const io::Results r = NetworkResults();
  const std::vector<std::optional<double>> values = ExtractKpis(r, 1);
  ASSERT_EQ(values.size(), StudyKpis().size());
  for (std::size_t k = 0; k < values.size(); ++k) {
    EXPECT_EQ(values[k], StudyKpis()[k].extract(r, 1)) << StudyKpis()[k].name;
  }
}

TEST(KpiRegistry, NumbersAreFormattedInTheirUnits) {
  EXPECT_EQ(FormatKpiNumber(KpiUnit::kShare, 0.934123), "93.41");
  EXPECT_EQ(FormatKpiNumber(KpiUnit::kShare, 0.005, true), "+0.50");
  EXPECT_EQ(FormatKpiNumber(KpiUnit::kShare, -0.0123, true), "-1.23");
  // No "-0.00": a difference that rounds to nothing has no sign of its own.
  EXPECT_EQ(FormatKpiNumber(KpiUnit::kShare, -0.000001, true), "+0.00");
  EXPECT_EQ(FormatKpiNumber(KpiUnit::kShare, -0.000001), "0.00");
  EXPECT_EQ(FormatKpiNumber(KpiUnit::kMinutes, 41.26), "41.3");
  EXPECT_EQ(FormatKpiNumber(KpiUnit::kCurrency, 1234567.6), "1234568");
  EXPECT_EQ(FormatKpiNumber(KpiUnit::kScore, 0.61234), "0.6123");
  EXPECT_EQ(DisplayUnit(KpiUnit::kShare), "%");
  EXPECT_EQ(UnitName(KpiUnit::kShare), "share");
}

}  // namespace
}  // namespace hubsim::study

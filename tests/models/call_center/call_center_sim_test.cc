// The call-center model held against queueing theory: on stationary call-center-only
// scenarios (Poisson arrivals, exponential handle times and patience, constant staffing)
// the mean over independent replications of each measure has a 95 % confidence interval
// (Student t) that must contain the Erlang C or Erlang A value. Plus the model's own rules
// on small exact cases.
#include <gtest/gtest.h>

#include <boost/math/distributions/students_t.hpp>

#include <cmath>
#include <functional>
#include <string>
#include <vector>

#include "engine/io/scenario_loader.h"
#include "engine/models/call_center/erlang.h"
#include "engine/models/parcel_network/network_model.h"

namespace hubsim {
namespace {

struct Stationary {
  double calls_per_second;
  double mean_handle_seconds;
  int agents;
  double mean_patience_seconds;  // 0: no abandonment (Erlang C)
  double target_seconds;
};

io::Scenario Scenario(const Stationary& q, std::uint32_t days) {
  io::Scenario s;
  s.set_name("stationary call center");
  s.set_days(days);
  io::CallCenter& c = *s.mutable_call_center();
  c.set_service_level_seconds(q.target_seconds);
  c.add_agents(static_cast<std::uint32_t>(q.agents));
  c.set_late_pickup_call_probability(0);
  c.set_late_delivery_call_probability(0);
  c.set_failed_delivery_call_probability(0);
  io::CallType& t = *c.add_call_type();
  t.set_name("calls");
  t.set_calls_per_day(q.calls_per_second * 86'400);
  t.mutable_handle_time()->set_mean_seconds(q.mean_handle_seconds);
  if (q.mean_patience_seconds > 0) c.mutable_patience()->set_mean_seconds(q.mean_patience_seconds);
  return s;
}

io::Results Simulate(const io::Scenario& scenario, std::uint64_t seed, int threads = 1) {
  io::Scenario s = scenario;
  s.set_seed(seed);
  const parcel_network::NetworkSpec spec = parcel_network::CompileScenario(s);
  RunOptions options;
  options.seed = seed;
  options.threads = threads;
  return parcel_network::RunNetwork(spec, options);
}

// Mean and 95 % half-width (Student t) of per-replication values.
struct Interval {
  double mean;
  double half_width;
  bool Contains(double x) const { return std::abs(x - mean) <= half_width; }
};
Interval Confidence(const std::vector<double>& values) {
  const auto n = static_cast<double>(values.size());
  double mean = 0;
  for (double v : values) mean += v;
  mean /= n;
  double ss = 0;
  for (double v : values) ss += (v - mean) * (v - mean);
  const double sd = std::sqrt(ss / (n - 1));
  const boost::math::students_t t(n - 1);
  return {mean, boost::math::quantile(boost::math::complement(t, 0.025)) * sd / std::sqrt(n)};
}

void ExpectMatchesTheory(const Stationary& q, const call_center::QueueMetrics& theory) {
  constexpr int kReplications = 10;
  constexpr std::uint32_t kDays = 20;
  std::vector<double> sl, asa, abandonment, occupancy;
  for (int r = 0; r < kReplications; ++r) {
    const io::Results result = Simulate(Scenario(q, kDays), 1000 + r);
    const io::CallKpi& k = result.call_center().total();
    sl.push_back(k.service_level());
    asa.push_back(k.asa_seconds());
    abandonment.push_back(k.abandonment_rate());
    occupancy.push_back(k.occupancy());
  }
  const Interval sl_ci = Confidence(sl), asa_ci = Confidence(asa), occ_ci = Confidence(occupancy);
  EXPECT_TRUE(sl_ci.Contains(theory.service_level))
      << "SL " << sl_ci.mean << " +- " << sl_ci.half_width << ", theory " << theory.service_level;
  EXPECT_TRUE(asa_ci.Contains(theory.asa_seconds))
      << "ASA " << asa_ci.mean << " +- " << asa_ci.half_width << ", theory " << theory.asa_seconds;
  EXPECT_TRUE(occ_ci.Contains(theory.occupancy))
      << "occupancy " << occ_ci.mean << " +- " << occ_ci.half_width << ", theory " << theory.occupancy;
  if (q.mean_patience_seconds > 0) {
    const Interval ab_ci = Confidence(abandonment);
    EXPECT_TRUE(ab_ci.Contains(theory.abandonment))
        << "abandonment " << ab_ci.mean << " +- " << ab_ci.half_width << ", theory " << theory.abandonment;
  } else {
    for (double a : abandonment) EXPECT_EQ(a, 0.0);
  }
}

TEST(CallCenterTheoryTest, ErlangCPublishedCase) {
  // 100 calls per 30 minutes, 3-minute handle time, 14 agents, 20-second target.
  const Stationary q{100.0 / 1800, 180, 14, 0, 20};
  ExpectMatchesTheory(q, call_center::ErlangC(q.calls_per_second, q.mean_handle_seconds, q.agents, q.target_seconds));
}

TEST(CallCenterTheoryTest, ErlangCLightLoad) {
  const Stationary q{8.0 / 180, 180, 14, 0, 13};
  ExpectMatchesTheory(q, call_center::ErlangC(q.calls_per_second, q.mean_handle_seconds, q.agents, q.target_seconds));
}

TEST(CallCenterTheoryTest, ErlangAPublishedCase) {
  // The same with a 5-minute mean patience.
  const Stationary q{100.0 / 1800, 180, 14, 300, 20};
  ExpectMatchesTheory(q, call_center::ErlangA(q.calls_per_second, q.mean_handle_seconds,
                                              q.mean_patience_seconds, q.agents, q.target_seconds));
}

TEST(CallCenterTheoryTest, ErlangAHeavyLoad) {
  // 3 calls a minute, 4-minute handle time, 14 agents (load 12), 2-minute patience.
  const Stationary q{3.0 / 60, 240, 14, 120, 13};
  ExpectMatchesTheory(q, call_center::ErlangA(q.calls_per_second, q.mean_handle_seconds,
                                              q.mean_patience_seconds, q.agents, q.target_seconds));
}

TEST(CallCenterTheoryTest, ErlangAOverloaded) {
  // More work than agents (load 16 on 14): only abandonment keeps the queue finite.
  const Stationary q{4.0 / 60, 240, 14, 120, 13};
  ExpectMatchesTheory(q, call_center::ErlangA(q.calls_per_second, q.mean_handle_seconds,
                                              q.mean_patience_seconds, q.agents, q.target_seconds));
}

TEST(CallCenterModelTest, ResultsAreByteIdenticalOnOneAndTwoThreads) {
  const io::Scenario s = Scenario({3.0 / 60, 240, 14, 120, 13}, 3);
  EXPECT_EQ(Simulate(s, 5, 1).SerializeAsString(), Simulate(s, 5, 2).SerializeAsString());
}

TEST(CallCenterModelTest, CallsAreCountedConsistently) {
  io::Scenario s = Scenario({3.0 / 60, 240, 14, 120, 13}, 2);
  s.mutable_call_center()->mutable_call_type(0)->set_self_service_share(0.25);
  s.mutable_call_center()->set_redial_probability(0.5);
  const io::Results r = Simulate(s, 3);
  const io::CallKpi& k = r.call_center().total();
  EXPECT_EQ(k.arrived(), k.deflected() + k.offered());
  EXPECT_NEAR(static_cast<double>(k.deflected()) / static_cast<double>(k.arrived()), 0.25, 0.02);
  EXPECT_GT(k.redials(), 0u);
  // Every offered call is answered, abandoned, or still waiting / in the queue at the end.
  EXPECT_LE(k.answered() + k.abandoned(), k.offered());
  EXPECT_GE(k.answered() + k.abandoned() + 50, k.offered());
  std::uint64_t by_interval = 0, by_day = 0;
  for (const io::CallGroup& g : r.call_center().interval()) by_interval += g.kpi().offered();
  for (const io::CallGroup& g : r.call_center().day()) by_day += g.kpi().offered();
  EXPECT_EQ(by_interval, k.offered());
  EXPECT_EQ(by_day, k.offered());
  EXPECT_EQ(r.call_center().interval_size(), 48);
}

TEST(CallCenterModelTest, KeyAccountsAreAnsweredFirst) {
  // A loaded center (load 12 on 14 agents): a fifth of the callers are key accounts and
  // jump the queue, so they wait less and more of them are answered within 13 s.
  io::Scenario s = Scenario({3.0 / 60, 240, 14, 0, 13}, 5);
  s.mutable_call_center()->set_key_account_share(0.2);
  const io::Results r = Simulate(s, 4);
  ASSERT_EQ(r.call_center().priority_size(), 2);
  const io::CallKpi& key = r.call_center().priority(0).kpi();
  const io::CallKpi& other = r.call_center().priority(1).kpi();
  EXPECT_EQ(r.call_center().priority(0).name(), "key_account");
  EXPECT_NEAR(static_cast<double>(key.offered()) / static_cast<double>(key.offered() + other.offered()), 0.2, 0.02);
  EXPECT_LT(key.asa_seconds() * 3, other.asa_seconds());
  EXPECT_GT(key.service_level(), other.service_level() + 0.05);
}

TEST(CallCenterModelTest, AgentsPerIntervalFollowTheSchedule) {
  io::Scenario s = Scenario({1.0 / 60, 120, 4, 0, 13}, 2);
  io::CallCenter& c = *s.mutable_call_center();
  c.clear_agents();
  for (int i = 0; i < 48; ++i) c.add_agents(i < 16 ? 2 : 6);  // 2 agents until 08:00, then 6
  const io::Results r = Simulate(s, 2);
  EXPECT_NEAR(r.call_center().interval(0).kpi().mean_agents(), 2.0, 1e-9);
  EXPECT_NEAR(r.call_center().interval(20).kpi().mean_agents(), 6.0, 1e-9);
  EXPECT_NEAR(r.call_center().total().mean_agents(), (16 * 2 + 32 * 6) / 48.0, 1e-9);
  EXPECT_GT(r.call_center().interval(0).kpi().asa_seconds(), r.call_center().interval(20).kpi().asa_seconds());
}

}  // namespace
}  // namespace hubsim

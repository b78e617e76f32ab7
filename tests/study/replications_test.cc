#include "engine/study/replications.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "engine/io/scenario_loader.h"
#include "engine/models/parcel_network/network_model.h"
#include "engine/study/kpi_registry.h"

namespace hubsim::study {
namespace {

// One outlet whose orders are a Poisson process of 200 a day (the default profile sums to
// one day's orders), without churn, so every order drawn is placed: the orders counted
// after one warm-up day are Poisson(200), an analytic mean to cover.
constexpr char kPoisson[] = R"pb(
  name: "poisson"
  days: 2
  warmup_days: 1
  hub { id: "H" lat: 22.5 lon: 114.0 }
  outlet { id: "O" hub: "H" lat: 22.5 lon: 114.0 couriers: 20 accounts: 10 orders_per_day: 200 }
  customers { churn { max_daily_probability: 0 } }
)pb";
constexpr double kExpectedOrders = 200;

io::Study Study(const io::Scenario& scenario, int replications, int threads = 1) {
  ReplicationOptions options;
  options.replications = replications;
  options.threads = threads;
  return Summarize(RunReplications(scenario, options));
}

const io::KpiSummary& Kpi(const io::Study& study, const std::string& name) {
  for (const io::KpiSummary& k : study.kpi()) {
    if (k.name() == name) return k;
  }
  ADD_FAILURE() << "no KPI " << name;
  return io::KpiSummary::default_instance();
}

TEST(ReplicationSeed, TheFirstIsTheScenariosTheOthersDerivedFromIt) {
  EXPECT_EQ(ReplicationSeed(42, 0), 42u);
  std::set<std::uint64_t> seeds;
  for (int i = 0; i < 1000; ++i) seeds.insert(ReplicationSeed(42, i));
  EXPECT_EQ(seeds.size(), 1000u);
  EXPECT_EQ(ReplicationSeed(42, 7), ReplicationSeed(42, 7));
  EXPECT_NE(ReplicationSeed(42, 1), ReplicationSeed(43, 1));
  EXPECT_NE(ReplicationSeed(42, 1), 43u);
  EXPECT_THROW(ReplicationSeed(42, -1), std::invalid_argument);
}

TEST(RunReplications, EachReplicationIsARunWithItsSeed) {
  const io::Scenario scenario = io::LoadScenarioText(kPoisson, "poisson");
  ReplicationOptions options;
  options.replications = 3;
  const Replications study = RunReplications(scenario, options);
  ASSERT_EQ(study.runs.size(), 3u);
  EXPECT_TRUE(study.all_conserved());
  EXPECT_EQ(study.warmup_days, 1u);
  for (int i = 0; i < 3; ++i) {
    io::Scenario alone = scenario;
    alone.set_seed(ReplicationSeed(scenario.seed(), i));
    RunOptions run;
    run.seed = alone.seed();
    const io::Results r = parcel_network::RunNetwork(parcel_network::CompileScenario(alone), run);
    EXPECT_EQ(study.runs[i].seed, alone.seed());
    EXPECT_EQ(study.runs[i].kpis, ExtractKpis(r, 1)) << "replication " << i;
    if (i == 0) {
      EXPECT_EQ(study.first.SerializeAsString(), r.SerializeAsString());
    }
  }
  EXPECT_NE(study.runs[1].kpis, study.runs[2].kpis);
}

TEST(RunReplications, RefusesABadCount) {
  const io::Scenario scenario = io::LoadScenarioText(kPoisson, "poisson");
  ReplicationOptions options;
  options.replications = 0;
  EXPECT_THROW(RunReplications(scenario, options), std::invalid_argument);
  options.replications = kMaxReplications + 1;
  EXPECT_THROW(RunReplications(scenario, options), std::invalid_argument);
}

TEST(Summarize, MeanSdIntervalAndValuesPerKpi) {
  const io::Scenario scenario = io::LoadScenarioText(kPoisson, "poisson");
  const io::Study study = Study(scenario, 4);
  EXPECT_EQ(study.replications(), 4u);
  EXPECT_EQ(study.warmup_days(), 1u);
  EXPECT_EQ(study.confidence(), 0.95);
  ASSERT_EQ(study.seed_size(), 4);
  EXPECT_EQ(study.seed(0), scenario.seed());
  const io::KpiSummary& orders = Kpi(study, "orders_placed");
  EXPECT_EQ(orders.label(), "orders placed");
  EXPECT_EQ(orders.unit(), "parcels");
  EXPECT_EQ(orders.direction(), io::NEUTRAL);
  ASSERT_EQ(orders.value_size(), 4);
  EXPECT_EQ(orders.n(), 4u);
  std::vector<double> values(orders.value().begin(), orders.value().end());
  const MeanEstimate e = EstimateMean(values);
  EXPECT_EQ(orders.mean(), e.mean);
  EXPECT_EQ(orders.sd(), e.sd);
  EXPECT_EQ(orders.ci_low(), e.low());
  EXPECT_EQ(orders.ci_high(), e.high());
  // No call center: no call KPIs; next-day promises of day 2 end after the run: none.
  for (const io::KpiSummary& k : study.kpi()) {
    EXPECT_NE(k.name().rfind("calls_", 0), 0u) << k.name();
    EXPECT_NE(k.name(), "next_day_on_time");
  }
  EXPECT_GT(Kpi(study, "pickup_on_time").mean(), 0.5);
}

TEST(Summarize, OneReplicationHasMeansWithoutIntervals) {
  const io::Study study = Study(io::LoadScenarioText(kPoisson, "poisson"), 1);
  const io::KpiSummary& orders = Kpi(study, "orders_placed");
  EXPECT_EQ(orders.n(), 1u);
  EXPECT_FALSE(orders.has_sd());
  EXPECT_FALSE(orders.has_ci_low());
  EXPECT_FALSE(orders.has_ci_high());
}

TEST(Summarize, AKpiMissingFromAReplicationIsLeftOut) {
  Replications r;
  r.runs.resize(2);
  r.runs[0].kpis.assign(StudyKpis().size(), 1.0);
  r.runs[1].kpis.assign(StudyKpis().size(), 2.0);
  r.runs[1].kpis[0] = std::nullopt;
  const io::Study study = Summarize(r);
  EXPECT_EQ(study.kpi_size(), static_cast<int>(StudyKpis().size()) - 1);
  EXPECT_EQ(study.kpi(0).name(), StudyKpis()[1].name);
  EXPECT_EQ(study.kpi(0).mean(), 1.5);
}

TEST(Determinism, TheStudyIsTheSameOnOneAndTwoThreads) {
  io::Scenario scenario = io::DefaultScenario();
  scenario.set_days(2);
  scenario.set_warmup_days(1);  // a study of a run with a warm-up holds every KPI
  const io::Study one = Study(scenario, 3, 1);
  const io::Study two = Study(scenario, 3, 2);
  EXPECT_GT(one.kpi_size(), 10);
  EXPECT_EQ(one.SerializeAsString(), two.SerializeAsString());
}

// Many studies of a model whose answer is known: the orders placed after the warm-up are
// Poisson(200). The count of studies whose 95 % interval holds 200 is Binomial(n, 0.95):
// 1,000 studies, sd 6.9, bounds 4 sd either side (923..977). At 5 replications an interval
// with the normal quantile instead of Student's t would cover about 88 % (878), far below;
// one that ignored the spread between replications would cover almost never.
TEST(Coverage, TheIntervalHoldsTheAnalyticMeanOfTheModel95PercentOfTheTime) {
  io::Scenario scenario = io::LoadScenarioText(kPoisson, "poisson");
  constexpr int kStudies = 1000;
  constexpr int kReplications = 5;
  int covered = 0;
  double sum_of_means = 0;
  for (int s = 0; s < kStudies; ++s) {
    scenario.set_seed(1000 + s);
    const io::Study study = Study(scenario, kReplications);
    const io::KpiSummary& orders = Kpi(study, "orders_placed");
    covered += orders.ci_low() <= kExpectedOrders && kExpectedOrders <= orders.ci_high() ? 1 : 0;
    sum_of_means += orders.mean();
  }
  EXPECT_GE(covered, 923);
  EXPECT_LE(covered, 977);
  // The grand mean over 5,000 replications: its sd is sqrt(200 / 5000) = 0.2.
  EXPECT_NEAR(sum_of_means / kStudies, kExpectedOrders, 1);
  RecordProperty("covered", covered);
}

}  // namespace
}  // namespace hubsim::study

// Warm-up days (Scenario.warmup_days): simulated exactly as without a warm-up, kept in
// the figures per day, left out of every figure over the run.
#include <gtest/gtest.h>

#include <cstdint>

#include "engine/io/scenario_loader.h"
#include "engine/models/parcel_network/network_model.h"

namespace hubsim::parcel_network {
namespace {

io::Results RunDefault(std::uint32_t warmup_days) {
  io::Scenario scenario = io::DefaultScenario();
  scenario.set_days(3);
  scenario.set_warmup_days(warmup_days);
  io::ValidateScenario(scenario, "default with warm-up");
  RunOptions options;
  options.threads = 2;
  options.seed = scenario.seed();
  return RunNetwork(CompileScenario(scenario), options);
}

class WarmupTest : public testing::Test {
 protected:
  static void SetUpTestSuite() {
    plain_ = new io::Results(RunDefault(0));
    warm_ = new io::Results(RunDefault(1));
  }
  static void TearDownTestSuite() {
    delete plain_;
    delete warm_;
  }
  static const io::Results* plain_;
  static const io::Results* warm_;
};
const io::Results* WarmupTest::plain_ = nullptr;
const io::Results* WarmupTest::warm_ = nullptr;

// Promises measured on days `from`.. of the run (days from 1).
std::uint64_t MeasuredFromDay(const io::Results& r, std::uint32_t from,
                              const io::PromiseKpi& (io::KpiSet::*which)() const) {
  std::uint64_t n = 0;
  for (const io::DayKpi& d : r.day()) {
    if (d.day() >= from) n += (d.kpi().*which)().measured();
  }
  return n;
}

TEST_F(WarmupTest, TheSimulationIsTheSameEventForEvent) {
  EXPECT_EQ(warm_->fingerprint(), plain_->fingerprint());
  EXPECT_EQ(warm_->events(), plain_->events());
  EXPECT_EQ(warm_->conservation().SerializeAsString(), plain_->conservation().SerializeAsString());
  EXPECT_TRUE(warm_->conservation().holds());
}

TEST_F(WarmupTest, FiguresPerDayCoverEveryDay) {
  ASSERT_EQ(warm_->day_size(), 3);
  for (int d = 0; d < 3; ++d) {
    EXPECT_EQ(warm_->day(d).SerializeAsString(), plain_->day(d).SerializeAsString())
        << "day " << d + 1;
  }
  EXPECT_EQ(warm_->call_center().day(0).SerializeAsString(),
            plain_->call_center().day(0).SerializeAsString());
  EXPECT_EQ(warm_->customers().sqi_day(0).SerializeAsString(),
            plain_->customers().sqi_day(0).SerializeAsString());
  EXPECT_GT(warm_->day(0).kpi().pickup().measured(), 10'000u);
}

TEST_F(WarmupTest, PromisesOfTheWarmupAreNotCounted) {
  using Get = const io::PromiseKpi& (io::KpiSet::*)() const;
  for (Get which :
       {Get{&io::KpiSet::pickup}, Get{&io::KpiSet::delivery}, Get{&io::KpiSet::next_day}}) {
    const std::uint64_t all = (plain_->kpi().*which)().measured();
    const std::uint64_t counted = (warm_->kpi().*which)().measured();
    EXPECT_EQ(all, MeasuredFromDay(*plain_, 1, which));
    EXPECT_EQ(counted, MeasuredFromDay(*warm_, 2, which));
    EXPECT_GT(counted, 0u);
    EXPECT_LT(counted, all);
    // The hours, hubs and outlets hold the counted days too.
    std::uint64_t hours = 0, hubs = 0, outlets = 0;
    for (const io::HourKpi& h : warm_->hour()) hours += (h.kpi().*which)().measured();
    for (const io::HubResult& h : warm_->hub()) hubs += (h.kpi().*which)().measured();
    for (const io::OutletResult& o : warm_->outlet()) outlets += (o.kpi().*which)().measured();
    EXPECT_EQ(hours, counted);
    EXPECT_EQ(hubs, counted);
    EXPECT_EQ(outlets, counted);
  }
}

TEST_F(WarmupTest, CallsOfTheWarmupAreNotCounted) {
  const io::CallCenterResult& c = warm_->call_center();
  ASSERT_EQ(c.day_size(), 3);
  EXPECT_EQ(c.total().offered(), c.day(1).kpi().offered() + c.day(2).kpi().offered());
  EXPECT_EQ(c.total().answered(), c.day(1).kpi().answered() + c.day(2).kpi().answered());
  std::uint64_t by_interval = 0, by_type = 0;
  for (const io::CallGroup& g : c.interval()) by_interval += g.kpi().offered();
  for (const io::CallGroup& g : c.call_type()) by_type += g.kpi().offered();
  EXPECT_EQ(by_interval, c.total().offered());
  EXPECT_EQ(by_type, c.total().offered());
  EXPECT_EQ(plain_->call_center().total().offered(),
            c.day(0).kpi().offered() + c.total().offered());
  EXPECT_GT(c.day(0).kpi().offered(), 0u);
  // Agents are averaged over the counted days: the same staffing every day, but for agents
  // finishing a call after their interval's staffing dropped (counted as logged in), a few
  // agent-seconds a day.
  EXPECT_NEAR(c.total().mean_agents(), plain_->call_center().total().mean_agents(), 0.01);
}

TEST_F(WarmupTest, CustomersAndTheSqiOfTheWarmupAreNotCounted) {
  const io::CustomerResult& c = warm_->customers();
  ASSERT_EQ(c.sqi_day_size(), 3);
  EXPECT_EQ(c.sqi().failures(), c.sqi_day(1).failures() + c.sqi_day(2).failures());
  EXPECT_EQ(c.sqi().shipments(), c.sqi_day(1).shipments() + c.sqi_day(2).shipments());
  const io::SegmentResult* all = nullptr;
  const io::SegmentResult* all_plain = nullptr;
  for (const io::SegmentResult& s : c.segment()) all = s.name() == "all" ? &s : all;
  for (const io::SegmentResult& s : plain_->customers().segment())
    all_plain = s.name() == "all" ? &s : all_plain;
  ASSERT_NE(all, nullptr);
  ASSERT_NE(all_plain, nullptr);
  EXPECT_EQ(all->churned(), c.day(1).churned() + c.day(2).churned());
  EXPECT_LT(all->parcels(), all_plain->parcels());
  EXPECT_EQ(all->complaints(), c.day(1).complaints() + c.day(2).complaints());
  EXPECT_EQ(all_plain->complaints(), c.day(0).complaints() + all->complaints());
  // The state at the end is the same: the warm-up is simulated.
  EXPECT_EQ(all->mean_satisfaction(), all_plain->mean_satisfaction());
  EXPECT_EQ(all->at_risk(), all_plain->at_risk());
}

}  // namespace
}  // namespace hubsim::parcel_network

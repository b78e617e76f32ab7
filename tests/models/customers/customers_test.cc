// Accounts, satisfaction, churn and complaints as formulas: exact values where the
// schema documents them, and the revenue calibration on a large draw.
#include "engine/models/customers/customers.h"

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <numeric>

namespace hubsim::customers {
namespace {

TEST(AccountsTest, CalibratedSigmaForEightyTwenty) {
  // z(0.8) = 0.841621...; sigma = 2 z(0.8).
  EXPECT_NEAR(CalibratedSigma(0.2, 0.8), 1.683242, 1e-6);
  EXPECT_NEAR(CalibratedSigma(0.2, 0.2), 0.0, 1e-12);  // equal shares: no spread
  EXPECT_THROW(CalibratedSigma(0.2, 0.1), std::invalid_argument);
  EXPECT_THROW(CalibratedSigma(0, 0.8), std::invalid_argument);
}

TEST(AccountsTest, TopTwentyPercentHoldEightyPercentOfRevenueOnALargeDraw) {
  std::vector<std::uint32_t> per_outlet(2000, 500);  // a million accounts
  AccountOptions options;
  options.sigma = CalibratedSigma(0.2, 0.8);
  const Accounts a = BuildAccounts(per_outlet, options);
  ASSERT_EQ(a.size(), 1'000'000u);
  EXPECT_NEAR(a.top20_revenue_share, 0.80, 0.03);
  EXPECT_NEAR(TopShare(a.monthly_revenue, 0.2), a.top20_revenue_share, 1e-9);
  // The mean revenue is the scenario's.
  const double mean = std::accumulate(a.monthly_revenue.begin(), a.monthly_revenue.end(), 0.0) / 1e6;
  EXPECT_NEAR(mean, options.mean_monthly_revenue, 0.02 * options.mean_monthly_revenue);
}

TEST(AccountsTest, SegmentsAreQuintilesByRevenueAndKeyAccountsTheLargest) {
  AccountOptions options;
  options.key_account_share = 0.01;
  const Accounts a = BuildAccounts({300, 200, 500}, options);
  ASSERT_EQ(a.size(), 1000u);
  EXPECT_EQ(a.outlet_offset, (std::vector<std::uint32_t>{0, 300, 500, 1000}));
  EXPECT_EQ(a.OutletOf(0), 0u);
  EXPECT_EQ(a.OutletOf(299), 0u);
  EXPECT_EQ(a.OutletOf(300), 1u);
  EXPECT_EQ(a.OutletOf(999), 2u);
  std::array<int, kSegments> per_segment{};
  std::array<double, kSegments> lowest, highest;
  lowest.fill(1e300);
  highest.fill(0);
  int keys = 0;
  double smallest_key = 1e300, largest_other = 0;
  for (std::uint32_t i = 0; i < a.size(); ++i) {
    const int q = a.segment[i];
    ++per_segment[q];
    lowest[q] = std::min(lowest[q], a.monthly_revenue[i]);
    highest[q] = std::max(highest[q], a.monthly_revenue[i]);
    if (a.key[i]) {
      ++keys;
      smallest_key = std::min(smallest_key, a.monthly_revenue[i]);
    } else {
      largest_other = std::max(largest_other, a.monthly_revenue[i]);
    }
  }
  for (int q = 0; q < kSegments; ++q) EXPECT_EQ(per_segment[q], 200) << "Q" << q + 1;
  for (int q = 1; q < kSegments; ++q) EXPECT_GE(lowest[q - 1], highest[q]) << "Q" << q << " above Q" << q + 1;
  EXPECT_EQ(keys, 10);
  EXPECT_GE(smallest_key, largest_other);
}

TEST(AccountsTest, AnOutletsAccountsDoNotDependOnOtherOutlets) {
  const Accounts one = BuildAccounts({50, 60}, AccountOptions());
  const Accounts two = BuildAccounts({50, 60, 70}, AccountOptions());
  for (std::uint32_t i = 0; i < 110; ++i) {
    EXPECT_EQ(one.monthly_revenue[i], two.monthly_revenue[i]);
    EXPECT_EQ(one.baseline[i], two.baseline[i]);
  }
}

TEST(SatisfactionTest, OneFreshExperienceMovesByItsScoreOverPriorPlusOne) {
  SatisfactionModel m;
  m.prior_weight = 2;
  AccountState s;
  const SimTime t = SimTime::Hours(5);
  EXPECT_EQ(s.At(0.6, t, m), 0.6);
  s.Add(-0.9, t, m);
  EXPECT_DOUBLE_EQ(s.At(0.6, t, m), 0.6 - 0.9 / 3);
  // Ten days later it weighs f = exp(-10/30): S = b + d f / (k + f).
  const double f = std::exp(-10.0 / 30.0);
  EXPECT_NEAR(s.At(0.6, t + SimTime::Days(10), m), 0.6 - 0.9 * f / (2 + f), 1e-12);
}

TEST(SatisfactionTest, ManyExperiencesConvergeToTheirMeanScoreWhateverTheVolume) {
  SatisfactionModel m;
  for (int n : {100, 10000}) {
    AccountState s;
    for (int i = 0; i < n; ++i) s.Add(i % 4 == 0 ? -1.0 : 0.2, SimTime::Seconds(i), m);  // mean -0.1
    const double mean_score = -0.1;
    const double got = s.At(0.5, SimTime::Seconds(n), m) - 0.5;
    EXPECT_NEAR(got, mean_score * (1 - m.prior_weight / (m.prior_weight + n)), 0.01) << n;
  }
}

TEST(SatisfactionTest, ScoresFollowTheDocumentedFormulas) {
  SatisfactionModel m;
  const Scores& s = m.scores;
  EXPECT_EQ(m.PickupScore(SimTime::Zero()), s.on_time_pickup);
  EXPECT_EQ(m.PickupScore(SimTime::Zero() - SimTime::Minutes(5)), s.on_time_pickup);
  EXPECT_DOUBLE_EQ(m.PickupScore(SimTime::Minutes(90)), s.late_pickup + 1.5 * s.late_pickup_per_hour);
  EXPECT_EQ(m.DeliveryScore(SimTime::Zero(), false, false), s.on_time_delivery);
  EXPECT_DOUBLE_EQ(m.DeliveryScore(SimTime::Hours(2), true, true),
                   s.late_delivery + 2 * s.late_delivery_per_hour + s.next_day_missed + s.damaged);
  EXPECT_DOUBLE_EQ(m.DeliveryScore(SimTime::Zero(), false, true), s.on_time_delivery + s.damaged);
  EXPECT_EQ(m.CallScore(SimTime::Zero()), s.call_answered_in_target);
  EXPECT_DOUBLE_EQ(m.CallScore(SimTime::Seconds(90)), 1.5 * s.call_wait_per_minute);
}

TEST(SatisfactionTest, LevelsFollowTheCutPoints) {
  SatisfactionModel m;  // 1.0, 0.25, -0.25, -1.0
  EXPECT_EQ(m.LevelOf(1.0), Level::kVerySatisfied);
  EXPECT_EQ(m.LevelOf(0.999), Level::kSatisfied);
  EXPECT_EQ(m.LevelOf(0.25), Level::kSatisfied);
  EXPECT_EQ(m.LevelOf(0.0), Level::kNeutral);
  EXPECT_EQ(m.LevelOf(-0.25), Level::kNeutral);
  EXPECT_EQ(m.LevelOf(-0.5), Level::kDissatisfied);
  EXPECT_EQ(m.LevelOf(-1.0), Level::kDissatisfied);
  EXPECT_EQ(m.LevelOf(-1.01), Level::kVeryDissatisfied);
}

TEST(ChurnTest, ProbabilityGrowsAsSatisfactionFallsAndIsHalfTheMaximumAtTheMidpoint) {
  ChurnModel c;
  EXPECT_DOUBLE_EQ(c.DailyProbability(c.midpoint), c.max_daily_probability / 2);
  double previous = 0;
  for (double s = 3; s >= -3; s -= 0.25) {
    const double p = c.DailyProbability(s);
    EXPECT_GT(p, previous) << s;
    EXPECT_LE(p, c.max_daily_probability);
    previous = p;
  }
  // No overflow far out on either side.
  EXPECT_GE(c.DailyProbability(1e6), 0.0);
  EXPECT_NEAR(c.DailyProbability(-1e6), c.max_daily_probability, 1e-15);
}

TEST(ComplaintTest, OnlyDissatisfiedAccountsComplain) {
  ComplaintModel c;
  EXPECT_EQ(c.Probability(Level::kVerySatisfied), 0);
  EXPECT_EQ(c.Probability(Level::kNeutral), 0);
  EXPECT_EQ(c.Probability(Level::kDissatisfied), c.dissatisfied_probability);
  EXPECT_EQ(c.Probability(Level::kVeryDissatisfied), c.very_dissatisfied_probability);
}

TEST(UniformAtTest, IsAPureFunctionOfSeedStreamAndIndex) {
  EXPECT_EQ(UniformAt(1, 5, 3), UniformAt(1, 5, 3));
  EXPECT_NE(UniformAt(1, 5, 3), UniformAt(1, 5, 4));
  EXPECT_NE(UniformAt(1, 5, 3), UniformAt(1, 6, 3));
  EXPECT_NE(UniformAt(1, 5, 3), UniformAt(2, 5, 3));
  // The same numbers as drawing the stream in order.
  RngStream rng(9, 77);
  for (std::uint64_t i = 0; i < 5; ++i) EXPECT_EQ(rng.Uniform01(), UniformAt(9, 77, i)) << i;
}

}  // namespace
}  // namespace hubsim::customers

// Accounts, satisfaction, churn and complaints as formulas: exact values where the
// schema documents them, and the revenue calibration on a large draw.
#include "engine/models/customers/customers.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <numeric>
#include <string>
#include <utility>
#include <vector>

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

TEST(SatisfactionTest, OneFreshExperienceMovesByItsScoreOverPriorPlusItsWeight) {
  SatisfactionModel m;
  m.prior_weight = 2;
  m.negative_weight = 2;
  AccountState s;
  const SimTime t = SimTime::Hours(5);
  EXPECT_EQ(s.At(0.6, t, m), 0.6);
  s.Add(-0.9, t, m);  // negative: it weighs 2
  EXPECT_DOUBLE_EQ(s.At(0.6, t, m), 0.6 - 2 * 0.9 / 4);
  // Ten days later it weighs 2f, f = exp(-10/30): S = b + 2 d f / (k + 2 f).
  const double f = std::exp(-10.0 / 30.0);
  EXPECT_NEAR(s.At(0.6, t + SimTime::Days(10), m), 0.6 - 2 * 0.9 * f / (2 + 2 * f), 1e-12);
  // A positive experience weighs 1.
  AccountState p;
  p.Add(0.3, t, m);
  EXPECT_DOUBLE_EQ(p.At(0.6, t, m), 0.6 + 0.3 / 3);
}

TEST(SatisfactionTest, WithoutAsymmetryEveryExperienceWeighsOne) {
  SatisfactionModel m;
  m.negative_weight = 1;
  AccountState s;
  s.Add(-0.9, SimTime::Hours(1), m);
  s.Add(0.3, SimTime::Hours(1), m);
  EXPECT_DOUBLE_EQ(s.At(0.6, SimTime::Hours(1), m), 0.6 + (-0.9 + 0.3) / (2 + 2));
}

TEST(SatisfactionTest, ManyExperiencesConvergeToTheirWeightedMeanScoreWhateverTheVolume) {
  SatisfactionModel m;
  const double w = m.negative_weight;
  // A quarter at -1 (weight w), the rest at 0.2 (weight 1).
  const double mean_score = (w * -1.0 + 3 * 0.2) / (w + 3);
  for (int n : {100, 10000}) {
    AccountState s;
    for (int i = 0; i < n; ++i) s.Add(i % 4 == 0 ? -1.0 : 0.2, SimTime::Seconds(i), m);
    const double weight = n * (w + 3) / 4;
    const double got = s.At(0.5, SimTime::Seconds(n), m) - 0.5;
    EXPECT_NEAR(got, mean_score * weight / (m.prior_weight + weight), 0.01) << n;
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

// The calibration of the defaults, as customers.h and scenario.proto state it: the
// steady state of a stream of parcels, pickups on time, a share p of the deliveries late
// by 45 min: S = 0.6 + (a + (1 - p) b + w p d) / (1 + (1 - p) + w p).
TEST(SatisfactionCalibrationTest, TheDocumentedCrossingsHold) {
  const SatisfactionModel m;
  const double a = m.PickupScore(SimTime::Zero());
  const double b = m.DeliveryScore(SimTime::Zero(), false, false);
  const double d = m.DeliveryScore(SimTime::Minutes(45), false, false);
  const double w = m.negative_weight;
  EXPECT_DOUBLE_EQ(d, -7.075);
  auto steady = [&](double p) {
    return 0.6 + (a + (1 - p) * b + w * p * d) / (1 + (1 - p) + w * p);
  };
  // The share at which S reaches the cut point c.
  auto crossing = [&](double c) {
    const double mean = c - 0.6;
    return (2 * mean - a - b) / (w * (d - mean) + mean - b);
  };
  EXPECT_NEAR(steady(0), 0.70, 0.005);
  EXPECT_NEAR(steady(0.02), 0.56, 0.005);
  EXPECT_NEAR(crossing(m.cut[1]), 0.065, 0.0005);
  EXPECT_NEAR(steady(0.10), 0.02, 0.005);
  EXPECT_NEAR(crossing(m.cut[2]), 0.142, 0.0005);
  EXPECT_NEAR(crossing(m.cut[3]), 0.269, 0.0005);
  EXPECT_NEAR(steady(0.30), -1.17, 0.005);
  EXPECT_NEAR(steady(crossing(m.cut[1])), m.cut[1], 1e-12);
}

// An account's parcels over `days` days, `per_day` a day (ordered 08:00-18:00, collected
// 30 min later on time, delivered the next day 09:00-17:00), with the deliveries of the
// parcels for which `late` holds 30 to 60 min late (spread deterministically), the rest
// 10 min early. `extra` adds other experiences (time, score). Returns S at the end of each
// day (index day - 1), for the baseline initial_mean.
std::vector<double> Stream(const SatisfactionModel& m, int per_day, int days,
                           const std::function<bool(int)>& late,
                           const std::vector<std::pair<SimTime, double>>& extra = {}) {
  std::vector<std::pair<SimTime, double>> experiences = extra;
  for (int day = 0; day < days; ++day) {
    for (int k = 0; k < per_day; ++k) {
      const int i = day * per_day + k;
      const SimTime order =
          SimTime::Days(day) + SimTime::Hours(8) + SimTime::Minutes(600 * k / per_day);
      experiences.emplace_back(order + SimTime::Minutes(30), m.PickupScore(SimTime::Minutes(-20)));
      const SimTime delivered =
          SimTime::Days(day + 1) + SimTime::Hours(9) + SimTime::Minutes(480 * k / per_day);
      const SimTime by = late(i) ? SimTime::Minutes(30 + (17 * i) % 31) : SimTime::Minutes(-10);
      experiences.emplace_back(delivered, m.DeliveryScore(by, false, false));
    }
  }
  std::stable_sort(experiences.begin(), experiences.end(),
                   [](const auto& x, const auto& y) { return x.first < y.first; });
  std::vector<double> at_day_end;
  AccountState state;
  std::size_t next = 0;
  for (int day = 1; day <= days; ++day) {
    const SimTime end = SimTime::Days(day);
    for (; next < experiences.size() && experiences[next].first <= end; ++next) {
      state.Add(experiences[next].second, experiences[next].first, m);
    }
    at_day_end.push_back(state.At(m.initial_mean, end, m));
  }
  return at_day_end;
}

SatisfactionModel Deterministic() {
  SatisfactionModel m;
  m.initial_stddev = 0;  // the baseline is initial_mean
  return m;
}

// Busy (20 parcels a day) and small (1 a day) accounts: the level follows the share of late
// parcels, days 30-90 (steady state; the memory is 30 days). Each pattern starts with a late
// parcel, so that the late share of the parcels delivered so far is never below the
// nominal one (with the first late parcel the tenth, a small account has 2 late of 29 on
// day 30: 6.9 %, at the satisfied/neutral crossing).
class LateShareTest : public ::testing::TestWithParam<int> {};

TEST_P(LateShareTest, TwoPercentLateStaysSatisfied) {
  const SatisfactionModel m = Deterministic();
  const std::vector<double> s = Stream(m, GetParam(), 90, [](int i) { return i % 50 == 0; });
  for (int day = 30; day <= 90; ++day) {
    EXPECT_LE(m.LevelOf(s[day - 1]), Level::kSatisfied) << "day " << day << ": S = " << s[day - 1];
  }
}

TEST_P(LateShareTest, TenPercentLateDriftsToNeutral) {
  const SatisfactionModel m = Deterministic();
  const std::vector<double> s = Stream(m, GetParam(), 90, [](int i) { return i % 10 == 0; });
  for (int day = 30; day <= 90; ++day) {
    EXPECT_EQ(m.LevelOf(s[day - 1]), Level::kNeutral) << "day " << day << ": S = " << s[day - 1];
  }
}

TEST_P(LateShareTest, ThirtyPercentLateIsDissatisfiedWithinTheMemory) {
  const SatisfactionModel m = Deterministic();
  ASSERT_EQ(m.memory, SimTime::Days(30));
  const std::vector<double> s =
      Stream(m, GetParam(), 90, [](int i) { return i % 10 == 0 || i % 10 == 3 || i % 10 == 6; });
  for (int day = 30; day <= 90; ++day) {
    EXPECT_GE(m.LevelOf(s[day - 1]), Level::kDissatisfied)
        << "day " << day << ": S = " << s[day - 1];
  }
}

TEST_P(LateShareTest, OnTimeServiceKeepsTheAccountSatisfied) {
  const SatisfactionModel m = Deterministic();
  const std::vector<double> s = Stream(m, GetParam(), 90, [](int) { return false; });
  for (int day = 1; day <= 90; ++day) {
    EXPECT_GT(s[day - 1], m.initial_mean) << "day " << day;
    EXPECT_EQ(m.LevelOf(s[day - 1]), Level::kSatisfied) << "day " << day;
  }
}

INSTANTIATE_TEST_SUITE_P(Accounts, LateShareTest, ::testing::Values(20, 1),
                         [](const ::testing::TestParamInfo<int>& p) {
                           return p.param == 1 ? std::string("OneParcelADay")
                                               : std::string("TwentyParcelsADay");
                         });

TEST(SatisfactionCalibrationTest, ALostParcelOfASmallAccountWeighsMoreThanALateOne) {
  // One parcel a day, on time, for 60 days; on day 60 the parcel's delivery is late by
  // 45 min, or the parcel is lost instead: the account is less satisfied after the loss,
  // at once and as long as it remembers.
  const SatisfactionModel m = Deterministic();
  auto after = [&](double score, SimTime t, int days) {
    AccountState s;
    for (int day = 0; day < days; ++day) {
      const SimTime order = SimTime::Days(day) + SimTime::Hours(10);
      const bool the_one = order + SimTime::Hours(2) == t;
      s.Add(m.PickupScore(SimTime::Zero()), order + SimTime::Hours(1), m);
      s.Add(the_one ? score : m.DeliveryScore(SimTime::Zero(), false, false),
            order + SimTime::Hours(2), m);
    }
    return s.At(m.initial_mean, SimTime::Days(days), m);
  };
  const SimTime t = SimTime::Days(59) + SimTime::Hours(12);
  const double late = m.DeliveryScore(SimTime::Minutes(45), false, false);
  for (int days : {60, 61, 70, 90}) {
    EXPECT_LT(after(m.scores.lost, t, days), after(late, t, days)) << days;
  }
  // One late delivery in 60 parcels leaves the account satisfied; one loss does not.
  EXPECT_EQ(m.LevelOf(after(late, t, 60)), Level::kSatisfied);
  EXPECT_GE(m.LevelOf(after(m.scores.lost, t, 60)), Level::kNeutral);
  // As the first experience of a new account, too.
  AccountState lost, late_one;
  lost.Add(m.scores.lost, SimTime::Hours(1), m);
  late_one.Add(late, SimTime::Hours(1), m);
  EXPECT_LT(lost.At(m.initial_mean, SimTime::Hours(2), m),
            late_one.At(m.initial_mean, SimTime::Hours(2), m));
}

TEST(SatisfactionCalibrationTest, LongWaitsAndAbandonedCallsLowerSatisfaction) {
  // Parcels on time, one a day, and a call every fifth day: answered within the target,
  // answered 3 min beyond it, or abandoned.
  const SatisfactionModel m = Deterministic();
  auto with_calls = [&](double call_score) {
    std::vector<std::pair<SimTime, double>> calls;
    for (int day = 0; day < 60; day += 5) {
      calls.emplace_back(SimTime::Days(day) + SimTime::Hours(14), call_score);
    }
    const auto never_late = [](int) { return false; };
    return Stream(m, 1, 60, never_late, calls);
  };
  const std::vector<double> in_target = with_calls(m.CallScore(SimTime::Zero()));
  const std::vector<double> waited = with_calls(m.CallScore(SimTime::Minutes(3)));
  const std::vector<double> abandoned = with_calls(m.scores.abandoned_call);
  for (int day = 1; day <= 60; ++day) {
    EXPECT_LT(waited[day - 1], in_target[day - 1]) << day;
    EXPECT_LT(abandoned[day - 1], in_target[day - 1]) << day;
  }
  // Steady state: answered in target, satisfied; abandoning every fifth day's call, not.
  EXPECT_EQ(m.LevelOf(in_target[59]), Level::kSatisfied);
  EXPECT_GE(m.LevelOf(abandoned[59]), Level::kNeutral);
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

#include "hubsim/sim_time.h"

#include <gtest/gtest.h>

#include <limits>

namespace hubsim {
namespace {

TEST(SimTimeTest, UnitsAreMicroseconds) {
  EXPECT_EQ(SimTime::Seconds(1).ticks(), 1'000'000);
  EXPECT_EQ(SimTime::Milliseconds(3).ticks(), 3'000);
  EXPECT_EQ(SimTime::Minutes(2), SimTime::Seconds(120));
  EXPECT_EQ(SimTime::Hours(1), SimTime::Minutes(60));
  EXPECT_EQ(SimTime::Days(1).ticks(), 86'400'000'000);
}

TEST(SimTimeTest, FromSecondsRoundsToNearestTick) {
  EXPECT_EQ(SimTime::FromSeconds(1.5).ticks(), 1'500'000);
  EXPECT_EQ(SimTime::FromSeconds(0.0000004).ticks(), 0);
  EXPECT_EQ(SimTime::FromSeconds(0.0000006).ticks(), 1);
  EXPECT_EQ(SimTime::FromSeconds(-2.25).ticks(), -2'250'000);
}

TEST(SimTimeTest, FromSecondsSaturates) {
  EXPECT_EQ(SimTime::FromSeconds(1e300), SimTime::Max());
  EXPECT_EQ(SimTime::FromSeconds(std::numeric_limits<double>::infinity()), SimTime::Max());
  EXPECT_LT(SimTime::FromSeconds(-1e300), SimTime::Zero());
  EXPECT_EQ(SimTime::FromSeconds(9.0e12).ticks(), 9'000'000'000'000'000'000);
}

TEST(SimTimeTest, ArithmeticAndOrder) {
  SimTime t = SimTime::Seconds(10);
  t += SimTime::Milliseconds(500);
  EXPECT_EQ(t - SimTime::Seconds(10), SimTime::Milliseconds(500));
  EXPECT_LT(SimTime::Zero(), t);
  EXPECT_LT(t, SimTime::Max());
  EXPECT_EQ(SimTime::Seconds(2) * 3, SimTime::Seconds(6));
  EXPECT_DOUBLE_EQ(SimTime::Milliseconds(1500).seconds(), 1.5);
}

TEST(SimTimeTest, ToStringShowsSecondsWithMicroseconds) {
  EXPECT_EQ(SimTime::Milliseconds(12'500).ToString(), "12.500000 s");
  EXPECT_EQ(SimTime::Microseconds(-5).ToString(), "-0.000005 s");
  EXPECT_EQ(SimTime::Seconds(-3).ToString(), "-3.000000 s");
}

}  // namespace
}  // namespace hubsim

#include "engine/study/statistics.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "hubsim/rng.h"

namespace hubsim::study {
namespace {

// Quantiles of Student's t, computed apart (mpmath, 30 digits: the root of the regularised
// incomplete beta function), to 16 significant digits.
TEST(StudentT, QuantilesMatchAnIndependentComputation) {
  EXPECT_NEAR(StudentTQuantile(0.975, 1), 12.70620473617469, 1e-10);
  EXPECT_NEAR(StudentTQuantile(0.975, 2), 4.302652729749462, 1e-12);
  EXPECT_NEAR(StudentTQuantile(0.975, 4), 2.776445105197793, 1e-12);
  EXPECT_NEAR(StudentTQuantile(0.975, 9), 2.262157162798205, 1e-12);
  EXPECT_NEAR(StudentTQuantile(0.975, 29), 2.045229642132704, 1e-12);
  EXPECT_NEAR(StudentTQuantile(0.95, 10), 1.812461122811676, 1e-12);
  EXPECT_NEAR(StudentTQuantile(0.025, 9), -2.262157162798205, 1e-12);
  // Welch's degrees of freedom are not whole numbers.
  EXPECT_NEAR(StudentTQuantile(0.975, 4.5), 2.658912347204403, 1e-12);
  // Towards the normal distribution's 1.959963984540054.
  EXPECT_NEAR(StudentTQuantile(0.975, 1e7), 1.959963984540054, 1e-6);
  EXPECT_NEAR(StudentTCritical(0.95, 9), StudentTQuantile(0.975, 9), 0);
  EXPECT_NEAR(StudentTCritical(0.99, 9), 3.249835541592126, 1e-12);
}

TEST(StudentT, RejectsWhatHasNoQuantile) {
  EXPECT_THROW(StudentTQuantile(0, 5), std::invalid_argument);
  EXPECT_THROW(StudentTQuantile(1, 5), std::invalid_argument);
  EXPECT_THROW(StudentTQuantile(0.5, 0), std::invalid_argument);
  EXPECT_THROW(StudentTCritical(1.0, 5), std::invalid_argument);
}

TEST(EstimateMean, MeanSampleSdAndHalfWidth) {
  const std::vector<double> v = {1, 2, 3, 4, 5};
  const MeanEstimate e = EstimateMean(v);
  EXPECT_EQ(e.n, 5);
  EXPECT_DOUBLE_EQ(e.mean, 3);
  EXPECT_DOUBLE_EQ(e.sd, std::sqrt(2.5));  // divisor n - 1
  EXPECT_NEAR(e.half_width, 2.776445105197793 * std::sqrt(2.5) / std::sqrt(5.0), 1e-12);
  EXPECT_TRUE(e.has_interval());
  EXPECT_DOUBLE_EQ(e.low(), e.mean - e.half_width);
  EXPECT_DOUBLE_EQ(e.high(), e.mean + e.half_width);
}

TEST(EstimateMean, OneValueHasNoInterval) {
  const MeanEstimate e = EstimateMean(std::vector<double>{7.5});
  EXPECT_EQ(e.n, 1);
  EXPECT_EQ(e.mean, 7.5);
  EXPECT_FALSE(e.has_interval());
  EXPECT_EQ(e.half_width, 0);
}

TEST(EstimateMean, EqualValuesHaveAZeroWidthInterval) {
  const MeanEstimate e = EstimateMean(std::vector<double>{0.25, 0.25, 0.25});
  EXPECT_EQ(e.sd, 0);
  EXPECT_EQ(e.half_width, 0);
  EXPECT_EQ(e.mean, 0.25);
}

TEST(EstimateMean, RejectsNoValuesAndNonFiniteOnes) {
  EXPECT_THROW(EstimateMean(std::vector<double>{}), std::invalid_argument);
  EXPECT_THROW(EstimateMean(std::vector<double>{1, NAN}), std::invalid_argument);
  EXPECT_THROW(EstimateMean(std::vector<double>{1, INFINITY}), std::invalid_argument);
}

TEST(EstimateDifference, PairedAndWelch) {
  const std::vector<double> base = {1, 2, 3, 4};
  const std::vector<double> alt = {2, 4, 6, 8};
  const DifferenceEstimate d = EstimateDifference(base, alt);
  // Differences 1, 2, 3, 4.
  EXPECT_DOUBLE_EQ(d.paired.mean, 2.5);
  EXPECT_DOUBLE_EQ(d.paired.sd, std::sqrt(5.0 / 3));
  EXPECT_NEAR(d.paired.half_width, 3.182446305283708 * std::sqrt(5.0 / 3) / 2, 1e-12);
  EXPECT_TRUE(d.significant());
  // Welch: s1^2/n = 5/12, s2^2/n = 5/3; dof = (25/12)^2 / (((5/12)^2 + (5/3)^2) / 3) = 75/17.
  EXPECT_NEAR(d.unpaired_dof, 75.0 / 17, 1e-12);
  EXPECT_NEAR(d.unpaired_half_width, StudentTQuantile(0.975, 75.0 / 17) * std::sqrt(25.0 / 12),
              1e-12);
}

TEST(EstimateDifference, SignificantOnlyWhenTheIntervalExcludesZero) {
  const std::vector<double> base = {10, 11, 12, 13, 14};
  EXPECT_FALSE(EstimateDifference(base, base).significant());  // all differences 0
  EXPECT_TRUE(EstimateDifference(base, std::vector<double>{9, 10, 11, 12, 13}).significant());
  EXPECT_FALSE(EstimateDifference(base, std::vector<double>{11, 10, 13, 12, 14}).significant());
  // Equal variances nowhere: the Welch interval falls back to n + n - 2 degrees.
  const DifferenceEstimate flat =
      EstimateDifference(std::vector<double>{1, 1, 1}, std::vector<double>{2, 2, 2});
  EXPECT_EQ(flat.unpaired_dof, 4);
  EXPECT_EQ(flat.unpaired_half_width, 0);
  EXPECT_TRUE(flat.significant());
}

TEST(EstimateDifference, RejectsSamplesThatAreNotPairs) {
  EXPECT_THROW(EstimateDifference(std::vector<double>{1, 2}, std::vector<double>{1, 2, 3}),
               std::invalid_argument);
  EXPECT_THROW(EstimateDifference(std::vector<double>{1}, std::vector<double>{2}),
               std::invalid_argument);
}

// The number of `trials` whose interval holds its true value is Binomial(trials, 0.95):
// sd = sqrt(2000 x 0.95 x 0.05) = 9.7; 4 sd either side. An interval with the normal
// quantile (1.96) instead of t(0.975, 4) = 2.78 covers only 88 % of the time at n = 5
// (1,756 of 2,000), far outside.
constexpr int kTrials = 2000;
constexpr int kCoveredLow = 1861;
constexpr int kCoveredHigh = 1939;

TEST(Coverage, TheIntervalOfTheMeanHoldsTheMean95PercentOfTheTime) {
  RngStream rng(2024, 7);
  int covered = 0;
  for (int t = 0; t < kTrials; ++t) {
    std::vector<double> sample(5);
    for (double& x : sample) x = rng.Normal(10, 3);
    const MeanEstimate e = EstimateMean(sample);
    covered += e.low() <= 10 && 10 <= e.high() ? 1 : 0;
  }
  RecordProperty("covered", covered);
  EXPECT_GE(covered, kCoveredLow);
  EXPECT_LE(covered, kCoveredHigh);
}

TEST(Coverage, ThePairedIntervalHoldsTheDifference95PercentOfTheTime) {
  // Strongly correlated pairs (common random numbers): alt = base + 0.5 + small noise.
  RngStream rng(2024, 8);
  int covered = 0;
  for (int t = 0; t < kTrials; ++t) {
    std::vector<double> base(5), alt(5);
    for (int i = 0; i < 5; ++i) {
      base[i] = rng.Normal(100, 20);
      alt[i] = base[i] + 0.5 + rng.Normal(0, 1);
    }
    const DifferenceEstimate d = EstimateDifference(base, alt);
    covered += d.paired.low() <= 0.5 && 0.5 <= d.paired.high() ? 1 : 0;
    EXPECT_LT(d.paired.half_width, d.unpaired_half_width);
  }
  RecordProperty("covered", covered);
  EXPECT_GE(covered, kCoveredLow);
  EXPECT_LE(covered, kCoveredHigh);
}

}  // namespace
}  // namespace hubsim::study

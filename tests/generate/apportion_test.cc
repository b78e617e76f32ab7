#include "engine/generate/apportion.h"

#include <gtest/gtest.h>

#include <numeric>
#include <stdexcept>

namespace hubsim::generate {
namespace {

std::int64_t Sum(const std::vector<std::int64_t>& v) {
  return std::accumulate(v.begin(), v.end(), std::int64_t{0});
}

TEST(Apportion, SplitsExactlyByLargestRemainder) {
  EXPECT_EQ(Apportion({1, 1, 1}, 10), (std::vector<std::int64_t>{4, 3, 3}));  // ties: lower index
  EXPECT_EQ(Apportion({5, 3, 2}, 10), (std::vector<std::int64_t>{5, 3, 2}));
  EXPECT_EQ(Apportion({0.6, 0.3, 0.1}, 7), (std::vector<std::int64_t>{4, 2, 1}));  // 4.2 2.1 .7
  EXPECT_EQ(Apportion({1, 0}, 5), (std::vector<std::int64_t>{5, 0}));
  EXPECT_EQ(Apportion({}, 0), std::vector<std::int64_t>{});
}

TEST(Apportion, MinimumsComeFirstAndTheRestStaysProportional) {
  // Quotas 9.7, 0.2, 0.1: the minimums take 2, the largest part gives them up.
  EXPECT_EQ(Apportion({97, 2, 1}, 10, {1, 1, 1}), (std::vector<std::int64_t>{8, 1, 1}));
  EXPECT_EQ(Apportion({0, 0}, 2, {1, 1}), (std::vector<std::int64_t>{1, 1}));
  const std::vector<std::int64_t> parts = Apportion({1000, 10, 1, 1, 1}, 6, {1, 1, 1, 1, 1});
  EXPECT_EQ(parts, (std::vector<std::int64_t>{2, 1, 1, 1, 1}));
}

TEST(Apportion, TotalsAreExactForManyParts) {
  std::vector<double> weights;
  for (int i = 1; i <= 997; ++i) weights.push_back(1.0 / i);
  for (std::int64_t total : {997, 1'000, 5'000, 1'234'567, 100'000'000}) {
    const auto parts = Apportion(weights, total, std::vector<std::int64_t>(997, 1));
    EXPECT_EQ(Sum(parts), total);
    for (std::size_t i = 1; i < parts.size(); ++i) EXPECT_LE(parts[i], parts[i - 1]) << i;
  }
}

TEST(Apportion, RejectsImpossibleRequests) {
  EXPECT_THROW(Apportion({1, 1}, 1, {1, 1}), std::invalid_argument);
  EXPECT_THROW(Apportion({-1, 1}, 1), std::invalid_argument);
  EXPECT_THROW(Apportion({0, 0}, 1), std::invalid_argument);
  EXPECT_THROW(Apportion({1, 1}, 1, {1}), std::invalid_argument);
}

}  // namespace
}  // namespace hubsim::generate

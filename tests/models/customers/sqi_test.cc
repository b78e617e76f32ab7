// The SQI arithmetic on FedEx's published kind of example, and the components' metadata.
#include "engine/models/customers/sqi.h"

#include <gtest/gtest.h>

namespace hubsim::customers {
namespace {

SqiCounts Counts(std::initializer_list<std::pair<SqiComponent, std::uint64_t>> values) {
  SqiCounts counts{};
  for (const auto& [c, n] : values) counts[static_cast<int>(c)] = n;
  return counts;
}

TEST(SqiTest, KnownWeekGivesTheTextbookFigures) {
  // 85,000 shipments a day for 5 days; the component counts of the week.
  const SqiCounts counts = Counts({{SqiComponent::kRightDayLate, 751},
                                   {SqiComponent::kWrongDayLate, 15},
                                   {SqiComponent::kTraces, 115},
                                   {SqiComponent::kComplaintsReopened, 125},
                                   {SqiComponent::kLost, 2},
                                   {SqiComponent::kDamaged, 18},
                                   {SqiComponent::kLatePickupStops, 209},
                                   {SqiComponent::kMissedPod, 26},
                                   {SqiComponent::kInvoiceAdjustments, 282},
                                   {SqiComponent::kInternational, 102}});
  SqiMask all;
  all.fill(true);
  const SqiTotals t = ComputeSqi(counts, DefaultSqiWeights(), 85000 * 5, all);
  EXPECT_EQ(t.failures, 1645u);
  EXPECT_DOUBLE_EQ(t.points, 2783.0);
  EXPECT_NEAR(t.percent_of_shipments, 0.6548, 0.00005);
  EXPECT_NEAR(t.points_per_100k, 2783.0 * 100000 / 425000, 1e-9);  // 654.82
}

TEST(SqiTest, ExcludedComponentsCountNeitherFailuresNorPoints) {
  const SqiCounts counts = Counts({{SqiComponent::kLost, 3}, {SqiComponent::kInvoiceAdjustments, 100}});
  const SqiTotals t = ComputeSqi(counts, DefaultSqiWeights(), 1000, ModeledMask());
  EXPECT_EQ(t.failures, 3u);
  EXPECT_DOUBLE_EQ(t.points, 30.0);
  EXPECT_DOUBLE_EQ(t.points_per_100k, 3000.0);
}

TEST(SqiTest, NoShipmentsGivesZeroRatesNotInfinity) {
  const SqiTotals t = ComputeSqi(Counts({{SqiComponent::kLost, 1}}), DefaultSqiWeights(), 0, ModeledMask());
  EXPECT_EQ(t.failures, 1u);
  EXPECT_EQ(t.points_per_100k, 0.0);
  EXPECT_EQ(t.percent_of_shipments, 0.0);
}

TEST(SqiTest, TwelveNamedComponentsWithFedExWeightsAndThreeOutsideTheModel) {
  const SqiWeights w = DefaultSqiWeights();
  const double expected[] = {1, 5, 3, 3, 1, 1, 3, 10, 10, 5, 1, 1};
  int modeled = 0;
  for (int c = 0; c < kSqiComponents; ++c) {
    EXPECT_EQ(w[c], expected[c]) << SqiName(static_cast<SqiComponent>(c));
    modeled += SqiModeled(static_cast<SqiComponent>(c)) ? 1 : 0;
  }
  EXPECT_EQ(modeled, 9);
  EXPECT_FALSE(SqiModeled(SqiComponent::kInvoiceAdjustments));
  EXPECT_FALSE(SqiModeled(SqiComponent::kOvergoods));
  EXPECT_FALSE(SqiModeled(SqiComponent::kInternational));
  EXPECT_STREQ(SqiName(SqiComponent::kWrongDayLate), "wrong_day_late");
}

}  // namespace
}  // namespace hubsim::customers

// FedEx's Service Quality Indicator: twelve kinds of failure counted each day and weighted
// by how much each hurts the customer (weights and definitions in engine/io/scenario.proto,
// message SqiWeights).
#ifndef HUBSIM_ENGINE_MODELS_CUSTOMERS_SQI_H_
#define HUBSIM_ENGINE_MODELS_CUSTOMERS_SQI_H_

#include <array>
#include <cstdint>

namespace hubsim::customers {

enum class SqiComponent : std::uint8_t {
  kRightDayLate = 0,
  kWrongDayLate,
  kTraces,
  kComplaintsReopened,
  kMissedPod,
  kInvoiceAdjustments,
  kLatePickupStops,
  kLost,
  kDamaged,
  kOvergoods,
  kAbandonedCalls,
  kInternational,
};
inline constexpr int kSqiComponents = 12;

// What makes a delivery or a pickup late (engine/io/scenario.proto, message SqiWeights):
// the minute promises, or FedEx's day-level definitions.
enum class SqiDefinition : std::uint8_t { kMinutePromises = 0, kDayLevel = 1 };
inline constexpr int kSqiDefinitions = 2;
const char* SqiDefinitionName(SqiDefinition definition);  // "minute_promises", "day_level"

using SqiCounts = std::array<std::uint64_t, kSqiComponents>;
using SqiWeights = std::array<double, kSqiComponents>;
using SqiMask = std::array<bool, kSqiComponents>;

const char* SqiName(SqiComponent component);
// FedEx's weights: 1, 5, 3, 3, 1, 1, 3, 10, 10, 5, 1, 1 in the order above.
SqiWeights DefaultSqiWeights();
// Whether hubsim's model produces the component (invoices, overgoods and international
// shipments are outside it).
bool SqiModeled(SqiComponent component);
SqiMask ModeledMask();

struct SqiTotals {
  std::uint64_t failures = 0;
  double points = 0;
  double points_per_100k = 0;       // per 100,000 shipments
  double percent_of_shipments = 0;  // points / shipments x 100
};

// Sums the components in `included`: failures, weighted points, and the points relative to
// the shipments (0 when there were none).
SqiTotals ComputeSqi(const SqiCounts& counts, const SqiWeights& weights, std::uint64_t shipments,
                     const SqiMask& included);

}  // namespace hubsim::customers

#endif  // HUBSIM_ENGINE_MODELS_CUSTOMERS_SQI_H_

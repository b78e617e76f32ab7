#include "engine/models/customers/sqi.h"

namespace hubsim::customers {

const char* SqiName(SqiComponent component) {
  switch (component) {
    case SqiComponent::kRightDayLate: return "right_day_late";
    case SqiComponent::kWrongDayLate: return "wrong_day_late";
    case SqiComponent::kTraces: return "traces";
    case SqiComponent::kComplaintsReopened: return "complaints_reopened";
    case SqiComponent::kMissedPod: return "missed_pod";
    case SqiComponent::kInvoiceAdjustments: return "invoice_adjustments";
    case SqiComponent::kLatePickupStops: return "late_pickup_stops";
    case SqiComponent::kLost: return "lost";
    case SqiComponent::kDamaged: return "damaged";
    case SqiComponent::kOvergoods: return "overgoods";
    case SqiComponent::kAbandonedCalls: return "abandoned_calls";
    case SqiComponent::kInternational: return "international";
  }
  return "?";
}

const char* SqiDefinitionName(SqiDefinition definition) {
  switch (definition) {
    case SqiDefinition::kMinutePromises: return "minute_promises";
    case SqiDefinition::kDayLevel: return "day_level";
  }
  return "?";
}

SqiWeights DefaultSqiWeights() { return {1, 5, 3, 3, 1, 1, 3, 10, 10, 5, 1, 1}; }

bool SqiModeled(SqiComponent component) {
  return component != SqiComponent::kInvoiceAdjustments && component != SqiComponent::kOvergoods &&
         component != SqiComponent::kInternational;
}

SqiMask ModeledMask() {
  SqiMask mask{};
  for (int c = 0; c < kSqiComponents; ++c) mask[c] = SqiModeled(static_cast<SqiComponent>(c));
  return mask;
}

SqiTotals ComputeSqi(const SqiCounts& counts, const SqiWeights& weights, std::uint64_t shipments,
                     const SqiMask& included) {
  SqiTotals t;
  for (int c = 0; c < kSqiComponents; ++c) {
    if (!included[c]) continue;
    t.failures += counts[c];
    t.points += static_cast<double>(counts[c]) * weights[c];
  }
  if (shipments > 0) {
    t.points_per_100k = t.points * 100000.0 / static_cast<double>(shipments);
    t.percent_of_shipments = t.points * 100.0 / static_cast<double>(shipments);
  }
  return t;
}

}  // namespace hubsim::customers

// The customer side of one region: the records of the accounts whose outlets belong to the
// region, the experiences that reach them (from this and other regions, and from the call
// center), complaints, the end-of-day survey and churn, and the region's SQI counts.
//
// Every experience travels as an event of its own, CustomerSpec::feedback after it
// happened, to the region that owns the account: the records then have one writer, and
// the delay is a lookahead of the engine.
//
// Random decisions (complain or not, resolved or not, churn or not) come from per-account
// streams indexed by the account's own draw count or by the day, so an account decides the
// same way in two scenarios that treat it the same (common random numbers).
//
// Thread safety: one ledger per region, used by that region's LP only; `states` entries
// of other regions' accounts are never touched.
#ifndef HUBSIM_ENGINE_MODELS_PARCEL_NETWORK_CUSTOMER_LEDGER_H_
#define HUBSIM_ENGINE_MODELS_PARCEL_NETWORK_CUSTOMER_LEDGER_H_

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "engine/io/results.pb.h"
#include "engine/models/customers/customers.h"
#include "engine/models/customers/sqi.h"
#include "engine/models/parcel_network/network_spec.h"
#include "hubsim/model.h"

namespace hubsim::parcel_network {

// An experience of an account's parcel, packed into an event payload.
struct Experience {
  enum class Type : std::uint8_t { kPickup = 0, kDelivery, kFailedAttempt, kLost };
  std::uint32_t account = 0;
  Type type = Type::kPickup;
  SimTime late;  // completion - promise deadline; <= 0 on time (whole seconds, rounded up)
  bool next_day_missed = false;
  bool damaged = false;

  std::uint64_t Encode() const;
  static Experience Decode(std::uint64_t payload);
};

// SQI counts per day (index day - 1), and per definition.
using SqiDays = std::vector<customers::SqiCounts>;
using SqiByDefinition = std::array<SqiDays, customers::kSqiDefinitions>;

struct GroupCounters {
  std::uint64_t parcels = 0, late_pickups = 0, late_deliveries = 0, failed_attempts = 0,
                lost_or_damaged = 0, calls = 0, abandoned_calls = 0, complaints = 0,
                complaints_resolved = 0, churned = 0;
  double churned_revenue = 0;
  void Merge(const GroupCounters& o);
  // The counts since `before`, an earlier copy of these counters.
  GroupCounters Since(const GroupCounters& before) const;
};

// The survey of one review, per group (Q1..Q5, key accounts).
struct GroupSurvey {
  std::array<std::uint64_t, customers::kLevels> levels{};
  double satisfaction_sum = 0;
  std::uint64_t at_risk = 0;
  double at_risk_revenue = 0;
  double expected_monthly_churn = 0;
  double expected_monthly_churn_revenue = 0;
  void Merge(const GroupSurvey& o);
};

struct CustomerDay {
  std::array<std::uint64_t, customers::kLevels> levels{};
  double satisfaction_sum = 0;
  std::uint64_t churned = 0;
  double churned_revenue = 0;
  std::uint64_t complaints = 0;
  void Merge(const CustomerDay& o);
};

class CustomerLedger {
 public:
  // Event kinds the ledger handles (the region model routes them here).
  enum Kind : std::uint32_t {
    kExperience = 500,  // payload: Experience::Encode()
    kCallOutcome,       // payload: call_center::CallOutcome::Encode()
    kDayEnd,            // payload: the day that ends, from 1
  };

  // `states` holds every account's record (indexed by global account); this ledger
  // writes only those of `outlets` (global outlet indices). `call_center`: its LP, if any.
  CustomerLedger(const NetworkSpec& spec, customers::AccountState* states,
                 std::vector<std::uint32_t> outlets, std::optional<LpId> call_center);

  // The LP that owns `account`'s record.
  static LpId Owner(const NetworkSpec& spec, std::uint32_t account) {
    return static_cast<LpId>(spec.outlets[spec.customers.accounts.OutletOf(account)].hub);
  }
  // Sends `e` to the owner of its account, feedback later.
  static void Send(LpContext& ctx, const NetworkSpec& spec, const Experience& e);

  void Handle(LpContext& ctx, const Event& event);
  // The end-of-day review of day `day` (from 1): survey and churn. Called at the day's end.
  void Review(LpContext& ctx, std::uint32_t day);

  // Whether an order of `account` is placed (false once the account has churned).
  bool Active(std::uint32_t account) const { return !states_[account].churned; }
  void CountOrder(std::uint32_t account, bool placed);

  // SQI counts per definition and day (index day - 1), and shipments (pickups) per day. A
  // component counted without a definition is the same in both.
  void CountSqi(customers::SqiComponent c, std::size_t day) {
    for (SqiDays& counts : sqi_) ++counts[day][static_cast<int>(c)];
  }
  void CountSqi(customers::SqiDefinition definition, customers::SqiComponent c, std::size_t day) {
    ++sqi_[static_cast<int>(definition)][day][static_cast<int>(c)];
  }
  void CountShipment(std::size_t day) { ++shipments_[day]; }

  const std::array<GroupCounters, customers::kGroups>& groups() const { return groups_; }
  // The counters after the warm-up (Scenario.warmup_days): experiences that reached the
  // records, and churn decided, after the end of the warm-up's last day.
  std::array<GroupCounters, customers::kGroups> counted_groups() const;
  const std::array<GroupSurvey, customers::kGroups>& survey() const { return survey_; }
  const std::vector<CustomerDay>& days() const { return days_; }
  const SqiDays& sqi(customers::SqiDefinition definition) const {
    return sqi_[static_cast<int>(definition)];
  }
  const std::vector<std::uint64_t>& shipments() const { return shipments_; }
  std::uint64_t orders_dropped() const { return orders_dropped_; }

 private:
  template <class F>
  void Count(std::uint32_t account, F&& f) {
    f(groups_[spec_.customers.accounts.segment[account]]);
    if (spec_.customers.Key(account)) f(groups_[customers::kKeyGroup]);
  }
  double Satisfaction(std::uint32_t account, SimTime t) const;
  double Draw(LpContext& ctx, std::uint32_t account);
  void OnExperience(LpContext& ctx, const Experience& e);
  void OnCallOutcome(LpContext& ctx, std::uint64_t payload);
  void Apply(LpContext& ctx, std::uint32_t account, double score);
  // Counts a complaint and sends its call after `delay` (when there is a call type).
  void Complain(LpContext& ctx, std::uint32_t account, bool reopened, std::uint8_t reopens, SimTime delay);
  std::size_t DaySlot(SimTime t) const;

  const NetworkSpec& spec_;
  customers::AccountState* states_;
  std::vector<std::uint32_t> outlets_;
  std::optional<LpId> call_center_;
  std::array<GroupCounters, customers::kGroups> groups_{};
  std::array<GroupCounters, customers::kGroups> warmup_groups_{};  // groups_ at the warm-up's end
  std::array<GroupSurvey, customers::kGroups> survey_{};  // of the latest review
  std::vector<CustomerDay> days_;
  SqiByDefinition sqi_;
  std::vector<std::uint64_t> shipments_;
  std::uint64_t orders_dropped_ = 0;
};

// Sums the regions' ledgers into the results: segments Q1..Q5, key accounts and all; the
// days; the SQI overall and per day. The segments' counters and the SQI over the run leave
// out the warm-up (NetworkSpec::warmup_days) and are the sums of the counted days; the days
// cover every simulated day. The SQI per day is the scenario's definition's
// (CustomerSpec::sqi_definition), the SQI over the run both definitions'. `extra_sqi` (per
// definition and day) adds the failures counted outside the ledgers: the call center's
// traces and abandoned calls, and promises still open at the end.
void WriteCustomerResults(const NetworkSpec& spec,
                          const std::vector<const CustomerLedger*>& ledgers,
                          const SqiByDefinition& extra_sqi, io::CustomerResult& out);

}  // namespace hubsim::parcel_network

#endif  // HUBSIM_ENGINE_MODELS_PARCEL_NETWORK_CUSTOMER_LEDGER_H_

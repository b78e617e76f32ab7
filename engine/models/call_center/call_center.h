// The call center as one LP: calls arrive (a baseline per call type, orders by phone, and
// calls caused by the network's failures, sent by the regions), a share is served by
// self-service, the rest queue for agents staffed per interval of the day; key accounts
// are answered first, callers hang up when their patience runs out and may call again.
//
// Queue discipline: two first-come-first-served queues, key accounts first. An agent who
// becomes free takes the head of the key queue, else of the other queue. Agents are
// interchangeable (any agent takes any call type), so the state is a count of busy and
// staffed agents and every operation is O(1) whatever the number of agents. When staffing
// drops at an interval boundary, busy agents finish their call before they log off.
//
// Measures (by the interval of the day and the day in which the call arrived, by call
// type and by cause; calls of the warm-up, CallCenterSpec::counted_from, by day only):
// offered (calls that reached the queue, after self-service),
// answered, answered within the target t, abandoned; SL(t) = answered within t / offered;
// ASA = mean wait of answered calls; abandonment = abandoned / offered; occupancy = busy
// agent time / logged-in agent time (agents finishing a call after their staffing ended
// count as logged in); longest wait; calls waiting (time average and peak). Also the
// failure calls per interval, and the traces of the SQI (traces_by_day).
//
// Thread safety: the LP's own state only; Handle runs for one LP at a time.
#ifndef HUBSIM_ENGINE_MODELS_CALL_CENTER_CALL_CENTER_H_
#define HUBSIM_ENGINE_MODELS_CALL_CENTER_CALL_CENTER_H_

#include <array>
#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "hubsim/model.h"
#include "hubsim/rng.h"
#include "hubsim/sim_time.h"

namespace hubsim::call_center {

struct TimeDistribution {
  enum class Kind { kExponential, kLognormal, kConstant };
  Kind kind = Kind::kExponential;
  double mean_seconds = 0;
  double stddev_seconds = 0;

  SimTime Draw(RngStream& rng) const;
};

struct CallTypeSpec {
  std::string name;
  double calls_per_day = 0;                // baseline, before self-service
  std::array<double, 24> hourly_share{};   // sums to 1
  TimeDistribution handle;
  double self_service_share = 0;
};

// Why a call was made.
enum class Cause : std::uint8_t {
  kBaseline = 0,
  kPhoneOrder = 1,
  kLatePickup = 2,
  kLateDelivery = 3,
  kFailedDelivery = 4,
  kComplaint = 5,          // a dissatisfied customer's complaint
  kComplaintReopened = 6,  // the same complaint again, unresolved the first time
};
inline constexpr int kCauses = 7;
const char* CauseName(Cause cause);
// Calls caused by the network's failures.
inline bool IsFailureCause(Cause cause) {
  return cause == Cause::kLatePickup || cause == Cause::kLateDelivery || cause == Cause::kFailedDelivery;
}
// "Where is my parcel": an agent who answers one traces the shipment (a trace in the SQI).
// A call about a late pickup is not one: the parcel is not on its way yet, and the SQI
// counts that failure once already, as a late pickup stop.
inline bool IsTraceCause(Cause cause) {
  return cause == Cause::kLateDelivery;
}

// What a call carries besides its arrival time: packed into an event payload.
struct CallInfo {
  std::uint32_t type = 0;      // < 256
  Cause cause = Cause::kBaseline;
  bool key = false;            // answered first
  bool redial = false;         // a second try after hanging up
  std::uint8_t reopens = 0;    // complaints: times reopened before this call, < 16
  std::optional<std::uint32_t> account;  // the customer account calling, if known

  std::uint64_t Encode() const;
  static CallInfo Decode(std::uint64_t payload);
};

// A call about one shipment: sent as kIncomingCall with this attachment (LpContext::
// SendWith) instead of a payload. `shipment` identifies the shipment network-wide.
struct ShipmentCall {
  std::uint64_t info = 0;  // CallInfo::Encode()
  std::uint64_t shipment = 0;
};

// The outcome of a call from a known account, sent back to the LP that keeps the
// account's record (CallCenterSpec::accounts), packed into an event payload.
struct CallOutcome {
  std::uint32_t account = 0;
  bool abandoned = false;
  SimTime beyond_target;  // answered calls: the wait beyond the target (<= 0: within it)
  Cause cause = Cause::kBaseline;
  std::uint8_t reopens = 0;

  std::uint64_t Encode() const;  // the wait is kept in whole seconds, at most ~12 days
  static CallOutcome Decode(std::uint64_t payload);
};

// How the call center reaches the customer accounts of the network, when there are any.
struct AccountLink {
  // The LP that keeps `account`'s record.
  std::function<LpId(std::uint32_t account)> owner;
  // Draws the account placing an order by phone (by shipping volume).
  std::function<std::uint32_t(RngStream& rng)> draw_phone_order_account;
  // Whether `account` is a key account.
  std::function<bool(std::uint32_t account)> key;
  // Delay of a call's outcome to the owner: at least the model's lookahead.
  SimTime feedback;
  // The owner's event kind for outcomes (payload CallOutcome::Encode()).
  std::uint32_t outcome_kind = 0;
};

struct CallCenterSpec {
  SimTime target = SimTime::Seconds(13);
  SimTime interval = SimTime::Minutes(30);
  std::vector<CallTypeSpec> types;
  std::vector<std::uint32_t> agents;       // per interval of the day
  std::optional<TimeDistribution> patience;
  double key_account_share = 0;
  double redial_probability = 0;
  SimTime redial_delay = SimTime::Minutes(10);
  // Orders by phone: calls of this type at phone_order_calls_per_day, distributed over
  // the day like the network's orders (phone_order_hourly_share).
  std::uint32_t phone_order_type = 0;
  double phone_order_calls_per_day = 0;
  std::array<double, 24> phone_order_hourly_share{};
  std::vector<double> day_multiplier;  // of the phone orders, as of the network's orders
  SimTime end;                         // end of the simulated days
  // The warm-up's end: calls arriving earlier, and the time before it, are counted in
  // their day only (by_day), not in the totals, intervals, types, causes or priorities.
  SimTime counted_from = SimTime::Zero();
  // Calls from known accounts report their outcome back; absent: no accounts.
  std::optional<AccountLink> accounts;

  std::uint32_t IntervalsPerDay() const {
    return static_cast<std::uint32_t>(SimTime::Days(1).ticks() / interval.ticks());
  }
};

// Counters of one group of calls (an interval, a day, a type or a cause).
struct CallStats {
  std::uint64_t arrived = 0;     // before self-service
  std::uint64_t deflected = 0;   // served by self-service
  std::uint64_t offered = 0;     // reached the queue
  std::uint64_t answered = 0;
  std::uint64_t answered_in_target = 0;
  std::uint64_t abandoned = 0;
  std::uint64_t redials = 0;     // offered calls that were a second try
  std::int64_t answered_wait_ticks = 0;
  SimTime longest_wait;
  // Time integrals (only per interval and overall): agent-ticks busy and staffed, and
  // call-ticks waiting; the peak of calls waiting.
  std::int64_t busy_ticks = 0;
  std::int64_t staffed_ticks = 0;
  std::int64_t waiting_ticks = 0;
  std::uint64_t max_waiting = 0;

  void Merge(const CallStats& other);
};

class CallCenter {
 public:
  // Event kinds of the call-center LP. kIncomingCall is the one other LPs send.
  enum Kind : std::uint32_t {
    kIncomingCall = 1000,  // payload: CallInfo::Encode(), or a ShipmentCall attachment
    kBaselineArrival,      // payload: call type
    kPhoneOrderArrival,
    kServiceDone,
    kAbandon,  // payload: call slot << 32 | generation
    kIntervalStart,
    kRedial,  // payload: CallInfo::Encode()
  };

  // `spec` must outlive the call center.
  explicit CallCenter(const CallCenterSpec& spec);

  void Init(LpContext& ctx);
  void Handle(LpContext& ctx, const Event& event);
  // Closes the time integrals at `end`. Call once, after the run.
  void Close(SimTime end);

  const CallStats& total() const { return total_; }
  const std::vector<CallStats>& by_interval() const { return by_interval_; }  // of the day
  const std::vector<CallStats>& by_day() const { return by_day_; }
  const std::vector<CallStats>& by_type() const { return by_type_; }
  const std::array<CallStats, kCauses>& by_cause() const { return by_cause_; }
  // [0]: other callers, [1]: key accounts.
  const std::array<CallStats, 2>& by_priority() const { return by_priority_; }
  // The failure calls (IsFailureCause) per interval of the day, counted as by_interval().
  const std::vector<CallStats>& failures_by_interval() const { return failures_by_interval_; }
  // Traces per day of the call (index day - 1): shipments whose first query (a call of an
  // IsTraceCause cause about a known shipment, not a redial) an agent answered; each
  // shipment once over the run. Kept as a set of the shipments traced (a few per thousand
  // shipments).
  const std::vector<std::uint64_t>& traces_by_day() const { return traces_by_day_; }

 private:
  static constexpr std::uint64_t kNoShipment = ~std::uint64_t{0};
  struct Call {
    SimTime arrival;
    CallInfo info;
    std::uint64_t shipment = kNoShipment;
    std::uint32_t generation = 0;
    bool waiting = false;
  };

  void ScheduleBaseline(LpContext& ctx, std::uint32_t type, SimTime from);
  void SchedulePhoneOrder(LpContext& ctx, SimTime from);
  void Arrive(LpContext& ctx, const CallInfo& info, std::uint64_t shipment = kNoShipment);
  void ReportOutcome(LpContext& ctx, const CallInfo& info, bool abandoned, SimTime waited);
  void Answer(LpContext& ctx, std::uint32_t slot);
  void AnswerWaiting(LpContext& ctx);
  void Advance(SimTime now);  // accumulates the time integrals up to `now`
  std::uint32_t NewSlot();
  CallStats& Interval(SimTime t) { return by_interval_[(t.ticks() % SimTime::Days(1).ticks()) / spec_.interval.ticks()]; }
  // The day of `t` (from 0), the last day for times at or after the end.
  std::size_t DayIndex(SimTime t) const;
  CallStats& Day(SimTime t) { return by_day_[DayIndex(t)]; }
  template <class F>
  void ForGroups(const Call& call, F&& f);

  // Separate random streams per purpose (keyed by the run's seed, set in Init), so the
  // baseline arrivals of a type never shift because other calls came or went: runs that
  // differ elsewhere (more couriers, fewer failure calls) see the same baseline calls.
  RngStream& Stream(int purpose) { return streams_[purpose]; }
  enum Purpose { kArrivals = 0, kPhoneOrders, kHandle, kPatience, kChoices, kPurposes };

  const CallCenterSpec& spec_;
  std::vector<RngStream> streams_;    // kPurposes streams, then one per call type
  std::vector<Call> calls_;           // pool, addressed by slot
  std::vector<std::uint32_t> free_;   // free slots
  // Waiting calls as slot << 32 | generation; entries of callers who hung up stay until
  // they reach the head and are skipped there.
  std::deque<std::uint64_t> key_queue_;
  std::deque<std::uint64_t> queue_;
  std::uint64_t waiting_ = 0;         // calls in the queues that still wait
  std::uint32_t busy_ = 0;
  std::uint32_t staffed_ = 0;
  SimTime last_;                      // time integrals are accumulated up to here

  CallStats total_;
  std::vector<CallStats> by_interval_;
  std::vector<CallStats> by_day_;
  std::vector<CallStats> by_type_;
  std::array<CallStats, kCauses> by_cause_;
  std::array<CallStats, 2> by_priority_;
  std::vector<CallStats> failures_by_interval_;
  std::vector<std::uint64_t> traces_by_day_;
  std::unordered_set<std::uint64_t> traced_;  // shipments traced so far
};

}  // namespace hubsim::call_center

#endif  // HUBSIM_ENGINE_MODELS_CALL_CENTER_CALL_CENTER_H_

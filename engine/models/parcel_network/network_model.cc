#include "engine/models/parcel_network/network_model.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <deque>
#include <limits>
#include <numbers>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <unordered_map>

#include "engine/models/couriers/route.h"
#include "engine/models/parcel_network/customer_ledger.h"
#include "engine/models/parcel_network/kpis.h"
#include "hubsim/arrivals.h"

namespace hubsim::parcel_network {
namespace {

constexpr SimTime kDay = SimTime::Days(1);

enum Kind : std::uint32_t {
  kOrder = 1,     // payload: local outlet
  kShiftStart,    // payload: local outlet
  kShiftEnd,      // payload: local outlet
  kCourierStep,   // payload: local courier
  kShuttleToHub,  // all outlets of the region -> hub
  kHubArrival,    // payload: parcel id
  kSortDone,
  kSorterWake,
  kLinehaulDeparture,  // payload: linehaul index
  kLinehaulArrival,    // attachment: the parcel's record (from another region)
  kShuttleToOutlets,   // hub -> all outlets of the region
  kOutletArrival,      // payload: parcel id
  kQueryTimer,         // payload: parcel id | timer sequence << 48 (only with failure calls)
  kDispatch,           // payload: local outlet
  kCourierWake,        // payload: local courier | its standby token << 32
  kParcelReady,        // payload: parcel id (received and sorted at the outlet)
};

// Same-time events: shift starts first, shift ends last.
constexpr std::uint8_t kPriorityFirst = 0;
constexpr std::uint8_t kPriorityNormal = 1;
constexpr std::uint8_t kPriorityLast = 2;

// Parcel ids: the slot's generation << 32 | slot in the holding region's store.
using ParcelId = std::uint64_t;
// Stream ids of the outlets' demand, + the global outlet ("DEM"): apart from the LP numbers
// and the customers' and call center's tagged ranges.
constexpr std::uint64_t kDemandStream = 0x4445'4D00'0000'0000ULL;
constexpr int kGenerationShift = 32;

SimTime TimeOfDay(SimTime t) { return SimTime::FromTicks(t.ticks() % kDay.ticks()); }
SimTime DayStart(SimTime t) { return t - TimeOfDay(t); }
std::uint32_t DayNumber(SimTime t) { return static_cast<std::uint32_t>(t.ticks() / kDay.ticks()) + 1; }
std::uint32_t HourOf(SimTime t) { return static_cast<std::uint32_t>(TimeOfDay(t).ticks() / SimTime::Hours(1).ticks()); }

// The first time strictly after `t` on a daily schedule (sorted times of day).
SimTime NextDaily(const std::vector<SimTime>& schedule, SimTime t) {
  const SimTime day = DayStart(t);
  const SimTime tod = TimeOfDay(t);
  const auto it = std::upper_bound(schedule.begin(), schedule.end(), tod);
  return it != schedule.end() ? day + *it : day + kDay + schedule.front();
}
// The first time at or after `t` on a daily schedule.
SimTime NextDailyFrom(const std::vector<SimTime>& schedule, SimTime t) {
  const SimTime day = DayStart(t);
  const auto it = std::lower_bound(schedule.begin(), schedule.end(), TimeOfDay(t));
  return it != schedule.end() ? day + *it : day + kDay + schedule.front();
}

// Start of the promise clock: t itself within [start, end) of the day, else the next start.
SimTime ClockStart(SimTime t, SimTime start, SimTime end) {
  const SimTime tod = TimeOfDay(t);
  if (tod >= start && tod < end) return t;
  return tod < start ? DayStart(t) + start : DayStart(t) + kDay + start;
}

std::size_t Sample(const std::vector<double>& cumulative, double u) {
  const auto it = std::lower_bound(cumulative.begin(), cumulative.end(), u);
  return std::min<std::size_t>(static_cast<std::size_t>(it - cumulative.begin()), cumulative.size() - 1);
}

}  // namespace

// A parcel's record. It lives in the store of the region that holds the parcel and travels
// with it, as the attachment of the linehaul message (LpContext::SendWith), to the next
// region: no region reads or writes another's records.
struct NetworkModel::Parcel {
  std::uint32_t origin_outlet = 0;
  std::uint32_t dest_outlet = 0;
  std::uint32_t account = 0;  // global account index (customers::Accounts)
  std::uint32_t point = 0;    // delivery point in the destination outlet's zone: its address
  std::uint32_t origin_region = 0;
  std::uint32_t serial = 0;    // creation order in its origin region: keys its own random stream
  std::uint32_t linehaul = 0;  // the last linehaul it left on (for its tracking scans)
  std::uint16_t attempts = 0;
  std::uint16_t generation = 0;  // of the slot it occupies in its holder's store
  std::uint16_t timer_seq = 0;   // of its latest query timer (older ones are stale)
  std::uint8_t sorts = 0;        // hub sorts so far
  bool lost = false;
  bool damaged = false;
  bool tracked = false;      // in the tracking log's sample (not sent with the record)
  bool live = false;         // the slot holds a parcel
  std::uint8_t queries = 0;  // QueryFlag bits: the customers' decisions to call about it
  // (No padding: an attachment's every byte is fingerprinted.)
  SimTime visible_end = SimTime::Max();  // end of the delivery window the recipient sees
  SimTime timer = SimTime::Max();        // when its pending query timer fires
  SimTime ordered;
  SimTime pickup_clock;  // start of the pickup promise
  SimTime picked_up = SimTime::Max();
  SimTime outlet_arrival = SimTime::Max();  // scanned in at the destination outlet
  SimTime delivery_clock = SimTime::Max();  // start of the delivery promise (ready there)
  SimTime first_attempt = SimTime::Max();
  SimTime delivered = SimTime::Max();
};

namespace {
// kStandby: waiting in its territory between routes, where the last stop left it.
enum class Phase : std::uint8_t { kOffShift, kIdle, kOnRoute, kReturning, kStandby };

// The couriers' day at one outlet, over the counted days.
struct CourierStats {
  std::uint64_t courier_days = 0, delivery_stops = 0, pickup_stops = 0, parcels_tried = 0,
                collected = 0;
  double km = 0;  // road km
  std::int64_t duty_ticks = 0, travel_ticks = 0, delivery_ticks = 0, pickup_ticks = 0;

  void Merge(const CourierStats& o) {
    courier_days += o.courier_days;
    delivery_stops += o.delivery_stops;
    pickup_stops += o.pickup_stops;
    parcels_tried += o.parcels_tried;
    collected += o.collected;
    km += o.km;
    duty_ticks += o.duty_ticks;
    travel_ticks += o.travel_ticks;
    delivery_ticks += o.delivery_ticks;
    pickup_ticks += o.pickup_ticks;
  }
};
constexpr std::uint32_t kNoAccount = ~0u;
}  // namespace

struct NetworkModel::Region {
  // One visit on a courier's route: a delivery point (the parcels for it, load[begin, end))
  // or a pickup address (an account's open orders, collected all at once).
  struct Stop {
    couriers::Point at;
    std::uint32_t begin = 0, end = 0;
    std::uint32_t account = kNoAccount;
    SimTime deadline;  // the earliest promise end of its work
  };
  struct Courier {
    std::uint32_t outlet = 0;  // local outlet
    std::uint32_t number = 0;  // at its outlet, from 1
    std::uint32_t group = 0;   // its shift group
    Phase phase = Phase::kOffShift;
    bool on_duty = false;
    couriers::Point pos;      // where it is, or where its current leg ends
    std::vector<Stop> route;  // route[next] is the stop its current leg ends at
    std::size_t next = 0;
    SimTime arrival;  // end of the current leg (on standby: of the last stop's service)
    std::uint32_t standby_token = 0;  // tells a standby's wake-up from a stale one
    std::vector<ParcelId> load;       // the run's parcels, by stop
    std::vector<ParcelId> carried;    // collected, to hand in at the outlet
    std::vector<ParcelId> failed;   // not delivered on this run
  };
  // An account's open pickup orders: one stop.
  struct Pickup {
    std::vector<ParcelId> orders;
    SimTime deadline;
    std::int32_t courier = -1;  // whose route holds the stop; -1: not yet on a route
    bool key = false;           // a key account's, taken first
  };
  struct Outlet {
    std::uint32_t global = 0;
    std::vector<std::uint32_t> couriers;       // region courier indices, by shift group
    std::vector<std::uint32_t> on_duty;        // of those, on duty now, in the same order
    std::vector<std::vector<ParcelId>> ready;  // per sector, ready for dispatch
    std::vector<std::vector<std::uint32_t>>
        open_pickups;                                   // per sector, accounts not yet on a route
    std::unordered_map<std::uint32_t, Pickup> pickups;  // account -> its open orders
    bool dispatch_pending = false;
    std::uint64_t receiving = 0;  // arrived, being received and sorted (or held for a retry)
    // Little's law at the outlet, over the counted days: parcels scanned in and not yet out
    // on their first attempt (their number, its time integral since it last changed) and
    // the time each spent so.
    std::uint64_t awaiting = 0;
    SimTime awaiting_since;
    double awaiting_area = 0;  // parcel x ticks
    std::uint64_t arrivals = 0;
    double wait_ticks = 0;
    std::uint64_t waits = 0;
    std::vector<ParcelId> outbound;  // at the outlet, waiting for the shuttle to the hub
    std::uint64_t orders_placed = 0;
    std::uint64_t delivered = 0;
    std::uint64_t failed_attempts = 0;
    KpiAccumulator kpi;
    CourierStats stats;
    // The outlet's demand (order times, accounts, destinations, addresses) has a stream of
    // its own, apart from the region's: a scenario that differs only in service (couriers,
    // sort rates, linehauls) then sees the very same orders (common random numbers across
    // scenarios, engine/study/replications.h).
    RngStream demand;
  };
  struct LinehaulStats {
    std::uint64_t departures = 0, cancelled = 0, parcels = 0, full = 0, rolled = 0;
    double load_factor_sum = 0;
  };

  std::uint32_t hub = 0;
  std::unique_ptr<CustomerLedger> ledger;  // when the scenario has outlets
  std::uint64_t lost = 0;
  std::uint64_t created = 0;
  // The parcels this region holds, by slot; free slots are reused, so the store holds the
  // parcels in flight here, not every parcel of the run.
  std::vector<Parcel> parcels;
  std::vector<std::uint32_t> free_slots;
  std::vector<Outlet> outlets;
  std::vector<Courier> couriers;
  std::vector<std::uint32_t> local_outlet_of;  // global outlet -> local index (if ours)
  // Hub.
  std::deque<ParcelId> sort_queue;
  bool sorting = false;
  bool wake_pending = false;
  std::int64_t sorter_busy_ticks = 0;
  std::uint64_t sorted = 0;
  std::uint64_t max_backlog = 0;
  std::vector<std::vector<ParcelId>> to_outlet;           // per local outlet, sorted
  // Routing cache. FirstLeg(hub, to, ready) depends on `ready` only through the next
  // departure of each linehaul out of the hub (later times follow from those), and the
  // timetables repeat daily: so it is fixed by (to, the slot of ready's time of day among
  // the hub's sorted departure times), as a leg relative to ready's day.
  std::vector<SimTime> departure_slots;                   // sorted unique times of day
  struct CachedLeg {
    bool filled = false;
    bool reachable = false;
    network::Leg leg{};  // departure and arrival relative to the start of ready's day
  };
  std::vector<CachedLeg> route_cache;                     // [to * (slots + 1) + slot]
  // The linehauls leaving this hub (global indices, ascending), and per one of them (by its
  // position there, Own(l)) its queue and statistics: a region holds nothing for the
  // others' linehauls, so memory grows with linehauls, not hubs x linehauls.
  std::vector<std::uint32_t> own_linehauls;
  std::vector<std::deque<ParcelId>> linehaul_queue;
  std::vector<LinehaulStats> linehaul_stats;
  // REQUIRES: linehaul l leaves this hub.
  std::size_t Own(std::uint32_t l) const {
    return static_cast<std::size_t>(std::lower_bound(own_linehauls.begin(), own_linehauls.end(), l) -
                                    own_linehauls.begin());
  }
  // Parcels sent on linehauls and received from them; and a copy of each record sent whose
  // arrival is still ahead (a min-heap on the arrival, pruned at departures), so that the end of
  // the run can count the promises of parcels on the road.
  std::uint64_t transit_sent = 0;
  std::uint64_t transit_received = 0;
  // What the end of the run needs of a parcel on the road: it has been picked up, and its
  // next-day promise is open (24 bytes, not the whole record).
  struct OnTheRoad {
    SimTime arrival;
    SimTime picked_up;
    std::uint32_t dest_outlet = 0;
  };
  std::vector<OnTheRoad> on_the_road;
  // Scratch space of the couriers' planning, kept to avoid allocating per event.
  std::vector<SimTime> scratch_depart, scratch_slack;
  std::vector<ParcelId> scratch_take;
  std::vector<Stop> scratch_stops;
  std::vector<couriers::Point> scratch_points;
  std::vector<std::uint32_t> scratch_points_seen;
  std::vector<KpiAccumulator> by_day;   // index day - 1 (+1 spare for the day after)
  std::vector<KpiAccumulator> by_hour;  // 24
  std::vector<std::uint64_t> orders_by_day;
  std::vector<std::uint64_t> delivered_by_day;
};

// The event handlers of one region, bound to its context for one call.
class NetworkModel::RegionLogic {
  static_assert(std::is_trivially_copyable_v<Parcel>);
  static_assert(std::has_unique_object_representations_v<Parcel>);
  static_assert(sizeof(Parcel) <= kMaxAttachmentBytes);

 public:
  RegionLogic(const NetworkModel& model, Region& region, LpContext& ctx)
      : model_(model), spec_(model.spec_), r_(region), ctx_(ctx), rng_(ctx.rng()) {}

  void Init() {
    for (std::uint32_t k = 0; k < r_.outlets.size(); ++k) {
      r_.outlets[k].demand = RngStream(rng_.seed(), kDemandStream + r_.outlets[k].global);
      const OutletSpec& o = spec_.outlets[r_.outlets[k].global];
      for (std::uint32_t g = 0; g < o.shifts.size(); ++g) {
        ctx_.Schedule(o.shifts[g].start, kShiftStart, ShiftPayload(k, g), kPriorityFirst);
      }
      ScheduleNextOrder(k, SimTime::Zero());
    }
    ctx_.Schedule(NextDailyFrom(spec_.outlet_to_hub_departures, SimTime::Zero()), kShuttleToHub);
    ctx_.Schedule(NextDailyFrom(spec_.hub_to_outlet_departures, SimTime::Zero()), kShuttleToOutlets);
    const auto& linehauls = spec_.graph.linehauls();
    for (std::uint32_t l = 0; l < linehauls.size(); ++l) {
      if (linehauls[l].from != r_.hub) continue;
      ctx_.Schedule(spec_.graph.NextDeparture(l, SimTime::Zero()), kLinehaulDeparture, l);
    }
    // The customers' end-of-day reviews; the last day's is made in Finish.
    for (std::uint32_t d = 1; d < spec_.days; ++d) {
      ctx_.Schedule(SimTime::Days(d), CustomerLedger::kDayEnd, d, kPriorityLast);
    }
  }

  void Handle(const Event& e) {
    switch (e.kind) {
      case kOrder: OnOrder(static_cast<std::uint32_t>(e.payload)); break;
      case kShiftStart: OnShiftStart(e.payload); break;
      case kShiftEnd: OnShiftEnd(e.payload); break;
      case kCourierStep: OnCourierStep(static_cast<std::uint32_t>(e.payload)); break;
      case kDispatch: OnDispatch(static_cast<std::uint32_t>(e.payload)); break;
      case kCourierWake: {
        Region::Courier& courier = r_.couriers[static_cast<std::uint32_t>(e.payload)];
        if (courier.phase == Phase::kStandby &&
            courier.standby_token == static_cast<std::uint32_t>(e.payload >> 32)) {
          GoHome(static_cast<std::uint32_t>(e.payload));
        }
        break;
      }
      case kParcelReady: OnParcelReady(e.payload); break;
      case kShuttleToHub: OnShuttleToHub(); break;
      case kHubArrival:
        Scan(e.payload, io::HUB_IN, r_.hub);
        OnHubArrival(e.payload);
        break;
      case kSortDone: OnSortDone(); break;
      case kSorterWake: r_.wake_pending = false; TryStartSort(); break;
      case kLinehaulDeparture: OnLinehaulDeparture(static_cast<std::uint32_t>(e.payload)); break;
      case kLinehaulArrival: {
        ++r_.transit_received;
        const ParcelId id = Store(ctx_.Attached<Parcel>(e));
        // The sample is a function of the tracking number alone (see OnLinehaulDeparture).
        if (model_.tracking_) P(id).tracked = model_.tracking_->Tracked(TrackingNumber(id));
        Scan(id, io::LINEHAUL_ARRIVED, r_.hub, P(id).linehaul + 1);
        // Its pending query timer stayed with the region it left: set again here.
        if (P(id).timer != SimTime::Max()) {
          const SimTime at = P(id).timer;
          P(id).timer = SimTime::Max();
          ArmTimer(id, at);
        }
        OnHubArrival(id);
        break;
      }
      case kShuttleToOutlets: OnShuttleToOutlets(); break;
      case kOutletArrival: OnOutletArrival(e.payload); break;
      case kQueryTimer: OnQueryTimer(e.payload); break;
      case CustomerLedger::kExperience:
      case CustomerLedger::kCallOutcome:
      case CustomerLedger::kDayEnd: r_.ledger->Handle(ctx_, e); break;
      default: throw std::logic_error("network model: unknown event kind");
    }
  }

 private:
  // ---- the parcel store ---------------------------------------------------------------
  // Parcel ids are local to the holding region: the slot's generation << 32 | slot.
  Parcel& P(ParcelId id) const { return r_.parcels[static_cast<std::uint32_t>(id)]; }
  // Whether parcel `id` is still held here (its slot not freed or reused since).
  bool Holds(ParcelId id) const {
    const auto slot = static_cast<std::uint32_t>(id);
    return slot < r_.parcels.size() && r_.parcels[slot].live &&
           r_.parcels[slot].generation == static_cast<std::uint16_t>(id >> kGenerationShift);
  }
  ParcelId Store(const Parcel& parcel) {
    std::uint32_t slot;
    std::uint16_t generation = 0;
    if (!r_.free_slots.empty()) {
      slot = r_.free_slots.back();
      r_.free_slots.pop_back();
      generation = static_cast<std::uint16_t>(r_.parcels[slot].generation + 1);
    } else {
      slot = static_cast<std::uint32_t>(r_.parcels.size());
      r_.parcels.emplace_back();
    }
    Parcel& p = r_.parcels[slot];
    p = parcel;
    p.generation = generation;
    p.live = true;
    return (ParcelId{generation} << kGenerationShift) | slot;
  }
  // The parcel is delivered or has left the region: its slot is free for reuse.
  void Free(ParcelId id) {
    P(id).live = false;
    r_.free_slots.push_back(static_cast<std::uint32_t>(id));
  }
  SimTime now() const { return ctx_.now(); }
  bool Running() const { return now() < model_.end_time(); }

  // ---- tracking -----------------------------------------------------------------------
  // The number a customer tracks the parcel by: origin region << 32 | its serial there.
  std::uint64_t TrackingNumber(ParcelId id) const {
    return std::uint64_t{P(id).origin_region} << 32 | P(id).serial;
  }
  static std::uint32_t Kept(bool kept) {
    return static_cast<std::uint32_t>(kept ? tracking::Outcome::kKept : tracking::Outcome::kMissed);
  }
  // Records a scan of parcel `id` here and now, if the parcel is tracked. `other` is the
  // courier's number, the linehaul + 1 or the delivery outlet + 1 (tracking::RawScan).
  void Scan(ParcelId id, io::ScanType type, std::uint32_t place, std::uint32_t other = 0,
            std::uint32_t promise = 0, std::uint32_t next_day = 0) {
    if (!P(id).tracked) return;
    tracking::RawScan scan;
    scan.parcel = TrackingNumber(id);
    scan.time = now().ticks();
    scan.place = place;
    scan.other = other & tracking::kMaxOther;
    scan.type = static_cast<std::uint32_t>(type) & 31u;
    scan.promise = promise & 3u;
    scan.next_day = next_day & 3u;
    model_.tracking_->lp(ctx_.lp()).Add(scan);
  }

  std::size_t DaySlot(SimTime t) const {
    return std::min<std::size_t>(DayNumber(t) - 1, r_.by_day.size() - 1);
  }

  // ---- calls from what customers see (CallCenter in scenario.proto) -----------------
  // A parcel's query timer fires at the end of the window its customer sees, then at the
  // time of the call if the customer decided to call. One timer per parcel: arming it
  // again makes the earlier one stale (timer_seq); a timer that fires before the window's
  // current end sets itself again.
  enum QueryFlag : std::uint8_t { kPickupDecided = 1, kDeliveryDecided = 2, kCallPending = 4 };
  static constexpr std::uint64_t kParcelIdMask = (std::uint64_t{1} << 48) - 1;

  bool QueryCalls() const { return spec_.FailureCalls(); }

  // Sets parcel id's timer to fire at `at` (now if earlier), unless it is set to fire
  // earlier already (it sets itself again then).
  void ArmTimer(ParcelId id, SimTime at) {
    Parcel& p = P(id);
    at = std::max(at, now());
    if (p.timer != SimTime::Max() && p.timer <= at) return;
    p.timer = at;
    ++p.timer_seq;
    ctx_.Schedule(at - now(), kQueryTimer, id | std::uint64_t{p.timer_seq} << 48);
  }

  // The recipient's window changed to end at `end`: watched by the timer from now on.
  void ShowWindow(ParcelId id, SimTime end) {
    Parcel& p = P(id);
    p.visible_end = end;
    if (QueryCalls() && !(p.queries & kDeliveryDecided)) ArmTimer(id, end);
  }

  // At a scan of a parcel on its way (no timer watches the window before it reaches its
  // outlet): a window that has passed is noticed now, the call still timed from its end.
  void CheckWindow(ParcelId id) {
    const Parcel& p = P(id);
    if (!QueryCalls() || (p.queries & kDeliveryDecided) || p.visible_end > now()) return;
    Decide(id, kDeliveryDecided, p.visible_end);
  }

  void OnQueryTimer(std::uint64_t payload) {
    const ParcelId id = payload & kParcelIdMask;
    if (!Holds(id)) return;
    Parcel& p = P(id);
    if (p.timer_seq != static_cast<std::uint16_t>(payload >> 48) || p.timer != now()) return;
    p.timer = SimTime::Max();
    const bool pickup = p.picked_up == SimTime::Max();
    if (!pickup && p.delivered != SimTime::Max()) return;
    if (p.queries & kCallPending) {
      p.queries &= ~kCallPending;
      Call(id, pickup ? call_center::Cause::kLatePickup : call_center::Cause::kLateDelivery);
      return;
    }
    const std::uint8_t decided = pickup ? kPickupDecided : kDeliveryDecided;
    if (p.queries & decided) return;
    const SimTime end = pickup ? p.pickup_clock + spec_.pickup_promise : p.visible_end;
    if (now() < end) {
      // Before the parcel is ready at its outlet its scans check the window (CheckWindow).
      if (pickup || p.delivery_clock != SimTime::Max()) ArmTimer(id, end);
      return;
    }
    Decide(id, decided, end);
  }

  // The window seen ended at `end` without the courier or the parcel: the customer decides,
  // once per parcel and side, whether to call, and when (a per-parcel draw, so the decision
  // is the same in two scenarios that treat the parcel the same).
  void Decide(ParcelId id, std::uint8_t decided, SimTime end) {
    Parcel& p = P(id);
    p.queries |= decided;
    const bool pickup = decided == kPickupDecided;
    const double probability =
        pickup ? spec_.late_pickup_call_probability : spec_.late_delivery_call_probability;
    const ParcelDrawKind kind = pickup ? kPickupQueryDraw : kDeliveryQueryDraw;
    if (!(ParcelDraw(id, kind, 0) < probability)) return;
    const double u = ParcelDraw(id, kind, 1);
    const SimTime delay =
        spec_.query_delay_min +
        SimTime::FromSeconds(u * (spec_.query_delay_max - spec_.query_delay_min).seconds());
    p.queries |= kCallPending;
    // The timer fires `reaction` before the call (the call's delay into the call center);
    // any earlier timer of the parcel is made stale.
    p.timer = SimTime::Max();
    ArmTimer(id, end + delay - spec_.reaction);
  }

  // The customer of parcel `id` calls about it, spec_.reaction from now.
  void Call(ParcelId id, call_center::Cause cause) { SendCall(P(id), cause, spec_.reaction); }

  // A call of the failure call type about parcel `p`, `delay` from now: the shipper about a
  // late pickup (from its account), the recipient about a late or failed delivery (no
  // account). It names the shipment, for the SQI's traces. Priority 1, as the call
  // center's own arrivals: after a staffing change at the same tick.
  void SendCall(const Parcel& p, call_center::Cause cause, SimTime delay) {
    call_center::CallInfo info;
    info.type = spec_.failure_call_type;
    info.cause = cause;
    if (cause == call_center::Cause::kLatePickup) {
      info.account = p.account;
      info.key = spec_.customers.Key(p.account);
    }
    call_center::ShipmentCall call;
    call.info = info.Encode();
    call.shipment = ShipmentKey(p);
    ctx_.SendWith(model_.CallCenterLp(), delay, call_center::CallCenter::kIncomingCall, call, 1);
  }

  // After a failed attempt the recipient, who found the notice, calls with
  // failed_delivery_call_probability after the reaction delay; the parcel's window is
  // settled (no "where is my parcel" call about it any more).
  void AfterFailedAttempt(ParcelId id) {
    Parcel& p = P(id);
    p.queries |= kDeliveryDecided;
    p.queries &= ~kCallPending;
    const double probability = spec_.failed_delivery_call_probability;
    if (!(probability > 0) || !rng_.Bernoulli(probability)) return;
    SendCall(p, call_center::Cause::kFailedDelivery,
             spec_.reaction + SimTime::FromSeconds(rng_.Exponential(spec_.reaction_extra_seconds)));
  }

  // Identifies a shipment network-wide: its origin region and creation order there.
  static std::uint64_t ShipmentKey(const Parcel& p) {
    return std::uint64_t{p.origin_region} << 40 | p.serial;
  }

  // ---- demand -------------------------------------------------------------------------
  // The outlet's next order: orders_per_day x the day's multiplier x the hour's share.
  void ScheduleNextOrder(std::uint32_t k, SimTime from) {
    const OutletSpec& o = spec_.outlets[r_.outlets[k].global];
    const SimTime next = NextHourlyPoissonArrival(r_.outlets[k].demand, from, model_.end_time(), [&](SimTime t) {
      return o.orders_per_day * spec_.DayMultiplier(DayNumber(t)) * spec_.hourly_share[HourOf(t)];
    });
    if (next != SimTime::Max()) ctx_.Schedule(next - now(), kOrder, k);
  }

  void OnOrder(std::uint32_t k) {
    Region::Outlet& out = r_.outlets[k];
    const OutletSpec& o = spec_.outlets[out.global];
    RngStream& demand = out.demand;
    Parcel p;
    p.origin_outlet = out.global;
    p.account = spec_.customers.accounts.outlet_offset[out.global] +
                static_cast<std::uint32_t>(Sample(o.account_cumulative, demand.Uniform01()));
    p.dest_outlet = static_cast<std::uint32_t>(Sample(o.destination_cumulative, demand.Uniform01()));
    const std::size_t points = spec_.outlets[p.dest_outlet].points.size();
    p.point = static_cast<std::uint32_t>(std::min<std::size_t>(
        static_cast<std::size_t>(demand.Uniform01() * static_cast<double>(points)), points - 1));
    // A churned account orders no more; its order is drawn all the same, so the other
    // orders keep their random numbers.
    const bool placed = r_.ledger->Active(p.account);
    r_.ledger->CountOrder(p.account, placed);
    if (!placed) {
      ScheduleNextOrder(k, now());
      return;
    }
    p.ordered = now();
    p.pickup_clock = ClockStart(now(), o.shift_start, o.shift_end);
    p.origin_region = r_.hub;
    p.serial = static_cast<std::uint32_t>(r_.created);
    ++r_.created;
    const ParcelId id = Store(p);
    if (model_.tracking_) {
      P(id).tracked = model_.tracking_->Tracked(TrackingNumber(id));
      Scan(id, io::ORDER_PLACED, out.global, p.dest_outlet + 1);
    }
    ++out.orders_placed;
    ++r_.orders_by_day[DaySlot(now())];
    if (QueryCalls()) ArmTimer(id, p.pickup_clock + spec_.pickup_promise);
    auto [it, fresh] = out.pickups.try_emplace(p.account);
    it->second.orders.push_back(id);
    // An account's open orders are one stop: a new order joins it wherever it is.
    if (fresh) {
      it->second.deadline = p.pickup_clock + spec_.pickup_promise;
      it->second.key = spec_.customers.key_accounts_first && spec_.customers.Key(p.account);
      AssignPickup(k, p.account);
    }
    ScheduleNextOrder(k, now());
  }

  // ---- couriers -----------------------------------------------------------------------
  static std::uint64_t ShiftPayload(std::uint32_t k, std::uint32_t g) {
    return std::uint64_t{k} << 16 | g;
  }

  void OnShiftStart(std::uint64_t payload) {
    const auto k = static_cast<std::uint32_t>(payload >> 16);
    const auto g = static_cast<std::uint32_t>(payload & 0xFFFF);
    Region::Outlet& out = r_.outlets[k];
    const ShiftGroupSpec& group = spec_.outlets[out.global].shifts[g];
    for (std::uint32_t c : out.couriers) {
      Region::Courier& courier = r_.couriers[c];
      if (courier.group != g) continue;
      courier.on_duty = true;
      if (courier.phase == Phase::kOffShift) courier.phase = Phase::kIdle;
    }
    OnDutyChanged(out);
    if (Counted(now())) {
      out.stats.courier_days += group.couriers;
      out.stats.duty_ticks +=
          static_cast<std::int64_t>(group.couriers) * (group.end - group.start).ticks();
    }
    ctx_.Schedule(group.end - group.start, kShiftEnd, payload, kPriorityLast);
    ctx_.Schedule(kDay, kShiftStart, payload, kPriorityFirst);
    RequestDispatch(k);
  }

  // A courier whose shift ends finishes its route and hands in what it carries; it takes
  // no new work.
  void OnShiftEnd(std::uint64_t payload) {
    const auto k = static_cast<std::uint32_t>(payload >> 16);
    const auto g = static_cast<std::uint32_t>(payload & 0xFFFF);
    Region::Outlet& out = r_.outlets[k];
    for (std::uint32_t c : out.couriers) {
      Region::Courier& courier = r_.couriers[c];
      if (courier.group != g) continue;
      courier.on_duty = false;
      if (courier.phase == Phase::kIdle) courier.phase = Phase::kOffShift;
      if (courier.phase == Phase::kStandby) GoHome(c);
    }
    OnDutyChanged(out);
    RequestDispatch(k);
  }

  void OnDutyChanged(Region::Outlet& out) {
    out.on_duty.clear();
    for (std::uint32_t c : out.couriers) {
      if (r_.couriers[c].on_duty) out.on_duty.push_back(c);
    }
  }

  std::uint32_t Sectors(const Region::Outlet& out) const {
    return static_cast<std::uint32_t>(out.ready.size());
  }
  // The position in out.on_duty of the courier who owns `sector` now. REQUIRES: on_duty not empty.
  std::uint32_t OwnerOf(const Region::Outlet& out, std::uint32_t sector) const {
    return couriers::Territories::OwnerOf(sector, Sectors(out),
                                          static_cast<std::uint32_t>(out.on_duty.size()));
  }
  std::pair<std::uint32_t, std::uint32_t> SectorsOf(const Region::Outlet& out,
                                                    std::uint32_t position) const {
    const auto n = static_cast<std::uint32_t>(out.on_duty.size());
    return {couriers::Territories::FirstSector(position, Sectors(out), n),
            couriers::Territories::FirstSector(position + 1, Sectors(out), n)};
  }

  // Work that became available at this tick is handed out once every same-time event has
  // placed its part (a shuttle's parcels all become ready at once): so the dispatch runs
  // last at the tick.
  void RequestDispatch(std::uint32_t k) {
    Region::Outlet& out = r_.outlets[k];
    if (out.dispatch_pending) return;
    out.dispatch_pending = true;
    ctx_.Schedule(SimTime::Zero(), kDispatch, k, kPriorityLast);
  }

  void OnDispatch(std::uint32_t k) {
    Region::Outlet& out = r_.outlets[k];
    out.dispatch_pending = false;
    if (out.on_duty.empty()) return;
    for (std::uint32_t i = 0; i < out.on_duty.size(); ++i) {
      const std::uint32_t c = out.on_duty[i];
      if (r_.couriers[c].phase == Phase::kIdle) {
        TryStart(k, i);
      } else if (r_.couriers[c].phase == Phase::kStandby) {
        // Parcels ready for its territory call it back to the outlet; pickups there it
        // takes from where it waits.
        const auto [lo, hi] = SectorsOf(out, i);
        bool parcels = false, pickups = false;
        for (std::uint32_t s = lo; s < hi; ++s) {
          parcels = parcels || !out.ready[s].empty();
          pickups = pickups || !out.open_pickups[s].empty();
        }
        if (parcels) {
          GoHome(c);
        } else if (pickups) {
          StartFromStandby(c, i);
        }
      }
    }
    // Pickups waiting in a territory whose courier is out on a route join that route.
    for (std::uint32_t s = 0; s < Sectors(out); ++s) {
      if (out.open_pickups[s].empty()) continue;
      const std::uint32_t position = OwnerOf(out, s);
      const std::uint32_t c = out.on_duty[position];
      if (r_.couriers[c].phase != Phase::kOnRoute) continue;
      // A courier due back for parcels at the outlet takes them on its next run instead.
      if (spec_.dispatch == DispatchPolicy::kSavableFirst &&
          ReturnDeadline(out, position) != SimTime::Max())
        continue;
      std::vector<std::uint32_t> accounts;
      accounts.swap(out.open_pickups[s]);
      for (std::uint32_t a : accounts) InsertPickup(c, a);
    }
  }

  // A new account's order: to the courier of its territory, into its route or at once.
  void AssignPickup(std::uint32_t k, std::uint32_t account) {
    Region::Outlet& out = r_.outlets[k];
    const std::uint32_t sector = spec_.account_sector[account];
    if (out.on_duty.empty()) {
      out.open_pickups[sector].push_back(account);
      return;
    }
    const std::uint32_t position = OwnerOf(out, sector);
    const std::uint32_t c = out.on_duty[position];
    switch (r_.couriers[c].phase) {
      case Phase::kOnRoute: InsertPickup(c, account); return;
      case Phase::kIdle:
        out.open_pickups[sector].push_back(account);
        TryStart(k, position);
        return;
      case Phase::kStandby:
        out.open_pickups[sector].push_back(account);
        StartFromStandby(c, position);
        return;
      case Phase::kReturning:
      case Phase::kOffShift: out.open_pickups[sector].push_back(account); return;
    }
  }

  // Estimated times, at the nominal speed (no random factor): what a courier plans with.
  SimTime TravelEstimate(couriers::Point a, couriers::Point b) const {
    return SimTime::FromSeconds(couriers::Distance(a, b) * spec_.circuity / spec_.speed_kmh *
                                3600.0);
  }
  SimTime ServiceTime(const Region::Courier& courier, const Region::Stop& stop) const {
    if (stop.account != kNoAccount) {
      const Region::Outlet& out = r_.outlets[courier.outlet];
      const auto it = out.pickups.find(stop.account);
      const std::size_t n = it == out.pickups.end() ? 1 : it->second.orders.size();
      return spec_.pickup_service + spec_.per_parcel * static_cast<SimTime::Rep>(n);
    }
    return spec_.delivery_service +
           spec_.per_parcel * static_cast<SimTime::Rep>(stop.end - stop.begin);
  }

  // The stop of an account's open orders, now on courier c's route.
  Region::Stop PickupStop(std::uint32_t c, std::uint32_t account) {
    Region::Pickup& pickup = r_.outlets[r_.couriers[c].outlet].pickups.at(account);
    pickup.courier = static_cast<std::int32_t>(c);
    Region::Stop stop;
    stop.at = spec_.account_address[account];
    stop.account = account;
    stop.deadline = pickup.deadline;
    return stop;
  }

  // Where an insertion starts from: a courier on a route heading to route[next] (the stop
  // goes after that one); at the outlet about to leave on a new route; or at its last stop,
  // setting out on a new route from there at `leave`.
  enum class From { kRunning, kOutlet, kHere };

  // The latest time courier c must be back at the outlet for a reason of its own, whatever
  // the policy: with collected parcels (or pickups on its route), the day's last shuttle to
  // the hub, so that they leave today (a route that kept growing with pickups would keep
  // them out until the night). Max if it is past that shuttle already (they leave tomorrow
  // whatever it does), or it has nothing to hand in.
  SimTime ReturnBy(const Region::Courier& courier) const {
    bool collecting = !courier.carried.empty();
    for (std::size_t i = courier.next; i < courier.route.size() && !collecting; ++i) {
      collecting = courier.route[i].account != kNoAccount;
    }
    if (!collecting) return SimTime::Max();
    const SimTime last = DayStart(now()) + spec_.outlet_to_hub_departures.back();
    return last > now() ? last : SimTime::Max();
  }

  // Inserts the account's pickup stop into courier c's route. See "Dispatch" in the header.
  // Returns false if the pickup was left for the courier's next run from the outlet: no
  // place keeps the courier's return in time (ReturnBy, and under SAVABLE_FIRST the parcels
  // waiting at the outlet for its territory).
  bool InsertPickup(std::uint32_t c, std::uint32_t account, From from = From::kRunning,
                    SimTime leave = SimTime::Zero()) {
    Region::Courier& courier = r_.couriers[c];
    Region::Outlet& out = r_.outlets[courier.outlet];
    const Region::Stop stop = PickupStop(c, account);
    Region::Pickup& pickup = out.pickups.at(account);
    std::vector<Region::Stop>& route = courier.route;
    const bool fresh = from != From::kRunning;
    const std::size_t first = fresh ? 0 : courier.next + 1;
    const std::size_t n = route.size();
    std::size_t best = first;
    if (pickup.key) {
      // Key accounts go first, and among them in the order they came: after the key
      // accounts' stops already ahead (as the next stop, a later key order would overtake
      // every earlier one still waiting).
      for (std::size_t i = first; i < n; ++i) {
        if (route[i].account == kNoAccount) continue;
        const auto ahead = out.pickups.find(route[i].account);
        if (ahead != out.pickups.end() && ahead->second.key) best = i + 1;
      }
      route.insert(route.begin() + static_cast<std::ptrdiff_t>(best), stop);
      return true;
    }
    const couriers::Point home{};
    const couriers::Point origin = from == From::kOutlet ? home : courier.pos;
    if (from == From::kOutlet) leave = now();
    auto at = [&](std::size_t i) { return i < n ? route[i].at : home; };
    auto before = [&](std::size_t i) { return i > 0 ? route[i - 1].at : origin; };
    // Estimated departure from each stop from route[next] on (leave, before the first of a
    // new route), and each stop's slack.
    const std::size_t begin = fresh ? 0 : courier.next;
    r_.scratch_depart.assign(n, SimTime::Zero());
    r_.scratch_slack.assign(n + 1, SimTime::Max());
    SimTime t = fresh ? leave : courier.arrival;
    for (std::size_t i = begin; i < n; ++i) {
      if (i > begin || fresh) t += TravelEstimate(before(i), route[i].at);
      const SimTime slack = route[i].deadline - t;
      // Work already late is not savable: it does not hold back the rest.
      r_.scratch_slack[i] = slack >= SimTime::Zero() ? slack : SimTime::Max();
      t += ServiceTime(courier, route[i]);
      r_.scratch_depart[i] = t;
    }
    const SimTime left_last = n > begin ? r_.scratch_depart[n - 1] : leave;
    auto depart_before = [&](std::size_t i) {
      return i > begin ? r_.scratch_depart[i - 1] : fresh ? leave : now();
    };
    // The route's end: back at the outlet by ReturnBy, and under SAVABLE_FIRST in time for
    // the parcels waiting there.
    SimTime by = ReturnBy(courier);
    const bool savable = spec_.dispatch == DispatchPolicy::kSavableFirst;
    if (savable && courier.on_duty) by = std::min(by, ReturnDeadline(out, Position(out, c)));
    const SimTime back = left_last + TravelEstimate(n > 0 ? route[n - 1].at : origin, home);
    const SimTime end_slack =
        by == SimTime::Max() ? SimTime::Max() : std::max(by - back, SimTime::Zero());
    r_.scratch_slack[n] = end_slack;
    for (std::size_t i = n; i-- > begin;)
      r_.scratch_slack[i] = std::min(r_.scratch_slack[i], r_.scratch_slack[i + 1]);
    const SimTime service = spec_.pickup_service + spec_.per_parcel;
    std::size_t lowest = first;  // earliest deadline first: after every earlier deadline
    if (!savable) {
      for (std::size_t i = begin; i < n; ++i) {
        if (route[i].deadline < stop.deadline) lowest = std::max(lowest, i + 1);
      }
    }
    auto added_km = [&](std::size_t i) {
      const couriers::Point prev = before(i);
      return couriers::Distance(prev, stop.at) + couriers::Distance(stop.at, at(i)) -
             couriers::Distance(prev, at(i));
    };
    double best_km = std::numeric_limits<double>::max();
    bool found = false;
    for (std::size_t i = lowest; i <= n; ++i) {
      const couriers::Point prev = before(i);
      const SimTime delay = TravelEstimate(prev, stop.at) + service +
                            TravelEstimate(stop.at, at(i)) - TravelEstimate(prev, at(i));
      if (savable) {
        const SimTime arrive = depart_before(i) + TravelEstimate(prev, stop.at);
        if (arrive > stop.deadline || delay > r_.scratch_slack[i]) continue;
      } else if (delay > end_slack) {
        continue;
      }
      const double added = added_km(i);
      if (added < best_km - 1e-12) {
        best_km = added;
        best = i;
        found = true;
      }
    }
    if (!found) {
      // No place keeps every promise (or, earliest deadline first, brings the courier back
      // in time): the cheapest place after every pickup ordered before it (after every
      // earlier deadline), so late pickups are reached in the order they came; unless that
      // makes the courier late back, when the pickup waits for its next run from the outlet.
      std::size_t after = lowest;
      if (savable) {
        after = first;
        for (std::size_t i = begin; i < n; ++i) {
          if (route[i].account != kNoAccount && route[i].deadline <= stop.deadline)
            after = std::max(after, i + 1);
        }
      }
      best_km = std::numeric_limits<double>::max();
      for (std::size_t i = after; i <= n; ++i) {
        if (added_km(i) < best_km - 1e-12) {
          best_km = added_km(i);
          best = i;
        }
      }
      const couriers::Point prev = before(best);
      const SimTime delay = TravelEstimate(prev, stop.at) + service +
                            TravelEstimate(stop.at, at(best)) - TravelEstimate(prev, at(best));
      if (from != From::kOutlet && delay > end_slack) {
        pickup.courier = -1;
        out.open_pickups[spec_.account_sector[account]].push_back(account);
        return false;
      }
    }
    route.insert(route.begin() + static_cast<std::ptrdiff_t>(best), stop);
    return true;
  }

  // When the courier of on_duty[position] must be back at the outlet for the parcels ready
  // for its territory whose promise can still be kept: the earliest of their deadlines less
  // a one-stop run's outward half. Max if there are none (parcels already late are not
  // savable: they do not call the courier back ahead of its pickups).
  SimTime ReturnDeadline(const Region::Outlet& out, std::uint32_t position) const {
    const auto [lo, hi] = SectorsOf(out, position);
    const SimTime lead = SimTime::FromTicks(
        RunEstimate(1, 1, 0, spec_.outlets[out.global].zone_radius_km).ticks() / 2);
    SimTime deadline = SimTime::Max();
    for (std::uint32_t s = lo; s < hi; ++s) {
      for (ParcelId id : out.ready[s]) {
        const SimTime due = P(id).delivery_clock + spec_.delivery_promise - lead;
        if (due >= now()) deadline = std::min(deadline, due);
      }
    }
    return deadline;
  }

  // Courier at the outlet (on position `position` of on_duty) starts a route if there is
  // work in its territory, or helps a neighbour. Returns whether it left.
  bool TryStart(std::uint32_t k, std::uint32_t position) {
    Region::Outlet& out = r_.outlets[k];
    const std::uint32_t c = out.on_duty[position];
    std::vector<ParcelId>& take = r_.scratch_take;
    take.clear();
    const auto [lo, hi] = SectorsOf(out, position);
    for (std::uint32_t s = lo; s < hi; ++s)
      take.insert(take.end(), out.ready[s].begin(), out.ready[s].end());
    bool own = true;
    std::vector<std::uint32_t> accounts;
    for (std::uint32_t s = lo; s < hi; ++s) {
      accounts.insert(accounts.end(), out.open_pickups[s].begin(), out.open_pickups[s].end());
      out.open_pickups[s].clear();
    }
    std::uint32_t from_lo = lo, from_hi = hi;
    if (take.empty() && accounts.empty() && spec_.help_neighbours && out.on_duty.size() > 1) {
      // The busiest neighbouring territory whose courier is out gives up its oldest half.
      const auto n = static_cast<std::uint32_t>(out.on_duty.size());
      std::size_t most = 0;
      for (std::uint32_t neighbour : {(position + n - 1) % n, (position + 1) % n}) {
        if (neighbour == position || r_.couriers[out.on_duty[neighbour]].phase == Phase::kIdle)
          continue;
        const auto [nlo, nhi] = SectorsOf(out, neighbour);
        std::size_t waiting = 0;
        for (std::uint32_t s = nlo; s < nhi; ++s) waiting += out.ready[s].size();
        if (waiting > most) {
          most = waiting;
          from_lo = nlo;
          from_hi = nhi;
        }
      }
      if (most > 0) {
        own = false;
        for (std::uint32_t s = from_lo; s < from_hi; ++s) {
          take.insert(take.end(), out.ready[s].begin(), out.ready[s].end());
        }
      }
    }
    if (take.empty() && accounts.empty()) return false;
    // Earliest delivery deadline first; under SAVABLE_FIRST those whose promise can still
    // be kept (a one-stop run would make it) before those already lost. Up to the
    // vehicle's capacity and to what the run can deliver within the promise (RunEstimate);
    // a neighbour's, at most half.
    const SimTime savable_from =
        now() + SimTime::FromTicks(
                    RunEstimate(1, 1, 0, spec_.outlets[out.global].zone_radius_km).ticks() / 2);
    const bool savable_first = spec_.dispatch == DispatchPolicy::kSavableFirst;
    std::stable_sort(take.begin(), take.end(), [&](ParcelId a, ParcelId b) {
      const SimTime da = P(a).delivery_clock + spec_.delivery_promise;
      const SimTime db = P(b).delivery_clock + spec_.delivery_promise;
      if (savable_first && (da >= savable_from) != (db >= savable_from)) return da >= savable_from;
      return da < db;
    });
    std::size_t capacity = spec_.run_capacity;
    if (!own) capacity = std::min(capacity, (take.size() + 1) / 2);
    const OutletSpec& o = spec_.outlets[out.global];
    const double area = std::numbers::pi * o.zone_radius_km * o.zone_radius_km *
                        (from_hi - from_lo) / std::max<std::uint32_t>(Sectors(out), 1);
    std::vector<std::uint32_t>& seen = r_.scratch_points_seen;
    seen.clear();
    std::size_t count = 0;
    for (; count < take.size() && count < capacity; ++count) {
      const std::uint32_t point = P(take[count]).point;
      if (std::find(seen.begin(), seen.end(), point) != seen.end()) continue;
      if (!seen.empty() &&
          RunEstimate(seen.size() + 1, count + 1, area, o.zone_radius_km) > RunLimit())
        break;
      seen.push_back(point);
    }
    if (count < take.size()) {
      take.resize(count);
      std::vector<ParcelId> taken(take);
      std::sort(taken.begin(), taken.end());
      for (std::uint32_t s = from_lo; s < from_hi; ++s) {
        std::erase_if(out.ready[s], [&](ParcelId id) {
          return std::binary_search(taken.begin(), taken.end(), id);
        });
      }
    } else {
      for (std::uint32_t s = from_lo; s < from_hi; ++s) out.ready[s].clear();
    }
    StartRoute(c, take, accounts);
    return true;
  }

  // How long a run may take: half the delivery promise, so that a parcel that becomes ready
  // just after its courier left still makes the promise on the next run (it waits at most
  // one run, then rides at most one).
  SimTime RunLimit() const { return SimTime::FromTicks(spec_.delivery_promise.ticks() / 2); }

  // The time a run of `stops` stops with `parcels` parcels in a territory of `area` km^2
  // takes from the outlet and back, by the continuous approximation (Daganzo 1984, "The
  // distance traveled to visit N points with a maximum of C stops per vehicle"): the line
  // haul to the territory and back (twice the mean distance from the centre of a disc of
  // radius R, 2R/3) plus the tour within it, 0.7124 sqrt(n A) (Beardwood, Halton and
  // Hammersley 1959), at the courier's speed over road distance, plus the stops' times.
  SimTime RunEstimate(std::size_t stops, std::size_t parcels, double area, double radius) const {
    const double km = (2 * 2 * radius / 3 + couriers::BhhEstimate(stops, area)) * spec_.circuity;
    return SimTime::FromSeconds(km / spec_.speed_kmh * 3600.0) +
           spec_.delivery_service * static_cast<SimTime::Rep>(stops) +
           spec_.per_parcel * static_cast<SimTime::Rep>(parcels);
  }

  // Plans the run through the parcels' delivery points (nearest neighbour + 2-opt and
  // Or-opt, couriers::PlanRoute), adds the accounts' pickups as new pickups are added
  // (InsertPickup, so the dispatch policy decides where), and leaves the outlet.
  void StartRoute(std::uint32_t c, std::vector<ParcelId>& parcels,
                  const std::vector<std::uint32_t>& accounts) {
    Region::Courier& courier = r_.couriers[c];
    Region::Outlet& out = r_.outlets[courier.outlet];
    const OutletSpec& o = spec_.outlets[out.global];
    std::stable_sort(parcels.begin(), parcels.end(),
                     [&](ParcelId a, ParcelId b) { return P(a).point < P(b).point; });
    courier.load = parcels;
    std::vector<Region::Stop>& stops = r_.scratch_stops;
    stops.clear();
    for (std::uint32_t i = 0; i < courier.load.size();) {
      Region::Stop stop;
      const std::uint32_t point = P(courier.load[i]).point;
      stop.at = o.points[point];
      stop.begin = i;
      stop.deadline = SimTime::Max();
      while (i < courier.load.size() && P(courier.load[i]).point == point) {
        stop.deadline =
            std::min(stop.deadline, P(courier.load[i]).delivery_clock + spec_.delivery_promise);
        Scan(courier.load[i], io::OUT_FOR_DELIVERY, out.global, courier.number);
        ++i;
      }
      stop.end = i;
      stops.push_back(stop);
    }
    courier.phase = Phase::kOnRoute;
    if (stops.empty()) {
      // Pickups only: planned as one route.
      for (std::uint32_t a : accounts) stops.push_back(PickupStop(c, a));
      PlanInto(courier, couriers::Point{}, stops);
    } else {
      PlanInto(courier, couriers::Point{}, stops);
      for (std::uint32_t a : accounts) InsertPickup(c, a, From::kOutlet);
      ShowArrivalWindows(courier);
    }
    Go(c, SimTime::Zero());
  }

  // Out for delivery: tracking shows each recipient a window of eta_window around the
  // courier's planned arrival (the route as planned now, at the nominal speed).
  void ShowArrivalWindows(const Region::Courier& courier) {
    const SimTime half = SimTime::FromTicks(spec_.eta_window.ticks() / 2);
    SimTime t = now();
    couriers::Point at{};
    for (const Region::Stop& stop : courier.route) {
      t += TravelEstimate(at, stop.at);
      at = stop.at;
      if (stop.account == kNoAccount) {
        for (std::uint32_t i = stop.begin; i < stop.end; ++i) {
          // The window of the first attempt stays what the customer judges the delivery by.
          if (P(courier.load[i]).attempts == 0) ShowWindow(courier.load[i], t + half);
        }
      }
      t += ServiceTime(courier, stop);
    }
  }

  // courier.route = `stops` in planned order from `from` back to the outlet; next = 0.
  void PlanInto(Region::Courier& courier, couriers::Point from,
                const std::vector<Region::Stop>& stops) {
    std::vector<couriers::Point>& at = r_.scratch_points;
    at.clear();
    for (const Region::Stop& s : stops) at.push_back(s.at);
    const std::vector<std::uint32_t> order = couriers::PlanRoute(from, at, couriers::Point{});
    courier.route.clear();
    for (std::uint32_t i : order) courier.route.push_back(stops[i]);
    courier.next = 0;
  }

  // Sets off, after `service` at the current place, to route[next] or, past the last
  // stop, back to the outlet. Travel: road distance (straight line x circuity) at the
  // courier's speed, times a lognormal factor of mean 1.
  void Go(std::uint32_t c, SimTime service) {
    Region::Courier& courier = r_.couriers[c];
    Region::Outlet& out = r_.outlets[courier.outlet];
    const bool home = courier.next >= courier.route.size();
    const couriers::Point to = home ? couriers::Point{} : courier.route[courier.next].at;
    const double km = couriers::Distance(courier.pos, to) * spec_.circuity;
    double factor = 1.0;
    if (spec_.travel_time_cv > 0) factor = rng_.Lognormal(1.0, spec_.travel_time_cv);
    const SimTime travel = SimTime::FromSeconds(km / spec_.speed_kmh * 3600.0 * factor);
    if (Counted(now())) {
      out.stats.km += km;
      out.stats.travel_ticks += travel.ticks();
    }
    if (home) courier.phase = Phase::kReturning;
    courier.pos = to;
    courier.arrival = now() + service + travel;
    ctx_.Schedule(service + travel, kCourierStep, c);
  }

  void OnCourierStep(std::uint32_t c) {
    Region::Courier& courier = r_.couriers[c];
    Region::Outlet& out = r_.outlets[courier.outlet];
    if (courier.phase == Phase::kReturning) {
      AtOutlet(c);
      return;
    }
    const Region::Stop stop = courier.route[courier.next];
    SimTime service;
    if (stop.account != kNoAccount) {
      const std::size_t n = CollectPickup(courier, stop.account);
      service = spec_.pickup_service + spec_.per_parcel * static_cast<SimTime::Rep>(n);
      if (Counted(now())) {
        ++out.stats.pickup_stops;
        out.stats.collected += n;
        out.stats.pickup_ticks += service.ticks();
      }
    } else {
      for (std::uint32_t i = stop.begin; i < stop.end; ++i) Attempt(c, courier.load[i]);
      service = spec_.delivery_service +
                spec_.per_parcel * static_cast<SimTime::Rep>(stop.end - stop.begin);
      if (Counted(now())) {
        ++out.stats.delivery_stops;
        out.stats.parcels_tried += stop.end - stop.begin;
        out.stats.delivery_ticks += service.ticks();
      }
    }
    ++courier.next;
    if (courier.next >= courier.route.size() && courier.on_duty &&
        ReturnDeadline(out, Position(out, c)) == SimTime::Max()) {
      // Pickups waiting in its territory: on to them before going back (unless parcels wait
      // at the outlet: the pickups then join the next run).
      RouteFromHere(c, Position(out, c), now() + service);
    }
    if (courier.next >= courier.route.size() && StandsBy(c, service)) return;
    Go(c, service);
  }

  // At the end of a route a courier waits in its territory for the next pickup rather
  // than drive back empty, unless it has a reason to go back: its shift is over, parcels it
  // could not deliver, parcels ready for its territory at the outlet, or collected parcels
  // due to be handed in (hand_in after the first of them was collected, so they make the
  // shuttles to the hub). On standby it goes back when one of these comes up.
  bool StandsBy(std::uint32_t c, SimTime service) {
    Region::Courier& courier = r_.couriers[c];
    Region::Outlet& out = r_.outlets[courier.outlet];
    if (!courier.on_duty || !courier.failed.empty()) return false;
    const std::uint32_t position = Position(out, c);
    const auto [lo, hi] = SectorsOf(out, position);
    for (std::uint32_t s = lo; s < hi; ++s) {
      if (!out.ready[s].empty()) return false;
    }
    SimTime due = SimTime::Max();
    if (!courier.carried.empty()) {
      due = P(courier.carried.front()).picked_up + spec_.hand_in -
            TravelEstimate(courier.pos, couriers::Point{});
      if (due <= now() + service) return false;
    }
    courier.phase = Phase::kStandby;
    courier.route.clear();
    courier.next = 0;
    courier.arrival = now() + service;
    ++courier.standby_token;
    if (due != SimTime::Max()) {
      ctx_.Schedule(due - now(), kCourierWake, std::uint64_t{courier.standby_token} << 32 | c);
    }
    return true;
  }

  // From standby back to the outlet (after the last stop's service, if still under way).
  void GoHome(std::uint32_t c) {
    Region::Courier& courier = r_.couriers[c];
    courier.route.clear();
    courier.next = 0;
    Go(c, std::max(courier.arrival - now(), SimTime::Zero()));
  }

  // Courier c, at its last stop or waiting there, plans a new route from there through its
  // territory's open pickups, each placed by InsertPickup (those that would make it late
  // back stay open for its next run from the outlet). Returns whether the route has a stop.
  bool RouteFromHere(std::uint32_t c, std::uint32_t position, SimTime leave) {
    Region::Courier& courier = r_.couriers[c];
    Region::Outlet& out = r_.outlets[courier.outlet];
    std::vector<std::uint32_t> accounts;
    const auto [lo, hi] = SectorsOf(out, position);
    for (std::uint32_t s = lo; s < hi; ++s) {
      accounts.insert(accounts.end(), out.open_pickups[s].begin(), out.open_pickups[s].end());
      out.open_pickups[s].clear();
    }
    courier.route.clear();
    courier.next = 0;
    for (std::uint32_t a : accounts) InsertPickup(c, a, From::kHere, leave);
    return !courier.route.empty();
  }

  // A courier on standby takes its territory's open pickups from where it waits.
  void StartFromStandby(std::uint32_t c, std::uint32_t position) {
    Region::Courier& courier = r_.couriers[c];
    const SimTime free = std::max(courier.arrival, now());
    if (!RouteFromHere(c, position, free)) return;
    courier.phase = Phase::kOnRoute;
    Go(c, free - now());
  }

  std::uint32_t Position(const Region::Outlet& out, std::uint32_t c) const {
    return static_cast<std::uint32_t>(std::find(out.on_duty.begin(), out.on_duty.end(), c) -
                                      out.on_duty.begin());
  }

  // The courier arrives at an account's address: every open order of the account is
  // collected; the pickup promise is kept if the courier arrives within it.
  std::size_t CollectPickup(Region::Courier& courier, std::uint32_t account) {
    Region::Outlet& out = r_.outlets[courier.outlet];
    const auto it = out.pickups.find(account);
    if (it == out.pickups.end()) return 0;
    for (ParcelId id : it->second.orders) {
      Parcel& p = P(id);
      p.picked_up = now();
      // The shipper's call about the pickup is moot; the recipient sees the next-day window.
      p.queries &= ~kCallPending;
      p.visible_end = model_.CommittedDeadline(p.picked_up, p.dest_outlet);
      const SimTime waited = now() - p.pickup_clock;
      RecordPickup(p, std::max(waited, SimTime::Zero()));
      Scan(id, io::PICKED_UP, p.origin_outlet, courier.number,
           Measured(p.pickup_clock + spec_.pickup_promise) ? Kept(waited <= spec_.pickup_promise)
                                                           : 0);
      r_.ledger->CountShipment(DaySlot(now()));
      CountSqiMisses(p, /*pickup=*/true);
      Experience experience;
      experience.account = p.account;
      experience.type = Experience::Type::kPickup;
      experience.late = waited - spec_.pickup_promise;
      CustomerLedger::Send(ctx_, spec_, experience);
      courier.carried.push_back(id);
    }
    const std::size_t n = it->second.orders.size();
    out.pickups.erase(it);
    return n;
  }

  // One delivery attempt of parcel `id` by courier c, at its address.
  void Attempt(std::uint32_t c, ParcelId id) {
    Region::Courier& courier = r_.couriers[c];
    Region::Outlet& out = r_.outlets[courier.outlet];
    Parcel& p = P(id);
    ++p.attempts;
    const bool failed = rng_.Bernoulli(spec_.failed_delivery_probability);
    if (p.first_attempt == SimTime::Max()) {
      p.first_attempt = now();
      RecordFirstAttempt(p, !failed);
      Awaiting(out, -1);
      if (Counted(p.outlet_arrival)) {
        out.wait_ticks += static_cast<double>((now() - p.outlet_arrival).ticks());
        ++out.waits;
      }
    }
    if (failed) {
      ++out.failed_attempts;
      courier.failed.push_back(id);
      Scan(id, io::DELIVERY_FAILED, out.global, courier.number);
      Experience experience;
      experience.account = p.account;
      experience.type = Experience::Type::kFailedAttempt;
      CustomerLedger::Send(ctx_, spec_, experience);
      if (QueryCalls()) AfterFailedAttempt(id);
      return;
    }
    p.delivered = now();
    ++out.delivered;
    ++r_.delivered_by_day[DaySlot(now())];
    RecordDelivered(p);
    if (p.tracked) ScanDelivered(id, p, courier.number);
    DeliveryExperience(id, p);
    Free(id);
  }

  // Back at the outlet: collected parcels go to the outbound shuttle, failed ones wait for
  // their retry (RetryPolicy), and the courier takes new work if on duty.
  void AtOutlet(std::uint32_t c) {
    Region::Courier& courier = r_.couriers[c];
    const std::uint32_t k = courier.outlet;
    Region::Outlet& out = r_.outlets[k];
    for (ParcelId id : courier.carried) {
      Scan(id, io::OUTLET_IN, out.global);
      out.outbound.push_back(id);
    }
    courier.carried.clear();
    for (ParcelId id : courier.failed) {
      Scan(id, io::BACK_AT_OUTLET, out.global, courier.number);
      ++out.receiving;
      ctx_.Schedule(RetryAt() - now(), kParcelReady, id);
    }
    courier.failed.clear();
    courier.route.clear();
    courier.load.clear();
    courier.next = 0;
    courier.pos = couriers::Point{};
    courier.phase = courier.on_duty ? Phase::kIdle : Phase::kOffShift;
    if (courier.on_duty) RequestDispatch(k);
  }

  // One more (+1) or one fewer (-1) parcel awaiting its first attempt at the outlet; the
  // time integral counts from the end of the warm-up.
  void Awaiting(Region::Outlet& out, int change) {
    const SimTime from = std::max(out.awaiting_since, spec_.counted_from());
    if (now() > from)
      out.awaiting_area +=
          static_cast<double>(out.awaiting) * static_cast<double>((now() - from).ticks());
    out.awaiting_since = now();
    out.awaiting = change > 0 ? out.awaiting + 1 : out.awaiting - 1;
  }

  // When a failed parcel is ready to go out again.
  SimTime RetryAt() const {
    switch (spec_.retry) {
      case RetryPolicy::kNextRun: return now();
      case RetryPolicy::kNextWave:
        return NextDaily(spec_.hub_to_outlet_departures, now()) + spec_.shuttle_time +
               spec_.outlet_sort;
      case RetryPolicy::kNextDay: return DayStart(now()) + kDay;
    }
    return now();
  }

  // ---- KPIs ---------------------------------------------------------------------------
  // A promise is measured when its deadline falls within the run, so that every measured
  // outcome is known at the end whether the parcel made it or not; promises due after the
  // end are left out (right-censored) rather than counted only when they were kept.
  bool Measured(SimTime deadline) const { return deadline <= model_.end_time(); }
  // A promise is recorded under the day its clock started (the order's, the outlet
  // arrival's, the pickup's); one of a warm-up day goes into that day's figures only, not
  // into the run's (outlet, hour, and so hub and total).
  bool Counted(SimTime day_of) const { return day_of >= spec_.counted_from(); }

  void RecordPickup(const Parcel& p, SimTime waited) {
    if (!Measured(p.pickup_clock + spec_.pickup_promise)) return;
    const bool on_time = waited <= spec_.pickup_promise;
    r_.by_day[DaySlot(p.ordered)].pickup.Completed(waited, on_time);
    if (!Counted(p.ordered)) return;
    r_.outlets[r_.local_outlet_of[p.origin_outlet]].kpi.pickup.Completed(waited, on_time);
    r_.by_hour[HourOf(p.ordered)].pickup.Completed(waited, on_time);
  }

  // The delivery promise, decided by the first attempt: kept if it succeeds within the
  // promise from the parcel's delivery clock.
  void RecordFirstAttempt(const Parcel& p, bool delivered) {
    if (!Measured(p.delivery_clock + spec_.delivery_promise)) return;
    const SimTime took = std::max(now() - p.delivery_clock, SimTime::Zero());
    const bool on_time = delivered && took <= spec_.delivery_promise;
    r_.by_day[DaySlot(p.outlet_arrival)].delivery.Completed(took, on_time);
    if (!Counted(p.outlet_arrival)) return;
    r_.outlets[r_.local_outlet_of[p.dest_outlet]].kpi.delivery.Completed(took, on_time);
    r_.by_hour[HourOf(p.outlet_arrival)].delivery.Completed(took, on_time);
  }

  // The next-day promise, decided by the successful attempt.
  void RecordDelivered(const Parcel& p) {
    KpiAccumulator& outlet = r_.outlets[r_.local_outlet_of[p.dest_outlet]].kpi;
    const SimTime deadline = model_.NextDayDeadline(p.picked_up, p.dest_outlet);
    if (!Measured(deadline)) return;
    const bool next_day = now() < deadline;
    const SimTime end_to_end = now() - p.picked_up;
    r_.by_day[DaySlot(p.picked_up)].next_day.Completed(end_to_end, next_day);
    if (!Counted(p.picked_up)) return;
    outlet.next_day.Completed(end_to_end, next_day);
    r_.by_hour[HourOf(p.picked_up)].next_day.Completed(end_to_end, next_day);
  }

  // The SQI's late pickup (a parcel just picked up) or late delivery (one just delivered).
  void CountSqiMisses(const Parcel& p, bool pickup) {
    model_.ForEachSqiMiss(p, pickup, [&](customers::SqiDefinition definition, const SqiMiss& miss) {
      r_.ledger->CountSqi(definition, miss.component, miss.day);
    });
  }

  // The SQI failures and the shipper's experience of a delivery.
  void DeliveryExperience(ParcelId id, const Parcel& p) {
    const std::size_t day = DaySlot(now());
    const bool next_day_missed = now() >= model_.NextDayDeadline(p.picked_up, p.dest_outlet);
    // Judged by the first attempt (a failed one is an experience of its own, so a parcel's
    // lateness is not counted again at its later delivery), against the earlier of the
    // promise and the window tracking showed then (Satisfaction in scenario.proto).
    const SimTime late =
        p.first_attempt - std::min(p.visible_end, p.delivery_clock + spec_.delivery_promise);
    CountSqiMisses(p, /*pickup=*/false);
    const double missed_pod = spec_.customers.missed_pod_probability;
    if (missed_pod > 0 && ParcelDraw(id, kMissedPodDraw, 0) < missed_pod) {
      r_.ledger->CountSqi(customers::SqiComponent::kMissedPod, day);
    }
    Experience experience;
    experience.account = p.account;
    experience.type = Experience::Type::kDelivery;
    experience.late = late;
    experience.next_day_missed = next_day_missed;
    experience.damaged = p.damaged;
    CustomerLedger::Send(ctx_, spec_, experience);
  }

  // The DELIVERED scan, with the verdicts of the delivery and next-day promises where
  // they are measured (as RecordDelivery counts them).
  void ScanDelivered(ParcelId id, const Parcel& p, std::uint32_t courier) {
    // The delivery promise is the first attempt's (kept only if that one succeeded).
    const bool measured = Measured(p.delivery_clock + spec_.delivery_promise);
    const SimTime took =
        p.attempts == 1 ? std::max(now() - p.delivery_clock, SimTime::Zero()) : SimTime::Max();
    const SimTime deadline = model_.NextDayDeadline(p.picked_up, p.dest_outlet);
    Scan(id, io::DELIVERED, p.dest_outlet, courier, measured ? Kept(took <= spec_.delivery_promise) : 0,
         Measured(deadline) ? Kept(now() < deadline) : 0);
  }

  // Per-parcel decisions (loss, damage, proof of delivery) from the parcel's own stream,
  // so they do not shift the region's other random numbers.
  enum ParcelDrawKind : std::uint64_t {
    kLossDraw = 0,
    kDamageDraw = 1,
    kMissedPodDraw = 2,
    kPickupQueryDraw = 3,
    kDeliveryQueryDraw = 4,
  };
  double ParcelDraw(ParcelId id, ParcelDrawKind kind, std::uint64_t n) const {
    return customers::UniformAt(rng_.seed(), customers::kParcelStream + ShipmentKey(P(id)),
                                kind * 256 + n);
  }

  // ---- shuttles -----------------------------------------------------------------------
  void OnShuttleToHub() {
    for (Region::Outlet& out : r_.outlets) {
      for (ParcelId id : out.outbound) {
        Scan(id, io::OUTLET_OUT, out.global);
        ctx_.Schedule(spec_.shuttle_time, kHubArrival, id);
      }
      out.outbound.clear();
    }
    if (Running()) ctx_.Schedule(NextDaily(spec_.outlet_to_hub_departures, now()) - now(), kShuttleToHub);
  }

  void OnShuttleToOutlets() {
    // A hub in an outage dispatches nothing: the parcels wait for the next shuttle.
    if (!InOutage(now())) {
      for (std::uint32_t k = 0; k < r_.to_outlet.size(); ++k) {
        std::vector<ParcelId>& parcels = r_.to_outlet[k];
        const std::size_t n = std::min(parcels.size(), WaveSize(k));
        for (std::size_t i = 0; i < n; ++i) {
          Scan(parcels[i], io::HUB_OUT, r_.hub);
          ctx_.Schedule(spec_.shuttle_time, kOutletArrival, parcels[i]);
        }
        parcels.erase(parcels.begin(), parcels.begin() + static_cast<std::ptrdiff_t>(n));
      }
    }
    if (Running()) {
      ctx_.Schedule(NextDaily(spec_.hub_to_outlet_departures, now()) - now(), kShuttleToOutlets);
    }
  }

  // The most parcels this shuttle takes to local outlet k (the oldest first): unlimited, or
  // wave_parcels_per_courier for each courier on duty through the delivery promise from
  // when they will be ready there (the clock start of a parcel ready then), so each wave is
  // what the couriers can deliver within the promise and the rest follows with the next;
  // the day's last takes all that is left.
  std::size_t WaveSize(std::uint32_t k) const {
    // The day's last shuttle takes whatever is left: nothing waits at the hub overnight for
    // want of a wave (else an outlet that receives more than its waves carry would fall
    // further behind every day).
    if (spec_.wave_parcels_per_courier <= 0 ||
        TimeOfDay(now()) == spec_.hub_to_outlet_departures.back()) {
      return std::numeric_limits<std::size_t>::max();
    }
    const OutletSpec& o = spec_.outlets[r_.outlets[k].global];
    const SimTime tod = TimeOfDay(
        ClockStart(now() + spec_.shuttle_time + spec_.outlet_sort, o.shift_start, o.shift_end));
    // The couriers on duty through the whole promise from then on; if none, those on duty then.
    std::uint32_t through = 0, then = 0;
    for (const ShiftGroupSpec& g : o.shifts) {
      if (g.start <= tod && tod < g.end) then += g.couriers;
      if (g.start <= tod && tod + spec_.delivery_promise <= g.end) through += g.couriers;
    }
    return static_cast<std::size_t>(
        std::ceil(spec_.wave_parcels_per_courier * (through > 0 ? through : then)));
  }

  // Scanned in at the destination outlet; ready for dispatch once received and sorted there.
  void OnOutletArrival(ParcelId id) {
    Parcel& p = P(id);
    p.outlet_arrival = now();
    Scan(id, io::ARRIVED_AT_OUTLET, p.dest_outlet);
    CheckWindow(id);
    Region::Outlet& out = r_.outlets[r_.local_outlet_of[p.dest_outlet]];
    Awaiting(out, +1);
    if (Counted(now())) ++out.arrivals;
    ++r_.outlets[r_.local_outlet_of[p.dest_outlet]].receiving;
    ctx_.Schedule(spec_.outlet_sort, kParcelReady, id);
  }

  // Ready for dispatch (first time: the delivery clock starts, ClockStart's shift rule;
  // again after a failed attempt: the clock stays): waits in its territory for a run.
  void OnParcelReady(ParcelId id) {
    Parcel& p = P(id);
    const std::uint32_t k = r_.local_outlet_of[p.dest_outlet];
    Region::Outlet& out = r_.outlets[k];
    const OutletSpec& o = spec_.outlets[p.dest_outlet];
    --out.receiving;
    if (p.delivery_clock == SimTime::Max()) {
      p.delivery_clock = ClockStart(now(), o.shift_start, o.shift_end);
      ShowWindow(id, p.delivery_clock + spec_.delivery_promise);  // "today by ..."
    }
    out.ready[o.point_sector[p.point]].push_back(id);
    RequestDispatch(k);
  }

  // ---- hub ----------------------------------------------------------------------------
  bool InOutage(SimTime t) const {
    for (const auto& [start, end] : spec_.hubs[r_.hub].outages) {
      if (t >= start && t < end) return true;
    }
    return false;
  }

  bool SorterOpen(SimTime t) const {
    const HubSpec& h = spec_.hubs[r_.hub];
    const SimTime tod = TimeOfDay(t);
    return tod >= h.opens && tod < h.closes && !InOutage(t);
  }

  // REQUIRES: SorterOpen(t). When the open spell that contains t ends: the day's closing
  // or the start of the next outage, whichever comes first.
  SimTime SorterCloses(SimTime t) const {
    SimTime closes = DayStart(t) + spec_.hubs[r_.hub].closes;
    for (const auto& [start, end] : spec_.hubs[r_.hub].outages) {
      if (start > t) closes = std::min(closes, start);
    }
    return closes;
  }

  SimTime NextSorterOpening(SimTime t) const {
    const HubSpec& h = spec_.hubs[r_.hub];
    for (int guard = 0; guard < 1000; ++guard) {
      const SimTime tod = TimeOfDay(t);
      if (tod < h.opens) {
        t = DayStart(t) + h.opens;
        continue;
      }
      if (tod >= h.closes) {
        t = DayStart(t) + kDay + h.opens;
        continue;
      }
      bool moved = false;
      for (const auto& [start, end] : h.outages) {
        if (t >= start && t < end) {
          t = end;
          moved = true;
        }
      }
      if (!moved) return t;
    }
    throw std::logic_error("network model: hub " + h.id + " never opens");
  }

  void OnHubArrival(ParcelId id) {
    CheckWindow(id);
    r_.sort_queue.push_back(id);
    r_.max_backlog = std::max<std::uint64_t>(r_.max_backlog, r_.sort_queue.size());
    TryStartSort();
  }

  // Starts sorting the next parcel if the hub is open and the sort can finish before it
  // closes; otherwise wakes up at the next opening.
  void TryStartSort() {
    if (r_.sorting || r_.sort_queue.empty()) return;
    const SimTime sort_time = spec_.hubs[r_.hub].sort_time_per_parcel;
    SimTime wake = SimTime::Max();
    if (!SorterOpen(now())) {
      wake = NextSorterOpening(now());
    } else if (now() + sort_time > SorterCloses(now())) {
      wake = NextSorterOpening(SorterCloses(now()));
    }
    if (wake != SimTime::Max()) {
      if (!r_.wake_pending) {
        r_.wake_pending = true;
        ctx_.Schedule(wake - now(), kSorterWake);
      }
      return;
    }
    r_.sorting = true;
    ctx_.Schedule(sort_time, kSortDone);
  }

  void OnSortDone() {
    const ParcelId id = r_.sort_queue.front();
    r_.sort_queue.pop_front();
    r_.sorting = false;
    r_.sorter_busy_ticks += spec_.hubs[r_.hub].sort_time_per_parcel.ticks();
    ++r_.sorted;
    if (Mishandled(id)) {
      TryStartSort();
      return;
    }
    Scan(id, io::SORTED, r_.hub);
    Route(id);
    TryStartSort();
  }

  // Loss and damage at the sort. Returns true when the parcel was lost (it leaves the
  // network: counted lost, its shipper told).
  bool Mishandled(ParcelId id) {
    const HubSpec& hub = spec_.hubs[r_.hub];
    Parcel& p = P(id);
    const std::uint8_t n = p.sorts;
    if (p.sorts < 255) ++p.sorts;
    if (hub.loss_probability > 0 && ParcelDraw(id, kLossDraw, n) < hub.loss_probability) {
      p.lost = true;
      ++r_.lost;
      Scan(id, io::LOST, r_.hub);
      r_.ledger->CountSqi(customers::SqiComponent::kLost, DaySlot(now()));
      Experience experience;
      experience.account = p.account;
      experience.type = Experience::Type::kLost;
      CustomerLedger::Send(ctx_, spec_, experience);
      // Its slot is kept (losses are rare): the end of the run counts its missed promises,
      // and its recipient may call when the window passes.
      if (QueryCalls() && !(p.queries & kDeliveryDecided)) ArmTimer(id, p.visible_end);
      return true;
    }
    if (!p.damaged && hub.damage_probability > 0 && ParcelDraw(id, kDamageDraw, n) < hub.damage_probability) {
      p.damaged = true;
      Scan(id, io::DAMAGED, r_.hub);
      r_.ledger->CountSqi(customers::SqiComponent::kDamaged, DaySlot(now()));
    }
    return false;
  }

  void Route(ParcelId id) {
    const Parcel& p = P(id);
    const std::uint32_t dest_hub = spec_.outlets[p.dest_outlet].hub;
    if (dest_hub == r_.hub) {
      r_.to_outlet[r_.local_outlet_of[p.dest_outlet]].push_back(id);
      return;
    }
    const network::Leg leg = FirstLeg(dest_hub);
    r_.linehaul_queue[r_.Own(leg.linehaul)].push_back(id);
  }

  // spec_.graph.FirstLeg(hub, to, now()), through the region's cache (see Region).
  network::Leg FirstLeg(std::uint32_t to) {
    const std::vector<SimTime>& slots = r_.departure_slots;
    const SimTime day = DayStart(now());
    const auto slot = static_cast<std::size_t>(
        std::lower_bound(slots.begin(), slots.end(), TimeOfDay(now())) - slots.begin());
    Region::CachedLeg& cached = r_.route_cache[to * (slots.size() + 1) + slot];
    if (!cached.filled) {
      const std::optional<network::Leg> leg = spec_.graph.FirstLeg(r_.hub, to, now());
      cached.filled = true;
      cached.reachable = leg.has_value();
      if (leg) cached.leg = network::Leg{leg->linehaul, leg->departure - day, leg->arrival - day};
    }
    if (!cached.reachable) throw std::logic_error("network model: no route from hub " + spec_.hubs[r_.hub].id);
    return network::Leg{cached.leg.linehaul, cached.leg.departure + day, cached.leg.arrival + day};
  }

  void OnLinehaulDeparture(std::uint32_t l) {
    const network::LinehaulSpec& line = spec_.graph.linehauls()[l];
    Region::LinehaulStats& stats = r_.linehaul_stats[r_.Own(l)];
    std::deque<ParcelId>& queue = r_.linehaul_queue[r_.Own(l)];
    const auto disruption = spec_.disruptions.find({l, DayNumber(now()), TimeOfDay(now()).ticks()});
    // A cancelled departure, or one due while the hub is in an outage, does not leave; its
    // parcels roll to the next departure.
    if ((disruption != spec_.disruptions.end() && disruption->second.cancelled) || InOutage(now())) {
      ++stats.cancelled;
    } else {
      SimTime delay =
          disruption != spec_.disruptions.end() ? disruption->second.delay : SimTime::Zero();
      // Transit varies per departure (Linehaul.delay_probability, delay_mean_minutes).
      const LinehaulDelay& variation = spec_.linehaul_delays[l];
      if (variation.probability > 0 && rng_.Bernoulli(variation.probability)) {
        delay += SimTime::FromSeconds(rng_.Exponential(variation.mean.seconds()));
      }
      const SimTime arrival = now() + line.transit + delay;
      // The copies of parcels that have arrived go (a heap on the arrival time).
      const auto later = [](const Region::OnTheRoad& a, const Region::OnTheRoad& b) {
        return a.arrival > b.arrival;
      };
      while (!r_.on_the_road.empty() && r_.on_the_road.front().arrival <= now()) {
        std::pop_heap(r_.on_the_road.begin(), r_.on_the_road.end(), later);
        r_.on_the_road.pop_back();
      }
      const std::size_t n = std::min<std::size_t>(queue.size(), line.capacity);
      for (std::size_t i = 0; i < n; ++i) {
        const ParcelId id = queue.front();
        queue.pop_front();
        ++r_.transit_sent;
        P(id).linehaul = l;
        Scan(id, io::LINEHAUL_DEPARTED, r_.hub, l + 1);
        // The record travels with the parcel; the next region owns it from now on. It goes
        // without its tracking flag, which the receiver sets again: the fingerprint hashes
        // every byte of an attachment, and a run with a tracking log must give the same
        // results, fingerprint included, as one without.
        Parcel sent = P(id);
        sent.tracked = false;
        ctx_.SendWith(line.to, line.transit + delay, kLinehaulArrival, sent);
        r_.on_the_road.push_back({arrival, P(id).picked_up, P(id).dest_outlet});
        std::push_heap(r_.on_the_road.begin(), r_.on_the_road.end(), later);
        Free(id);
      }
      ++stats.departures;
      stats.parcels += n;
      stats.load_factor_sum += static_cast<double>(n) / line.capacity;
      if (!queue.empty()) {
        ++stats.full;
        stats.rolled += queue.size();
      }
    }
    if (Running()) ctx_.Schedule(spec_.graph.NextDeparture(l, now() + SimTime::Microseconds(1)) - now(), kLinehaulDeparture, l);
  }

  const NetworkModel& model_;
  const NetworkSpec& spec_;
  Region& r_;
  LpContext& ctx_;
  RngStream& rng_;
};

NetworkModel::NetworkModel(const NetworkSpec& spec, tracking::ScanLogWriter* tracking)
    : spec_(spec), tracking_(tracking), lookahead_(ComputeLookahead(spec)) {
  if ((spec.hubs.empty() || spec.outlets.empty()) && !spec.call_center) {
    throw std::invalid_argument(
        "network model: a scenario needs at least one hub and one outlet, or a call center");
  }
  const std::size_t days = spec.days;
  for (std::uint32_t h = 0; h < spec.hubs.size(); ++h) {
    auto region = std::make_unique<Region>();
    region->hub = h;
    region->local_outlet_of.assign(spec.outlets.size(), ~0u);
    for (std::uint32_t global : spec.hubs[h].outlets) {
      const std::uint32_t k = static_cast<std::uint32_t>(region->outlets.size());
      region->local_outlet_of[global] = k;
      Region::Outlet outlet;
      outlet.global = global;
      const OutletSpec& o = spec.outlets[global];
      std::uint32_t number = 0;
      for (std::uint32_t g = 0; g < o.shifts.size(); ++g) {
        for (std::uint32_t i = 0; i < o.shifts[g].couriers; ++i) {
          outlet.couriers.push_back(static_cast<std::uint32_t>(region->couriers.size()));
          Region::Courier courier;
          courier.outlet = k;
          courier.number = ++number;
          courier.group = g;
          region->couriers.push_back(courier);
        }
      }
      outlet.ready.resize(o.territories ? o.territories->sectors() : 1);
      outlet.open_pickups.resize(outlet.ready.size());
      region->outlets.push_back(std::move(outlet));
    }
    region->to_outlet.resize(region->outlets.size());
    const auto& linehauls = spec.graph.linehauls();
    for (std::uint32_t l = 0; l < linehauls.size(); ++l) {
      if (linehauls[l].from != h) continue;
      region->own_linehauls.push_back(l);
      region->departure_slots.insert(region->departure_slots.end(), linehauls[l].departures.begin(),
                                     linehauls[l].departures.end());
    }
    region->linehaul_queue.resize(region->own_linehauls.size());
    std::sort(region->departure_slots.begin(), region->departure_slots.end());
    region->departure_slots.erase(std::unique(region->departure_slots.begin(), region->departure_slots.end()),
                                  region->departure_slots.end());
    region->route_cache.resize(spec.hubs.size() * (region->departure_slots.size() + 1));
    region->linehaul_stats.resize(region->own_linehauls.size());
    region->by_day.resize(std::max<std::size_t>(days, 1));
    region->by_hour.resize(24);
    region->orders_by_day.assign(region->by_day.size(), 0);
    region->delivered_by_day.assign(region->by_day.size(), 0);
    regions_.push_back(std::move(region));
  }
  accounts_ = std::make_unique<customers::AccountState[]>(spec.customers.accounts.size());
  for (auto& region : regions_) {
    region->ledger = std::make_unique<CustomerLedger>(
        spec, accounts_.get(), spec.hubs[region->hub].outlets,
        spec.call_center ? std::optional<LpId>(CallCenterLp()) : std::nullopt);
  }
  if (spec.call_center) {
    call_center_spec_ = *spec.call_center;
    if (!spec.outlets.empty() && !spec.outlet_order_cumulative.empty()) {
      call_center::AccountLink link;
      link.owner = [this](std::uint32_t account) { return CustomerLedger::Owner(spec_, account); };
      link.draw_phone_order_account = [this](RngStream& rng) {
        const std::size_t outlet = Sample(spec_.outlet_order_cumulative, rng.Uniform01());
        return spec_.customers.accounts.outlet_offset[outlet] +
               static_cast<std::uint32_t>(Sample(spec_.outlets[outlet].account_cumulative, rng.Uniform01()));
      };
      link.key = [this](std::uint32_t account) { return spec_.customers.Key(account); };
      link.feedback = spec.customers.feedback;
      link.outcome_kind = CustomerLedger::kCallOutcome;
      call_center_spec_->accounts = std::move(link);
    }
    call_center_ = std::make_unique<call_center::CallCenter>(*call_center_spec_);
  }
}

NetworkModel::~NetworkModel() = default;

LpId NetworkModel::lp_count() const {
  return static_cast<LpId>(regions_.size() + (call_center_ ? 1 : 0));
}

LpId NetworkModel::CallCenterLp() const { return static_cast<LpId>(regions_.size()); }

SimTime NetworkModel::lookahead() const { return lookahead_; }

SimTime NetworkModel::ComputeLookahead(const NetworkSpec& spec) {
  SimTime lookahead = spec.graph.MinTransit();
  if (!spec.outlets.empty()) {
    // Experiences travel to the account's region; calls (failures, complaints) to the call center.
    lookahead = std::min(lookahead, spec.customers.feedback);
    if (spec.call_center) lookahead = std::min(lookahead, spec.reaction);
  }
  return lookahead == SimTime::Max() ? kDay : lookahead;
}

SimTime NetworkModel::end_time() const { return SimTime::Days(spec_.days); }

SimTime NetworkModel::NextDayDeadline(SimTime picked_up, std::uint32_t dest_outlet) const {
  return DayStart(picked_up) +
         kDay * (1 + spec_.next_day_days + spec_.outlets[dest_outlet].extra_days);
}

namespace {
// The day index of the day in which a deadline falls (a deadline at midnight ends the day
// before), at most the last simulated day.
std::size_t DueDay(SimTime due, std::uint32_t days) {
  return std::min<std::size_t>(DayNumber(due - SimTime::FromTicks(1)) - 1, days - 1);
}
}  // namespace

std::optional<NetworkModel::SqiMiss> NetworkModel::LatePickup(customers::SqiDefinition definition,
                                                              SimTime pickup_clock,
                                                              SimTime at) const {
  const SimTime due = definition == customers::SqiDefinition::kMinutePromises
                          ? pickup_clock + spec_.pickup_promise
                          : DayStart(pickup_clock) + kDay;  // picked up on its day
  if (at <= due || due > end_time()) return std::nullopt;
  return SqiMiss{customers::SqiComponent::kLatePickupStops, DueDay(due, spec_.days)};
}

std::optional<NetworkModel::SqiMiss> NetworkModel::LateDelivery(customers::SqiDefinition definition,
                                                                SimTime picked_up,
                                                                std::uint32_t dest_outlet,
                                                                SimTime delivery_clock,
                                                                SimTime at) const {
  const SimTime next_day = NextDayDeadline(picked_up, dest_outlet);
  // The earlier promise: the minute promise once the clock runs, or the committed time.
  SimTime due = SimTime::Max();
  if (definition == customers::SqiDefinition::kMinutePromises) {
    if (delivery_clock != SimTime::Max()) due = delivery_clock + spec_.delivery_promise;
  } else {
    due = CommittedDeadline(picked_up, dest_outlet);
  }
  const SimTime end = end_time();
  if (at >= next_day && next_day <= end) {
    // Charged when its first promise broke: the committed time or the minute promise, or
    // the end of the promised day.
    return SqiMiss{customers::SqiComponent::kWrongDayLate,
                   DueDay(std::min(due, next_day), spec_.days)};
  }
  if (at > due && due <= end)
    return SqiMiss{customers::SqiComponent::kRightDayLate, DueDay(due, spec_.days)};
  return std::nullopt;
}

template <class F>
void NetworkModel::ForEachSqiMiss(const Parcel& p, bool pickup, F&& f) const {
  for (int d = 0; d < customers::kSqiDefinitions; ++d) {
    const auto definition = static_cast<customers::SqiDefinition>(d);
    const std::optional<SqiMiss> miss =
        pickup
            ? LatePickup(definition, p.pickup_clock, p.picked_up)
            : LateDelivery(definition, p.picked_up, p.dest_outlet, p.delivery_clock, p.delivered);
    if (miss) f(definition, *miss);
  }
}

void NetworkModel::Init(LpContext& ctx) {
  if (ctx.lp() == CallCenterLp()) {
    call_center_->Init(ctx);
    return;
  }
  RegionLogic(*this, *regions_[ctx.lp()], ctx).Init();
}

void NetworkModel::Handle(LpContext& ctx, const Event& event) {
  if (ctx.lp() == CallCenterLp()) {
    call_center_->Handle(ctx, event);
    return;
  }
  RegionLogic(*this, *regions_[ctx.lp()], ctx).Handle(event);
}

void NetworkModel::Finish(LpContext& ctx) {
  if (ctx.lp() == CallCenterLp() && call_center_) {
    call_center_->Close(ctx.now());
    return;
  }
  // The last day's review, at the end of the run.
  if (ctx.lp() < regions_.size()) regions_[ctx.lp()]->ledger->Review(ctx, spec_.days);
}

}  // namespace hubsim::parcel_network

namespace hubsim::parcel_network {

std::int64_t NetworkModel::SorterOpenTicks(std::uint32_t hub) const {
  const HubSpec& h = spec_.hubs[hub];
  std::int64_t open = 0;
  for (std::uint32_t d = 0; d < spec_.days; ++d) {
    const SimTime start = SimTime::Days(d) + h.opens;
    const SimTime end = SimTime::Days(d) + h.closes;
    open += (end - start).ticks();
    // Subtract the union of the (sorted) outages within [start, end).
    SimTime covered_until = start;
    for (const auto& [a, b] : h.outages) {
      const SimTime lo = std::max(a, covered_until);
      const SimTime hi = std::min(b, end);
      if (hi > lo) {
        open -= (hi - lo).ticks();
        covered_until = hi;
      }
    }
  }
  return open;
}

namespace {

void ToProto(const call_center::CallStats& s, io::CallKpi& out) {
  out.set_arrived(s.arrived);
  out.set_deflected(s.deflected);
  out.set_offered(s.offered);
  out.set_answered(s.answered);
  out.set_answered_within_target(s.answered_in_target);
  out.set_abandoned(s.abandoned);
  out.set_redials(s.redials);
  const auto offered = static_cast<double>(s.offered);
  out.set_service_level(s.offered ? static_cast<double>(s.answered_in_target) / offered : 0);
  out.set_asa_seconds(s.answered ? static_cast<double>(s.answered_wait_ticks) /
                                       static_cast<double>(s.answered) / SimTime::kTicksPerSecond
                                 : 0);
  out.set_abandonment_rate(s.offered ? static_cast<double>(s.abandoned) / offered : 0);
  out.set_longest_wait_seconds(s.longest_wait.seconds());
  out.set_occupancy(s.staffed_ticks ? static_cast<double>(s.busy_ticks) / static_cast<double>(s.staffed_ticks) : 0);
  out.set_max_waiting(s.max_waiting);
}

void AddGroup(const std::string& name, const call_center::CallStats& s, double span_ticks,
              google::protobuf::RepeatedPtrField<io::CallGroup>& out) {
  io::CallGroup& group = *out.Add();
  group.set_name(name);
  ToProto(s, *group.mutable_kpi());
  if (span_ticks > 0) {
    group.mutable_kpi()->set_mean_waiting(static_cast<double>(s.waiting_ticks) / span_ticks);
    group.mutable_kpi()->set_mean_agents(static_cast<double>(s.staffed_ticks) / span_ticks);
  }
}

}  // namespace

namespace {
void CourierDayToProto(const CourierStats& s, io::CourierDay& out) {
  const auto days = static_cast<double>(s.courier_days);
  const std::uint64_t stops = s.delivery_stops + s.pickup_stops;
  const std::int64_t busy = s.travel_ticks + s.delivery_ticks + s.pickup_ticks;
  out.set_courier_days(s.courier_days);
  out.set_delivery_stops(s.delivery_stops);
  out.set_pickup_stops(s.pickup_stops);
  out.set_parcels_delivered(s.parcels_tried);
  out.set_parcels_collected(s.collected);
  out.set_km(s.km);
  if (days > 0) {
    out.set_stops_per_day(static_cast<double>(stops) / days);
    out.set_parcels_per_day(static_cast<double>(s.parcels_tried + s.collected) / days);
    out.set_km_per_day(s.km / days);
  }
  if (stops > 0) {
    out.set_km_per_stop(s.km / static_cast<double>(stops));
    out.set_minutes_per_stop(static_cast<double>(busy) / static_cast<double>(stops) /
                             SimTime::Minutes(1).ticks());
  }
  if (s.duty_ticks > 0)
    out.set_utilization(static_cast<double>(busy) / static_cast<double>(s.duty_ticks));
  if (busy > 0) {
    out.set_share_travel(static_cast<double>(s.travel_ticks) / static_cast<double>(busy));
    out.set_share_delivery(static_cast<double>(s.delivery_ticks) / static_cast<double>(busy));
    out.set_share_pickup(static_cast<double>(s.pickup_ticks) / static_cast<double>(busy));
  }
}
}  // namespace

void NetworkModel::CollectCallCenter(io::Results& results) const {
  const call_center::CallCenter& cc = *call_center_;
  const call_center::CallCenterSpec& spec = *spec_.call_center;
  io::CallCenterResult& out = *results.mutable_call_center();
  out.set_target_seconds(spec.target.seconds());
  // The totals and the intervals cover the days after the warm-up (CallCenterSpec::counted_from).
  const auto run_ticks = static_cast<double>((end_time() - spec_.counted_from()).ticks());
  ToProto(cc.total(), *out.mutable_total());
  out.mutable_total()->set_mean_waiting(static_cast<double>(cc.total().waiting_ticks) / run_ticks);
  out.mutable_total()->set_mean_agents(static_cast<double>(cc.total().staffed_ticks) / run_ticks);
  const double interval_span = static_cast<double>(spec.interval.ticks()) * (spec_.days - spec_.warmup_days);
  for (std::size_t i = 0; i < cc.by_interval().size(); ++i) {
    const SimTime::Rep minutes = static_cast<SimTime::Rep>(i) * spec.interval.ticks() / SimTime::Minutes(1).ticks();
    char name[8];
    std::snprintf(name, sizeof name, "%02d:%02d", static_cast<int>(minutes / 60), static_cast<int>(minutes % 60));
    AddGroup(name, cc.by_interval()[i], interval_span, *out.mutable_interval());
    AddGroup(name, cc.failures_by_interval()[i], 0, *out.mutable_failure_interval());
  }
  for (std::size_t d = 0; d < cc.by_day().size(); ++d) {
    AddGroup(std::to_string(d + 1), cc.by_day()[d], static_cast<double>(kDay.ticks()), *out.mutable_day());
  }
  for (std::size_t t = 0; t < cc.by_type().size(); ++t) {
    AddGroup(spec.types[t].name, cc.by_type()[t], 0, *out.mutable_call_type());
  }
  call_center::CallStats failures;
  for (int c = 0; c < call_center::kCauses; ++c) {
    const auto cause = static_cast<call_center::Cause>(c);
    AddGroup(call_center::CauseName(cause), cc.by_cause()[c], 0, *out.mutable_cause());
    if (cause == call_center::Cause::kLatePickup || cause == call_center::Cause::kLateDelivery ||
        cause == call_center::Cause::kFailedDelivery) {
      failures.Merge(cc.by_cause()[c]);
    }
  }
  ToProto(failures, *out.mutable_failure_calls());
  AddGroup("key_account", cc.by_priority()[1], 0, *out.mutable_priority());
  AddGroup("other", cc.by_priority()[0], 0, *out.mutable_priority());
}

void NetworkModel::CollectCustomers(io::Results& results,
                                    const SqiByDefinition& open_misses) const {
  std::vector<const CustomerLedger*> ledgers;
  for (const auto& region : regions_) ledgers.push_back(region->ledger.get());
  SqiByDefinition extra = open_misses;
  if (call_center_) {
    for (std::size_t d = 0; d < spec_.days && d < call_center_->by_day().size(); ++d) {
      for (SqiDays& counts : extra) {
        counts[d][static_cast<int>(customers::SqiComponent::kTraces)] +=
            call_center_->traces_by_day()[d];
        counts[d][static_cast<int>(customers::SqiComponent::kAbandonedCalls)] +=
            call_center_->by_day()[d].abandoned;
      }
    }
  }
  WriteCustomerResults(spec_, ledgers, extra, *results.mutable_customers());
}

io::Results NetworkModel::Collect(const RunResult& run) const {
  const SimTime end = end_time();
  const std::size_t n_outlets = spec_.outlets.size();
  std::vector<KpiAccumulator> outlet_kpi(n_outlets);
  std::vector<KpiAccumulator> by_day(spec_.days);
  std::vector<KpiAccumulator> by_hour(24);
  std::vector<std::uint64_t> orders_by_day(spec_.days, 0), delivered_by_day(spec_.days, 0);
  auto day_index = [&](SimTime t) {
    return std::min<std::size_t>(DayNumber(t) - 1, spec_.days - 1);
  };

  io::Results results;
  io::Conservation& balance = *results.mutable_conservation();
  std::uint64_t created = 0, delivered = 0, in_flight = 0, lost = 0, records = 0;
  // SQI failures still open at the end (LatePickup, LateDelivery).
  SqiByDefinition open_misses;
  open_misses.fill(SqiDays(spec_.days, customers::SqiCounts{}));
  auto count_open = [&](const Parcel& p) {
    ForEachSqiMiss(
        p, p.picked_up == SimTime::Max(),
        [&](customers::SqiDefinition definition, const SqiMiss& miss) {
          ++open_misses[static_cast<int>(definition)][miss.day][static_cast<int>(miss.component)];
        });
  };
  // As RegionLogic::Counted: promises of warm-up days go into their day's figures only.
  auto counted = [&](SimTime day_of) { return day_of >= spec_.counted_from(); };
  std::vector<Region::Outlet const*> outlet_state(n_outlets, nullptr);
  for (const auto& region : regions_) {
    const Region& r = *region;
    for (const Region::Outlet& out : r.outlets) {
      outlet_kpi[out.global].Merge(out.kpi);
      outlet_state[out.global] = &out;
      delivered += out.delivered;
    }
    for (std::size_t d = 0; d < spec_.days; ++d) {
      by_day[d].Merge(r.by_day[d]);
      orders_by_day[d] += r.orders_by_day[d];
      delivered_by_day[d] += r.delivered_by_day[d];
    }
    for (std::size_t h = 0; h < 24; ++h) by_hour[h].Merge(r.by_hour[h]);
    // Every parcel is either in its holder's store (lost ones stay there) or on a linehaul.
    for (const Parcel& p : r.parcels) {
      if (p.live && !p.lost) ++in_flight;
    }
    in_flight += r.transit_sent;
    in_flight -= r.transit_received;
    created += r.created;
    records += r.parcels.size();
    lost += r.lost;

    // Promises still open at the end whose deadline has passed count as misses: of the
    // parcels held, and of those on a linehaul at the end.
    std::vector<Parcel> road;
    for (const Region::OnTheRoad& entry : r.on_the_road) {
      if (entry.arrival < end) continue;
      Parcel& p = road.emplace_back();
      p.live = true;
      p.picked_up = entry.picked_up;
      p.dest_outlet = entry.dest_outlet;
    }
    std::vector<const Parcel*> open;
    for (const Parcel& p : r.parcels) {
      if (p.live) open.push_back(&p);
    }
    for (const Parcel& p : road) open.push_back(&p);
    for (const Parcel* parcel : open) {
      const Parcel& p = *parcel;
      if (!p.lost && p.delivered == SimTime::Max()) count_open(p);
      if (p.picked_up == SimTime::Max()) {
        if (p.pickup_clock + spec_.pickup_promise <= end) {
          by_day[day_index(p.ordered)].pickup.MissedOpen();
          if (counted(p.ordered)) {
            outlet_kpi[p.origin_outlet].pickup.MissedOpen();
            by_hour[HourOf(p.ordered)].pickup.MissedOpen();
          }
        }
        continue;
      }
      if (p.delivered != SimTime::Max()) continue;
      if (p.delivery_clock != SimTime::Max() && p.first_attempt == SimTime::Max() &&
          p.delivery_clock + spec_.delivery_promise <= end) {
        by_day[day_index(p.outlet_arrival)].delivery.MissedOpen();
        if (counted(p.outlet_arrival)) {
          outlet_kpi[p.dest_outlet].delivery.MissedOpen();
          by_hour[HourOf(p.outlet_arrival)].delivery.MissedOpen();
        }
      }
      if (NextDayDeadline(p.picked_up, p.dest_outlet) <= end) {
        by_day[day_index(p.picked_up)].next_day.MissedOpen();
        if (counted(p.picked_up)) {
          outlet_kpi[p.dest_outlet].next_day.MissedOpen();
          by_hour[HourOf(p.picked_up)].next_day.MissedOpen();
        }
      }
    }
  }
  balance.set_created(created);
  balance.set_delivered(delivered);
  balance.set_in_flight(in_flight);
  balance.set_lost(lost);
  balance.set_parcel_records(records);
  balance.set_holds(created == delivered + in_flight + lost);
  if (call_center_) CollectCallCenter(results);
  if (!spec_.outlets.empty()) CollectCustomers(results, open_misses);

  results.set_scenario(spec_.name);
  results.set_days(spec_.days);
  results.set_events(run.committed_events);
  results.set_fingerprint(run.fingerprint);
  KpiAccumulator total;
  for (const KpiAccumulator& k : outlet_kpi) total.Merge(k);
  total.ToProto(*results.mutable_kpi());
  for (std::uint32_t d = 0; d < spec_.days; ++d) {
    io::DayKpi& day = *results.add_day();
    day.set_day(d + 1);
    by_day[d].ToProto(*day.mutable_kpi());
    day.set_orders(orders_by_day[d]);
    day.set_delivered(delivered_by_day[d]);
  }
  for (std::uint32_t h = 0; h < 24; ++h) {
    io::HourKpi& hour = *results.add_hour();
    hour.set_hour(h);
    by_hour[h].ToProto(*hour.mutable_kpi());
  }
  for (std::uint32_t h = 0; h < spec_.hubs.size(); ++h) {
    const Region& r = *regions_[h];
    io::HubResult& hub = *results.add_hub();
    hub.set_id(spec_.hubs[h].id);
    hub.set_name(spec_.hubs[h].name);
    hub.set_lat(spec_.hubs[h].lat);
    hub.set_lon(spec_.hubs[h].lon);
    KpiAccumulator kpi;
    for (std::uint32_t global : spec_.hubs[h].outlets) kpi.Merge(outlet_kpi[global]);
    kpi.ToProto(*hub.mutable_kpi());
    hub.set_sorted(r.sorted);
    const std::int64_t open = SorterOpenTicks(h);
    hub.set_sorter_utilization(open > 0 ? static_cast<double>(r.sorter_busy_ticks) / static_cast<double>(open) : 0);
    hub.set_max_backlog(r.max_backlog);
    hub.set_backlog_at_end(r.sort_queue.size());
  }
  CourierStats total_couriers;
  for (std::uint32_t o = 0; o < n_outlets; ++o) {
    const OutletSpec& spec = spec_.outlets[o];
    const Region::Outlet& state = *outlet_state[o];
    io::OutletResult& out = *results.add_outlet();
    out.set_id(spec.id);
    out.set_hub(spec_.hubs[spec.hub].id);
    out.set_name(spec.name);
    out.set_lat(spec.lat);
    out.set_lon(spec.lon);
    outlet_kpi[o].ToProto(*out.mutable_kpi());
    out.set_orders(state.orders_placed);
    out.set_delivered(state.delivered);
    out.set_failed_attempts(state.failed_attempts);
    const CourierStats& cs = state.stats;
    const std::int64_t busy = cs.travel_ticks + cs.delivery_ticks + cs.pickup_ticks;
    out.set_courier_utilization(
        cs.duty_ticks > 0 ? static_cast<double>(busy) / static_cast<double>(cs.duty_ticks) : 0);
    CourierDayToProto(cs, *out.mutable_courier_day());
    // Little's law: the time-average of parcels awaiting their first attempt (the integral
    // closed at the end), their arrival rate and mean wait, over the counted days.
    const SimTime from = std::max(state.awaiting_since, spec_.counted_from());
    const double area =
        state.awaiting_area + (end > from ? static_cast<double>(state.awaiting) *
                                                static_cast<double>((end - from).ticks())
                                          : 0.0);
    const double counted_ticks = static_cast<double>((end - spec_.counted_from()).ticks());
    io::OutletQueue& queue = *out.mutable_awaiting_delivery();
    queue.set_mean_parcels(counted_ticks > 0 ? area / counted_ticks : 0);
    queue.set_arrivals(state.arrivals);
    queue.set_arrivals_per_hour(counted_ticks > 0 ? static_cast<double>(state.arrivals) /
                                                        (counted_ticks / SimTime::Hours(1).ticks())
                                                  : 0);
    queue.set_mean_wait_minutes(state.waits ? state.wait_ticks / static_cast<double>(state.waits) /
                                                  static_cast<double>(SimTime::Minutes(1).ticks())
                                            : 0);
    total_couriers.Merge(cs);
  }
  if (n_outlets > 0) CourierDayToProto(total_couriers, *results.mutable_courier_day());
  const auto& linehauls = spec_.graph.linehauls();
  for (std::uint32_t l = 0; l < linehauls.size(); ++l) {
    const Region& from = *regions_[linehauls[l].from];
    const Region::LinehaulStats& s = from.linehaul_stats[from.Own(l)];
    io::LinehaulResult& out = *results.add_linehaul();
    out.set_from(spec_.hubs[linehauls[l].from].id);
    out.set_to(spec_.hubs[linehauls[l].to].id);
    out.set_departures(s.departures);
    out.set_cancelled(s.cancelled);
    out.set_parcels(s.parcels);
    out.set_mean_load_factor(s.departures ? s.load_factor_sum / static_cast<double>(s.departures) : 0);
    out.set_full_departures(s.full);
    out.set_rolled_parcels(s.rolled);
  }
  return results;
}

io::Results RunNetwork(const NetworkSpec& spec, const RunOptions& options, tracking::ScanLogWriter* tracking) {
  NetworkModel model(spec, tracking);
  RunOptions run_options = options;
  run_options.end_time = model.end_time();
  const RunResult run = Simulation(model, run_options).Run();
  io::Results results = model.Collect(run);
  results.set_seed(options.seed);
  return results;
}

}  // namespace hubsim::parcel_network

namespace hubsim::parcel_network {

io::TrackingHeader TrackingHeaderFor(const NetworkSpec& spec, std::uint64_t seed, double sample) {
  io::TrackingHeader header;
  header.set_scenario(spec.name);
  header.set_seed(seed);
  header.set_days(spec.days);
  header.set_sample(sample);
  for (const HubSpec& h : spec.hubs) {
    io::TrackingHeader::Hub& out = *header.add_hub();
    out.set_id(h.id);
    out.set_name(h.name);
    out.set_lat(h.lat);
    out.set_lon(h.lon);
  }
  const auto minutes = [](SimTime t) { return static_cast<std::uint32_t>(t.ticks() / SimTime::Minutes(1).ticks()); };
  for (const OutletSpec& o : spec.outlets) {
    io::TrackingHeader::Outlet& out = *header.add_outlet();
    out.set_id(o.id);
    out.set_name(o.name);
    out.set_hub(o.hub);
    out.set_lat(o.lat);
    out.set_lon(o.lon);
    out.set_shift_start_minutes(minutes(o.shift_start));
    out.set_shift_end_minutes(minutes(o.shift_end));
    out.set_extra_days(o.extra_days);
  }
  for (const network::LinehaulSpec& l : spec.graph.linehauls()) {
    io::TrackingHeader::Linehaul& out = *header.add_linehaul();
    out.set_from(l.from);
    out.set_to(l.to);
    out.set_transit_minutes(l.transit.seconds() / 60.0);
  }
  header.set_pickup_promise_minutes(spec.pickup_promise.seconds() / 60.0);
  header.set_delivery_promise_minutes(spec.delivery_promise.seconds() / 60.0);
  header.set_next_day_days(spec.next_day_days);
  header.set_outlet_sort_minutes(spec.outlet_sort.seconds() / 60.0);
  return header;
}

}  // namespace hubsim::parcel_network

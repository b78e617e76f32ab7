// The parcel network as an engine model: one LP per region (a hub with its outlets and
// their couriers), and one more for the call center when the scenario has one. Linehauls
// are the only messages between regions, and calls caused by failures (a late pickup, a
// late or failed delivery) the only messages into the call center, so the lookahead is
// the shorter of the shortest linehaul transit and the callers' least reaction delay.
//
// A parcel's life: a customer's pickup order at an outlet -> the courier of the account's
// territory collects it at the account's address (pickup promise) -> back at the outlet ->
// outlet-to-hub shuttle -> sorted at the hub -> linehauls and sorts at further hubs along
// the earliest-arrival route -> hub-to-outlet shuttle -> scanned in at the destination
// outlet, received and sorted there (outlet_sort) -> ready for dispatch (the delivery
// clock starts) -> delivery runs until an attempt at its address succeeds (the first
// attempt decides the delivery promise, the successful one next-day).
//
// The courier's day, rule by rule (each a parameter of CourierModel in scenario.proto):
// - Addresses. Every zone has delivery points (expected deliveries a day / parcels_per_stop
//   of them, at least one per account, uniform or clustered), drawn once from the scenario
//   alone (not the seed: geography is not random between replications); every account
//   ships from one of them. A parcel is addressed to one point, drawn with its order, and
//   keeps it across attempts.
// - Territories. The zone is swept by angle into as many sectors as the most couriers on
//   duty at once, each with an equal share of the delivery points (couriers::Territories);
//   the couriers on duty own contiguous blocks of sectors, re-split when a shift group
//   starts or ends. Pickups and deliveries go to the owner of their address's sector.
// - Runs. A courier at the outlet with work in its territory leaves at once: with the ready
//   parcels, earliest deadline first (under SAVABLE_FIRST those still savable before those
//   already late), up to run_capacity and to what it can deliver in half the delivery
//   promise by the continuous approximation (so that a parcel ready just after it left
//   still makes its promise on the next run); the parcels for one point are one stop. The
//   run is planned by nearest neighbour + 2-opt and Or-opt on the coordinates
//   (couriers::PlanRoute), back to the outlet, and its open pickups are placed as new ones
//   are (Dispatch). Work placed at the same tick (a shuttle's parcels all become ready at
//   once) is handed out together, after the tick's other events. With nothing in its own
//   territory and help_neighbours, a courier takes the oldest half of the waiting parcels
//   of its busier neighbouring territory, if that one's courier is out. At the end of a
//   route it goes on to the pickups that came up in its territory meanwhile (unless savable
//   parcels wait for it at the outlet), else it waits there on standby.
// - Standby. Between routes a courier waits where its last stop left it, and goes back to
//   the outlet when savable parcels are ready for its territory, when its collected parcels
//   are due (hand_in after the first was collected) or when its shift ends; a new pickup in
//   its territory sets it off from there.
// - Stops. Travel is the straight-line distance x circuity at speed_kmh, times a lognormal
//   factor of mean 1 and coefficient of variation travel_time_cv. A delivery stop takes
//   delivery_service plus minutes_per_parcel per parcel, a pickup stop pickup_service plus
//   minutes_per_parcel per order collected. A stop's scans are at the courier's arrival (so
//   the pickup promise is kept when the courier arrives); its service time follows.
// - Pickups on the way. An account's open orders are one stop: a new order of an account
//   with an open one joins it. Otherwise the order goes to the territory's courier: at once
//   if that courier is idle at the outlet or on standby; into its route if it is out
//   (Dispatch below); if it is on its way back, or nobody is on duty, it waits for the
//   courier at the outlet.
// - Dispatch (dispatch_policy), where a pickup goes in a route; it never displaces the stop
//   the courier is heading to. Times are estimated at the nominal speed. A courier with
//   collected parcels (or pickups on its route) must be back before the day's last shuttle
//   to the hub, so that they leave today: a pickup that would make it later waits for its
//   next run from the outlet. SAVABLE_FIRST: the cheapest place (least added distance) at
//   which the pickup is reached within its promise and no stop that can still keep its
//   promise is pushed past it, nor the courier's return past the deadline of the savable
//   parcels waiting for it at the outlet (stops and parcels already late are not savable
//   and hold nothing back); if there is none, the cheapest place after every pickup ordered
//   before it (late pickups in the order they came), unless that makes the courier late
//   back. EARLIEST_DEADLINE_FIRST: the cheapest place after every stop whose promise ends
//   earlier, so a late delivery wave keeps its place ahead of every new order (the rule
//   that starves pickups; kept to compare with). Key accounts (key_accounts_first): the
//   next place after the key accounts' stops already ahead (key accounts first, among them
//   first come first served), whatever the policy.
// - Waves. A hub-to-outlet shuttle takes at most wave_parcels_per_courier parcels for each
//   courier on duty through the delivery promise from when they will be ready (oldest
//   first; 0: no limit); the day's last takes all that is left.
// - Shifts. Each outlet has one or more shift groups sharing its couriers; a courier whose
//   shift ends finishes its route and takes nothing new. The promise clocks start at the
//   order (pickup) or at readiness (delivery) if a courier of the outlet is on duty then,
//   else at the next start of a shift.
// - Failed deliveries (failed_delivery_probability per parcel): the parcel comes back with
//   the courier and is ready again on its return (NEXT_RUN), with the next shuttle wave's
//   parcels (NEXT_WAVE), or at the next midnight, for the first shift (NEXT_DAY).
//
// Hubs sort first come, first served at sort_rate_per_hour while open and not in an
// outage; a sort starts only if it can finish before the hub closes. A linehaul departure
// takes the oldest parcels routed to it, up to its capacity; the rest roll to the next
// departure. Disrupted departures leave late or not at all. A hub in an outage neither
// sorts nor dispatches: its shuttles to the outlets and its linehaul departures due then
// do not leave (departures counted as cancelled) and their parcels wait for the next
// ones; the outlets' shuttles still bring parcels in, to wait for the sorter.
//
// Calls caused by failures come from what customers can see (CallCenter in
// engine/io/scenario.proto): the shipper about a pickup not made within its promise, the
// recipient when the delivery window tracking shows has passed (the committed time of the
// promised day; "today by" the delivery promise once ready at the outlet; the planned
// arrival +- eta_window/2 once out for delivery), a delay after the window's end, unless
// the courier or the parcel comes meanwhile; once per parcel and side. A timer per parcel
// watches the window from its pickup order and from its readiness at the outlet on; on
// its way between them its scans (hub and outlet arrivals) notice a window that passed,
// the call still timed from the window's end. The call carries the shipment's key, so the
// call center counts traces once per shipment.
//
// The SQI (SqiWeights in scenario.proto): both definitions are counted, every failure on
// the day the first promise it broke fell due (LatePickup, LateDelivery below), also for
// parcels still open at the end.
//
// Customers (customer_ledger.h): every pickup, delivery, failed attempt and loss is an
// experience sent to the region of the shipper's outlet, which keeps the account's
// satisfaction, makes complaints (calls into the call center) and decides churn at each
// day's end; the call center sends the outcome of every call from an account back there.
// Churned accounts' orders are dropped. Couriers may take key accounts' orders first.
// Hubs lose or damage parcels at their sort with the scenario's probabilities.
//
// Linehauls: routes plan at least Scenario.min_connection_minutes at an intermediate hub;
// each departure is late with the linehaul's delay_probability, by an exponential time.
//
// Thread safety: LPs touch only their own region (include/hubsim/model.h). A parcel's
// record lives in the store of the region holding it and travels with the parcel as the
// linehaul message's attachment (LpContext::SendWith); the sender frees its slot, the
// receiver stores the copy. The end of the run reads every region's state single-threaded.
#ifndef HUBSIM_ENGINE_MODELS_PARCEL_NETWORK_NETWORK_MODEL_H_
#define HUBSIM_ENGINE_MODELS_PARCEL_NETWORK_NETWORK_MODEL_H_

#include <memory>
#include <optional>
#include <vector>

#include "engine/io/results.pb.h"
#include "engine/models/call_center/call_center.h"
#include "engine/models/customers/customers.h"
#include "engine/models/parcel_network/customer_ledger.h"
#include "engine/models/parcel_network/network_spec.h"
#include "engine/tracking/scan_log.h"
#include "hubsim/model.h"
#include "hubsim/simulation.h"

namespace hubsim::parcel_network {

class NetworkModel final : public Model {
 public:
  // `spec` must outlive the model. Simulates spec.days days. With `tracking` (which must
  // outlive the model), every LP writes the scans of the sampled parcels it handles into
  // its own tracking->lp(lp); tracking draws no random numbers and schedules no events, so
  // it never changes the results.
  explicit NetworkModel(const NetworkSpec& spec, tracking::ScanLogWriter* tracking = nullptr);
  ~NetworkModel() override;

  LpId lp_count() const override;
  SimTime lookahead() const override;
  void Init(LpContext& ctx) override;
  void Handle(LpContext& ctx, const Event& event) override;
  void Finish(LpContext& ctx) override;

  // The end of the simulated days.
  SimTime end_time() const;
  // After Simulation::Run: the KPIs, loads and parcel balance. Single-threaded.
  io::Results Collect(const RunResult& run) const;

 private:
  struct Region;
  struct Parcel;
  class RegionLogic;

  LpId CallCenterLp() const;
  static SimTime ComputeLookahead(const NetworkSpec& spec);
  void CollectCallCenter(io::Results& results) const;
  void CollectCustomers(io::Results& results, const SqiByDefinition& open_misses) const;
  // End of the next-day promise for a parcel picked up at `picked_up`.
  SimTime NextDayDeadline(SimTime picked_up, std::uint32_t dest_outlet) const;
  // The committed time of day on the promise's last day (Promises.committed_time_minutes).
  SimTime CommittedDeadline(SimTime picked_up, std::uint32_t dest_outlet) const {
    return NextDayDeadline(picked_up, dest_outlet) - SimTime::Days(1) + spec_.committed_time;
  }
  // The SQI's late pickups and deliveries under `definition` (SqiWeights in
  // engine/io/scenario.proto), one rule for parcels that came late and for those still
  // open at the end: `at` is when the pickup or the delivery was made, SimTime::Max() if
  // not by the end of the run. A failure is charged to the day (index day - 1) on which
  // the first promise it broke fell due, and counted only if that was before the end.
  struct SqiMiss {
    customers::SqiComponent component;
    std::size_t day;
  };
  std::optional<SqiMiss> LatePickup(customers::SqiDefinition definition, SimTime pickup_clock,
                                    SimTime at) const;
  std::optional<SqiMiss> LateDelivery(customers::SqiDefinition definition, SimTime picked_up,
                                      std::uint32_t dest_outlet, SimTime delivery_clock,
                                      SimTime at) const;
  // Calls f(definition, miss) for each definition under which parcel p's pickup (`pickup`)
  // or delivery is late, as the parcel stands (a time still Max: not made by the end).
  template <class F>
  void ForEachSqiMiss(const Parcel& p, bool pickup, F&& f) const;
  // Ticks the hub's sorter was open (opening hours less outages) during the run.
  std::int64_t SorterOpenTicks(std::uint32_t hub) const;

  const NetworkSpec& spec_;
  tracking::ScanLogWriter* tracking_;  // null: no tracking log
  SimTime lookahead_;  // fixed by the spec; read on every parcel release
  std::vector<std::unique_ptr<Region>> regions_;
  // Every account's record, each written only by the region of its outlet.
  std::unique_ptr<customers::AccountState[]> accounts_;
  // The call center, if any, is the LP after the regions. Its spec is the scenario's with
  // the link to the accounts added.
  std::optional<call_center::CallCenterSpec> call_center_spec_;
  std::unique_ptr<call_center::CallCenter> call_center_;
};

// Runs `spec` for spec.days days (options.end_time is ignored) and collects the results.
// With `tracking`, the scans go to it (the caller then calls tracking->Finish()).
io::Results RunNetwork(const NetworkSpec& spec, const RunOptions& options,
                       tracking::ScanLogWriter* tracking = nullptr);

// The tracking log's header for a run of `spec`: the names and places the scans refer to,
// the promises, and the sample rate.
io::TrackingHeader TrackingHeaderFor(const NetworkSpec& spec, std::uint64_t seed, double sample);

}  // namespace hubsim::parcel_network

#endif  // HUBSIM_ENGINE_MODELS_PARCEL_NETWORK_NETWORK_MODEL_H_

// The parcel network as an engine model: one LP per region (a hub with its outlets and
// their couriers), and one more for the call center when the scenario has one. Linehauls
// are the only messages between regions, and calls caused by failures (a late pickup, a
// late or failed delivery) the only messages into the call center, so the lookahead is
// the shorter of the shortest linehaul transit and the callers' least reaction delay.
//
// A parcel's life: a customer's pickup order at an outlet -> a courier collects it
// (pickup promise) -> back at the outlet -> outlet-to-hub shuttle -> sorted at the hub ->
// linehauls and sorts at further hubs along the earliest-arrival route -> hub-to-outlet
// shuttle -> scanned in at the destination outlet (delivery clock starts) -> delivery
// runs until a delivery attempt succeeds (delivery promise; next-day promise).
//
// Dispatch policy (per outlet, during the shift): earliest promise deadline first. Orders
// and deliveries each wait first come, first served; a courier idle at the outlet takes
// the oldest waiting order if its pickup deadline comes no later than the oldest waiting
// parcel's delivery deadline, else a delivery run of up to run_capacity parcels (oldest
// first), visited in order, failed ones (nobody home) brought back for a later run. A
// courier who has just collected a parcel goes straight on to the oldest waiting order
// under the same rule, otherwise returns to the outlet and hands in what it carries. Orders placed and parcels arriving outside the
// shift wait for the next one. Travel: straight-line distance in the zone / speed, times
// a lognormal factor of mean 1 and the scenario's coefficient of variation; customers
// and recipients are uniform over the zone's disc.
//
// Hubs sort first come, first served at sort_rate_per_hour while open and not in an
// outage; a sort starts only if it can finish before the hub closes. A linehaul departure
// takes the oldest parcels routed to it, up to its capacity; the rest roll to the next
// departure. Disrupted departures leave late or not at all. A hub in an outage neither
// sorts nor dispatches: its shuttles to the outlets and its linehaul departures due then
// do not leave (departures counted as cancelled) and their parcels wait for the next
// ones; the outlets' shuttles still bring parcels in, to wait for the sorter.
//
// Customers (customer_ledger.h): every pickup, delivery, failed attempt and loss is an
// experience sent to the region of the shipper's outlet, which keeps the account's
// satisfaction, makes complaints (calls into the call center) and decides churn at each
// day's end; the call center sends the outcome of every call from an account back there.
// Churned accounts' orders are dropped. Couriers may take key accounts' orders first.
// Hubs lose or damage parcels at their sort with the scenario's probabilities.
//
// Thread safety: LPs touch only their own region. A parcel record lives in the store of
// the region that created it. The origin region writes the order and pickup fields, the
// destination region the delivery fields, and each hub on the way the sort fields (sorts,
// lost, damaged, the linehaul it leaves on) while it holds the parcel. A region reads a
// parcel it holds, or (the pickup deadline check) a field only it writes; the engine's
// window hand-over orders a parcel's writes before the next region reads them.
#ifndef HUBSIM_ENGINE_MODELS_PARCEL_NETWORK_NETWORK_MODEL_H_
#define HUBSIM_ENGINE_MODELS_PARCEL_NETWORK_NETWORK_MODEL_H_

#include <memory>
#include <vector>

#include "engine/io/results.pb.h"
#include "engine/models/call_center/call_center.h"
#include "engine/models/customers/customers.h"
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
  void CollectCustomers(io::Results& results, const std::vector<customers::SqiCounts>& open_misses) const;
  // End of the next-day promise for a parcel picked up at `picked_up`.
  SimTime NextDayDeadline(SimTime picked_up, std::uint32_t dest_outlet) const;
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

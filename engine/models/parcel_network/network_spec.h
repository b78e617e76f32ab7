// A validated scenario compiled into the form the simulation uses: dense indices instead
// of ids, SimTime instead of minutes and "HH:MM", cumulative tables for every random
// choice. Built once before a run and shared read-only by all LPs.
#ifndef HUBSIM_ENGINE_MODELS_PARCEL_NETWORK_NETWORK_SPEC_H_
#define HUBSIM_ENGINE_MODELS_PARCEL_NETWORK_NETWORK_SPEC_H_

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "engine/io/scenario.pb.h"
#include "engine/models/call_center/call_center.h"
#include "engine/models/couriers/delivery_points.h"
#include "engine/models/couriers/geometry.h"
#include "engine/models/couriers/territories.h"
#include "engine/models/customers/customers.h"
#include "engine/models/customers/sqi.h"
#include "engine/models/network/hub_graph.h"
#include "hubsim/sim_time.h"

namespace hubsim::parcel_network {

struct HubSpec {
  std::string id;
  std::string name;
  double lat = 0, lon = 0;
  SimTime sort_time_per_parcel;  // 1 / sort rate
  SimTime opens;                 // time of day
  SimTime closes;                // time of day, > opens
  std::vector<std::pair<SimTime, SimTime>> outages;  // absolute [start, end), sorted
  double loss_probability = 0;    // per parcel sorted
  double damage_probability = 0;  // per parcel sorted
  std::vector<std::uint32_t> outlets;                // indices of its outlets
};

// Couriers of an outlet who start and end together (Outlet.shift, or the outlet's one shift).
struct ShiftGroupSpec {
  SimTime start;  // time of day
  SimTime end;    // time of day, > start
  std::uint32_t couriers = 0;
};

struct OutletSpec {
  std::string id;
  std::string name;
  double lat = 0, lon = 0;
  std::uint32_t hub = 0;
  std::uint32_t couriers = 0;  // over all shift groups
  std::vector<ShiftGroupSpec> shifts;
  // When at least one courier is on duty: the union of the groups' shifts (one interval).
  // The promise clocks start here (ClockStart).
  SimTime shift_start;  // time of day
  SimTime shift_end;    // time of day, > shift_start
  // Most couriers on duty at once: the number of territories (sectors) of the zone.
  std::uint32_t max_on_duty = 0;
  // The delivery points of the zone, km from the outlet, and the territories: sectors by
  // angle holding equal numbers of points (couriers::Territories).
  std::vector<couriers::Point> points;
  std::vector<std::uint32_t> point_sector;
  std::optional<couriers::Territories> territories;
  double expected_deliveries = 0;  // parcels a day addressed here, on a day of multiplier 1
  double orders_per_day = 0;
  double zone_radius_km = 0;
  std::uint32_t extra_days = 0;
  std::vector<double> account_cumulative;      // accounts' order shares, cumulative, last = 1
  std::vector<double> destination_cumulative;  // destination outlets, cumulative, last = 1
};

// The customer model's parameters and the compiled accounts (scenario.proto, Customers).
struct CustomerSpec {
  customers::Accounts accounts;
  double lifetime_years = 10;
  SimTime feedback = SimTime::Hours(1);
  customers::SatisfactionModel satisfaction;
  customers::ComplaintModel complaints;
  customers::ChurnModel churn;
  customers::SqiWeights sqi_weights = customers::DefaultSqiWeights();
  // The call type of complaints, if the call center has one.
  std::optional<std::uint32_t> complaint_call_type;
  bool key_accounts_first = false;   // couriers take key accounts' orders first
  double missed_pod_probability = 0;
  customers::SqiDefinition sqi_definition = customers::SqiDefinition::kMinutePromises;

  bool Key(std::uint32_t account) const { return accounts.key[account] != 0; }
};

enum class DispatchPolicy { kSavableFirst, kEarliestDeadlineFirst };
enum class RetryPolicy { kNextRun, kNextWave, kNextDay };

// Per departure, a linehaul is late with `probability`, by an exponential time of `mean`.
struct LinehaulDelay {
  double probability = 0;
  SimTime mean;
};

struct Disruption {
  SimTime delay;
  bool cancelled = false;
};

struct NetworkSpec {
  std::string name;
  std::uint32_t days = 1;
  // Days 1..warmup_days are simulated but not counted (Scenario.warmup_days): figures over
  // the run leave out what starts before counted_from(); figures per day keep every day.
  std::uint32_t warmup_days = 0;
  SimTime pickup_promise;
  SimTime delivery_promise;
  std::uint32_t next_day_days = 1;
  SimTime committed_time = SimTime::Days(1);  // of day, on the promised day
  SimTime eta_window = SimTime::Hours(1);     // the delivery window shown once out

  std::vector<HubSpec> hubs;
  std::vector<OutletSpec> outlets;
  network::HubGraph graph{0, {}, SimTime::Zero()};
  // (linehaul, day from 1, departure time of day) -> disruption.
  std::map<std::tuple<std::uint32_t, std::uint32_t, SimTime::Rep>, Disruption> disruptions;

  std::array<double, 24> hourly_share{};  // order intensity per hour, sums to 1
  std::vector<double> day_multiplier;     // per day from 1 (index 0 = day 1); missing = 1

  std::vector<LinehaulDelay> linehaul_delays;  // per linehaul
  SimTime min_connection;

  double speed_kmh = 18;
  double travel_time_cv = 0.3;
  double circuity = 1.3;
  SimTime pickup_service;    // fixed part of a pickup stop
  SimTime delivery_service;  // fixed part of a delivery stop
  SimTime per_parcel;        // each parcel handed over or collected at a stop
  std::uint32_t run_capacity = 100;
  double failed_delivery_probability = 0.05;
  double parcels_per_stop = 1.6;
  DispatchPolicy dispatch = DispatchPolicy::kSavableFirst;
  RetryPolicy retry = RetryPolicy::kNextRun;
  bool help_neighbours = true;
  SimTime outlet_sort;
  double wave_parcels_per_courier = 0;  // 0: a hub-to-outlet shuttle takes everything
  SimTime hand_in;  // collected parcels are back at the outlet this long after the first
  // Every account's pickup address (km from its outlet) and its sector there, by global
  // account index.
  std::vector<couriers::Point> account_address;
  std::vector<std::uint32_t> account_sector;
  SimTime shuttle_time;
  std::vector<SimTime> outlet_to_hub_departures;  // times of day, sorted
  std::vector<SimTime> hub_to_outlet_departures;  // times of day, sorted

  // The call center, if the scenario has one, and what makes the network call it.
  std::optional<call_center::CallCenterSpec> call_center;
  double late_pickup_call_probability = 0;
  double late_delivery_call_probability = 0;
  double failed_delivery_call_probability = 0;
  SimTime reaction;        // least delay of a failure call: the lookahead into the call center
  double reaction_extra_seconds = 0;  // mean of the exponential part
  std::uint32_t failure_call_type = 0;
  // A customer's call comes uniform in [query_delay_min, query_delay_max] after the window
  // they see has passed.
  SimTime query_delay_min;
  SimTime query_delay_max;

  CustomerSpec customers;
  // Cumulative order shares of the outlets (for drawing who orders by phone).
  std::vector<double> outlet_order_cumulative;

  bool FailureCalls() const {
    return call_center && !outlets.empty() &&
           (late_pickup_call_probability > 0 || late_delivery_call_probability > 0 ||
            failed_delivery_call_probability > 0);
  }

  SimTime counted_from() const { return SimTime::Days(warmup_days); }

  double DayMultiplier(std::uint32_t day) const {
    return day >= 1 && day <= day_multiplier.size() ? day_multiplier[day - 1] : 1.0;
  }
};

// Compiles a scenario that io::LoadScenario* has validated. Throws std::invalid_argument
// for what validation should have caught.
NetworkSpec CompileScenario(const io::Scenario& scenario);

// Great-circle distance, km (haversine on a sphere of radius 6,371 km).
double DistanceKm(double lat1, double lon1, double lat2, double lon2);

}  // namespace hubsim::parcel_network

#endif  // HUBSIM_ENGINE_MODELS_PARCEL_NETWORK_NETWORK_SPEC_H_

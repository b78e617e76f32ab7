// The hub side of a generated network: expected flows between hubs, the linehauls that carry
// them, and the hubs' sort rates. Internal to engine/generate (network_generator.h gives the
// overview).
//
// Flows. The simulation draws each parcel's destination outlet by the gravity model of
// scenario.proto (weight orders_per_day(j) / (1 + km(i, j) / scale)^exponent). Here it is
// evaluated on cells, the outlets of one city attached to one hub, placed at the city's
// center: exact for the share of parcels leaving the hub up to the outlets' spread around
// their centers. Within a cell the distance is the mean distance between two points of the
// city's disc, 0.905 R (128 R / (45 pi)).
//
// Links. Every hub is linked both ways to its kNearestLinks nearest hubs and to the
// kGateways largest (the national gateways): gateways are linked among themselves and to
// every hub, so the linehaul graph is strongly connected and any hub reaches any other in
// at most two legs through a gateway.
//
// Transit = great-circle km x kRoadFactor / kTruckKmh + kHandlingMinutes (loading and
// unloading), rounded up to 5 minutes; kHandlingMinutes is also a floor on the engine's
// lookahead between regions.
//
// Departures: a day wave (07:00, 11:00, 15:00: every 4 hours, the morning's pickups and the
// transfers) and a night wave (19:00 to 03:00 every 2 hours). The afternoon's pickups reach
// their hub through the hourly outlet shuttles and its sorter by about 19:00-22:00, leave in
// the night wave and reach hubs within about 8 hours' drive by 06:00-07:00, in time for the
// first shuttle to the outlets.
//
// Capacity. Each hub-to-hub flow is routed on the path of fewest minutes (transit plus
// kTransferMinutes at every intermediate hub for the sort and the wait for a departure;
// Dijkstra) and summed per linehaul. A departure takes at most the day's flow x
// kPeakDepartureShare (the evening peak: a third of a lane's day leaves on one night
// departure) x kHeadroom, rounded up to 10, at least kMinCapacity.
//
// Sort rate of a hub = the parcels it sorts in a day (those of its own outlets, those
// passing through, those for its outlets; a parcel within one hub is sorted once) /
// kSortHours, rounded up to 100, at least kMinSortRate. The sorter is then busy about
// kSortHours / 24 of the day on average, with room for the hourly arrival peaks and a peak
// day (the default scenario leaves its sorters about a fifth busy too).
//
// Remote areas. A hub's outlets get extra days of the next-day promise when most parcels
// delivered there (local ones included) cannot make the next day on their path of fewest
// minutes: the least number of extra days that covers kPromiseCoverage (half) of them. A
// day's budget, kNextDayBudgetMinutes (22 h of path minutes), was set against the
// simulation: on a 12-hub network of China the share of each hub's parcels within it is
// within 5 points of the measured next-day rate, a little below.
#ifndef HUBSIM_ENGINE_GENERATE_LINEHAUL_PLAN_H_
#define HUBSIM_ENGINE_GENERATE_LINEHAUL_PLAN_H_

#include <cstdint>
#include <vector>

#include "engine/io/scenario.pb.h"

namespace hubsim::generate {

// Outlets of one city attached to one hub.
struct OutletCell {
  int city;               // any number identifying the city (cells of a city share it)
  int hub;                // index into Scenario.hub
  double lat, lon;        // the city's center, degrees
  double city_radius_km;  // of the city's disc
  double orders;          // pickup orders a day of these outlets
};

// Merges the cells of the same (city, hub), summing their orders; sorted by (city, hub).
std::vector<OutletCell> MergeCells(std::vector<OutletCell> cells);

// Expected parcels a day from hub h to hub g, flows[h][g] (g == h: within the hub), for the
// scenario's demand gravity parameters. REQUIRES: cells from MergeCells, hubs > every hub.
std::vector<std::vector<double>> HubFlows(const std::vector<OutletCell>& cells, int hubs,
                                          const io::Demand& demand);

// Adds the linehauls and sets every hub's sort_rate_per_hour (see above); returns the extra
// days of the next-day promise for the outlets of each hub. REQUIRES: `s` has its hubs,
// largest city first (the gateways are the first kGateways), and its demand; cells from
// MergeCells.
std::vector<std::uint32_t> PlanLinehaulsAndSorters(const std::vector<OutletCell>& cells,
                                                   io::Scenario& s);

}  // namespace hubsim::generate

#endif  // HUBSIM_ENGINE_GENERATE_LINEHAUL_PLAN_H_

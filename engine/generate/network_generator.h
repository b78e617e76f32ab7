// A national express-parcel network generated from a real city table (`hubsim generate`).
//
// What is generated, and why (the constants are in network_generator.cc, beside their use):
// - Cities are taken largest first (population, ties in table order). Hubs sit in the
//   `hubs` largest cities, at their coordinates, ids from the city names (ASCII, e.g.
//   "Koeln"; a name met twice gets "-2", "-3" in population order).
// - Outlets: `outlets` in total, over the cities in proportion to their population, at least
//   one in every hub city (Apportion: exact totals). A city of population P is taken as a
//   disc of uniform density (kUrbanDensityPerKm2), radius R = sqrt(P / (pi density)); its k
//   outlets split the disc into equal-population zones: outlet m sits at radius
//   R sqrt((m + 0.5) / k) on a golden-angle spiral (an even spread), jittered in radius
//   and bearing by the generator's random stream for that city. Zone radius R / sqrt(k)
//   (the area of its share of the population), kept within [kMinZoneKm, kMaxZoneKm]: a
//   courier zone wider than a few km is split among several outlets in a real network,
//   so a network with few outlets per city is a sample of the demand near its outlets.
//   Each outlet attaches to its nearest hub (great-circle distance).
// - Demand: `parcels` pickup orders a day, over the outlets by the population each serves
//   (P / k), exactly; accounts about a third of an outlet's orders (as in the default
//   scenario); destinations by the schema's default gravity model; the typical express
//   day profile (orders 08:00-20:00).
// - Couriers: `couriers` in total, over the outlets in proportion to their orders, at
//   least one each, exactly; shifts 08:00-20:00; e-bikes at 18 km/h; delivery runs of at
//   most 12 parcels (a run stays within the 2-hour delivery promise).
// - Linehauls: every hub is linked both ways to its kNearestLinks nearest hubs and to the
//   kGateways largest hubs (the national gateways, linked among themselves), so every hub
//   reaches every other in at most two legs through a gateway. Transit = great-circle km x
//   kRoadFactor / kTruckKmh + kHandlingMinutes, rounded up to 5 minutes. Departures: a day
//   wave and a night wave (kDepartures); the night wave leaves after the afternoon's
//   pickups are sorted, so they reach hubs within about 8 hours' drive by the next morning's
//   shuttles to the outlets. Capacity per departure: the lane's expected daily flow (the
//   gravity model's flows between hubs, routed on the fewest-minutes paths) x
//   kPeakDepartureShare x kHeadroom, at least kMinCapacity.
// - Sort rate per hub: the parcels it is expected to sort in a day (as origin, on the way,
//   as destination) / kSortHours, rounded up to 100, at least kMinSortRate: the sorter is
//   busy about a fifth of the day, room for the evening peak and a peak day.
// - Call center (optional): see call_center_plan.h.
//
// The result is an ordinary scenario that io::LoadScenarioText accepts. Same options and
// table => the same scenario, bit for bit, and the same text, byte for byte.
//
// Thread safety: pure functions; no shared state.
#ifndef HUBSIM_ENGINE_GENERATE_NETWORK_GENERATOR_H_
#define HUBSIM_ENGINE_GENERATE_NETWORK_GENERATOR_H_

#include <cstdint>
#include <stdexcept>
#include <string>

#include "engine/generate/city_table.h"
#include "engine/io/scenario.pb.h"

namespace hubsim::generate {

struct GenerateOptions {
  // Lower-case country code. Names the network and selects the built-in city table
  // (BuiltInCityTable) unless cities_file is given.
  std::string country = "cn";
  // A city table to use instead of the built-in one; only recorded here (for the command
  // line in the header), the caller loads it.
  std::string cities_file;
  // The defaults make scenarios/cn-ci.textproto.
  int hubs = 12;                  // 1..1000, at most the table's cities
  int outlets = 300;              // hubs..10,000
  std::int64_t couriers = 3'000;  // outlets..1,000,000 (at most 10,000 per outlet)
  std::int64_t parcels = 75'000;  // pickup orders per day, 1..100,000,000
  std::uint32_t days = 2;         // 1..366
  std::uint64_t seed = 1;         // the generator's random stream and the scenario's seed
  std::string name;               // empty: "<Country>: H hubs, O outlets (generated)"
  bool call_center = true;
};

// Options that cannot make a valid scenario (what() names the option as its flag, e.g.
// "--outlets must be at least --hubs (12), got 5").
class GenerateError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

// The network for `options` on `table`. Throws GenerateError.
io::Scenario GenerateNetwork(const GenerateOptions& options, const CityTable& table);

// The `hubsim generate` command that makes this scenario, every option spelled out, values
// quoted for a POSIX shell where needed.
std::string CommandLine(const GenerateOptions& options);

// `scenario` as protobuf text format, after a header of comments: the command that
// generated it (CommandLine), the data's source and licence, where the rules are written.
std::string ScenarioText(const io::Scenario& scenario, const GenerateOptions& options);

}  // namespace hubsim::generate

#endif  // HUBSIM_ENGINE_GENERATE_NETWORK_GENERATOR_H_

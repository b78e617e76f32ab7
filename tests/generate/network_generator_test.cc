#include "engine/generate/network_generator.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <deque>
#include <map>
#include <string>
#include <vector>

#include "engine/generate/city_table.h"
#include "engine/io/scenario_loader.h"
#include "engine/models/parcel_network/network_spec.h"

namespace hubsim::generate {
namespace {

GenerateOptions Small(const std::string& country = "cn") {
  GenerateOptions o;
  o.country = country;
  o.hubs = 8;
  o.outlets = 120;
  o.couriers = 1'000;
  o.parcels = 25'000;
  o.days = 1;
  return o;
}

const CityTable& Table(const std::string& country) {
  static const auto* tables = new std::map<std::string, CityTable>{{"cn", BuiltInCityTable("cn")},
                                                                   {"us", BuiltInCityTable("us")},
                                                                   {"de", BuiltInCityTable("de")}};
  return tables->at(country);
}

std::map<std::string, const io::Hub*> HubsById(const io::Scenario& s) {
  std::map<std::string, const io::Hub*> hubs;
  for (const io::Hub& h : s.hub()) hubs[h.id()] = &h;
  return hubs;
}

// Hubs reached from `start` along linehauls, forwards or backwards.
std::vector<bool> Reached(const io::Scenario& s, int start, bool forward) {
  std::map<std::string, int> index;
  for (int h = 0; h < s.hub_size(); ++h) index[s.hub(h).id()] = h;
  std::vector<std::vector<int>> next(static_cast<std::size_t>(s.hub_size()));
  for (const io::Linehaul& l : s.linehaul()) {
    const int from = index.at(forward ? l.from() : l.to());
    next[static_cast<std::size_t>(from)].push_back(index.at(forward ? l.to() : l.from()));
  }
  std::vector<bool> seen(next.size(), false);
  std::deque<int> queue{start};
  seen[static_cast<std::size_t>(start)] = true;
  while (!queue.empty()) {
    const int at = queue.front();
    queue.pop_front();
    for (int n : next[static_cast<std::size_t>(at)]) {
      if (!seen[static_cast<std::size_t>(n)]) {
        seen[static_cast<std::size_t>(n)] = true;
        queue.push_back(n);
      }
    }
  }
  return seen;
}

TEST(GenerateNetwork, HubsAreTheLargestCities) {
  const io::Scenario s = GenerateNetwork(Small(), Table("cn"));
  ASSERT_EQ(s.hub_size(), 8);
  // cn.csv is sorted by population, largest first.
  for (int h = 0; h < 8; ++h) {
    const City& city = Table("cn").cities[static_cast<std::size_t>(h)];
    EXPECT_EQ(s.hub(h).name(), city.name);
    EXPECT_DOUBLE_EQ(s.hub(h).lat(), city.lat);
    EXPECT_DOUBLE_EQ(s.hub(h).lon(), city.lon);
  }
  EXPECT_EQ(s.hub(0).id(), "Shanghai");
}

TEST(GenerateNetwork, HubsAreTheLargestEvenWhenTheTableIsNotSorted) {
  CityTable table = Table("de");
  std::reverse(table.cities.begin(), table.cities.end());
  GenerateOptions o = Small("de");
  o.hubs = 3;
  const io::Scenario s = GenerateNetwork(o, table);
  EXPECT_EQ(s.hub(0).name(), "Berlin");
  EXPECT_EQ(s.hub(1).name(), "Hamburg");
  EXPECT_EQ(s.hub(2).name(), "Munich");
}

TEST(GenerateNetwork, TotalsAreExact) {
  for (const std::string country : {"cn", "us", "de"}) {
    GenerateOptions o = Small(country);
    o.outlets = 333;
    o.couriers = 4'321;
    o.parcels = 98'765;
    const io::ScenarioTotals t = io::Totals(GenerateNetwork(o, Table(country)));
    EXPECT_EQ(t.hubs, 8) << country;
    EXPECT_EQ(t.outlets, 333) << country;
    EXPECT_EQ(t.couriers, 4'321) << country;
    EXPECT_EQ(t.orders_per_day, 98'765) << country;
  }
}

TEST(GenerateNetwork, EveryHubCityHasAnOutletAndEveryOutletACourier) {
  GenerateOptions o = Small("us");
  o.hubs = 40;
  o.outlets = 40;
  o.couriers = 40;
  const io::Scenario s = GenerateNetwork(o, Table("us"));
  std::map<std::string, int> outlets_per_hub;
  for (const io::Outlet& outlet : s.outlet()) {
    ++outlets_per_hub[outlet.hub()];
    EXPECT_EQ(outlet.couriers(), 1u);
  }
  // One outlet in each hub city, so each hub has at least its own city's (NYC's boroughs
  // are separate places, each its own hub).
  EXPECT_EQ(outlets_per_hub.size(), 40u);
}

TEST(GenerateNetwork, OutletsFollowPopulationAndSitInTheirCity) {
  const io::Scenario s = GenerateNetwork(Small(), Table("cn"));
  std::map<std::string, int> per_city;
  for (const io::Outlet& o : s.outlet()) {
    per_city[o.id().substr(0, o.id().rfind('-'))]++;
    EXPECT_GT(o.zone_radius_km(), 0);
    EXPECT_LE(o.zone_radius_km(), 3);
  }
  EXPECT_GE(per_city["Shanghai"], per_city["Beijing"]);  // 22.3 vs 11.7 million
  EXPECT_GE(per_city["Shanghai"], 2 * per_city["Beijing"] - 1);
  // Shanghai's outlets are within its urban disc (about 34 km).
  for (const io::Outlet& o : s.outlet()) {
    if (o.id().starts_with("Shanghai-")) {
      EXPECT_LT(parcel_network::DistanceKm(o.lat(), o.lon(), 31.22222, 121.45806), 45) << o.id();
    }
  }
}

TEST(GenerateNetwork, EveryOutletAttachesToItsNearestHub) {
  GenerateOptions o = Small("de");
  o.hubs = 20;
  o.outlets = 400;
  const io::Scenario s = GenerateNetwork(o, Table("de"));
  for (const io::Outlet& outlet : s.outlet()) {
    double best = 1e9;
    std::string nearest;
    for (const io::Hub& h : s.hub()) {
      const double km = parcel_network::DistanceKm(outlet.lat(), outlet.lon(), h.lat(), h.lon());
      if (km < best) {
        best = km;
        nearest = h.id();
      }
    }
    EXPECT_EQ(outlet.hub(), nearest) << outlet.id();
  }
}

TEST(GenerateNetwork, TheLinehaulGraphIsStronglyConnected) {
  for (int hubs : {1, 2, 6, 30}) {
    GenerateOptions o = Small("us");
    o.hubs = hubs;
    const io::Scenario s = GenerateNetwork(o, Table("us"));
    EXPECT_EQ(s.linehaul_size() == 0, hubs == 1) << hubs;
    const std::vector<bool> forward = Reached(s, 0, true);
    const std::vector<bool> backward = Reached(s, 0, false);
    EXPECT_TRUE(std::all_of(forward.begin(), forward.end(), [](bool b) { return b; })) << hubs;
    EXPECT_TRUE(std::all_of(backward.begin(), backward.end(), [](bool b) { return b; })) << hubs;
  }
}

TEST(GenerateNetwork, LinehaulsRunBothWaysWithTwoWavesAndTransitGrowingWithDistance) {
  GenerateOptions o = Small();
  o.hubs = 30;
  o.outlets = 300;
  const io::Scenario s = GenerateNetwork(o, Table("cn"));
  const auto hubs = HubsById(s);
  std::map<std::pair<std::string, std::string>, double> transit;
  std::vector<std::pair<double, double>> by_distance;  // (km, minutes)
  for (const io::Linehaul& l : s.linehaul()) {
    transit[{l.from(), l.to()}] = l.transit_minutes();
    const io::Hub& a = *hubs.at(l.from());
    const io::Hub& b = *hubs.at(l.to());
    const double km = parcel_network::DistanceKm(a.lat(), a.lon(), b.lat(), b.lon());
    by_distance.emplace_back(km, l.transit_minutes());
    // km x 1.25 / 70 km/h + 30 min, rounded up to 5 min.
    EXPECT_NEAR(l.transit_minutes(), km * 1.25 / 70 * 60 + 30, 5.0) << l.from() << "->" << l.to();
    EXPECT_GE(l.capacity(), 50u);
    int night = 0;
    int day = 0;
    for (const std::string& d : l.departure()) {
      const int hour = std::stoi(d.substr(0, 2));
      (hour >= 19 || hour < 5 ? night : day)++;
    }
    EXPECT_GE(night, 3);
    EXPECT_GE(day, 2);
  }
  for (const auto& [lane, minutes] : transit) {
    EXPECT_EQ(transit.at({lane.second, lane.first}), minutes) << lane.first << "-" << lane.second;
  }
  std::sort(by_distance.begin(), by_distance.end());
  for (std::size_t i = 1; i < by_distance.size(); ++i) {
    EXPECT_LE(by_distance[i - 1].second, by_distance[i].second) << by_distance[i].first << " km";
  }
  EXPECT_GT(by_distance.back().second, by_distance.front().second);
}

TEST(GenerateNetwork, SortRatesFollowTheVolume) {
  const io::Scenario s = GenerateNetwork(Small(), Table("cn"));
  for (const io::Hub& h : s.hub()) EXPECT_GE(h.sort_rate_per_hour(), 500);
  GenerateOptions bigger = Small();
  bigger.parcels *= 10;
  const io::Scenario b = GenerateNetwork(bigger, Table("cn"));
  EXPECT_GT(b.hub(0).sort_rate_per_hour(), 5 * s.hub(0).sort_rate_per_hour());
}

TEST(GenerateNetwork, PassesTheLoadersValidation) {
  for (const std::string country : {"cn", "us", "de"}) {
    for (bool call_center : {true, false}) {
      GenerateOptions o = Small(country);
      o.call_center = call_center;
      o.days = 2;
      const io::Scenario s = GenerateNetwork(o, Table(country));
      io::Scenario loaded;
      ASSERT_NO_THROW(loaded = io::LoadScenarioText(ScenarioText(s, o), "generated"))
          << country << " " << call_center;
      EXPECT_EQ(loaded.SerializeAsString(), s.SerializeAsString());
      EXPECT_EQ(loaded.has_call_center(), call_center);
      EXPECT_EQ(loaded.days(), 2u);
    }
  }
}

TEST(GenerateNetwork, TheCallCenterHasTheCustomerModelsCallTypesAndIsStaffedToTheDemand) {
  const io::Scenario s = GenerateNetwork(Small(), Table("cn"));
  ASSERT_TRUE(s.has_call_center());
  const io::CallCenter& c = s.call_center();
  std::vector<std::string> names;
  for (const io::CallType& t : c.call_type()) names.push_back(t.name());
  EXPECT_EQ(names, (std::vector<std::string>{"order", "tracking", "complaint"}));
  EXPECT_EQ(s.customers().complaints().call_type(), "complaint");
  ASSERT_EQ(c.agents_size(), 48);
  const auto [night, peak] = std::minmax_element(c.agents().begin(), c.agents().end());
  EXPECT_GE(*night, 1u);
  EXPECT_GT(*peak, 3 * *night);
  GenerateOptions bigger = Small();
  bigger.parcels *= 4;
  const io::Scenario big = GenerateNetwork(bigger, Table("cn"));  // held, not a temporary
  const io::CallCenter& b = big.call_center();
  EXPECT_GT(*std::max_element(b.agents().begin(), b.agents().end()), 2 * *peak);
}

TEST(GenerateNetwork, SameSeedSameBytesOtherSeedOtherNetwork) {
  const GenerateOptions o = Small();
  const std::string first = ScenarioText(GenerateNetwork(o, Table("cn")), o);
  EXPECT_EQ(ScenarioText(GenerateNetwork(o, Table("cn")), o), first);
  GenerateOptions other = o;
  other.seed = 2;
  const io::Scenario s2 = GenerateNetwork(other, Table("cn"));
  EXPECT_NE(ScenarioText(s2, other), first);
  // Not only the seed line: every outlet but each city's first (at its center) moves.
  const io::Scenario s1 = GenerateNetwork(o, Table("cn"));
  for (int i = 0; i < s1.outlet_size(); ++i) {
    const io::Outlet& a = s1.outlet(i);
    const io::Outlet& b = s2.outlet(i);
    ASSERT_EQ(a.id(), b.id());
    EXPECT_EQ(a.id().ends_with("-01"), a.lat() == b.lat() && a.lon() == b.lon()) << a.id();
  }
}

TEST(GenerateNetwork, IdsAreAsciiAndUnique) {
  GenerateOptions o = Small("de");
  o.hubs = 400;
  o.outlets = 1'000;
  o.couriers = 5'000;
  const io::Scenario s = GenerateNetwork(o, Table("de"));
  const auto hubs = HubsById(s);
  EXPECT_EQ(hubs.size(), 400u);
  EXPECT_TRUE(hubs.contains("Koeln"));
  EXPECT_TRUE(hubs.contains("Duesseldorf"));
  EXPECT_TRUE(hubs.contains("Muelheim"));
  EXPECT_TRUE(hubs.contains("Muelheim-2"));  // two places named Mülheim, 171,000 and 41,711
  std::map<std::string, int> ids;
  for (const io::Outlet& outlet : s.outlet()) ++ids[outlet.id()];
  EXPECT_EQ(ids.size(), 1'000u);
  for (const auto& [id, count] : ids) {
    EXPECT_TRUE(std::all_of(id.begin(), id.end(), [](char c) {
      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
    })) << id;
  }
}

TEST(GenerateNetwork, RejectsImpossibleOptionsNamingTheFlag) {
  auto message = [](GenerateOptions o) -> std::string {
    try {
      GenerateNetwork(o, Table("de"));
    } catch (const GenerateError& e) {
      return e.what();
    }
    return "accepted";
  };
  GenerateOptions o = Small("de");
  o.hubs = 0;
  EXPECT_TRUE(message(o).starts_with("--hubs must be in 1..467")) << message(o);
  o = Small("de");
  o.hubs = 468;
  EXPECT_TRUE(message(o).starts_with("--hubs")) << message(o);
  o = Small("de");
  o.outlets = 7;
  EXPECT_TRUE(message(o).starts_with("--outlets")) << message(o);
  o = Small("de");
  o.outlets = 10'001;  // the scenario's limit: a table of destinations per pair of outlets
  o.couriers = 20'002;
  EXPECT_TRUE(message(o).starts_with("--outlets must be in --hubs..10000")) << message(o);
  o = Small("de");
  o.couriers = 100;
  EXPECT_TRUE(message(o).starts_with("--couriers")) << message(o);
  o = Small("de");
  o.parcels = 0;
  EXPECT_TRUE(message(o).starts_with("--parcels")) << message(o);
  o = Small("de");
  o.days = 367;
  EXPECT_TRUE(message(o).starts_with("--days")) << message(o);
  o = Small("de");
  o.couriers = 1'000'000;
  o.outlets = 8;
  o.hubs = 1;
  EXPECT_NE(message(o).find("raise --outlets"), std::string::npos) << message(o);
  o = Small("de");
  o.name = "two\nlines";  // would break out of the header's comment
  EXPECT_TRUE(message(o).starts_with("--name")) << message(o);
  o = Small("de");
  o.country = "d e";
  EXPECT_TRUE(message(o).starts_with("--country")) << message(o);
}

TEST(CommandLine, SpellsOutEveryOptionAndQuotesForTheShell) {
  GenerateOptions o = Small();
  EXPECT_EQ(CommandLine(o),
            "hubsim generate --country cn --hubs 8 --outlets 120 --couriers 1000 --parcels 25000 "
            "--days 1 --seed 1");
  o.name = "Tom's network";
  o.cities_file = "my cities.csv";
  o.call_center = false;
  EXPECT_EQ(CommandLine(o),
            "hubsim generate --country cn --cities 'my cities.csv' --hubs 8 --outlets 120 "
            "--couriers 1000 --parcels 25000 --days 1 --seed 1 --name 'Tom'\\''s network' "
            "--no-call-center");
  const std::string text = ScenarioText(GenerateNetwork(Small(), Table("cn")), Small());
  EXPECT_NE(text.find("#   " + CommandLine(Small()) + "\n"), std::string::npos);
  EXPECT_NE(text.find("CC BY 4.0"), std::string::npos);
}

}  // namespace
}  // namespace hubsim::generate

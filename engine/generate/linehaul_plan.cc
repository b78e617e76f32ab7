#include "engine/generate/linehaul_plan.h"

#include <algorithm>
#include <array>
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/dijkstra_shortest_paths.hpp>
#include <cmath>
#include <cstdint>
#include <numbers>
#include <set>
#include <string_view>
#include <utility>

#include "engine/models/parcel_network/network_spec.h"

namespace hubsim::generate {
namespace {

// Links (see the header).
constexpr int kNearestLinks = 3;
constexpr int kGateways = 5;
// Transit: road km per great-circle km, a truck's mean speed on expressways with stops, and
// loading plus unloading.
constexpr double kRoadFactor = 1.25;
constexpr double kTruckKmh = 70;
constexpr double kHandlingMinutes = 30;
constexpr double kTransitStepMinutes = 5;
// The day wave and the night wave, in time order.
constexpr std::array<std::string_view, 8> kDepartures = {"01:00", "03:00", "07:00", "11:00",
                                                         "15:00", "19:00", "21:00", "23:00"};
// Routing estimate at every hub a path enters: the sort and the wait for the next departure
// (2-hour departures in the night wave, 4-hour ones by day).
constexpr double kTransferMinutes = 120;
// Capacity per departure.
constexpr double kPeakDepartureShare = 1.0 / 3.0;
constexpr double kHeadroom = 1.5;
constexpr std::uint32_t kMinCapacity = 50;
// Sorters.
constexpr double kSortHours = 5;
constexpr double kMinSortRate = 500;
// Remote areas.
constexpr double kNextDayBudgetMinutes = 22 * 60;
constexpr double kPromiseCoverage = 0.5;
constexpr double kMinutesPerDay = 1440;
// Mean distance between two uniform points of a disc, per unit radius: 128 / (45 pi).
constexpr double kMeanChordPerRadius = 128.0 / (45.0 * std::numbers::pi);

double CeilTo(double value, double step) {
  return std::ceil(value / step - 1e-9) * step;
}

double HubKm(const io::Scenario& s, int a, int b) {
  return parcel_network::DistanceKm(s.hub(a).lat(), s.hub(a).lon(), s.hub(b).lat(), s.hub(b).lon());
}

// Unordered hub pairs (a < b) to link: nearest neighbours and gateways.
std::set<std::pair<int, int>> ChooseLinks(const io::Scenario& s) {
  const int hubs = s.hub_size();
  std::set<std::pair<int, int>> links;
  auto link = [&](int a, int b) {
    if (a != b) links.emplace(std::min(a, b), std::max(a, b));
  };
  for (int h = 0; h < hubs; ++h) {
    std::vector<std::pair<double, int>> by_distance;
    for (int g = 0; g < hubs; ++g) {
      if (g != h) by_distance.emplace_back(HubKm(s, h, g), g);
    }
    const auto nearest = std::min<std::size_t>(kNearestLinks, by_distance.size());
    std::partial_sort(by_distance.begin(), by_distance.begin() + static_cast<long>(nearest),
                      by_distance.end());
    for (std::size_t i = 0; i < nearest; ++i) link(h, by_distance[i].second);
    for (int g = 0; g < std::min(kGateways, hubs); ++g) link(h, g);
  }
  return links;
}

// One direction of a link.
struct Lane {
  int from, to;
  double transit_minutes;
};

std::vector<Lane> Lanes(const io::Scenario& s) {
  std::vector<Lane> lanes;
  for (const auto& [a, b] : ChooseLinks(s)) {
    const double minutes = CeilTo(
        HubKm(s, a, b) * kRoadFactor / kTruckKmh * 60.0 + kHandlingMinutes, kTransitStepMinutes);
    lanes.push_back({a, b, minutes});
    lanes.push_back({b, a, minutes});
  }
  return lanes;
}

struct Edge {
  double minutes;  // routing weight: transit + the transfer at its head
};
using Graph =
    boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS, boost::no_property, Edge>;

// Expected parcels a day per lane, and sorts per hub: every flow on its path of fewest
// minutes; path_minutes[from][to] is that path's minutes (0 within a hub). Every hub with a
// flow is reachable (the links make the graph strongly connected); a flow to an unreachable
// hub would be left out.
struct Routed {
  std::vector<double> lane_flow;                  // parcels a day
  std::vector<double> sorts;                      // parcels a day
  std::vector<std::vector<double>> path_minutes;  // transit + kTransferMinutes per leg
};
Routed RouteFlows(int hubs, const std::vector<Lane>& lanes,
                  const std::vector<std::vector<double>>& flows) {
  const auto n = static_cast<std::size_t>(hubs);
  Graph graph(n);
  std::vector<int> lane_of(n * n, -1);
  for (std::size_t l = 0; l < lanes.size(); ++l) {
    boost::add_edge(static_cast<std::size_t>(lanes[l].from), static_cast<std::size_t>(lanes[l].to),
                    Edge{lanes[l].transit_minutes + kTransferMinutes}, graph);
    lane_of[static_cast<std::size_t>(lanes[l].from) * n + static_cast<std::size_t>(lanes[l].to)] =
        static_cast<int>(l);
  }
  Routed r{std::vector<double>(lanes.size(), 0.0), std::vector<double>(n, 0.0),
           std::vector<std::vector<double>>(n, std::vector<double>(n, 0.0))};
  std::vector<std::size_t> previous(n);
  const auto index = boost::get(boost::vertex_index, graph);
  for (std::size_t from = 0; from < n; ++from) {
    boost::dijkstra_shortest_paths(
        graph, from,
        boost::predecessor_map(boost::make_iterator_property_map(previous.begin(), index))
            .distance_map(boost::make_iterator_property_map(r.path_minutes[from].begin(), index))
            .weight_map(boost::get(&Edge::minutes, graph)));
    r.sorts[from] += flows[from][from];
    for (std::size_t to = 0; to < n; ++to) {
      const double f = flows[from][to];
      if (to == from || !(f > 0) || previous[to] == to) continue;
      r.sorts[from] += f;
      for (std::size_t at = to; at != from; at = previous[at]) {
        r.lane_flow[static_cast<std::size_t>(lane_of[previous[at] * n + at])] += f;
        r.sorts[at] += f;
      }
    }
  }
  return r;
}

// Per hub: the least e >= 0 such that kPromiseCoverage of the parcels delivered at its
// outlets (local ones included) come on paths of at most kNextDayBudgetMinutes + e days.
std::vector<std::uint32_t> ExtraDays(const std::vector<std::vector<double>>& flows,
                                     const std::vector<std::vector<double>>& path_minutes) {
  const std::size_t n = flows.size();
  std::vector<std::uint32_t> extra(n, 0);
  for (std::size_t to = 0; to < n; ++to) {
    std::vector<std::pair<double, double>> arrivals;  // (path minutes, parcels)
    double total = 0;
    for (std::size_t from = 0; from < n; ++from) {
      arrivals.emplace_back(path_minutes[from][to], flows[from][to]);
      total += flows[from][to];
    }
    std::sort(arrivals.begin(), arrivals.end());
    double covered = 0;
    for (const auto& [minutes, parcels] : arrivals) {
      covered += parcels;
      if (covered >= kPromiseCoverage * total) {
        const double late = std::max(0.0, minutes - kNextDayBudgetMinutes);
        extra[to] = static_cast<std::uint32_t>(std::ceil(late / kMinutesPerDay));
        break;
      }
    }
  }
  return extra;
}

}  // namespace

std::vector<OutletCell> MergeCells(std::vector<OutletCell> cells) {
  std::stable_sort(cells.begin(), cells.end(), [](const OutletCell& a, const OutletCell& b) {
    return std::pair(a.city, a.hub) < std::pair(b.city, b.hub);
  });
  std::vector<OutletCell> merged;
  for (const OutletCell& c : cells) {
    if (!merged.empty() && merged.back().city == c.city && merged.back().hub == c.hub) {
      merged.back().orders += c.orders;
    } else {
      merged.push_back(c);
    }
  }
  return merged;
}

std::vector<std::vector<double>> HubFlows(const std::vector<OutletCell>& cells, int hubs,
                                          const io::Demand& demand) {
  const double exponent = demand.gravity_exponent();
  const double scale = demand.gravity_scale_km();
  std::vector<std::vector<double>> flows(hubs, std::vector<double>(hubs, 0.0));
  std::vector<double> weight(cells.size());
  for (const OutletCell& from : cells) {
    if (from.orders <= 0) continue;
    double total = 0;
    for (std::size_t j = 0; j < cells.size(); ++j) {
      const OutletCell& to = cells[j];
      const double km = from.city == to.city
                            ? kMeanChordPerRadius * from.city_radius_km
                            : parcel_network::DistanceKm(from.lat, from.lon, to.lat, to.lon);
      weight[j] = to.orders / std::pow(1.0 + km / scale, exponent);
      total += weight[j];
    }
    if (!(total > 0)) continue;
    for (std::size_t j = 0; j < cells.size(); ++j) {
      flows[from.hub][cells[j].hub] += from.orders * weight[j] / total;
    }
  }
  return flows;
}

std::vector<std::uint32_t> PlanLinehaulsAndSorters(const std::vector<OutletCell>& cells,
                                                   io::Scenario& s) {
  const int hubs = s.hub_size();
  const std::vector<Lane> lanes = Lanes(s);
  const std::vector<std::vector<double>> flows = HubFlows(cells, hubs, s.demand());
  const Routed routed = RouteFlows(hubs, lanes, flows);
  for (std::size_t l = 0; l < lanes.size(); ++l) {
    io::Linehaul* linehaul = s.add_linehaul();
    linehaul->set_from(s.hub(lanes[l].from).id());
    linehaul->set_to(s.hub(lanes[l].to).id());
    linehaul->set_transit_minutes(lanes[l].transit_minutes);
    for (std::string_view departure : kDepartures) linehaul->add_departure(std::string(departure));
    const double capacity = CeilTo(routed.lane_flow[l] * kPeakDepartureShare * kHeadroom, 10);
    linehaul->set_capacity(std::max(kMinCapacity, static_cast<std::uint32_t>(capacity)));
  }
  for (int h = 0; h < hubs; ++h) {
    s.mutable_hub(h)->set_sort_rate_per_hour(std::max(
        kMinSortRate, CeilTo(routed.sorts[static_cast<std::size_t>(h)] / kSortHours, 100)));
  }
  return ExtraDays(flows, routed.path_minutes);
}

}  // namespace hubsim::generate

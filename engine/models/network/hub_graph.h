// The hub graph: hubs joined by scheduled linehauls, and earliest-arrival routing over it.
//
// Hubs are vertices 0..hub_count-1 of a boost::adjacency_list; each linehaul is a directed
// edge carrying its index into linehauls(). A linehaul leaves at fixed times of day, every
// day, and arrives `transit` later. A parcel that reaches an intermediate hub must be sorted
// before it can leave again: it is ready min_connection after its arrival. At the origin it
// is ready at the `ready` time the caller passes (the caller has already accounted for
// sorting there); at the destination it is done on arrival.
//
// Algorithm: time-dependent Dijkstra (Dreyfus 1969) run by boost::dijkstra_shortest_paths
// with a custom combine (ready time at the edge's tail -> ready time at its head:
// NextDeparture(l, t) + transit + min_connection) and compare. Dijkstra is exact for
// time-dependent earliest arrival when every edge is FIFO, i.e. leaving later never arrives
// earlier (Kaufman and Smith 1993, "Fastest paths in time-dependent networks for
// intelligent vehicle-highway systems application", IVHS Journal 1(1)). Timetabled edges
// with waiting allowed at hubs are FIFO: t -> NextDeparture(l, t) + transit is
// non-decreasing. It also strictly increases the time (transit > 0), so labels grow along
// every path as Dijkstra needs. FirstLeg may add a reverse pass (latest departure, the mirror
// image, equally FIFO) to apply its tie rule exactly; see FirstLeg.
//
// The search is goal-directed (A* as Dijkstra on reduced costs) with a lower bound that
// ignores waiting, precomputed at construction for every pair of hubs, and pruned to hubs
// that can still beat the best arrival found. Cost: at most one Dijkstra over the hubs that
// can reach `to`, O((V + E) log V) with a timetable lookup (a few ns) per relaxed linehaul;
// FirstLeg sometimes a second, backward one. Construction: V static Dijkstras; memory
// O(V^2) for the bounds (8 bytes per pair of hubs). Measured in bench/routing_bench.cc.
//
// Thread safety: immutable after construction; every const method may be called from any
// number of threads at once (queries keep all their scratch state on the caller's stack).
#ifndef HUBSIM_ENGINE_MODELS_NETWORK_HUB_GRAPH_H_
#define HUBSIM_ENGINE_MODELS_NETWORK_HUB_GRAPH_H_

#include <boost/graph/adjacency_list.hpp>
#include <cstdint>
#include <optional>
#include <vector>

#include "hubsim/sim_time.h"

namespace hubsim::network {

// One linehaul: a directed, scheduled connection between two hubs.
struct LinehaulSpec {
  std::uint32_t from = 0, to = 0;   // hub indices; from != to
  SimTime transit;                  // > 0
  std::vector<SimTime> departures;  // times of day in [0, 24 h), any order, repeats allowed;
                                    // the schedule repeats every day; at least one
  std::uint32_t capacity = 0;       // parcels per departure (not used by routing)
};

// One ride on a linehaul, in absolute times: arrival = departure + transit.
struct Leg {
  std::uint32_t linehaul;
  SimTime departure;
  SimTime arrival;
};

// Times passed to queries must keep |t| below 2^62 ticks (~146,000 years) so that a route's
// arithmetic cannot overflow; hub and linehaul indices must be in range (checked: throws
// std::out_of_range).
class HubGraph {
 public:
  // REQUIRES: every linehaul valid: from, to < hub_count, from != to, transit > 0, at least
  // one departure, every departure in [0, 24 h); min_connection >= 0. Checked: throws
  // std::invalid_argument naming the first offending linehaul.
  HubGraph(std::uint32_t hub_count, std::vector<LinehaulSpec> linehauls, SimTime min_connection);
  // Defined in hub_graph.cc, so Boost.Graph's copying is compiled in one place only.
  HubGraph(const HubGraph&);
  HubGraph(HubGraph&&) noexcept;
  HubGraph& operator=(const HubGraph&);
  HubGraph& operator=(HubGraph&&) noexcept;
  ~HubGraph();

  std::uint32_t hub_count() const { return hub_count_; }
  // As given to the constructor (departures in the given order).
  const std::vector<LinehaulSpec>& linehauls() const { return specs_; }
  SimTime min_connection() const { return min_connection_; }

  // The first departure of linehaul `l` at or after absolute time t (schedules repeat daily).
  SimTime NextDeparture(std::uint32_t l, SimTime t) const;
  // The last departure of linehaul `l` at or before absolute time t.
  SimTime PreviousDeparture(std::uint32_t l, SimTime t) const;

  // The earliest arrival at `to` of a parcel ready to leave hub `from` at absolute time
  // `ready` (no connection time at the origin; min_connection at each intermediate hub);
  // nullopt if `to` is unreachable. from == to gives `ready`.
  std::optional<SimTime> EarliestArrival(std::uint32_t from, std::uint32_t to, SimTime ready) const;

  // The first leg of an earliest-arrival route from `from` to `to`, for a parcel ready at
  // `ready`; nullopt if unreachable. Routes considered do not come back through `from` (one
  // that did would gain nothing: by FIFO its part after the return is available directly).
  // Among the first legs that start such a route, the one with the earliest departure wins,
  // then the lowest linehaul index: the answer is a function of the arguments alone.
  // Consistency: a parcel that rides the leg and calls FirstLeg again at each hub with
  // ready = arrival + min_connection reaches `to` exactly at EarliestArrival(from, to, ready).
  // REQUIRES: from != to (checked: throws std::invalid_argument).
  std::optional<Leg> FirstLeg(std::uint32_t from, std::uint32_t to, SimTime ready) const;

  // Whether any route from `from` to `to` exists, ignoring time (every linehaul runs daily,
  // so this is exactly "EarliestArrival is not nullopt"). Reachable(h, h) is true. O(1).
  bool Reachable(std::uint32_t from, std::uint32_t to) const;

  // The smallest transit time of any linehaul (the engine's lookahead between regions);
  // SimTime::Max() if there are none.
  SimTime MinTransit() const { return min_transit_; }

 private:
  struct EdgeData {
    std::uint32_t linehaul = 0;
  };
  // vecS out-edge lists in linehaul order make the traversal, hence every tie, deterministic.
  using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS,
                                      boost::no_property, EdgeData>;
  // A linehaul as routing reads it: sorted unique departures in departures_[first, first+count).
  struct Timetable {
    std::uint32_t from;
    std::uint32_t to;
    std::uint32_t first;
    std::uint32_t count;
    SimTime::Rep transit;
  };
  struct Search;

  void CheckHub(std::uint32_t hub) const;
  void CheckLinehaul(std::uint32_t l) const;

  std::uint32_t hub_count_;
  std::vector<LinehaulSpec> specs_;
  SimTime min_connection_;
  SimTime min_transit_ = SimTime::Max();
  std::vector<Timetable> timetables_;     // by linehaul index
  std::vector<SimTime::Rep> departures_;  // times of day in ticks, see Timetable
  Graph forward_;                         // hub -> hub, one edge per linehaul
  Graph backward_;                        // the same edges reversed
  // least_gap_[to * hub_count + h]: a lower bound on (ready time at `to`) - (ready time at
  // h) over all routes h -> to, the sum of transit + min_connection over the legs (no
  // waiting); 0 for h == to; SimTime::Max() ticks if there is no route. Prunes the searches (a hub
  // that cannot beat the best arrival found so far even without waiting is not expanded)
  // and answers Reachable. hub_count^2 entries: 80 KB for 100 hubs, 8 MB for 1,000.
  std::vector<SimTime::Rep> least_gap_;
};

}  // namespace hubsim::network

#endif  // HUBSIM_ENGINE_MODELS_NETWORK_HUB_GRAPH_H_

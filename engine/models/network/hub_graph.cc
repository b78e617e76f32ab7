#include "engine/models/network/hub_graph.h"

#include <algorithm>
#include <array>
#include <boost/graph/dijkstra_shortest_paths.hpp>
#include <boost/graph/properties.hpp>
#include <boost/property_map/property_map.hpp>
#include <cstddef>
#include <functional>
#include <limits>
#include <memory_resource>
#include <stdexcept>
#include <string>
#include <utility>

namespace hubsim::network {
namespace {

using Rep = SimTime::Rep;

constexpr Rep kDay = SimTime::Days(1).ticks();
// Forward labels (earliest ready time): "not reached". Backward labels (latest ready time):
// "no way to make it".
constexpr Rep kNever = std::numeric_limits<Rep>::max();
constexpr Rep kHopeless = std::numeric_limits<Rep>::min();

// Scratch space for one query lives on the caller's stack (FirstLeg needs ~24 bytes per hub),
// so up to ~300 hubs a query allocates nothing itself; past that its vectors spill to the
// heap. (Boost's Dijkstra still allocates its heap's two arrays.)
constexpr std::size_t kStackScratchBytes = 8192;

using Color = boost::default_color_type;

// Day and time of day of t, by floor division so that times before 0 work as well.
struct DayAndTime {
  Rep day_start;
  Rep time_of_day;
};
inline DayAndTime Split(Rep t) {
  Rep day = t / kDay;
  Rep time_of_day = t % kDay;
  if (time_of_day < 0) {
    time_of_day += kDay;
    --day;
  }
  return {day * kDay, time_of_day};
}

// First departure at or after t, of the sorted times of day [begin, begin + count), count > 0.
// A linehaul has a handful of departures: counting them is branch-free and beats a binary
// search up to a few dozen.
constexpr std::uint32_t kLinearScanMax = 32;

inline Rep NextIn(const Rep* begin, std::uint32_t count, Rep t) {
  const auto [day_start, time_of_day] = Split(t);
  std::uint32_t before = 0;
  if (count <= kLinearScanMax) {
    for (std::uint32_t i = 0; i < count; ++i) before += begin[i] < time_of_day ? 1 : 0;
  } else {
    before =
        static_cast<std::uint32_t>(std::lower_bound(begin, begin + count, time_of_day) - begin);
  }
  return before < count ? day_start + begin[before] : day_start + kDay + begin[0];
}

// Last departure at or before t.
inline Rep PreviousIn(const Rep* begin, std::uint32_t count, Rep t) {
  const auto [day_start, time_of_day] = Split(t);
  std::uint32_t upto = 0;
  if (count <= kLinearScanMax) {
    for (std::uint32_t i = 0; i < count; ++i) upto += begin[i] <= time_of_day ? 1 : 0;
  } else {
    upto = static_cast<std::uint32_t>(std::upper_bound(begin, begin + count, time_of_day) - begin);
  }
  return upto > 0 ? day_start + begin[upto - 1] : day_start - kDay + begin[count - 1];
}

std::string LinehaulError(std::size_t l, const std::string& what) {
  return "HubGraph: linehaul " + std::to_string(l) + ": " + what;
}

}  // namespace

// The Dijkstra passes. A nested class so that its lambdas may read HubGraph's timetables
// without widening the public interface.
struct HubGraph::Search {
  static Rep Next(const HubGraph& g, const Timetable& tt, Rep t) {
    return NextIn(g.departures_.data() + tt.first, tt.count, t);
  }
  static Rep Previous(const HubGraph& g, const Timetable& tt, Rep t) {
    return PreviousIn(g.departures_.data() + tt.first, tt.count, t);
  }

  // A Dijkstra visitor that records, for each hub, the linehaul of the relaxation that set
  // its label last: its predecessor edge. (A vertex predecessor map cannot tell parallel
  // linehauls apart.)
  struct RecordLinehaul : boost::default_dijkstra_visitor {
    std::uint32_t* linehaul_into;
    explicit RecordLinehaul(std::uint32_t* into) : linehaul_into(into) {}
    template <class Edge, class G>
    void edge_relaxed(Edge e, const G& g) const {
      linehaul_into[boost::target(e, g)] = g[e].linehaul;
    }
  };

  // Earliest-arrival search from `from` at `ready` towards `to`. Returns the earliest ready
  // time at `to`, i.e. the earliest arrival + min_connection (kNever if unreachable).
  //
  // Labels are ready times rather than arrival times so the origin needs no special case:
  // its label is `ready`, every other hub's is arrival + min_connection, and the combine
  // is the same for every edge.
  //
  // Goal direction (A* as Dijkstra on reduced costs; Hart, Nilsson and Raphael 1968): the
  // label stored for hub h is its ready time plus least_gap_(h -> to), a lower bound on what
  // is still to come. The bound is consistent (least_gap_(u) <= transit + min_connection +
  // least_gap_(v) for every linehaul u -> v), so labels still never decrease along a route
  // and the FIFO argument carries over; hubs are settled in order of their optimistic
  // arrival, so hubs that cannot beat `to` are not settled at all. The label of `to` is
  // unshifted (its gap is 0).
  //
  // Pruning (the combine returns kNever, "no improvement"): a label >= the current label of
  // `to` cannot improve it, and a hub that cannot reach `to` cannot either. Such hubs are
  // never queued; once `to` is settled only the queue's leftovers are scanned. The hubs of
  // an optimal route have labels <= the optimum, so they are pruned only once `to` already
  // has the optimum: the result is exact (by induction along the route), and so is the
  // predecessor chain from `to` (every label is that of a real route, and a settled hub's
  // label and predecessor never change). Labels of other hubs may be left too high.
  //
  // `zero` is passed as kNever: dijkstra_shortest_paths_no_init uses it only for its
  // negative-weight test compare(combine(zero, w), zero), and the pruning makes that one
  // comparison (combine(kNever, w) == kNever, which is not less) instead of a timetable
  // lookup per edge. The combine cannot decrease a label, so the test has nothing to catch.
  //
  // REQUIRES: to is reachable from `from` (least_gap_ finite).
  template <class Visitor>
  static Rep Forward(const HubGraph& g, std::uint32_t from, std::uint32_t to, Rep ready, Rep* label,
                     Color* color, Visitor visitor) {
    const std::size_t n = g.hub_count_;
    const Rep* const gap_to = g.least_gap_.data() + std::size_t{to} * n;
    std::fill(label, label + n, kNever);
    std::fill(color, color + n, boost::white_color);
    label[from] = ready + gap_to[from];
    const Rep* const bound = label + to;
    const Rep connection = g.min_connection_.ticks();
    const auto combine = [&g, bound, gap_to, connection](Rep t, std::uint32_t l) -> Rep {
      if (t >= *bound) return kNever;
      const Timetable& tt = g.timetables_[l];
      const Rep gap = gap_to[tt.to];
      if (gap == kNever) return kNever;
      const Rep r = Next(g, tt, t - gap_to[tt.from]) + tt.transit + connection + gap;
      return r < *bound ? r : kNever;
    };
    const auto index = boost::get(boost::vertex_index, g.forward_);
    boost::dijkstra_shortest_paths_no_init(g.forward_, from, boost::dummy_property_map(),
                                           boost::make_iterator_property_map(label, index),
                                           boost::get(&EdgeData::linehaul, g.forward_), index,
                                           std::less<Rep>(), combine, kNever, visitor,
                                           boost::make_iterator_property_map(color, index));
    return label[to];
  }

  // The mirror image of Forward on the reversed graph: the latest ready time at each hub
  // from which `to` is still reached with ready time `deadline` there (that is, by arrival
  // deadline - min_connection), into `latest` (kHopeless: cannot make it). Latest departure
  // over FIFO edges is Dijkstra with > for < (t -> PreviousDeparture(l, t - transit -
  // min_connection) is non-decreasing and strictly below t).
  //
  // Routes through `origin` are excluded (FirstLeg's contract). floor[h] is the earliest
  // time any candidate first leg could be ready at h (kNever: none can get there); a label
  // below it cannot make a candidate feasible, nor can anything derived from it, so it is
  // pruned. Labels along a feasible candidate's route are >= floor, so the label at its
  // head is exact. kHopeless < floor[h] makes `zero` = kHopeless a one-comparison test, as
  // kNever does in Forward.
  static void Backward(const HubGraph& g, std::uint32_t origin, std::uint32_t to, Rep deadline,
                       const Rep* floor, Rep* latest, Color* color) {
    const std::size_t n = g.hub_count_;
    std::fill(latest, latest + n, kHopeless);
    std::fill(color, color + n, boost::white_color);
    latest[to] = deadline;
    const Rep connection = g.min_connection_.ticks();
    const auto combine = [&g, origin, floor, connection](Rep t, std::uint32_t l) -> Rep {
      const Timetable& tt = g.timetables_[l];
      if (t < floor[tt.to] || tt.from == origin) return kHopeless;
      const Rep r = Previous(g, tt, t - tt.transit - connection);
      return r < floor[tt.from] ? kHopeless : r;
    };
    const auto index = boost::get(boost::vertex_index, g.backward_);
    boost::dijkstra_shortest_paths_no_init(g.backward_, to, boost::dummy_property_map(),
                                           boost::make_iterator_property_map(latest, index),
                                           boost::get(&EdgeData::linehaul, g.backward_), index,
                                           std::greater<Rep>(), combine, kHopeless,
                                           boost::default_dijkstra_visitor(),
                                           boost::make_iterator_property_map(color, index));
  }

  // least_gap_'s row for `to`: static shortest paths to `to` with weights
  // transit + min_connection, on the reversed graph.
  static void LeastGaps(const HubGraph& g, std::uint32_t to, Rep* gap, Color* color) {
    const std::size_t n = g.hub_count_;
    std::fill(gap, gap + n, kNever);
    std::fill(color, color + n, boost::white_color);
    gap[to] = 0;
    const Rep connection = g.min_connection_.ticks();
    const auto combine = [&g, connection](Rep d, std::uint32_t l) -> Rep {
      return d + g.timetables_[l].transit + connection;
    };
    const auto index = boost::get(boost::vertex_index, g.backward_);
    boost::dijkstra_shortest_paths_no_init(
        g.backward_, to, boost::dummy_property_map(), boost::make_iterator_property_map(gap, index),
        boost::get(&EdgeData::linehaul, g.backward_), index, std::less<Rep>(), combine, Rep{0},
        boost::default_dijkstra_visitor(), boost::make_iterator_property_map(color, index));
  }
};

HubGraph::HubGraph(std::uint32_t hub_count, std::vector<LinehaulSpec> linehauls,
                   SimTime min_connection)
    : hub_count_(hub_count),
      specs_(std::move(linehauls)),
      min_connection_(min_connection),
      forward_(hub_count),
      backward_(hub_count) {
  if (min_connection < SimTime::Zero()) {
    throw std::invalid_argument("HubGraph: min_connection " + min_connection.ToString() +
                                " is negative");
  }
  if (specs_.size() > std::numeric_limits<std::uint32_t>::max()) {
    throw std::invalid_argument("HubGraph: too many linehauls");
  }
  timetables_.reserve(specs_.size());
  for (std::size_t l = 0; l < specs_.size(); ++l) {
    const LinehaulSpec& s = specs_[l];
    if (s.from >= hub_count || s.to >= hub_count) {
      throw std::invalid_argument(
          LinehaulError(l, "hub " + std::to_string(s.from >= hub_count ? s.from : s.to) +
                               " out of range (hub_count " + std::to_string(hub_count) + ")"));
    }
    if (s.from == s.to) {
      throw std::invalid_argument(
          LinehaulError(l, "from and to are the same hub " + std::to_string(s.from)));
    }
    if (s.transit <= SimTime::Zero()) {
      throw std::invalid_argument(
          LinehaulError(l, "transit " + s.transit.ToString() + " is not positive"));
    }
    if (s.departures.empty()) throw std::invalid_argument(LinehaulError(l, "no departures"));
    const auto first = static_cast<std::uint32_t>(departures_.size());
    for (const SimTime d : s.departures) {
      if (d < SimTime::Zero() || d.ticks() >= kDay) {
        throw std::invalid_argument(
            LinehaulError(l, "departure " + d.ToString() + " outside [0, 24 h)"));
      }
      departures_.push_back(d.ticks());
    }
    const auto begin = departures_.begin() + first;
    std::sort(begin, departures_.end());
    departures_.erase(std::unique(begin, departures_.end()), departures_.end());
    timetables_.push_back({s.from, s.to, first,
                           static_cast<std::uint32_t>(departures_.size() - first),
                           s.transit.ticks()});
    min_transit_ = std::min(min_transit_, s.transit);
    boost::add_edge(s.from, s.to, EdgeData{static_cast<std::uint32_t>(l)}, forward_);
    boost::add_edge(s.to, s.from, EdgeData{static_cast<std::uint32_t>(l)}, backward_);
  }

  least_gap_.resize(std::size_t{hub_count} * hub_count);
  std::vector<Color> color(hub_count);
  for (std::uint32_t to = 0; to < hub_count; ++to) {
    Search::LeastGaps(*this, to, least_gap_.data() + std::size_t{to} * hub_count, color.data());
  }
}

void HubGraph::CheckHub(std::uint32_t hub) const {
  if (hub >= hub_count_) {
    throw std::out_of_range("HubGraph: hub " + std::to_string(hub) + " out of range (hub_count " +
                            std::to_string(hub_count_) + ")");
  }
}

void HubGraph::CheckLinehaul(std::uint32_t l) const {
  if (l >= timetables_.size()) {
    throw std::out_of_range("HubGraph: linehaul " + std::to_string(l) + " out of range (" +
                            std::to_string(timetables_.size()) + " linehauls)");
  }
}

SimTime HubGraph::NextDeparture(std::uint32_t l, SimTime t) const {
  CheckLinehaul(l);
  return SimTime::FromTicks(Search::Next(*this, timetables_[l], t.ticks()));
}

SimTime HubGraph::PreviousDeparture(std::uint32_t l, SimTime t) const {
  CheckLinehaul(l);
  return SimTime::FromTicks(Search::Previous(*this, timetables_[l], t.ticks()));
}

bool HubGraph::Reachable(std::uint32_t from, std::uint32_t to) const {
  CheckHub(from);
  CheckHub(to);
  return least_gap_[std::size_t{to} * hub_count_ + from] != kNever;
}

std::optional<SimTime> HubGraph::EarliestArrival(std::uint32_t from, std::uint32_t to,
                                                 SimTime ready) const {
  if (!Reachable(from, to)) return std::nullopt;
  if (from == to) return ready;
  std::array<std::byte, kStackScratchBytes> stack;
  std::pmr::monotonic_buffer_resource arena(stack.data(), stack.size());
  std::pmr::vector<Rep> label(hub_count_, &arena);
  std::pmr::vector<Color> color(hub_count_, &arena);
  const Rep target = Search::Forward(*this, from, to, ready.ticks(), label.data(), color.data(),
                                     boost::default_dijkstra_visitor());
  return SimTime::FromTicks(target - min_connection_.ticks());
}

std::optional<Leg> HubGraph::FirstLeg(std::uint32_t from, std::uint32_t to, SimTime ready) const {
  if (from == to) {
    throw std::invalid_argument("HubGraph::FirstLeg: from == to (hub " + std::to_string(from) +
                                ")");
  }
  if (!Reachable(from, to)) return std::nullopt;
  std::array<std::byte, kStackScratchBytes> stack;
  std::pmr::monotonic_buffer_resource arena(stack.data(), stack.size());
  std::pmr::vector<Rep> label(hub_count_, &arena);
  std::pmr::vector<Color> color(hub_count_, &arena);
  std::pmr::vector<std::uint32_t> linehaul_into(hub_count_, &arena);
  const Rep t0 = ready.ticks();
  const Rep connection = min_connection_.ticks();
  const Rep target = Search::Forward(*this, from, to, t0, label.data(), color.data(),
                                     Search::RecordLinehaul(linehaul_into.data()));
  const Rep arrival = target - connection;  // the earliest arrival at `to`

  // One first leg of an earliest-arrival route: walk the predecessor chain back.
  std::uint32_t best = linehaul_into[to];
  while (timetables_[best].from != from) best = linehaul_into[timetables_[best].from];
  Rep best_departure = Search::Next(*this, timetables_[best], t0);

  // The tie rule needs every first leg that ranks before it and can still start an
  // earliest-arrival route. A route that is not earliest at an intermediate hub can still
  // tie at `to` (waiting for the same later departure erases its lateness), so a single
  // Dijkstra tree does not settle ties; a backward pass gives the latest ready time at each
  // hub that still makes `arrival`, and a first leg is feasible iff it gets there by then.
  // Only the first departure of each linehaul counts: by FIFO a later one cannot do better.
  struct Candidate {
    std::uint32_t linehaul;
    Rep departure;
    Rep ready_at_head;
  };
  std::pmr::vector<Candidate> pending(&arena);
  const Rep* const gap_to = least_gap_.data() + std::size_t{to} * hub_count_;
  for (const auto e : boost::make_iterator_range(boost::out_edges(from, forward_))) {
    const std::uint32_t l = forward_[e].linehaul;
    const Timetable& tt = timetables_[l];
    const Rep departure = Search::Next(*this, tt, t0);
    if (std::pair(departure, l) >= std::pair(best_departure, best)) continue;
    const Rep arrive = departure + tt.transit;
    if (tt.to == to) {
      if (arrive == arrival) {  // exact: needs no backward pass
        best = l;
        best_departure = departure;
      }
    } else if (gap_to[tt.to] != kNever && arrive + connection + gap_to[tt.to] <= target) {
      pending.push_back({l, departure, arrive + connection});  // passed the no-waiting bound
    }
  }
  std::erase_if(pending, [&](const Candidate& c) {
    return std::pair(c.departure, c.linehaul) >= std::pair(best_departure, best);
  });
  if (!pending.empty()) {
    // floor[h]: the earliest any candidate can be ready at h, by least_gap_.
    std::pmr::vector<Rep> floor(hub_count_, kNever, &arena);
    for (std::uint32_t h = 0; h < hub_count_; ++h) {
      const Rep* const gap_to_h = least_gap_.data() + std::size_t{h} * hub_count_;
      for (const Candidate& c : pending) {
        const Rep gap = gap_to_h[timetables_[c.linehaul].to];
        if (gap != kNever) floor[h] = std::min(floor[h], c.ready_at_head + gap);
      }
    }
    Search::Backward(*this, from, to, target, floor.data(), label.data(), color.data());
    for (const Candidate& c : pending) {
      if (c.ready_at_head <= label[timetables_[c.linehaul].to] &&
          std::pair(c.departure, c.linehaul) < std::pair(best_departure, best)) {
        best = c.linehaul;
        best_departure = c.departure;
      }
    }
  }
  return Leg{best, SimTime::FromTicks(best_departure),
             SimTime::FromTicks(best_departure + timetables_[best].transit)};
}

HubGraph::HubGraph(const HubGraph&) = default;
HubGraph::HubGraph(HubGraph&&) noexcept = default;
HubGraph& HubGraph::operator=(const HubGraph&) = default;
HubGraph& HubGraph::operator=(HubGraph&&) noexcept = default;
HubGraph::~HubGraph() = default;

}  // namespace hubsim::network

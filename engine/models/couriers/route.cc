#include "engine/models/couriers/route.h"

#include <algorithm>
#include <cmath>
#include <deque>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <string>

namespace hubsim::couriers {
namespace {

// Safety net only: every applied move gains more than kMinGainKm, so the search ends by
// itself; this bounds it should rounding on absurd coordinates ever make gains illusory.
constexpr std::size_t kMaxMovesPerNode = 1000;
// Up to this many nodes (stops + 2) the distances are computed once into a matrix (8 MB at
// most); beyond, on the fly. Both give the same values, so the same route.
constexpr std::size_t kMaxMatrixNodes = 1024;

double SquaredDistance(Point a, Point b) {
  const double dx = a.x - b.x, dy = a.y - b.y;
  return dx * dx + dy * dy;
}

// The local search's state. Nodes 0..n-1 are the stops, n the start, n + 1 the end;
// tour_[0] == n and tour_[n + 1] == n + 1 always, and pos_ is tour_'s inverse.
//
// The search is driven by a FIFO queue of nodes with "don't look bits" (Bentley 1992, "Fast
// algorithms for geometric traveling salesman problems", ORSA J. Computing 4(4)): a node is
// examined for an improving move that touches it; if none, it leaves the queue until a later
// move changes one of its tour edges. This examines only where the tour changed, instead of
// every node on every pass. The queue starts with every node in tour order.
class PathSearch {
 public:
  PathSearch(Point start, const std::vector<Point>& stops, Point end)
      : n_(static_cast<std::uint32_t>(stops.size())), nodes_(n_ + 2), at_(stops) {
    at_.push_back(start);
    at_.push_back(end);
    if (nodes_ <= kMaxMatrixNodes) {
      matrix_.resize(nodes_ * nodes_);
      for (std::size_t a = 0; a < nodes_; ++a) {
        matrix_[a * nodes_ + a] = 0;
        for (std::size_t b = a + 1; b < nodes_; ++b) {
          matrix_[a * nodes_ + b] = matrix_[b * nodes_ + a] = Distance(at_[a], at_[b]);
        }
      }
    }
    BuildNeighbours();
    BuildNearestNeighbourTour();
  }

  void Improve() {
    std::deque<std::uint32_t> queue;
    std::vector<bool> queued(nodes_, false);
    const auto push = [&queue, &queued](std::uint32_t node) {
      if (queued[node]) return;
      queued[node] = true;
      queue.push_back(node);
    };
    for (const std::uint32_t node : tour_) push(node);
    const std::size_t max_moves = kMaxMovesPerNode * nodes_;
    for (std::size_t moves = 0; !queue.empty() && moves < max_moves;) {
      const std::uint32_t a = queue.front();
      queue.pop_front();
      queued[a] = false;
      touched_.clear();
      if (TwoOptFrom(a) || OrOptAround(a)) {
        ++moves;
        for (const std::uint32_t node : touched_) push(node);
      }
    }
  }

  std::vector<std::uint32_t> Order() const {
    return std::vector<std::uint32_t>(tour_.begin() + 1, tour_.end() - 1);
  }

 private:
  double D(std::uint32_t a, std::uint32_t b) const {
    return matrix_.empty() ? Distance(at_[a], at_[b]) : matrix_[a * nodes_ + b];
  }
  double DAt(std::size_t i, std::size_t j) const { return D(tour_[i], tour_[j]); }

  // Each node's nearest other nodes (the start and the end included), nearest first, ties
  // to the lower node number.
  void BuildNeighbours() {
    k_ = std::min<std::size_t>(kRouteNeighbours, nodes_ - 1);
    neighbours_.resize(nodes_ * k_);
    std::vector<std::pair<double, std::uint32_t>> others;
    others.reserve(nodes_ - 1);
    for (std::uint32_t a = 0; a < nodes_; ++a) {
      others.clear();
      for (std::uint32_t b = 0; b < nodes_; ++b) {
        if (b != a) others.push_back({SquaredDistance(at_[a], at_[b]), b});
      }
      std::partial_sort(others.begin(), others.begin() + static_cast<std::ptrdiff_t>(k_),
                        others.end());
      for (std::size_t r = 0; r < k_; ++r) neighbours_[a * k_ + r] = others[r].second;
    }
  }

  void BuildNearestNeighbourTour() {
    tour_.assign(nodes_, 0);
    pos_.assign(nodes_, 0);
    tour_[0] = n_;
    tour_[n_ + 1] = n_ + 1;
    std::vector<bool> visited(n_, false);
    std::uint32_t here = n_;
    for (std::uint32_t step = 1; step <= n_; ++step) {
      std::uint32_t best = 0;
      double best_d = std::numeric_limits<double>::infinity();
      for (std::uint32_t s = 0; s < n_; ++s) {
        if (visited[s]) continue;
        const double d = SquaredDistance(at_[here], at_[s]);
        if (d < best_d) {
          best_d = d;
          best = s;
        }
      }
      visited[best] = true;
      tour_[step] = best;
      here = best;
    }
    Renumber(0, n_ + 1);
  }

  void Renumber(std::size_t from, std::size_t to) {
    for (std::size_t i = from; i <= to; ++i) pos_[tour_[i]] = static_cast<std::uint32_t>(i);
  }

  // 2-opt move (x, y): reverse tour_[x+1..y], replacing the edges (x, x+1) and (y, y+1) by
  // (x, y) and (x+1, y+1). Applies it and returns true when it gains more than kMinGainKm.
  // Positions outside 0 <= x, x + 1 < y <= n (which would move an endpoint) are refused.
  bool TryTwoOpt(std::int64_t x, std::int64_t y) {
    if (x < 0 || x + 1 >= y || y > static_cast<std::int64_t>(n_)) return false;
    const auto i = static_cast<std::size_t>(x), j = static_cast<std::size_t>(y);
    const double delta = DAt(i, j) + DAt(i + 1, j + 1) - DAt(i, i + 1) - DAt(j, j + 1);
    if (!(delta < -kMinGainKm)) return false;
    touched_ = {tour_[i], tour_[i + 1], tour_[j], tour_[j + 1]};
    std::reverse(tour_.begin() + static_cast<std::ptrdiff_t>(i + 1),
                 tour_.begin() + static_cast<std::ptrdiff_t>(j + 1));
    Renumber(i + 1, j);
    return true;
  }

  // The 2-opt moves that join node a to one of its neighbours c, removing either a's
  // successor edge and c's, or their predecessor edges. First improvement. Only neighbours
  // nearer than the removed edge of a are tried (the gain criterion of Lin and Kernighan
  // 1973, "An effective heuristic algorithm for the traveling-salesman problem", Operations
  // Research 21(2): every improving 2-opt move has an end where the new edge is shorter than
  // the old one, and is found from there if the other node is among that end's neighbours);
  // the lists are sorted, so the scan stops at the first neighbour too far for both.
  bool TwoOptFrom(std::uint32_t a) {
    const std::int64_t i = pos_[a];
    const double to_succ = i <= n_ ? DAt(i, i + 1) : -1;  // -1: a is the end
    const double to_pred = i >= 1 ? DAt(i - 1, i) : -1;   // -1: a is the start
    for (std::size_t r = 0; r < k_; ++r) {
      const std::uint32_t c = neighbours_[a * k_ + r];
      const double new_edge = D(a, c);
      const bool succ = new_edge < to_succ, pred = new_edge < to_pred;
      if (!succ && !pred) break;
      const std::int64_t j = pos_[c];
      const bool applied = j > i ? (succ && TryTwoOpt(i, j)) || (pred && TryTwoOpt(i - 1, j - 1))
                                 : (succ && TryTwoOpt(j, i)) || (pred && TryTwoOpt(j - 1, i - 1));
      if (applied) return true;
    }
    return false;
  }

  // Or-opt move: the chain tour_[s..e] (1 <= s <= e <= n) moved between tour_[k] and
  // tour_[k+1] (k outside [s-1, e]), reversed if that is strictly shorter; `removal` is the
  // chain's saving where it is, d(s-1, s) + d(e, e+1) - d(s-1, e+1). Applies the move and
  // returns true when it gains more than kMinGainKm.
  bool TryOrOpt(std::size_t s, std::size_t e, double removal, std::int64_t k_signed) {
    if (k_signed < 0 || k_signed > static_cast<std::int64_t>(n_)) return false;
    const auto k = static_cast<std::size_t>(k_signed);
    if (k + 1 >= s && k <= e) return false;
    const double forward = DAt(k, s) + DAt(e, k + 1);
    const double reversed = DAt(k, e) + DAt(s, k + 1);
    const bool reverse = reversed < forward;
    const double delta = (reverse ? reversed : forward) - DAt(k, k + 1) - removal;
    if (!(delta < -kMinGainKm)) return false;
    touched_ = {tour_[s - 1], tour_[s], tour_[e], tour_[e + 1], tour_[k], tour_[k + 1]};
    const auto it = [this](std::size_t i) {
      return tour_.begin() + static_cast<std::ptrdiff_t>(i);
    };
    const std::size_t length = e - s + 1;
    std::size_t chain, from, to;  // the chain's new first position; the range that moved
    if (k > e) {
      std::rotate(it(s), it(e + 1), it(k + 1));
      chain = k + 1 - length;
      from = s;
      to = k;
    } else {
      std::rotate(it(k + 1), it(s), it(e + 1));
      chain = k + 1;
      from = k + 1;
      to = e;
    }
    if (reverse) std::reverse(it(chain), it(chain + length));
    Renumber(from, to);
    return true;
  }

  // The Or-opt moves of every chain of 1..3 stops that begins or ends at node a, to the
  // edges on either side of a neighbour c of either of the chain's ends u. First improvement.
  // As for 2-opt, only neighbours with d(u, c) below the chain's saving where it is are tried:
  // a heuristic cut here (an insertion into a long edge can gain with a longer d(u, c)), which
  // on random instances halves the time and leaves the routes' lengths unchanged within 0.1 %.
  bool OrOptAround(std::uint32_t a) {
    const std::size_t p = pos_[a];
    if (p == 0 || p == n_ + 1) return false;  // the start and the end stay put
    for (std::size_t length = 1; length <= 3; ++length) {
      for (const bool a_first : {true, false}) {
        if (length == 1 && !a_first) continue;  // the same chain twice
        if (!a_first && p < length) continue;
        const std::size_t s = a_first ? p : p + 1 - length;
        const std::size_t e = s + length - 1;
        if (e > n_) continue;
        const double removal = DAt(s - 1, s) + DAt(e, e + 1) - DAt(s - 1, e + 1);
        for (const std::size_t end : {s, e}) {
          const std::uint32_t u = tour_[end];
          for (std::size_t r = 0; r < k_; ++r) {
            const std::uint32_t c = neighbours_[u * k_ + r];
            if (D(u, c) >= removal) break;
            const std::int64_t j = pos_[c];
            if (TryOrOpt(s, e, removal, j) || TryOrOpt(s, e, removal, j - 1)) return true;
          }
          if (s == e) break;
        }
      }
    }
    return false;
  }

  std::uint32_t n_;
  std::size_t nodes_;                      // n_ + 2
  std::vector<Point> at_;                  // by node
  std::vector<double> matrix_;             // D by node pair, or empty
  std::size_t k_ = 0;                      // neighbours per node
  std::vector<std::uint32_t> neighbours_;  // node a's at [a * k_, (a + 1) * k_)
  std::vector<std::uint32_t> tour_;        // nodes by position
  std::vector<std::uint32_t> pos_;         // positions by node
  std::vector<std::uint32_t> touched_;     // the ends of the edges the last move changed
};

void CheckFirst(const char* function, std::size_t first, std::size_t n) {
  if (first > n) {
    throw std::invalid_argument(std::string(function) + ": first " + std::to_string(first) +
                                " beyond the path's " + std::to_string(n) + " stops");
  }
}

}  // namespace

std::vector<std::uint32_t> PlanRoute(Point start, const std::vector<Point>& stops, Point end) {
  if (stops.size() >= std::numeric_limits<std::uint32_t>::max() - 2) {
    throw std::invalid_argument("PlanRoute: too many stops");
  }
  if (stops.size() <= 1) return std::vector<std::uint32_t>(stops.size(), 0);
  PathSearch search(start, stops, end);
  search.Improve();
  return search.Order();
}

double RouteLength(Point start, const std::vector<Point>& stops,
                   const std::vector<std::uint32_t>& order, Point end) {
  double length = 0;
  Point here = start;
  for (const std::uint32_t s : order) {
    const Point next = stops.at(s);
    length += Distance(here, next);
    here = next;
  }
  return length + Distance(here, end);
}

void InsertionCosts(Point start, const std::vector<Point>& path, Point end, Point p,
                    std::size_t first, std::vector<double>& added_km_out) {
  const std::size_t n = path.size();
  CheckFirst("InsertionCosts", first, n);
  added_km_out.resize(n - first + 1);
  for (std::size_t i = first; i <= n; ++i) {
    const Point prev = i == 0 ? start : path[i - 1];
    const Point next = i == n ? end : path[i];
    added_km_out[i - first] = Distance(prev, p) + Distance(p, next) - Distance(prev, next);
  }
}

Insertion CheapestInsertion(Point start, const std::vector<Point>& path, Point end, Point p,
                            std::size_t first) {
  const std::size_t n = path.size();
  CheckFirst("CheapestInsertion", first, n);
  Insertion best{first, std::numeric_limits<double>::infinity()};
  for (std::size_t i = first; i <= n; ++i) {
    const Point prev = i == 0 ? start : path[i - 1];
    const Point next = i == n ? end : path[i];
    const double added = Distance(prev, p) + Distance(p, next) - Distance(prev, next);
    if (added < best.added_km) best = {i, added};
  }
  return best;
}

double OptimalRouteLength(Point start, const std::vector<Point>& stops, Point end) {
  constexpr std::size_t kMaxStops = 16;
  const std::size_t n = stops.size();
  if (n > kMaxStops) {
    throw std::invalid_argument("OptimalRouteLength: more than 16 stops (" + std::to_string(n) +
                                ")");
  }
  if (n == 0) return Distance(start, end);
  std::vector<double> d(n * n);
  for (std::size_t a = 0; a < n; ++a) {
    for (std::size_t b = 0; b < n; ++b) d[a * n + b] = Distance(stops[a], stops[b]);
  }
  // best[mask * n + last]: the shortest path from start through exactly the stops of mask,
  // ending at last (a member of mask).
  const std::size_t subsets = std::size_t{1} << n;
  constexpr double kInf = std::numeric_limits<double>::infinity();
  std::vector<double> best(subsets * n, kInf);
  for (std::size_t s = 0; s < n; ++s)
    best[(std::size_t{1} << s) * n + s] = Distance(start, stops[s]);
  for (std::size_t mask = 1; mask < subsets; ++mask) {
    for (std::size_t last = 0; last < n; ++last) {
      const double here = best[mask * n + last];
      if (here == kInf) continue;
      for (std::size_t next = 0; next < n; ++next) {
        if (mask & (std::size_t{1} << next)) continue;
        double& there = best[(mask | (std::size_t{1} << next)) * n + next];
        there = std::min(there, here + d[last * n + next]);
      }
    }
  }
  double shortest = kInf;
  for (std::size_t last = 0; last < n; ++last) {
    shortest = std::min(shortest, best[(subsets - 1) * n + last] + Distance(stops[last], end));
  }
  return shortest;
}

double BhhEstimate(std::size_t n, double area_km2) {
  if (!(area_km2 >= 0)) throw std::invalid_argument("BhhEstimate: negative area");
  constexpr double kBeta = 0.7124;
  return kBeta * std::sqrt(static_cast<double>(n) * area_km2);
}

}  // namespace hubsim::couriers

// A courier's route through its stops, planned in the plane: an open path from a start (the
// outlet, or wherever the courier is) through every stop once to an end (usually the outlet).
//
// Algorithms and sources:
// - PlanRoute: nearest-neighbour construction from the start, then local search by 2-opt
//   (reversal of a segment; Lin 1965, "Computer solutions of the traveling salesman
//   problem", Bell System Technical Journal 44) and Or-opt (moving a chain of 1..3
//   consecutive stops elsewhere, either way round; Or 1976, "Traveling salesman-type
//   combinatorial problems and their relation to the logistics of regional blood banking",
//   PhD thesis, Northwestern University). Moves are taken first-improvement until none gains
//   more than kMinGainKm. Candidate moves are those that create an edge between a node and
//   one of its kRouteNeighbours nearest nodes (neighbour lists), and only nodes next to a
//   recent change are re-examined (don't-look bits; both from Bentley 1992, "Fast algorithms
//   for geometric traveling salesman problems", ORSA J. Computing 4(4)). The endpoints stay
//   fixed: a move never displaces the start or the end.
//   Cost: O(n^2) for the distance matrix (up to 1,022 stops, 8 MB; beyond, distances on the
//   fly and O(n k) memory), the neighbour lists and the construction; the local search
//   examines O(n) nodes in practice, O(k) moves each, and O(n) per applied move. Measured in
//   bench/route_bench.cc: n = 200 in about 1 ms of CPU. Quality: on uniform random instances
//   0.2 % above the optimum on average for n <= 10, and at n = 200 11 % above the BHH
//   estimate (which the optimum itself exceeds at finite n, the square's edges adding
//   length); see tests/models/couriers/route_test.cc.
// - CheapestInsertion, InsertionCosts: the insertion step of insertion heuristics (Rosenkrantz,
//   Stearns and Lewis 1977, "An analysis of several heuristics for the traveling salesman
//   problem", SIAM J. Computing 6(3)). O(n).
// - OptimalRouteLength: Held-Karp dynamic programming over subsets (Held and Karp 1962, "A
//   dynamic programming approach to sequencing problems", J. SIAM 10(1)). O(2^n n^2) time,
//   O(2^n n) memory: n = 16 takes about 10^7 steps and 8 MB.
// - BhhEstimate: the Beardwood-Halton-Hammersley limit (Beardwood, Halton and Hammersley
//   1959, "The shortest path through many points", Proc. Cambridge Phil. Soc. 55): the
//   optimal tour through n uniform random points of a region of area A is about
//   beta sqrt(n A), with beta ~= 0.7124 (Johnson, McGeoch and Rothberg 1996, "Asymptotic
//   experimental analysis for the Held-Karp traveling salesman bound").
//
// Contracts: every function is pure and deterministic (same input, same output, bit for bit:
// ties are broken by stop index or by position, never by address or hashing) and thread-safe
// (no shared state). Distances are Distance() of geometry.h.
#ifndef HUBSIM_ENGINE_MODELS_COURIERS_ROUTE_H_
#define HUBSIM_ENGINE_MODELS_COURIERS_ROUTE_H_

#include <cstddef>
#include <cstdint>
#include <vector>

#include "engine/models/couriers/geometry.h"

namespace hubsim::couriers {

// A local-search move is applied only if it shortens the route by more than this (km): it
// makes every applied move a real gain despite rounding, so the search terminates.
inline constexpr double kMinGainKm = 1e-9;
// Nodes (stops, start and end) whose nearest nodes PlanRoute's moves try to join to each.
inline constexpr std::size_t kRouteNeighbours = 12;

// The order in which to visit `stops`, from `start` to `end`: a permutation of
// 0..stops.size()-1 (empty for no stop). A local optimum of the 2-opt and Or-opt moves the
// search tries (see the file comment), not the optimum. REQUIRES finite coordinates
// (not checked) and stops.size() < 2^32 - 2.
std::vector<std::uint32_t> PlanRoute(Point start, const std::vector<Point>& stops, Point end);

// Length of start -> stops[order[0]] -> ... -> stops[order.back()] -> end, km (start -> end
// when order is empty). `order` need not be a permutation. REQUIRES every index of order <
// stops.size() (checked, std::out_of_range).
double RouteLength(Point start, const std::vector<Point>& stops,
                   const std::vector<std::uint32_t>& order, Point end);

struct Insertion {
  std::size_t position;  // insert before path[position]; path.size() = before the end
  double added_km;       // d(prev, p) + d(p, next) - d(prev, next)
};

// Cheapest insertion of `p` into the path start -> path[0] -> ... -> path[n-1] -> end: the
// position i in [first, n] with the least added distance, ties to the earliest position.
// REQUIRES first <= path.size() (checked, std::invalid_argument).
Insertion CheapestInsertion(Point start, const std::vector<Point>& path, Point end, Point p,
                            std::size_t first = 0);

// The added distance of inserting `p` at every allowed position, so that the caller can apply
// its own rules (deadlines): added_km_out[i - first] for i in [first, n], resized to
// n - first + 1. The same figures as CheapestInsertion's, bit for bit.
// REQUIRES first <= path.size() (checked, std::invalid_argument).
void InsertionCosts(Point start, const std::vector<Point>& path, Point end, Point p,
                    std::size_t first, std::vector<double>& added_km_out);

// The length of the shortest route start -> every stop once -> end, km (exact, Held-Karp).
// For tests and as a reference. REQUIRES stops.size() <= 16 (checked, std::invalid_argument).
double OptimalRouteLength(Point start, const std::vector<Point>& stops, Point end);

// 0.7124 sqrt(n area_km2): the expected length (km) of an optimal closed tour through n
// uniform random points of a region of area_km2, as n grows. Finite n in a square with edges
// runs longer (the boundary effect, several per cent at n = 200); a path from and back to an
// outlet among the points is a closed tour through n + 1 points.
// REQUIRES area_km2 >= 0 (checked, std::invalid_argument).
double BhhEstimate(std::size_t n, double area_km2);

}  // namespace hubsim::couriers

#endif  // HUBSIM_ENGINE_MODELS_COURIERS_ROUTE_H_

#include "engine/models/couriers/territories.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <numeric>
#include <stdexcept>

namespace hubsim::couriers {
namespace {

constexpr double kTwoPi = 2 * std::numbers::pi;

// The balanced split of `items` items into `parts` contiguous blocks, the first items % parts
// blocks one longer: the first item of block `part` (items for part == parts).
std::uint64_t BlockFirst(std::uint64_t part, std::uint64_t items, std::uint64_t parts) {
  const std::uint64_t size = items / parts, longer = items % parts;
  return part * size + std::min(part, longer);
}

// The block of `item` (< items) in the split above.
std::uint64_t BlockOf(std::uint64_t item, std::uint64_t items, std::uint64_t parts) {
  const std::uint64_t size = items / parts, longer = items % parts;
  const std::uint64_t in_longer = longer * (size + 1);  // items held by the longer blocks
  if (item < in_longer) return item / (size + 1);
  return longer + (item - in_longer) / size;  // size > 0 here: else in_longer == items
}

double AngleOf(Point p) {
  return std::atan2(p.y, p.x);
}

}  // namespace

Territories::Territories(const std::vector<Point>& points, std::uint32_t sectors)
    : sectors_(sectors) {
  if (sectors < 1) throw std::invalid_argument("Territories: sectors must be at least 1");
  if (points.empty()) throw std::invalid_argument("Territories: no points");
  for (const Point& p : points) {
    if (!std::isfinite(p.x) || !std::isfinite(p.y)) {
      throw std::invalid_argument("Territories: a point has a non-finite coordinate");
    }
  }
  const std::size_t n = points.size();
  std::vector<double> angle(n);
  for (std::size_t i = 0; i < n; ++i) angle[i] = AngleOf(points[i]);
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [&angle](std::size_t a, std::size_t b) {
    return angle[a] != angle[b] ? angle[a] < angle[b] : a < b;
  });

  // The gap after order[k] reaches order[k + 1], the last one wrapping round; the widest
  // (the first of equals) opens the sweep.
  std::size_t widest = n - 1;
  double widest_gap = angle[order[0]] + kTwoPi - angle[order[n - 1]];
  for (std::size_t k = 0; k + 1 < n; ++k) {
    const double gap = angle[order[k + 1]] - angle[order[k]];
    if (gap > widest_gap || (gap == widest_gap && k < widest)) {
      widest_gap = gap;
      widest = k;
    }
  }
  start_angle_ = angle[order[widest]] + widest_gap / 2;
  if (start_angle_ > std::numbers::pi) start_angle_ -= kTwoPi;

  sector_of_point_.resize(n);
  std::vector<double> sweep(n);  // sweep angle at each sweep position
  for (std::size_t m = 0; m < n; ++m) {
    const std::size_t i = order[(widest + 1 + m) % n];
    sweep[m] = SweepAngle(points[i]);
    sector_of_point_[i] = static_cast<std::uint32_t>(BlockOf(m, n, sectors));
  }
  boundaries_.resize(sectors - 1);
  for (std::uint32_t s = 1; s < sectors; ++s) {
    const std::uint64_t first = BlockFirst(s, n, sectors);  // >= 1 as n >= 1
    double boundary = first < n ? (sweep[first - 1] + sweep[first]) / 2 : kTwoPi;
    // Keep the boundaries sorted even if rounding disordered two sweep angles an ulp apart.
    if (s > 1) boundary = std::max(boundary, boundaries_[s - 2]);
    boundaries_[s - 1] = boundary;
  }
}

double Territories::SweepAngle(Point p) const {
  double a = AngleOf(p) - start_angle_;
  if (a < 0) a += kTwoPi;
  // A location an ulp before the start: 2 pi rounded; it belongs at the start, not beyond.
  if (a >= kTwoPi) a = 0;
  return a;
}

std::uint32_t Territories::SectorOf(Point p) const {
  if (p.x == 0 && p.y == 0) return 0;
  const double a = SweepAngle(p);
  return static_cast<std::uint32_t>(std::upper_bound(boundaries_.begin(), boundaries_.end(), a) -
                                    boundaries_.begin());
}

std::uint32_t Territories::OwnerOf(std::uint32_t sector, std::uint32_t sectors,
                                   std::uint32_t couriers) {
  if (couriers < 1) throw std::invalid_argument("Territories::OwnerOf: no courier");
  if (sector >= sectors) throw std::invalid_argument("Territories::OwnerOf: no such sector");
  return static_cast<std::uint32_t>(BlockOf(sector, sectors, couriers));
}

std::uint32_t Territories::FirstSector(std::uint32_t courier, std::uint32_t sectors,
                                       std::uint32_t couriers) {
  if (couriers < 1) throw std::invalid_argument("Territories::FirstSector: no courier");
  if (courier > couriers) {
    throw std::invalid_argument("Territories::FirstSector: courier beyond couriers");
  }
  return static_cast<std::uint32_t>(BlockFirst(courier, sectors, couriers));
}

}  // namespace hubsim::couriers

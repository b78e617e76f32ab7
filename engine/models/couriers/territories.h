// Couriers' territories: the delivery area cut into angular sectors around the outlet, each
// holding the same number of delivery points (within one), and the sectors shared out among
// the couriers on duty in contiguous blocks.
//
// Algorithm: a sweep (polar sort) of the points by angle around the outlet, the sector
// partitioning of the sweep heuristic for vehicle routing (Gillett and Miller 1974, "A
// heuristic algorithm for the vehicle-dispatch problem", Operations Research 22(2)) with
// counts instead of capacities. The sweep starts in the middle of the widest angular gap
// between consecutive points, so no sector spans an empty wedge (a lake, a park). The
// boundary between two sectors is the bisector of the angles of the last point of the one and
// the first point of the next, and any location (a pickup address) is assigned by comparing
// its angle with the boundaries. Cost: construction O(n log n) for n points (the sort), memory
// O(n + sectors); SectorOfPoint O(1); SectorOf O(log sectors).
//
// Conventions: angles are std::atan2(y, x); a point exactly at the outlet has no direction and
// is swept as if at angle 0 (SectorOf({0, 0}) is 0 by definition, whatever SectorOfPoint says
// of such points). When there are more sectors than points the trailing sectors are empty:
// they hold no point and SectorOf never returns them.
//
// Contracts: deterministic (ties in angle broken by point index); immutable after
// construction, so every const method may be called from any number of threads at once.
#ifndef HUBSIM_ENGINE_MODELS_COURIERS_TERRITORIES_H_
#define HUBSIM_ENGINE_MODELS_COURIERS_TERRITORIES_H_

#include <cstddef>
#include <cstdint>
#include <vector>

#include "engine/models/couriers/geometry.h"

namespace hubsim::couriers {

class Territories {
 public:
  // Sector s (0-based, in sweep order, counter-clockwise) holds the points at sweep positions
  // [First(s), First(s + 1)) where First(s) = s * (n / sectors) + min(s, n % sectors): the
  // first n % sectors sectors hold one point more than the others.
  // REQUIRES (checked, std::invalid_argument): sectors >= 1, points non-empty, every
  // coordinate finite.
  Territories(const std::vector<Point>& points, std::uint32_t sectors);

  std::uint32_t sectors() const { return sectors_; }

  // The sector of points[point_index] of the constructor. REQUIRES point_index < n (checked,
  // std::out_of_range).
  std::uint32_t SectorOfPoint(std::size_t point_index) const {
    return sector_of_point_.at(point_index);
  }

  // The sector whose angular range holds p's direction: the sector of the constructor's points
  // for each of them except those lying exactly on a boundary (equal angles split between two
  // sectors); 0 for the origin itself. Locations in the widest gap go to the sector on their
  // side of its bisector (the first or the last non-empty sector).
  std::uint32_t SectorOf(Point p) const;

  // The split of `sectors` sectors among `couriers` couriers on duty: courier i (0-based) owns
  // sectors [FirstSector(i), FirstSector(i + 1)), contiguous blocks whose sizes differ by at
  // most one, the larger blocks to the lower-numbered couriers. With more couriers than
  // sectors, couriers 0..sectors-1 own one sector each and couriers sectors..couriers-1 own
  // none (FirstSector(i) == FirstSector(i + 1) == sectors).
  // REQUIRES (checked, std::invalid_argument): couriers >= 1; sector < sectors (OwnerOf);
  // courier <= couriers (FirstSector; FirstSector(couriers) == sectors).
  static std::uint32_t OwnerOf(std::uint32_t sector, std::uint32_t sectors, std::uint32_t couriers);
  static std::uint32_t FirstSector(std::uint32_t courier, std::uint32_t sectors,
                                   std::uint32_t couriers);

 private:
  // p's angle counter-clockwise from the sweep's start, in [0, 2 pi).
  double SweepAngle(Point p) const;

  std::uint32_t sectors_;
  double start_angle_ = 0;  // the bisector of the widest gap, in (-pi, pi]
  // boundaries_[s - 1] is the sweep angle where sector s begins, s in 1..sectors-1,
  // non-decreasing; 2 pi (never reached) for empty sectors.
  std::vector<double> boundaries_;
  std::vector<std::uint32_t> sector_of_point_;
};

}  // namespace hubsim::couriers

#endif  // HUBSIM_ENGINE_MODELS_COURIERS_TERRITORIES_H_

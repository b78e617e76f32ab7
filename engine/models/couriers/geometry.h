// Plane geometry of an outlet's delivery area: locations in km relative to the outlet, which
// sits at the origin, and the straight-line (Euclidean) distance between them. Road distance
// is not modelled here; callers that need it scale or detour these figures themselves.
//
// Thread safety: values and pure functions.
#ifndef HUBSIM_ENGINE_MODELS_COURIERS_GEOMETRY_H_
#define HUBSIM_ENGINE_MODELS_COURIERS_GEOMETRY_H_

#include <cmath>

namespace hubsim::couriers {

// A location, km east (x) and north (y) of the outlet.
struct Point {
  double x = 0, y = 0;
};

// Euclidean distance, km: the one definition every function of this library and the
// network model use, so that lengths computed in different places agree to the last bit.
// sqrt of the squares rather than std::hypot: coordinates are km within a zone (at most
// 1,000 km), far from overflow or underflow, and hypot's guards cost 5 % of the default
// scenario's run time (perf).
inline double Distance(Point a, Point b) {
  const double dx = a.x - b.x, dy = a.y - b.y;
  return std::sqrt(dx * dx + dy * dy);
}

}  // namespace hubsim::couriers

#endif  // HUBSIM_ENGINE_MODELS_COURIERS_GEOMETRY_H_

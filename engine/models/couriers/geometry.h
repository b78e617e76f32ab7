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

// Euclidean distance, km. std::hypot avoids overflow and underflow of the squares, and is the
// one definition every function of this library uses, so that lengths computed in different
// places agree to the last bit.
inline double Distance(Point a, Point b) {
  return std::hypot(a.x - b.x, a.y - b.y);
}

}  // namespace hubsim::couriers

#endif  // HUBSIM_ENGINE_MODELS_COURIERS_GEOMETRY_H_

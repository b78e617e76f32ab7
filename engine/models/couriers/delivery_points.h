// Delivery (or pickup) addresses of an outlet's area: random points in a disc around the
// outlet, spread evenly or in clusters (town centres, estates, business parks).
//
// Algorithm: a uniform point of a disc of radius R is (R sqrt(U1), 2 pi U2) in polar
// coordinates (inverse transform of the radius' density 2r / R^2). Clustered points are a
// Thomas-like cluster process (Thomas 1949, "A generalization of Poisson's binomial limit for
// use in ecology", Biometrika 36): uniform centres, and each point a centre chosen uniformly
// plus an isotropic Gaussian offset, redrawn while it falls outside the disc. Cost: O(count)
// draws (clustered: expected redraws per point 1 / P(inside), at most kMaxRedraws).
//
// Contracts: deterministic, a pure function of the rng's state and the arguments (the draws
// are listed at DrawPoints); thread-safe (no shared state; the rng is the caller's).
#ifndef HUBSIM_ENGINE_MODELS_COURIERS_DELIVERY_POINTS_H_
#define HUBSIM_ENGINE_MODELS_COURIERS_DELIVERY_POINTS_H_

#include <cstddef>
#include <cstdint>
#include <vector>

#include "engine/models/couriers/geometry.h"
#include "hubsim/rng.h"

namespace hubsim::couriers {

enum class PointLayout { kUniform, kClustered };

// Gaussian draws of a clustered point beyond this many outside the disc give up: the last one
// is pulled onto the disc's edge (only likely when cluster_sigma_share is large).
inline constexpr int kMaxRedraws = 64;

// `count` points in the disc of radius `radius_km` around the outlet (0, 0); every returned
// point p has Distance({0, 0}, p) <= radius_km exactly (in floating point).
// - kUniform: uniform over the disc. Draws, per point: Uniform01 for the radius, Uniform01
//   for the angle.
// - kClustered: first `clusters` centres, uniform over the disc of radius 0.7 radius_km (two
//   Uniform01 each, as above); then per point UniformInt(clusters) for its centre and pairs of
//   Normal(0, cluster_sigma_share * radius_km) (x, then y) added to the centre until the
//   point is inside the disc, at most kMaxRedraws pairs, after which the last is scaled
//   back onto the edge.
// REQUIRES (checked, std::invalid_argument): count >= 1, radius_km > 0 and finite,
// clusters >= 1, cluster_sigma_share >= 0 and finite (both unused for kUniform but checked).
std::vector<Point> DrawPoints(RngStream& rng, std::size_t count, double radius_km,
                              PointLayout layout, std::uint32_t clusters,
                              double cluster_sigma_share);

}  // namespace hubsim::couriers

#endif  // HUBSIM_ENGINE_MODELS_COURIERS_DELIVERY_POINTS_H_

#include "engine/models/couriers/delivery_points.h"

#include <cmath>
#include <numbers>
#include <stdexcept>

namespace hubsim::couriers {
namespace {

constexpr Point kOrigin{};

// p itself when it lies in the disc, else p scaled onto the disc's edge. The scaled point can
// land an ulp outside after rounding, so it is shrunk until the contract of DrawPoints holds.
Point ClampToDisc(Point p, double radius_km) {
  const double r = Distance(kOrigin, p);
  if (r <= radius_km) return p;
  const double scale = radius_km / r;
  p = {p.x * scale, p.y * scale};
  while (Distance(kOrigin, p) > radius_km) {
    p = {p.x * (1 - 0x1p-52), p.y * (1 - 0x1p-52)};
  }
  return p;
}

Point UniformInDisc(RngStream& rng, double radius_km) {
  const double r = radius_km * std::sqrt(rng.Uniform01());
  const double angle = 2 * std::numbers::pi * rng.Uniform01();
  // r may round up to radius_km itself (sqrt of the largest Uniform01 is 1).
  return ClampToDisc({r * std::cos(angle), r * std::sin(angle)}, radius_km);
}

}  // namespace

std::vector<Point> DrawPoints(RngStream& rng, std::size_t count, double radius_km,
                              PointLayout layout, std::uint32_t clusters,
                              double cluster_sigma_share) {
  if (count < 1) throw std::invalid_argument("DrawPoints: count must be at least 1");
  if (!(radius_km > 0) || !std::isfinite(radius_km)) {
    throw std::invalid_argument("DrawPoints: radius_km must be positive and finite");
  }
  if (clusters < 1) throw std::invalid_argument("DrawPoints: clusters must be at least 1");
  if (!(cluster_sigma_share >= 0) || !std::isfinite(cluster_sigma_share)) {
    throw std::invalid_argument("DrawPoints: cluster_sigma_share must be >= 0 and finite");
  }

  std::vector<Point> points;
  points.reserve(count);
  if (layout == PointLayout::kUniform) {
    for (std::size_t i = 0; i < count; ++i) points.push_back(UniformInDisc(rng, radius_km));
    return points;
  }

  // Centres no further than 0.7 R out, so that every cluster keeps most of its mass inside.
  constexpr double kCentreRadiusShare = 0.7;
  std::vector<Point> centres;
  centres.reserve(clusters);
  for (std::uint32_t c = 0; c < clusters; ++c) {
    centres.push_back(UniformInDisc(rng, kCentreRadiusShare * radius_km));
  }
  const double sigma = cluster_sigma_share * radius_km;
  for (std::size_t i = 0; i < count; ++i) {
    const Point centre = centres[rng.UniformInt(clusters)];
    Point p;
    for (int attempt = 0; attempt < kMaxRedraws; ++attempt) {
      const double dx = rng.Normal(0, sigma);
      const double dy = rng.Normal(0, sigma);
      p = {centre.x + dx, centre.y + dy};
      if (Distance(kOrigin, p) <= radius_km) break;
    }
    points.push_back(ClampToDisc(p, radius_km));
  }
  return points;
}

}  // namespace hubsim::couriers

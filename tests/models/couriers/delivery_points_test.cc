// DrawPoints: the disc contract, the uniform layout's radial law, the clustered layout's
// concentration, determinism and the checked preconditions.
#include "engine/models/couriers/delivery_points.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <set>
#include <stdexcept>
#include <utility>
#include <vector>

#include "hubsim/rng.h"

namespace hubsim::couriers {
namespace {

constexpr Point kOutlet{};

// Mean distance from each point to its nearest other point (O(n^2)).
double MeanNearestNeighbour(const std::vector<Point>& points) {
  double sum = 0;
  for (std::size_t i = 0; i < points.size(); ++i) {
    double nearest = std::numeric_limits<double>::infinity();
    for (std::size_t j = 0; j < points.size(); ++j) {
      if (j != i) nearest = std::min(nearest, Distance(points[i], points[j]));
    }
    sum += nearest;
  }
  return sum / static_cast<double>(points.size());
}

TEST(DrawPointsTest, EveryPointInsideTheDisc) {
  for (const double radius : {0.3, 1.0, 7.5, 40.0}) {
    for (const PointLayout layout : {PointLayout::kUniform, PointLayout::kClustered}) {
      // A wide sigma makes many clustered draws fall outside, exercising the redraws and
      // the clamp to the edge.
      for (const double sigma_share : {0.05, 0.5, 5.0}) {
        RngStream rng(11, 0);
        const std::vector<Point> points = DrawPoints(rng, 5000, radius, layout, 4, sigma_share);
        ASSERT_EQ(points.size(), 5000u);
        for (const Point& p : points) ASSERT_LE(Distance(kOutlet, p), radius);
      }
    }
  }
}

TEST(DrawPointsTest, ClampedPointsLandOnTheEdge) {
  // sigma = 100 R: almost no draw is inside, so nearly every point is clamped to the edge.
  RngStream rng(12, 0);
  const std::vector<Point> points = DrawPoints(rng, 1000, 2, PointLayout::kClustered, 3, 100);
  std::size_t on_edge = 0;
  for (const Point& p : points) {
    ASSERT_LE(Distance(kOutlet, p), 2);
    if (Distance(kOutlet, p) > 2 * (1 - 1e-12)) ++on_edge;
  }
  EXPECT_GT(on_edge, 900u);
}

TEST(DrawPointsTest, UniformLayoutHasTheDiscsRadialLaw) {
  // For a uniform point of a disc of radius R, r^2 / R^2 is uniform on (0, 1): mean 1/2,
  // standard deviation 1/sqrt(12) = 0.289, so the mean of 10^5 has a standard error of
  // 0.0009. The centroid is the origin (standard error 0.5 R / sqrt(n) = 0.0016 R).
  constexpr double kRadius = 6;
  constexpr std::size_t kCount = 100000;
  RngStream rng(13, 0);
  const std::vector<Point> points = DrawPoints(rng, kCount, kRadius, PointLayout::kUniform, 1, 0);
  double r2 = 0, x = 0, y = 0;
  std::size_t inner = 0;  // within R / 2: a quarter of the area
  for (const Point& p : points) {
    r2 += p.x * p.x + p.y * p.y;
    x += p.x;
    y += p.y;
    if (Distance(kOutlet, p) < kRadius / 2) ++inner;
  }
  EXPECT_NEAR(r2 / kCount / (kRadius * kRadius), 0.5, 0.005);
  EXPECT_NEAR(x / kCount / kRadius, 0, 0.008);
  EXPECT_NEAR(y / kCount / kRadius, 0, 0.008);
  EXPECT_NEAR(static_cast<double>(inner) / kCount, 0.25, 0.007);
}

TEST(DrawPointsTest, ClusteredLayoutIsMoreConcentrated) {
  constexpr double kRadius = 10;
  RngStream rng(14, 0);
  const std::vector<Point> uniform = DrawPoints(rng, 2000, kRadius, PointLayout::kUniform, 1, 0);
  const std::vector<Point> clustered =
      DrawPoints(rng, 2000, kRadius, PointLayout::kClustered, 6, 0.05);
  const double uniform_nn = MeanNearestNeighbour(uniform);
  const double clustered_nn = MeanNearestNeighbour(clustered);
  // Uniform: about 0.5 / sqrt(density) = 0.5 sqrt(pi 100 / 2000) = 0.198 km.
  EXPECT_NEAR(uniform_nn, 0.198, 0.02);
  EXPECT_LT(clustered_nn, 0.5 * uniform_nn);
}

TEST(DrawPointsTest, ZeroSigmaPutsEveryPointOnACentre) {
  RngStream rng(15, 0);
  const std::vector<Point> points = DrawPoints(rng, 500, 5, PointLayout::kClustered, 3, 0);
  std::set<std::pair<double, double>> distinct;
  for (const Point& p : points) {
    distinct.insert({p.x, p.y});
    EXPECT_LE(Distance(kOutlet, p), 0.7 * 5);
  }
  EXPECT_EQ(distinct.size(), 3u);
}

TEST(DrawPointsTest, DeterministicForAGivenStreamState) {
  for (const PointLayout layout : {PointLayout::kUniform, PointLayout::kClustered}) {
    RngStream a(16, 3), b(16, 3), other(16, 4);
    const std::vector<Point> pa = DrawPoints(a, 300, 4, layout, 5, 0.1);
    const std::vector<Point> pb = DrawPoints(b, 300, 4, layout, 5, 0.1);
    const std::vector<Point> po = DrawPoints(other, 300, 4, layout, 5, 0.1);
    ASSERT_EQ(pa.size(), pb.size());
    bool all_same_as_other = true;
    for (std::size_t i = 0; i < pa.size(); ++i) {
      EXPECT_EQ(pa[i].x, pb[i].x);
      EXPECT_EQ(pa[i].y, pb[i].y);
      all_same_as_other = all_same_as_other && pa[i].x == po[i].x && pa[i].y == po[i].y;
    }
    EXPECT_FALSE(all_same_as_other);
    EXPECT_EQ(a.draws(), b.draws());
    // Resuming a stream where it was gives the same points again.
    RngStream c(16, 3);
    c.Seek(0);
    const std::vector<Point> pc = DrawPoints(c, 300, 4, layout, 5, 0.1);
    EXPECT_EQ(pc.back().x, pa.back().x);
  }
}

TEST(DrawPointsTest, PreconditionsAreChecked) {
  RngStream rng(17, 0);
  EXPECT_THROW(DrawPoints(rng, 0, 1, PointLayout::kUniform, 1, 0), std::invalid_argument);
  EXPECT_THROW(DrawPoints(rng, 1, 0, PointLayout::kUniform, 1, 0), std::invalid_argument);
  EXPECT_THROW(DrawPoints(rng, 1, -1, PointLayout::kUniform, 1, 0), std::invalid_argument);
  EXPECT_THROW(
      DrawPoints(rng, 1, std::numeric_limits<double>::infinity(), PointLayout::kUniform, 1, 0),
      std::invalid_argument);
  EXPECT_THROW(DrawPoints(rng, 1, 1, PointLayout::kClustered, 0, 0.1), std::invalid_argument);
  EXPECT_THROW(DrawPoints(rng, 1, 1, PointLayout::kClustered, 1, -0.1), std::invalid_argument);
  EXPECT_THROW(DrawPoints(rng, 1, 1, PointLayout::kClustered, 1, std::nan("")),
               std::invalid_argument);
}

}  // namespace
}  // namespace hubsim::couriers

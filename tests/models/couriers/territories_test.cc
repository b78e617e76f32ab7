// Territories: balanced and contiguous sectors, the sweep starting at the widest gap,
// SectorOf against the points' own sectors, and the split of sectors among couriers.
#include "engine/models/couriers/territories.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <numbers>
#include <numeric>
#include <stdexcept>
#include <vector>

#include "engine/models/couriers/delivery_points.h"
#include "hubsim/rng.h"

namespace hubsim::couriers {
namespace {

constexpr double kDegree = std::numbers::pi / 180;

Point AtAngle(double radians, double r = 1) {
  return {r * std::cos(radians), r * std::sin(radians)};
}

std::vector<std::size_t> Counts(const Territories& t, std::size_t n) {
  std::vector<std::size_t> counts(t.sectors(), 0);
  for (std::size_t i = 0; i < n; ++i) ++counts.at(t.SectorOfPoint(i));
  return counts;
}

// Point indices by angle (atan2), ties by index.
std::vector<std::size_t> ByAngle(const std::vector<Point>& points) {
  std::vector<std::size_t> order(points.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&points](std::size_t a, std::size_t b) {
    return std::atan2(points[a].y, points[a].x) < std::atan2(points[b].y, points[b].x);
  });
  return order;
}

std::vector<Point> Sample(std::uint64_t seed, std::size_t n, PointLayout layout) {
  RngStream rng(seed, 0);
  return DrawPoints(rng, n, 8, layout, 5, 0.08);
}

TEST(TerritoriesTest, BalancedAndContiguousInAngle) {
  for (const PointLayout layout : {PointLayout::kUniform, PointLayout::kClustered}) {
    for (const std::size_t n : {1, 2, 7, 50, 333}) {
      const std::vector<Point> points = Sample(21 + n, n, layout);
      for (std::uint32_t sectors = 1; sectors <= 50; ++sectors) {
        const Territories t(points, sectors);
        ASSERT_EQ(t.sectors(), sectors);
        // Balanced: the first n % sectors sectors hold one point more.
        const std::vector<std::size_t> counts = Counts(t, n);
        for (std::uint32_t s = 0; s < sectors; ++s) {
          EXPECT_EQ(counts[s], n / sectors + (s < n % sectors ? 1 : 0)) << n << " " << sectors;
        }
        // Contiguous: around the circle the sector number only steps up by one, except for
        // one step from the last non-empty sector back to 0.
        const std::vector<std::size_t> order = ByAngle(points);
        const std::uint32_t used = static_cast<std::uint32_t>(std::min<std::size_t>(n, sectors));
        int wraps = 0;
        for (std::size_t k = 0; k < n; ++k) {
          const std::uint32_t here = t.SectorOfPoint(order[k]);
          const std::uint32_t next = t.SectorOfPoint(order[(k + 1) % n]);
          if (next == here) continue;
          if (next == 0 && here == used - 1) {
            ++wraps;
          } else {
            EXPECT_EQ(next, here + 1) << n << " " << sectors;
          }
        }
        EXPECT_EQ(wraps, used > 1 ? 1 : 0) << n << " " << sectors;
      }
    }
  }
}

TEST(TerritoriesTest, SectorOfAgreesWithTheSweep) {
  for (const PointLayout layout : {PointLayout::kUniform, PointLayout::kClustered}) {
    const std::vector<Point> points = Sample(31, 400, layout);
    for (const std::uint32_t sectors : {1u, 2u, 3u, 8u, 13u, 64u, 400u}) {
      const Territories t(points, sectors);
      for (std::size_t i = 0; i < points.size(); ++i) {
        const Point p = points[i];
        EXPECT_EQ(t.SectorOf(p), t.SectorOfPoint(i)) << sectors << " " << i;
        // Scaling by a power of two keeps the direction exactly: a pickup on the same bearing.
        EXPECT_EQ(t.SectorOf({2 * p.x, 2 * p.y}), t.SectorOfPoint(i));
        EXPECT_EQ(t.SectorOf({0.5 * p.x, 0.5 * p.y}), t.SectorOfPoint(i));
      }
      EXPECT_EQ(t.SectorOf({0, 0}), 0u);
    }
  }
}

TEST(TerritoriesTest, SectorOfLocationsBetweenPointsFollowsTheBoundaries) {
  // 12 points at 10, 20, ..., 120 degrees; four sectors of three. The widest gap (120 -> 370
  // degrees) opens the sweep, so sector 0 is 10..30 degrees.
  std::vector<Point> points;
  for (int k = 1; k <= 12; ++k) points.push_back(AtAngle(10 * k * kDegree, k));
  const Territories t(points, 4);
  for (int k = 1; k <= 12; ++k)
    EXPECT_EQ(t.SectorOfPoint(k - 1), static_cast<std::uint32_t>((k - 1) / 3));
  // Boundaries at 35, 65 and 95 degrees; the gap's bisector at 245 degrees.
  EXPECT_EQ(t.SectorOf(AtAngle(34 * kDegree)), 0u);
  EXPECT_EQ(t.SectorOf(AtAngle(36 * kDegree)), 1u);
  EXPECT_EQ(t.SectorOf(AtAngle(94 * kDegree)), 2u);
  EXPECT_EQ(t.SectorOf(AtAngle(96 * kDegree)), 3u);
  EXPECT_EQ(t.SectorOf(AtAngle(240 * kDegree)), 3u);
  EXPECT_EQ(t.SectorOf(AtAngle(250 * kDegree)), 0u);
  EXPECT_EQ(t.SectorOf(AtAngle(-10 * kDegree)), 0u);
}

// The empty wedge is never inside a sector: the sweep begins right after it, wherever it is
// (including across atan2's cut at +-180 degrees).
TEST(TerritoriesTest, SweepStartsAtTheWidestGap) {
  for (const double gap_centre : {0.0, 90.0, 180.0, -135.0}) {
    // 30 points evenly over 280 degrees, leaving an 80-degree gap centred on gap_centre.
    std::vector<Point> points;
    for (int k = 0; k < 30; ++k) {
      points.push_back(AtAngle((gap_centre + 40 + k * (280.0 / 29)) * kDegree, 1 + k % 3));
    }
    const Territories t(points, 5);
    for (int k = 0; k < 30; ++k) {
      EXPECT_EQ(t.SectorOfPoint(k), static_cast<std::uint32_t>(k / 6)) << gap_centre << " " << k;
    }
    EXPECT_EQ(t.SectorOf(AtAngle((gap_centre + 5) * kDegree)), 0u) << gap_centre;
    EXPECT_EQ(t.SectorOf(AtAngle((gap_centre - 5) * kDegree)), 4u) << gap_centre;
  }
}

TEST(TerritoriesTest, MoreSectorsThanPoints) {
  const std::vector<Point> points = {AtAngle(0.1), AtAngle(2.0), AtAngle(-2.5)};
  const Territories t(points, 5);
  EXPECT_EQ(Counts(t, 3), (std::vector<std::size_t>{1, 1, 1, 0, 0}));
  // The empty trailing sectors are never the answer for a location.
  RngStream rng(41, 0);
  for (int i = 0; i < 1000; ++i) EXPECT_LT(t.SectorOf(AtAngle(rng.Uniform(-3.2, 3.2))), 3u);

  const Territories one({{3, -4}}, 3);
  EXPECT_EQ(one.SectorOfPoint(0), 0u);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(one.SectorOf(AtAngle(rng.Uniform(-3.2, 3.2))), 0u);
}

TEST(TerritoriesTest, EqualAnglesAndPointsAtTheOutletAreSplitByIndex) {
  // Ten points on one bearing (45 degrees) and ten on another (-45 degrees; coordinates of
  // equal magnitude, so every point of a bearing has exactly the same atan2): the split
  // follows the point index.
  std::vector<Point> points;
  for (int k = 1; k <= 10; ++k) points.push_back({double(k), double(k)});
  for (int k = 1; k <= 10; ++k) points.push_back({double(k), -double(k)});
  points.push_back({0, 0});
  const Territories t(points, 4);
  EXPECT_EQ(Counts(t, points.size()), (std::vector<std::size_t>{6, 5, 5, 5}));
  // Sweep from the gap after 45 degrees: the bearing -45 (indices 10..19), the outlet (angle
  // 0, index 20), then the bearing 45 (indices 0..9).
  EXPECT_EQ(t.SectorOfPoint(10), 0u);
  EXPECT_EQ(t.SectorOfPoint(15), 0u);
  EXPECT_EQ(t.SectorOfPoint(16), 1u);
  EXPECT_EQ(t.SectorOfPoint(20), 1u);
  EXPECT_EQ(t.SectorOfPoint(0), 2u);
  EXPECT_EQ(t.SectorOfPoint(9), 3u);
  EXPECT_EQ(t.SectorOf({0, 0}), 0u);
  EXPECT_EQ(Territories(points, 4).SectorOfPoint(20), t.SectorOfPoint(20));
}

TEST(TerritoriesTest, PreconditionsAreChecked) {
  EXPECT_THROW(Territories({}, 3), std::invalid_argument);
  EXPECT_THROW(Territories({{1, 1}}, 0), std::invalid_argument);
  EXPECT_THROW(Territories({{std::numeric_limits<double>::quiet_NaN(), 1}}, 1),
               std::invalid_argument);
  const Territories t({{1, 1}}, 1);
  EXPECT_THROW(t.SectorOfPoint(1), std::out_of_range);
  EXPECT_THROW(Territories::OwnerOf(0, 1, 0), std::invalid_argument);
  EXPECT_THROW(Territories::OwnerOf(3, 3, 2), std::invalid_argument);
  EXPECT_THROW(Territories::FirstSector(0, 3, 0), std::invalid_argument);
  EXPECT_THROW(Territories::FirstSector(3, 3, 2), std::invalid_argument);
}

TEST(TerritoriesTest, SectorsSplitAmongCouriers) {
  for (std::uint32_t sectors = 1; sectors <= 50; ++sectors) {
    for (std::uint32_t couriers = 1; couriers <= 60; ++couriers) {
      SCOPED_TRACE(testing::Message() << sectors << " sectors, " << couriers << " couriers");
      ASSERT_EQ(Territories::FirstSector(0, sectors, couriers), 0u);
      ASSERT_EQ(Territories::FirstSector(couriers, sectors, couriers), sectors);
      const std::uint32_t small = sectors / couriers;
      for (std::uint32_t i = 0; i < couriers; ++i) {
        const std::uint32_t first = Territories::FirstSector(i, sectors, couriers);
        const std::uint32_t end = Territories::FirstSector(i + 1, sectors, couriers);
        ASSERT_LE(first, end);
        // Sizes differ by at most one, the larger blocks first.
        EXPECT_EQ(end - first, small + (i < sectors % couriers ? 1u : 0u)) << i;
        for (std::uint32_t s = first; s < end; ++s) {
          EXPECT_EQ(Territories::OwnerOf(s, sectors, couriers), i) << s;
        }
        if (couriers > sectors) {
          // One sector each for the first `sectors` couriers, none for the rest.
          EXPECT_EQ(end - first, i < sectors ? 1u : 0u) << i;
          if (i >= sectors) {
            EXPECT_EQ(first, sectors) << i;
          }
        }
      }
    }
  }
}

}  // namespace
}  // namespace hubsim::couriers

// HubGraph: exact answers on small hand-made timetables, validation, and a randomized
// cross-check against a connection scan (a different algorithm over explicit departures).
#include "engine/models/network/hub_graph.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <random>
#include <stdexcept>
#include <string>
#include <thread>
#include <tuple>
#include <utility>
#include <vector>

#include "hubsim/sim_time.h"

namespace hubsim::network {
namespace {

SimTime H(SimTime::Rep h) {
  return SimTime::Hours(h);
}
SimTime Min(SimTime::Rep m) {
  return SimTime::Minutes(m);
}
SimTime Day(SimTime::Rep d) {
  return SimTime::Days(d);
}
// Hour h, minute m of day d.
SimTime At(SimTime::Rep d, SimTime::Rep h, SimTime::Rep m = 0) {
  return Day(d) + H(h) + Min(m);
}

LinehaulSpec Line(std::uint32_t from, std::uint32_t to, SimTime transit,
                  std::vector<SimTime> departures) {
  LinehaulSpec s;
  s.from = from;
  s.to = to;
  s.transit = transit;
  s.departures = std::move(departures);
  s.capacity = 100;
  return s;
}

void ExpectLeg(const std::optional<Leg>& leg, std::uint32_t linehaul, SimTime departure,
               SimTime arrival) {
  ASSERT_TRUE(leg.has_value());
  EXPECT_EQ(leg->linehaul, linehaul);
  EXPECT_EQ(leg->departure, departure) << leg->departure.ToString();
  EXPECT_EQ(leg->arrival, arrival) << leg->arrival.ToString();
}

// ---------------------------------------------------------------------------------------
// Timetables

TEST(HubGraphTest, NextDepartureSameDayWrapsAndExact) {
  // Unsorted, with a repeat.
  const HubGraph g(2, {Line(0, 1, H(1), {H(20), H(8), H(14), H(8)})}, Min(30));
  EXPECT_EQ(g.NextDeparture(0, At(0, 10)), At(0, 14));  // same day
  EXPECT_EQ(g.NextDeparture(0, At(0, 21)), At(1, 8));   // wraps to the next day
  EXPECT_EQ(g.NextDeparture(0, At(0, 14)), At(0, 14));  // exactly at a departure
  EXPECT_EQ(g.NextDeparture(0, At(0, 14) + SimTime::Microseconds(1)), At(0, 20));
  EXPECT_EQ(g.NextDeparture(0, At(0, 0)), At(0, 8));   // midnight
  EXPECT_EQ(g.NextDeparture(0, At(3, 9)), At(3, 14));  // days later
  EXPECT_EQ(g.NextDeparture(0, At(41, 23, 59)), At(42, 8));
  EXPECT_EQ(g.NextDeparture(0, SimTime::Zero() - H(1)), At(0, 8));  // before time 0
  EXPECT_EQ(g.NextDeparture(0, SimTime::Zero() - H(5)), At(0, 0) - H(4));
}

TEST(HubGraphTest, PreviousDepartureMirrorsNext) {
  const HubGraph g(2, {Line(0, 1, H(1), {H(20), H(8), H(14)})}, Min(30));
  EXPECT_EQ(g.PreviousDeparture(0, At(0, 10)), At(0, 8));
  EXPECT_EQ(g.PreviousDeparture(0, At(0, 14)), At(0, 14));
  EXPECT_EQ(g.PreviousDeparture(0, At(2, 7)), At(1, 20));
  EXPECT_EQ(g.PreviousDeparture(0, At(0, 7)), SimTime::Zero() - H(4));
}

TEST(HubGraphTest, SingleDepartureAtMidnightAndLastTick) {
  const SimTime last = Day(1) - SimTime::Microseconds(1);
  const HubGraph g(2, {Line(0, 1, H(1), {SimTime::Zero()}), Line(1, 0, H(1), {last})},
                   SimTime::Zero());
  EXPECT_EQ(g.NextDeparture(0, At(5, 0)), At(5, 0));
  EXPECT_EQ(g.NextDeparture(0, At(5, 0) + SimTime::Microseconds(1)), At(6, 0));
  EXPECT_EQ(g.NextDeparture(1, At(5, 0)), Day(5) + last);
}

TEST(HubGraphTest, ShuttleWithManyDepartures) {
  // Every 20 min from 00:10 (72 departures, past the linear-scan limit), plus 23:59.
  std::vector<SimTime> departures;
  for (int i = 0; i < 72; ++i) departures.push_back(Min(10 + 20 * i));
  departures.push_back(Min(23 * 60 + 59));
  const HubGraph g(2, {Line(0, 1, Min(40), departures)}, Min(30));
  EXPECT_EQ(g.NextDeparture(0, At(4, 0)), At(4, 0, 10));
  EXPECT_EQ(g.NextDeparture(0, At(4, 9, 11)), At(4, 9, 30));
  EXPECT_EQ(g.NextDeparture(0, At(4, 9, 30)), At(4, 9, 30));
  EXPECT_EQ(g.NextDeparture(0, At(4, 23, 55)), At(4, 23, 59));
  EXPECT_EQ(g.NextDeparture(0, At(4, 23, 59) + SimTime::Microseconds(1)), At(5, 0, 10));
  EXPECT_EQ(g.PreviousDeparture(0, At(4, 0, 5)), At(3, 23, 59));
  EXPECT_EQ(g.PreviousDeparture(0, At(4, 9, 29)), At(4, 9, 10));
  EXPECT_EQ(g.EarliestArrival(0, 1, At(4, 9, 11)), At(4, 10, 10));
}

TEST(HubGraphTest, AccessorsKeepTheInput) {
  const std::vector<LinehaulSpec> specs = {Line(0, 1, H(2), {H(9), H(3)}),
                                           Line(2, 0, Min(45), {H(1)})};
  const HubGraph g(3, specs, Min(20));
  EXPECT_EQ(g.hub_count(), 3u);
  EXPECT_EQ(g.min_connection(), Min(20));
  ASSERT_EQ(g.linehauls().size(), 2u);
  EXPECT_EQ(g.linehauls()[0].departures, (std::vector<SimTime>{H(9), H(3)}));
  EXPECT_EQ(g.linehauls()[1].from, 2u);
  EXPECT_EQ(g.linehauls()[1].capacity, 100u);
  EXPECT_THROW((void)g.NextDeparture(2, At(0, 0)), std::out_of_range);
  EXPECT_THROW((void)g.EarliestArrival(0, 3, At(0, 0)), std::out_of_range);
  EXPECT_THROW((void)g.FirstLeg(3, 0, At(0, 0)), std::out_of_range);
  EXPECT_THROW((void)g.Reachable(0, 3), std::out_of_range);
}

// ---------------------------------------------------------------------------------------
// Routes

TEST(HubGraphTest, FasterTwoHopRouteBeatsDirectLinehaul) {
  const HubGraph g(3,
                   {Line(0, 2, H(10), {H(8)}),   // direct: 08:00 -> 18:00
                    Line(0, 1, H(2), {H(8)}),    // 08:00 -> 10:00
                    Line(1, 2, H(3), {H(11)})},  // 11:00 -> 14:00
                   Min(30));
  EXPECT_EQ(g.EarliestArrival(0, 2, At(0, 7)), At(0, 14));
  ExpectLeg(g.FirstLeg(0, 2, At(0, 7)), 1, At(0, 8), At(0, 10));
  // At hub 1 the parcel is ready at 10:30 and continues.
  EXPECT_EQ(g.EarliestArrival(1, 2, At(0, 10, 30)), At(0, 14));
  ExpectLeg(g.FirstLeg(1, 2, At(0, 10, 30)), 2, At(0, 11), At(0, 14));
}

TEST(HubGraphTest, DirectLinehaulWinsWhenTheDetourIsSlower) {
  const HubGraph g(3,
                   {Line(0, 2, H(5), {H(8)}),    // 08:00 -> 13:00
                    Line(0, 1, H(2), {H(8)}),    // 08:00 -> 10:00
                    Line(1, 2, H(3), {H(11)})},  // 11:00 -> 14:00
                   Min(30));
  EXPECT_EQ(g.EarliestArrival(0, 2, At(0, 7)), At(0, 13));
  ExpectLeg(g.FirstLeg(0, 2, At(0, 7)), 0, At(0, 8), At(0, 13));
}

TEST(HubGraphTest, ConnectionTimeMissesTheSecondLeg) {
  const auto specs = std::vector<LinehaulSpec>{
      Line(0, 1, H(2), {H(8)}),                       // 08:00 -> 10:00
      Line(1, 2, H(1), {Min(10 * 60 + 20), H(13)})};  // 10:20 or 13:00, 1 h
  // Sorting takes 30 min: ready 10:30, the 10:20 is gone, wait for 13:00.
  const HubGraph slow(3, specs, Min(30));
  EXPECT_EQ(slow.EarliestArrival(0, 2, At(0, 6)), At(0, 14));
  ExpectLeg(slow.FirstLeg(0, 2, At(0, 6)), 0, At(0, 8), At(0, 10));
  ExpectLeg(slow.FirstLeg(1, 2, At(0, 10, 30)), 1, At(0, 13), At(0, 14));
  // Without sorting time the 10:20 is made.
  const HubGraph instant(3, specs, SimTime::Zero());
  EXPECT_EQ(instant.EarliestArrival(0, 2, At(0, 6)), At(0, 11, 20));
  // Exactly 20 min: ready at 10:20, the departure itself.
  const HubGraph exact(3, specs, Min(20));
  EXPECT_EQ(exact.EarliestArrival(0, 2, At(0, 6)), At(0, 11, 20));
}

TEST(HubGraphTest, NoConnectionTimeAtTheOrigin) {
  const HubGraph g(2, {Line(0, 1, H(2), {H(8), H(12)})}, H(1));
  EXPECT_EQ(g.EarliestArrival(0, 1, At(0, 8)), At(0, 10));
  ExpectLeg(g.FirstLeg(0, 1, At(0, 8)), 0, At(0, 8), At(0, 10));
  EXPECT_EQ(g.EarliestArrival(0, 1, At(0, 8) + SimTime::Microseconds(1)), At(0, 14));
}

TEST(HubGraphTest, UnreachableHubs) {
  // 0 -> 1 -> 2; hub 3 is isolated; nothing goes back.
  const HubGraph g(4, {Line(0, 1, H(1), {H(6)}), Line(1, 2, H(1), {H(9)})}, Min(30));
  EXPECT_TRUE(g.Reachable(0, 2));
  EXPECT_FALSE(g.Reachable(2, 0));
  EXPECT_FALSE(g.Reachable(0, 3));
  EXPECT_FALSE(g.Reachable(3, 0));
  EXPECT_TRUE(g.Reachable(3, 3));
  EXPECT_EQ(g.EarliestArrival(0, 2, At(0, 0)), At(0, 10));
  EXPECT_EQ(g.EarliestArrival(2, 0, At(0, 0)), std::nullopt);
  EXPECT_EQ(g.EarliestArrival(0, 3, At(0, 0)), std::nullopt);
  EXPECT_EQ(g.FirstLeg(2, 0, At(0, 0)), std::nullopt);
  EXPECT_EQ(g.FirstLeg(1, 3, At(0, 0)), std::nullopt);
}

TEST(HubGraphTest, FromEqualsTo) {
  const HubGraph g(3, {Line(0, 1, H(1), {H(6)})}, Min(30));
  EXPECT_EQ(g.EarliestArrival(1, 1, At(2, 5, 7)), At(2, 5, 7));
  EXPECT_EQ(g.EarliestArrival(2, 2, At(0, 0)), At(0, 0));  // isolated hub
  EXPECT_THROW((void)g.FirstLeg(1, 1, At(0, 0)), std::invalid_argument);
}

TEST(HubGraphTest, NoLinehaulsAtAll) {
  const HubGraph g(2, {}, Min(30));
  EXPECT_EQ(g.EarliestArrival(0, 1, At(0, 0)), std::nullopt);
  EXPECT_EQ(g.FirstLeg(0, 1, At(0, 0)), std::nullopt);
  EXPECT_EQ(g.MinTransit(), SimTime::Max());
}

TEST(HubGraphTest, RouteSpanningSeveralDays) {
  // 0 -> 1 -> 2 -> 3, each linehaul once a day at 23:00 for 2 h; sorting 1 h.
  const HubGraph g(
      4, {Line(0, 1, H(2), {H(23)}), Line(1, 2, H(2), {H(23)}), Line(2, 3, H(2), {H(23)})}, H(1));
  EXPECT_EQ(g.EarliestArrival(0, 3, At(0, 0)), At(3, 1));
  EXPECT_EQ(g.EarliestArrival(0, 3, At(5, 23, 30)), At(9, 1));
  ExpectLeg(g.FirstLeg(0, 3, At(5, 23, 30)), 0, At(6, 23), At(7, 1));
}

TEST(HubGraphTest, TransitLongerThanADay) {
  const HubGraph g(3,
                   {Line(0, 1, H(30), {H(10)}),   // day 0 10:00 -> day 1 16:00
                    Line(1, 2, H(50), {H(15)})},  // misses 15:00 on day 1, takes day 2's
                   Min(15));
  EXPECT_EQ(g.EarliestArrival(0, 2, At(0, 9)), At(2, 15) + H(50));
  EXPECT_EQ(g.EarliestArrival(0, 2, At(0, 9)), At(4, 17));
}

// ---------------------------------------------------------------------------------------
// Ties

TEST(HubGraphTest, TieOnSameDepartureGoesToTheLowestIndex) {
  const HubGraph g(2,
                   {Line(0, 1, H(4), {H(9)}),   // same arrival, later departure
                    Line(0, 1, H(3), {H(10)}),  // twin of 2
                    Line(0, 1, H(3), {H(10)})},
                   Min(30));
  EXPECT_EQ(g.EarliestArrival(0, 1, At(0, 8)), At(0, 13));
  ExpectLeg(g.FirstLeg(0, 1, At(0, 8)), 0, At(0, 9), At(0, 13));
  // After 09:00 only the twins remain: lowest index.
  ExpectLeg(g.FirstLeg(0, 1, At(0, 9, 30)), 1, At(0, 10), At(0, 13));
}

TEST(HubGraphTest, TieGoesToTheEarliestDepartureBeforeTheIndex) {
  const HubGraph g(3,
                   {Line(0, 1, H(3), {H(9)}),   // direct 09:00 -> 12:00
                    Line(2, 1, H(3), {H(9)}),   // 09:00 -> 12:00
                    Line(0, 2, H(1), {H(7)})},  // 07:00 -> 08:00, ready 08:30 at hub 2
                   Min(30));
  EXPECT_EQ(g.EarliestArrival(0, 1, At(0, 6)), At(0, 12));
  ExpectLeg(g.FirstLeg(0, 1, At(0, 6)), 2, At(0, 7), At(0, 8));
}

TEST(HubGraphTest, TieThroughAHubReachedLateIsStillFound) {
  // Route A reaches hub 1 at 07:00, route B only at 11:45, but both catch the 12:00 to hub
  // 3; B leaves earlier (05:00), so it is the answer though hub 1's earliest arrival is A's.
  const HubGraph g(4,
                   {Line(0, 1, H(1), {H(6)}),                   // A: 06:00 -> 07:00
                    Line(1, 3, H(1), {H(12)}),                  // 12:00 -> 13:00
                    Line(0, 2, H(6), {H(5)}),                   // B: 05:00 -> 11:00
                    Line(2, 1, Min(15), {Min(11 * 60 + 30)})},  // 11:30 -> 11:45
                   Min(10));
  EXPECT_EQ(g.EarliestArrival(0, 3, At(0, 4)), At(0, 13));
  ExpectLeg(g.FirstLeg(0, 3, At(0, 4)), 2, At(0, 5), At(0, 11));
  ExpectLeg(g.FirstLeg(2, 3, At(0, 11, 10)), 3, At(0, 11, 30), At(0, 11, 45));
  ExpectLeg(g.FirstLeg(1, 3, At(0, 11, 55)), 1, At(0, 12), At(0, 13));
  // With 20 min of sorting B misses the 11:30 and the tie is gone.
  const HubGraph slower(4, g.linehauls(), Min(20));
  EXPECT_EQ(slower.EarliestArrival(0, 3, At(0, 4)), At(0, 13));
  ExpectLeg(slower.FirstLeg(0, 3, At(0, 4)), 0, At(0, 6), At(0, 7));
}

TEST(HubGraphTest, RoutesBackThroughTheOriginAreNotFirstLegs) {
  // 0 -> 1 -> 0 -> 2 arrives as early as 0 -> 2 and leaves earlier, but comes back.
  const HubGraph g(3,
                   {Line(0, 1, H(1), {H(5)}),                 // 05:00 -> 06:00
                    Line(1, 0, Min(30), {Min(6 * 60 + 30)}),  // 06:30 -> 07:00
                    Line(0, 2, H(1), {H(8)})},                // 08:00 -> 09:00
                   Min(30));
  EXPECT_EQ(g.EarliestArrival(0, 2, At(0, 4)), At(0, 9));
  ExpectLeg(g.FirstLeg(0, 2, At(0, 4)), 2, At(0, 8), At(0, 9));
}

// ---------------------------------------------------------------------------------------
// MinTransit and validation

TEST(HubGraphTest, MinTransit) {
  const HubGraph g(
      3, {Line(0, 1, H(3), {H(1)}), Line(1, 2, Min(45), {H(1)}), Line(2, 0, H(2), {H(1)})},
      Min(30));
  EXPECT_EQ(g.MinTransit(), Min(45));
  EXPECT_EQ(HubGraph(4, {}, Min(30)).MinTransit(), SimTime::Max());
}

TEST(HubGraphTest, RejectsInvalidLinehauls) {
  const auto build = [](LinehaulSpec s, SimTime min_connection = Min(30)) {
    return HubGraph(3, {Line(0, 1, H(1), {H(1)}), std::move(s)}, min_connection);
  };
  EXPECT_THROW(build(Line(3, 1, H(1), {H(1)})), std::invalid_argument);  // bad from
  EXPECT_THROW(build(Line(0, 7, H(1), {H(1)})), std::invalid_argument);  // bad to
  EXPECT_THROW(build(Line(2, 2, H(1), {H(1)})), std::invalid_argument);  // to itself
  EXPECT_THROW(build(Line(0, 1, SimTime::Zero(), {H(1)})), std::invalid_argument);
  EXPECT_THROW(build(Line(0, 1, SimTime::Zero() - H(1), {H(1)})), std::invalid_argument);
  EXPECT_THROW(build(Line(0, 1, H(1), {})), std::invalid_argument);
  EXPECT_THROW(build(Line(0, 1, H(1), {H(1), SimTime::Zero() - SimTime::Microseconds(1)})),
               std::invalid_argument);
  EXPECT_THROW(build(Line(0, 1, H(1), {H(24)})), std::invalid_argument);
  EXPECT_THROW(build(Line(0, 1, H(1), {H(1)}), SimTime::Zero() - Min(1)), std::invalid_argument);
  EXPECT_NO_THROW(build(
      Line(0, 1, SimTime::Microseconds(1), {SimTime::Zero(), Day(1) - SimTime::Microseconds(1)}),
      SimTime::Zero()));
  // The message names the linehaul.
  try {
    build(Line(0, 1, H(1), {H(25)}));
    FAIL() << "no exception";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("linehaul 1"), std::string::npos) << e.what();
  }
}

// ---------------------------------------------------------------------------------------
// Randomized cross-check against a connection scan (Dibbelt, Pajor, Strasser and Wagner,
// "Intriguingly simple and fast transit routing", SEA 2013): every departure in a horizon
// is listed explicitly and scanned in time order, so neither the daily arithmetic nor
// Dijkstra is shared with the code under test.

using Rep = SimTime::Rep;
constexpr Rep kNeverRep = std::numeric_limits<Rep>::max();

struct Connection {
  Rep departure;
  Rep arrival;
  std::uint32_t from;
  std::uint32_t to;
  std::uint32_t linehaul;
};

class Reference {
 public:
  Reference(std::uint32_t hubs, const std::vector<LinehaulSpec>& specs, SimTime min_connection,
            Rep start, int days)
      : hubs_(hubs), specs_(specs), connection_(min_connection.ticks()) {
    const Rep day = Day(1).ticks();
    const Rep first_day = start / day - 1;
    for (std::uint32_t l = 0; l < specs.size(); ++l) {
      for (Rep d = first_day; d <= first_day + days; ++d) {
        for (const SimTime dep : specs[l].departures) {
          const Rep t = d * day + dep.ticks();
          connections_.push_back({t, t + specs[l].transit.ticks(), specs[l].from, specs[l].to, l});
        }
      }
    }
    std::sort(connections_.begin(), connections_.end(),
              [](const Connection& a, const Connection& b) { return a.departure < b.departure; });
    horizon_end_ = (first_day + days) * day;
  }

  // Earliest arrival at `to`, leaving `from` at `ready`; never uses connections that leave
  // `excluded` (pass hubs_ for none). kNeverRep if unreachable.
  Rep Earliest(std::uint32_t from, std::uint32_t to, Rep ready, std::uint32_t excluded) const {
    if (from == to) return ready;
    std::vector<Rep> ready_at(hubs_, kNeverRep);
    ready_at[from] = ready;
    Rep best = kNeverRep;
    for (const Connection& c : connections_) {
      if (c.departure >= best) break;
      if (c.from == excluded || c.departure < ready_at[c.from]) continue;
      if (c.to == to) best = std::min(best, c.arrival);
      ready_at[c.to] = std::min(ready_at[c.to], c.arrival + connection_);
    }
    EXPECT_TRUE(best == kNeverRep || best < horizon_end_) << "horizon too short";
    return best;
  }

  Rep NextDeparture(std::uint32_t l, Rep t) const {
    Rep best = kNeverRep;
    for (const Connection& c : connections_) {
      if (c.linehaul == l && c.departure >= t) best = std::min(best, c.departure);
    }
    return best;
  }

  // FirstLeg's contract spelled out: among first departures of the linehauls out of `from`,
  // those that start a route reaching `to` at the earliest arrival without coming back
  // through `from`; the least (departure, linehaul).
  std::optional<std::pair<Rep, std::uint32_t>> FirstLeg(std::uint32_t from, std::uint32_t to,
                                                        Rep ready) const {
    const Rep target = Earliest(from, to, ready, hubs_);
    if (target == kNeverRep) return std::nullopt;
    std::optional<std::pair<Rep, std::uint32_t>> best;
    for (std::uint32_t l = 0; l < specs_.size(); ++l) {
      if (specs_[l].from != from) continue;
      const Rep departure = NextDeparture(l, ready);
      const Rep arrival = departure + specs_[l].transit.ticks();
      const Rep reached =
          specs_[l].to == to ? arrival : Earliest(specs_[l].to, to, arrival + connection_, from);
      if (reached == target && (!best || std::pair(departure, l) < *best)) {
        best = std::pair(departure, l);
      }
    }
    EXPECT_TRUE(best.has_value());
    return best;
  }

 private:
  std::uint32_t hubs_;
  const std::vector<LinehaulSpec>& specs_;
  Rep connection_;
  std::vector<Connection> connections_;
  Rep horizon_end_ = 0;
};

std::uint64_t Uniform(std::mt19937_64& rng, std::uint64_t n) {
  return rng() % n;
}

// Random small networks on a coarse time grid (30 min), so that ties are common.
struct RandomNetwork {
  std::uint32_t hubs;
  std::vector<LinehaulSpec> specs;
  SimTime min_connection;
};

RandomNetwork MakeRandomNetwork(std::mt19937_64& rng) {
  RandomNetwork net;
  net.hubs = static_cast<std::uint32_t>(2 + Uniform(rng, 6));
  const std::uint64_t count = Uniform(rng, 3 * net.hubs + 1);
  for (std::uint64_t i = 0; i < count; ++i) {
    const auto from = static_cast<std::uint32_t>(Uniform(rng, net.hubs));
    auto to = static_cast<std::uint32_t>(Uniform(rng, net.hubs - 1));
    if (to >= from) ++to;
    const SimTime transit = Min(30) * static_cast<Rep>(1 + Uniform(rng, 60));  // up to 30 h
    // Mostly a few departures; sometimes a shuttle with more than the linear-scan limit.
    std::vector<SimTime> departures(Uniform(rng, 10) == 0 ? 33 + Uniform(rng, 16)
                                                          : 1 + Uniform(rng, 3));
    for (SimTime& d : departures) d = Min(30) * static_cast<Rep>(Uniform(rng, 48));
    net.specs.push_back(Line(from, to, transit, std::move(departures)));
  }
  const SimTime connections[] = {SimTime::Zero(), Min(30), Min(90)};
  net.min_connection = connections[Uniform(rng, 3)];
  return net;
}

TEST(HubGraphTest, RandomNetworksMatchTheConnectionScan) {
  std::mt19937_64 rng(20240611);
  int routes = 0;
  int ties = 0;  // queries where the reference saw more than one feasible first leg
  for (int trial = 0; trial < 300; ++trial) {
    const RandomNetwork net = MakeRandomNetwork(rng);
    const HubGraph g(net.hubs, net.specs, net.min_connection);
    for (int q = 0; q < 3; ++q) {
      // Times on a 10 min grid over 3 days, sometimes off the grid.
      Rep ready = Min(10).ticks() * static_cast<Rep>(Uniform(rng, std::uint64_t{3} * 144));
      if (Uniform(rng, 4) == 0) ready += static_cast<Rep>(Uniform(rng, 600'000'000));
      // Each leg waits < 1 day, rides <= 30 h, sorts <= 90 min.
      const Reference ref(net.hubs, net.specs, net.min_connection, ready,
                          static_cast<int>(3 * net.hubs + 4));
      for (std::uint32_t l = 0; l < net.specs.size(); ++l) {
        ASSERT_EQ(g.NextDeparture(l, SimTime::FromTicks(ready)).ticks(),
                  ref.NextDeparture(l, ready));
      }
      for (std::uint32_t from = 0; from < net.hubs; ++from) {
        for (std::uint32_t to = 0; to < net.hubs; ++to) {
          SCOPED_TRACE(testing::Message() << "trial " << trial << " from " << from << " to " << to
                                          << " ready " << ready);
          const Rep want = ref.Earliest(from, to, ready, net.hubs);
          const std::optional<SimTime> got = g.EarliestArrival(from, to, SimTime::FromTicks(ready));
          ASSERT_EQ(got.has_value(), want != kNeverRep);
          ASSERT_EQ(g.Reachable(from, to), want != kNeverRep);
          if (!got) continue;
          ASSERT_EQ(got->ticks(), want);
          if (from == to) continue;
          ++routes;

          const auto want_leg = ref.FirstLeg(from, to, ready);
          const std::optional<Leg> leg = g.FirstLeg(from, to, SimTime::FromTicks(ready));
          ASSERT_TRUE(leg.has_value());
          ASSERT_TRUE(want_leg.has_value());
          ASSERT_EQ(leg->departure.ticks(), want_leg->first);
          ASSERT_EQ(leg->linehaul, want_leg->second);

          // Following FirstLeg hub by hub arrives exactly at the earliest arrival.
          std::uint32_t at = from;
          SimTime t = SimTime::FromTicks(ready);
          bool tied = false;
          for (std::uint32_t hop = 0;; ++hop) {
            ASSERT_LT(hop, 4 * net.hubs) << "FirstLeg chain does not end";
            const std::optional<Leg> next = g.FirstLeg(at, to, t);
            ASSERT_TRUE(next.has_value());
            const LinehaulSpec& s = net.specs[next->linehaul];
            ASSERT_EQ(s.from, at);
            ASSERT_EQ(next->departure, g.NextDeparture(next->linehaul, t));
            ASSERT_EQ(next->arrival, next->departure + s.transit);
            ASSERT_EQ(g.EarliestArrival(at, to, t), SimTime::FromTicks(want));
            if (hop == 0) {
              // Did another first leg tie? (Only to report how often ties were tested.)
              for (std::uint32_t l = 0; l < net.specs.size(); ++l) {
                if (l == next->linehaul || net.specs[l].from != at) continue;
                const Rep dep = ref.NextDeparture(l, t.ticks());
                const Rep arr = dep + net.specs[l].transit.ticks();
                const Rep end =
                    net.specs[l].to == to
                        ? arr
                        : ref.Earliest(net.specs[l].to, to, arr + net.min_connection.ticks(), at);
                tied = tied || end == want;
              }
            }
            at = s.to;
            if (at == to) {
              ASSERT_EQ(next->arrival.ticks(), want);
              break;
            }
            t = next->arrival + net.min_connection;
          }
          ties += tied ? 1 : 0;
        }
      }
    }
  }
  // The generator must exercise what it claims to.
  EXPECT_GT(routes, 2000);
  EXPECT_GT(ties, 100);
  RecordProperty("routes", routes);
  RecordProperty("ties", ties);
}

// Several threads query one shared const graph and get what one thread gets.
TEST(HubGraphTest, ConcurrentQueriesOnASharedGraph) {
  std::mt19937_64 rng(7);
  RandomNetwork net = MakeRandomNetwork(rng);
  while (net.specs.size() < 12) net = MakeRandomNetwork(rng);
  const HubGraph g(net.hubs, net.specs, net.min_connection);
  const auto checksum = [&g](std::uint64_t seed) {
    std::uint64_t sum = 0;
    std::mt19937_64 local(seed);
    for (int i = 0; i < 20'000; ++i) {
      const auto from = static_cast<std::uint32_t>(local() % g.hub_count());
      const auto to = static_cast<std::uint32_t>(local() % g.hub_count());
      const SimTime ready = Min(1) * static_cast<Rep>(local() % (std::uint64_t{3} * 1440));
      if (const auto a = g.EarliestArrival(from, to, ready))
        sum += static_cast<std::uint64_t>(a->ticks());
      if (from == to) continue;
      if (const auto leg = g.FirstLeg(from, to, ready)) {
        sum = sum * 31 + leg->linehaul + static_cast<std::uint64_t>(leg->departure.ticks());
      }
    }
    return sum;
  };
  constexpr int kThreads = 4;
  std::vector<std::uint64_t> expected(kThreads), got(kThreads);
  for (int i = 0; i < kThreads; ++i) expected[i] = checksum(static_cast<std::uint64_t>(i));
  std::vector<std::thread> threads;
  threads.reserve(kThreads);
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] { got[i] = checksum(static_cast<std::uint64_t>(i)); });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(got, expected);
}

}  // namespace
}  // namespace hubsim::network

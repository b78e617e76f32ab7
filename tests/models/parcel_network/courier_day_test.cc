// The courier's day (network_model.h, "The courier's day"): each rule on a scenario whose
// outcome it fixes, exactly where it can (one courier, known addresses, no travel-time
// spread) and otherwise by comparing runs on common random numbers. The tracking log shows
// what the KPIs cannot: who did what, where and when. Every scenario's parcel balance
// holds.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "engine/io/scenario_loader.h"
#include "engine/models/couriers/geometry.h"
#include "engine/models/couriers/route.h"
#include "engine/models/parcel_network/network_model.h"
#include "engine/tracking/scan_log.h"

namespace hubsim::parcel_network {
namespace {

constexpr std::int64_t kMinuteUs = 60'000'000;
constexpr std::int64_t kHourUs = 60 * kMinuteUs;
constexpr std::int64_t kDayUs = 24 * kHourUs;

using Edit = std::function<void(io::Scenario&)>;

io::Scenario Load(const char* text, const Edit& edit = {}) {
  io::Scenario scenario = io::LoadScenarioText(text, "test.textproto");
  if (edit) edit(scenario);
  io::ValidateScenario(scenario, "test.textproto (edited)");
  return scenario;
}

io::Results RunScenario(const io::Scenario& scenario, std::uint64_t seed) {
  RunOptions options;
  options.threads = 1;
  options.seed = seed;
  return RunNetwork(CompileScenario(scenario), options);
}

// A run with a tracking log of every parcel, read back: each parcel's scans in order.
struct TrackedRun {
  io::Results results;
  std::map<std::uint64_t, std::vector<io::Scan>> scans;
};

TrackedRun RunTracked(const io::Scenario& scenario, std::uint64_t seed) {
  static std::atomic<int> runs{0};
  const auto dir = std::filesystem::temp_directory_path() /
                   ("hubsim-courier-day-test-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string path = (dir / ("run" + std::to_string(runs++) + ".trk")).string();
  const NetworkSpec spec = CompileScenario(scenario);
  RunOptions options;
  options.threads = 1;
  options.seed = seed;
  TrackedRun run;
  {
    tracking::ScanLogWriter writer(path, TrackingHeaderFor(spec, seed, 1),
                                   spec.hubs.size() + (spec.call_center ? 1 : 0));
    run.results = RunNetwork(spec, options, &writer);
    writer.Finish(1);
  }
  tracking::ScanLogReader(path).ForEach(
      [&](const io::Scan& s) { run.scans[s.parcel()].push_back(s); });
  std::filesystem::remove(path);
  std::filesystem::remove(tracking::IndexPath(path));
  return run;
}

void ExpectConserved(const io::Results& r) {
  const io::Conservation& c = r.conservation();
  EXPECT_TRUE(c.holds());
  EXPECT_EQ(c.created(), c.delivered() + c.in_flight() + c.lost());
}

// The scans of one type, of every parcel.
std::vector<io::Scan> ScansOf(const TrackedRun& run, io::ScanType type) {
  std::vector<io::Scan> out;
  for (const auto& [parcel, scans] : run.scans) {
    for (const io::Scan& s : scans) {
      if (s.type() == type) out.push_back(s);
    }
  }
  return out;
}

std::int64_t TimeOfDayUs(std::int64_t t) {
  return t % kDayUs;
}

// ---- one courier, known addresses -------------------------------------------------------

// One courier in a zone of radius 3 km with 8 delivery points (150 parcels a day / 18.75
// per stop), spread uniformly. Orders on day 1 only (10:00-11:00), collected and sorted that
// day; the one hub -> outlet shuttle (05:00) brings them all at 05:30 on day 2, before the
// shift: at 08:00 the courier leaves with all of them (run_capacity 1,000, a promise of
// 600 min), one stop per point. Day 1 is the warm-up, so the couriers' figures are day 2's:
// that one run. No travel-time spread, circuity 1, 18 km/h; a delivery stop takes 2 min +
// 0.5 min per parcel.
constexpr char kRoute[] = R"pb(
  name: "route"
  days: 2
  warmup_days: 1
  hub { id: "H" lat: 22.5 lon: 114.0 }
  outlet {
    id: "O"
    hub: "H"
    lat: 22.5
    lon: 114.0
    couriers: 1
    accounts: 3
    orders_per_day: 150
    zone_radius_km: 3
  }
  promises { delivery_minutes: 600 }
  demand {
    hourly_profile: [ 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 ]
    day_multiplier: [ 1, 0 ]
  }
  couriers {
    speed_kmh: 18
    travel_time_cv: 0
    circuity: 1
    pickup_service_minutes: 0
    delivery_service_minutes: 2
    minutes_per_parcel: 0.5
    failed_delivery_probability: 0
    run_capacity: 1000
    parcels_per_stop: 18.75
    point_layout: UNIFORM
    shuttle_minutes: 30
    outlet_sort_minutes: 0
    outlet_to_hub_departure: [ "13:00" ]
    hub_to_outlet_departure: [ "05:00" ]
  }
)pb";

TEST(CourierDayTest, OneCourierDrivesThePlannedRouteAtItsSpeed) {
  const io::Scenario scenario = Load(kRoute);
  const NetworkSpec spec = CompileScenario(scenario);
  const std::vector<couriers::Point>& points = spec.outlets[0].points;
  ASSERT_EQ(points.size(), 8u);
  const TrackedRun run = RunTracked(scenario, 3);
  const io::Results& r = run.results;
  ExpectConserved(r);
  const std::uint64_t n = r.conservation().created();
  ASSERT_GE(n, 100u);  // every point is some parcel's address (P(not) < 2e-8)
  ASSERT_EQ(r.conservation().delivered(), n);
  const io::CourierDay& day = r.outlet(0).courier_day();
  EXPECT_EQ(day.courier_days(), 1u);
  EXPECT_EQ(day.delivery_stops(), 8u);
  EXPECT_EQ(day.pickup_stops(), 0u);
  EXPECT_EQ(day.parcels_delivered(), n);

  // The stops are the points in ascending order, as the model lists them; the route is
  // PlanRoute's from the outlet back to it (the courier waits on standby after the last
  // stop and drives back at the end of its shift).
  const std::vector<std::uint32_t> order = couriers::PlanRoute({0, 0}, points, {0, 0});
  const double km = couriers::RouteLength({0, 0}, points, order, {0, 0}) * spec.circuity;
  EXPECT_NEAR(day.km(), km, 1e-9);

  // Every first attempt at its stop's arrival: leg by leg at 18 km/h from 08:00 on day 2,
  // each stop 2 min + 0.5 min per parcel (the parcels tried at the same instant).
  std::map<std::int64_t, std::uint64_t> at;  // arrival -> parcels
  double sum_minutes = 0;
  for (const io::Scan& s : ScansOf(run, io::DELIVERED)) {
    ++at[s.time_us()];
    sum_minutes += static_cast<double>(s.time_us() - (kDayUs + 8 * kHourUs)) / kMinuteUs;
  }
  ASSERT_EQ(at.size(), 8u);
  double t = static_cast<double>(kDayUs + 8 * kHourUs) / 1e6;  // seconds
  double busy_seconds = 0;
  couriers::Point from{0, 0};
  auto arrival = at.begin();
  for (std::uint32_t stop : order) {
    const double leg = couriers::Distance(from, points[stop]) * spec.circuity / 18 * 3600;
    t += leg;
    EXPECT_NEAR(static_cast<double>(arrival->first) / 1e6, t, 1e-3) << "stop " << stop;
    const double service = (2 + 0.5 * static_cast<double>(arrival->second)) * 60;
    t += service;
    busy_seconds += leg + service;
    from = points[stop];
    ++arrival;
  }
  busy_seconds += couriers::Distance(from, {0, 0}) * spec.circuity / 18 * 3600;
  EXPECT_NEAR(day.utilization(), busy_seconds / (720 * 60), 1e-6);
  EXPECT_NEAR(r.kpi().delivery().mean_minutes(), sum_minutes / static_cast<double>(n), 1e-6);
  EXPECT_EQ(r.kpi().delivery().measured(), n);
}

TEST(CourierDayTest, APickupOrderedDuringARunIsCollectedOnTheWay) {
  // kRoute with 10 min per delivery stop (a run of about 3 h from 08:00 on day 2) and a few
  // orders on day 2 too, in 10:00-11:00: each goes into the running route (the courier is
  // out) and is collected before the run's last delivery (bar one placed near its end),
  // and handed in after the run: the courier never went back to the outlet in between.
  const io::Scenario scenario = Load(kRoute, [](io::Scenario& s) {
    s.mutable_couriers()->set_delivery_service_minutes(10);
    s.mutable_demand()->set_day_multiplier(1, 0.05);
  });
  const TrackedRun run = RunTracked(scenario, 3);
  ExpectConserved(run.results);
  std::int64_t run_start = -1, last_delivery = 0;
  for (const io::Scan& s : ScansOf(run, io::OUT_FOR_DELIVERY)) {
    if (s.time_us() < kDayUs) continue;
    if (run_start < 0) run_start = s.time_us();
    EXPECT_EQ(s.time_us(), run_start) << "one run on day 2";
  }
  EXPECT_EQ(run_start, kDayUs + 8 * kHourUs);
  for (const io::Scan& s : ScansOf(run, io::DELIVERED)) {
    if (s.time_us() >= kDayUs) last_delivery = std::max(last_delivery, s.time_us());
  }
  ASSERT_GT(last_delivery, kDayUs + 10 * kHourUs);
  // Measured: 13 of the 14 orders of day 2 collected before the run's last delivery (the
  // last one came after it).
  std::uint64_t day2_orders = 0, on_the_way = 0;
  for (const auto& [parcel, scans] : run.scans) {
    if (scans.front().time_us() < kDayUs) continue;  // ordered on day 1
    ++day2_orders;
    std::int64_t picked = -1, handed_in = -1;
    for (const io::Scan& s : scans) {
      if (s.type() == io::PICKED_UP) picked = s.time_us();
      if (s.type() == io::OUTLET_IN) handed_in = s.time_us();
    }
    ASSERT_GT(picked, scans.front().time_us());
    if (picked < last_delivery) {
      ++on_the_way;
      EXPECT_GT(handed_in, last_delivery) << "parcel " << parcel;
    }
  }
  EXPECT_GE(day2_orders, 5u);
  EXPECT_GE(on_the_way, day2_orders - 1);
  // The courier came back once, after the run: no hand-in on day 2 before its last stop.
  for (const io::Scan& s : ScansOf(run, io::OUTLET_IN)) {
    if (s.time_us() >= kDayUs) {
      EXPECT_GT(s.time_us(), last_delivery);
    }
  }
}

// ---- a late delivery wave and steady orders ---------------------------------------------

// Outlet O (hub A, 3 couriers, 120 orders a day over the express profile) receives a wave
// on day 2: outlet S (hub B, 40 couriers) sends three quarters of its 600 parcels a day to
// A; they cross on the 22:00 linehaul and come with A's 05:00 shuttle, with O's own: about
// 580 parcels ready at 05:50 for 3 couriers, on the clock from 08:00 (their promise, 4 hours
// here so that runs are long, up to half of it, ends at 12:00). O's pickups of day 2 (day 1 is the
// warm-up) come in while the couriers work through the wave.
constexpr char kWave[] = R"pb(
  name: "wave"
  days: 2
  warmup_days: 1
  promises { delivery_minutes: 240 }
  hub { id: "A" lat: 22.5 lon: 114.0 }
  hub { id: "B" lat: 23.1 lon: 113.3 }
  outlet {
    id: "O"
    hub: "A"
    lat: 22.5
    lon: 114.0
    couriers: 3
    accounts: 300
    orders_per_day: 120
    zone_radius_km: 3
  }
  outlet {
    id: "S"
    hub: "B"
    lat: 23.1
    lon: 113.3
    couriers: 40
    accounts: 300
    orders_per_day: 600
    zone_radius_km: 3
  }
  linehaul {
    from: "A"
    to: "B"
    transit_minutes: 120
    departure: [ "22:00" ]
    delay_probability: 0
  }
  linehaul {
    from: "B"
    to: "A"
    transit_minutes: 120
    departure: [ "22:00" ]
    delay_probability: 0
  }
  demand {
    od { from_hub: "A" to_hub: "A" weight: 1 }
    od { from_hub: "B" to_hub: "A" weight: 3 }
    od { from_hub: "B" to_hub: "B" weight: 1 }
  }
  couriers { hub_to_outlet_departure: [ "05:00" ] }
)pb";

TEST(CourierDayTest, SavableFirstKeepsPickupsOnTimeThroughALateWave) {
  // Over seeds 1-3, O's pickups on time: SAVABLE_FIRST 88 %, 87 %, 86 %;
  // EARLIEST_DEADLINE_FIRST 62 %, 50 %, 41 %: a wave already late keeps its place ahead of
  // every new order there. The wave itself fares about the same either way (24-28 % on
  // time with savable first, 24-25 % without).
  std::uint64_t measured = 0, savable = 0, edf = 0;
  for (std::uint64_t seed : {1, 2, 3}) {
    const auto run = [&](io::DispatchPolicy policy) {
      return RunScenario(
          Load(kWave, [=](io::Scenario& s) { s.mutable_couriers()->set_dispatch_policy(policy); }),
          seed);
    };
    const io::Results a = run(io::SAVABLE_FIRST);
    const io::Results b = run(io::EARLIEST_DEADLINE_FIRST);
    ExpectConserved(a);
    ExpectConserved(b);
    ASSERT_GT(a.outlet(0).kpi().delivery().measured(), 500u);  // the wave came
    EXPECT_EQ(b.outlet(0).kpi().delivery().measured(), a.outlet(0).kpi().delivery().measured());
    // The wave does not pay for it: savable first keeps at least as much of it on time.
    EXPECT_GE(a.outlet(0).kpi().delivery().on_time_rate(),
              b.outlet(0).kpi().delivery().on_time_rate() - 0.02);
    ASSERT_EQ(b.outlet(0).kpi().pickup().measured(), a.outlet(0).kpi().pickup().measured());
    measured += a.outlet(0).kpi().pickup().measured();
    savable += a.outlet(0).kpi().pickup().on_time();
    edf += b.outlet(0).kpi().pickup().on_time();
  }
  ASSERT_GT(measured, 300u);
  const double m = static_cast<double>(measured);
  EXPECT_GT(static_cast<double>(savable) / m, 0.85);
  EXPECT_GT(static_cast<double>(savable) / m, static_cast<double>(edf) / m + 0.25);
}

const io::SegmentResult& Segment(const io::Results& r, const std::string& name) {
  for (const io::SegmentResult& g : r.customers().segment()) {
    if (g.name() == name) return g;
  }
  throw std::runtime_error("no segment " + name);
}

TEST(CourierDayTest, KeyAccountsFirstSpeedsThemUpWithoutStarvingTheOthers) {
  // kWave with 2 couriers at O and 5 % key accounts (about half the orders), with and
  // without key accounts first, over seeds 1-3. The segments cover both outlets; S's
  // pickups (40 couriers) are all on time either way, so every late pickup is O's.
  // Measured: key accounts' late pickups 14 without, 0 with; the others' pickups on time
  // 97.5 % without, 94.0 % with (28 and 67 late of 1,113); O's pickups on time overall
  // 88.1 % without, 81.4 % with. The others pay for the priority, but keep the dispatch
  // policy: had they waited behind the deliveries, O would fall to what
  // EARLIEST_DEADLINE_FIRST gives (about 55 % with 3 couriers, see above).
  std::uint64_t key_late[2] = {0, 0}, other_late[2] = {0, 0}, other_parcels[2] = {0, 0};
  for (std::uint64_t seed : {1, 2, 3}) {
    for (int first = 0; first < 2; ++first) {
      const io::Results r =
          RunScenario(Load(kWave,
                           [=](io::Scenario& s) {
                             s.mutable_customers()->set_key_account_share(0.05);
                             s.mutable_outlet(0)->set_couriers(2);
                             s.mutable_couriers()->set_key_accounts_first(first == 1);
                           }),
                      seed);
      ExpectConserved(r);
      const io::SegmentResult& key = Segment(r, "key_accounts");
      const io::SegmentResult& all = Segment(r, "all");
      ASSERT_GT(key.parcels(), 100u);
      key_late[first] += key.late_pickups();
      other_late[first] += all.late_pickups() - key.late_pickups();
      other_parcels[first] += all.parcels() - key.parcels();
    }
  }
  ASSERT_EQ(other_parcels[0], other_parcels[1]);
  EXPECT_LT(key_late[1], key_late[0]);
  const auto on_time = [&](int first) {
    return 1 - static_cast<double>(other_late[first]) / static_cast<double>(other_parcels[first]);
  };
  EXPECT_GT(on_time(1), on_time(0) - 0.05);
  EXPECT_GT(on_time(1), 0.9);
}

// ---- the delivery clock -----------------------------------------------------------------

// One courier, one delivery point (parcels_per_stop 1,000) within 1 km, run_capacity 1: the
// parcels ready at once go out one by one, so most wait for the courier. Orders on day 1
// only; the hub -> outlet shuttle (set by each test) brings them all on day 2, and they are
// received and sorted 20 min after the scan-in.
constexpr char kClock[] = R"pb(
  name: "clock"
  days: 2
  hub { id: "H" lat: 22.5 lon: 114.0 }
  outlet {
    id: "O"
    hub: "H"
    lat: 22.5
    lon: 114.0
    couriers: 1
    accounts: 5
    orders_per_day: 20
    zone_radius_km: 1
  }
  promises { delivery_minutes: 600 }
  demand {
    hourly_profile: [ 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 ]
    day_multiplier: [ 1, 0 ]
  }
  couriers {
    travel_time_cv: 0
    pickup_service_minutes: 0
    delivery_service_minutes: 5
    minutes_per_parcel: 0
    failed_delivery_probability: 0
    run_capacity: 1
    parcels_per_stop: 1000
    shuttle_minutes: 30
    outlet_sort_minutes: 20
    outlet_to_hub_departure: [ "13:00" ]
  }
)pb";

// The delivery clock shared by every parcel of `run` (they are all ready at once): the mean
// first attempt less the mean measured duration. Also returns the scan-in time.
struct Clock {
  std::int64_t scan_in = -1;
  double clock_us = 0;
  std::int64_t last_attempt = 0;
};
Clock ClockOf(const TrackedRun& run) {
  Clock c;
  double sum = 0;
  std::uint64_t n = 0;
  for (const auto& [parcel, scans] : run.scans) {
    for (const io::Scan& s : scans) {
      if (s.type() == io::ARRIVED_AT_OUTLET) {
        if (c.scan_in < 0) c.scan_in = s.time_us();
        EXPECT_EQ(s.time_us(), c.scan_in);
      }
      if (s.type() == io::DELIVERED) {
        sum += static_cast<double>(s.time_us());
        c.last_attempt = std::max(c.last_attempt, s.time_us());
        ++n;
      }
    }
  }
  EXPECT_EQ(n, run.results.kpi().delivery().measured());
  c.clock_us =
      sum / static_cast<double>(n) - run.results.kpi().delivery().mean_minutes() * kMinuteUs;
  return c;
}

TEST(CourierDayTest, TheDeliveryClockStartsWhenTheParcelIsReadyOrAtTheShiftStart) {
  for (const char* shuttle : {"07:00", "09:00"}) {
    SCOPED_TRACE(shuttle);
    const TrackedRun run = RunTracked(
        Load(kClock,
             [&](io::Scenario& s) { s.mutable_couriers()->add_hub_to_outlet_departure(shuttle); }),
        5);
    ExpectConserved(run.results);
    ASSERT_GE(run.results.conservation().delivered(), 10u);
    ASSERT_EQ(run.results.conservation().delivered(), run.results.conservation().created());
    const Clock c = ClockOf(run);
    const std::int64_t ready = c.scan_in + 20 * kMinuteUs;
    const std::int64_t shift_start = kDayUs + 8 * kHourUs;
    if (std::string(shuttle) == "07:00") {
      // Scanned in 07:30, ready 07:50, before the 08:00 shift: the clock starts at 08:00.
      EXPECT_EQ(c.scan_in, kDayUs + 7 * kHourUs + 30 * kMinuteUs);
      EXPECT_NEAR(c.clock_us, static_cast<double>(shift_start), 1000);
    } else {
      // Scanned in 09:30, ready 09:50, during the shift: the clock starts at 09:50, not at
      // the scan-in nor when the courier takes the parcel out.
      EXPECT_EQ(c.scan_in, kDayUs + 9 * kHourUs + 30 * kMinuteUs);
      EXPECT_NEAR(c.clock_us, static_cast<double>(ready), 1000);
    }
    // The courier took them out one by one, long after they were ready: the clock is not
    // the time a parcel went out.
    EXPECT_GT(c.last_attempt, std::max(ready, shift_start) + 2 * kHourUs);
  }
}

// ---- retries ----------------------------------------------------------------------------

// Ten couriers, ten delivery points (100 parcels a day / 10 per stop), no help between
// territories: each territory holds exactly one point, so the courier who tries a parcel
// tells its address. Half the attempts fail and are tried again on the next run.
constexpr char kRetry[] = R"pb(
  name: "retry"
  days: 2
  hub { id: "H" lat: 22.5 lon: 114.0 }
  outlet {
    id: "O"
    hub: "H"
    lat: 22.5
    lon: 114.0
    couriers: 10
    accounts: 10
    orders_per_day: 100
    zone_radius_km: 3
  }
  demand {
    hourly_profile: [ 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 ]
    day_multiplier: [ 1, 0 ]
  }
  couriers {
    failed_delivery_probability: 0.5
    retry_policy: NEXT_RUN
    help_neighbours: false
    parcels_per_stop: 10
    shuttle_minutes: 30
    outlet_sort_minutes: 0
    outlet_to_hub_departure: [ "13:00" ]
    hub_to_outlet_departure: [ "15:00" ]
  }
)pb";

TEST(CourierDayTest, AFailedParcelKeepsItsAddressOnEveryAttempt) {
  const io::Scenario scenario = Load(kRetry);
  const NetworkSpec spec = CompileScenario(scenario);
  const OutletSpec& o = spec.outlets[0];
  ASSERT_EQ(o.points.size(), 10u);
  ASSERT_EQ(o.territories->sectors(), 10u);
  ASSERT_EQ(std::set<std::uint32_t>(o.point_sector.begin(), o.point_sector.end()).size(), 10u);
  const TrackedRun run = RunTracked(scenario, 2);
  ExpectConserved(run.results);
  std::uint64_t retried = 0;
  for (const auto& [parcel, scans] : run.scans) {
    std::set<std::uint32_t> couriers;
    std::uint64_t attempts = 0;
    for (const io::Scan& s : scans) {
      if (s.type() == io::OUT_FOR_DELIVERY || s.type() == io::DELIVERY_FAILED ||
          s.type() == io::DELIVERED) {
        couriers.insert(s.courier());
      }
      attempts += s.type() == io::DELIVERY_FAILED || s.type() == io::DELIVERED;
    }
    EXPECT_LE(couriers.size(), 1u) << "parcel " << parcel << " tried at several addresses";
    retried += attempts >= 2;
  }
  EXPECT_GT(retried, 30u);
}

// Twenty couriers at the door (zone 0.1 m), parcels ready at 15:30 on day 1, the next-day
// promise made same-day (next_day_days 0: by the end of day 1), 30 % of the attempts fail.
constexpr char kRetryPolicy[] = R"pb(
  name: "retry policy"
  days: 2
  hub { id: "H" lat: 22.5 lon: 114.0 sort_rate_per_hour: 3600 }
  outlet {
    id: "O"
    hub: "H"
    lat: 22.5
    lon: 114.0
    couriers: 20
    accounts: 10
    orders_per_day: 60
    zone_radius_km: 0.0001
  }
  promises { next_day_days: 0 }
  demand {
    hourly_profile: [ 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 ]
    day_multiplier: [ 1, 0 ]
  }
  couriers {
    travel_time_cv: 0
    pickup_service_minutes: 0
    delivery_service_minutes: 5
    minutes_per_parcel: 0
    failed_delivery_probability: 0.3
    run_capacity: 100
    shuttle_minutes: 30
    outlet_sort_minutes: 0
    outlet_to_hub_departure: [ "13:00" ]
    hub_to_outlet_departure: [ "15:00" ]
  }
)pb";

TEST(CourierDayTest, NextDayRetriesMissTheNextDayPromiseNextRunRetriesKeepIt) {
  const auto run = [](io::RetryPolicy policy) {
    return RunTracked(
        Load(kRetryPolicy,
             [=](io::Scenario& s) { s.mutable_couriers()->set_retry_policy(policy); }),
        4);
  };
  const TrackedRun next_run = run(io::NEXT_RUN);
  const TrackedRun next_day = run(io::NEXT_DAY);
  const std::uint64_t n = next_run.results.conservation().created();
  ASSERT_GE(n, 30u);
  ASSERT_EQ(next_day.results.conservation().created(), n);
  ExpectConserved(next_run.results);
  ExpectConserved(next_day.results);
  // The same first attempts (the same draws): the delivery promise, decided by the first
  // attempt, is the same, and about 30 % of the first attempts failed.
  const io::PromiseKpi& first = next_run.results.kpi().delivery();
  EXPECT_EQ(next_day.results.kpi().delivery().SerializeAsString(), first.SerializeAsString());
  ASSERT_EQ(first.measured(), n);
  ASSERT_LT(first.on_time(), n);

  // NEXT_RUN: every parcel delivered on day 1, the same-day promise kept for all.
  EXPECT_EQ(next_run.results.day(0).delivered(), n);
  EXPECT_EQ(next_run.results.kpi().next_day().on_time(), n);
  // NEXT_DAY: only the first attempts that succeeded are delivered on day 1; the others go
  // out again from 08:00 on day 2 and miss the promise.
  EXPECT_EQ(next_day.results.day(0).delivered(), first.on_time());
  EXPECT_GT(next_day.results.day(1).delivered(), 0u);
  EXPECT_EQ(next_day.results.kpi().next_day().measured(), n);
  EXPECT_EQ(next_day.results.kpi().next_day().on_time(), first.on_time());
  for (const auto& [parcel, scans] : next_day.scans) {
    bool failed = false;
    for (const io::Scan& s : scans) {
      const bool attempt = s.type() == io::DELIVERY_FAILED || s.type() == io::DELIVERED;
      if (attempt && failed) {
        EXPECT_GE(s.time_us(), kDayUs + 8 * kHourUs) << "parcel " << parcel;
      }
      failed = failed || s.type() == io::DELIVERY_FAILED;
    }
  }
}

// ---- Little's law at the outlets --------------------------------------------------------

// Three outlets of one hub, orders over the express profile, three waves a day from the
// hub (all within the shift), four days of which the first is the warm-up.
constexpr char kStationary[] = R"pb(
  name: "stationary"
  days: 4
  warmup_days: 1
  hub { id: "H" lat: 22.5 lon: 114.0 }
  outlet {
    id: "O1"
    hub: "H"
    lat: 22.50
    lon: 114.00
    couriers: 6
    orders_per_day: 300
    zone_radius_km: 3
  }
  outlet {
    id: "O2"
    hub: "H"
    lat: 22.55
    lon: 114.05
    couriers: 4
    orders_per_day: 200
    zone_radius_km: 2.5
  }
  outlet {
    id: "O3"
    hub: "H"
    lat: 22.45
    lon: 113.95
    couriers: 3
    orders_per_day: 150
    zone_radius_km: 2
  }
)pb";

// For each outlet, over R replications (seeds 1..R): mean_parcels - arrivals_per_hour x
// mean_wait_minutes / 60 must be 0 within the 95 % confidence interval of its mean
// (Student's t with R - 1 degrees of freedom), and within rounding when the replications
// agree to the last bits.
void ExpectLittlesLaw(const io::Scenario& scenario) {
  constexpr int kReplications = 5;
  constexpr double kT975 = 2.776;  // t(0.975, 4)
  std::vector<std::vector<double>> diff(scenario.outlet_size());
  std::vector<double> scale(scenario.outlet_size(), 0);
  for (int seed = 1; seed <= kReplications; ++seed) {
    const io::Results r = RunScenario(scenario, static_cast<std::uint64_t>(seed));
    ExpectConserved(r);
    for (int o = 0; o < r.outlet_size(); ++o) {
      const io::OutletQueue& q = r.outlet(o).awaiting_delivery();
      ASSERT_GT(q.arrivals(), 100u);
      ASSERT_GT(q.mean_parcels(), 1);
      diff[o].push_back(q.mean_parcels() - q.arrivals_per_hour() * q.mean_wait_minutes() / 60);
      scale[o] = std::max(scale[o], q.mean_parcels());
    }
  }
  for (std::size_t o = 0; o < diff.size(); ++o) {
    double mean = 0, var = 0;
    for (double d : diff[o]) mean += d / kReplications;
    for (double d : diff[o]) var += (d - mean) * (d - mean) / (kReplications - 1);
    const double half_width = kT975 * std::sqrt(var / kReplications);
    EXPECT_LE(std::abs(mean), std::max(half_width, 1e-9 * scale[o]))
        << scenario.outlet(static_cast<int>(o)).id() << ": L - lambda W = " << mean << " +- "
        << half_width << " (mean parcels up to " << scale[o] << ")";
  }
}

TEST(CourierDayTest, LittlesLawHoldsAtEveryOutlet) {
  // Every parcel is scanned in during the shift and tried by its end, so each counted day
  // starts and ends with nobody waiting: the law holds over the counted days exactly (the
  // replications' differences are rounding), and the outlets' figures are consistent.
  ExpectLittlesLaw(Load(kStationary));
}

// A fourth, late wave (scanned in at 20:20, after the shift) waits overnight, so parcels
// wait at the start and the end of the counted days. Measured L - lambda W over seeds 1-5:
// O1 12.5, 13.0, 13.8, 16.4, 17.7 (L about 85 parcels), O2 7.9, 11.5, 6.9, 7.6, 9.5, O3
// 7.8, 6.1, 6.0, 5.5, 8.6: about 15 % of L, far outside the replications' interval. Why:
// mean_wait_minutes leaves out the parcels still waiting at the end (right-censored, the
// longest waits) while arrivals_per_hour counts them, and mean_parcels counts the warm-up's
// parcels waiting at its end, which neither counts. Disabled until the outlet queue's
// figures are made consistent (see the report of the modeltests branch).
TEST(CourierDayTest, DISABLED_LittlesLawHoldsAtEveryOutletWithParcelsWaitingOvernight) {
  ExpectLittlesLaw(Load(kStationary, [](io::Scenario& s) {
    for (const char* t : {"06:00", "10:00", "14:00", "19:40"}) {
      s.mutable_couriers()->add_hub_to_outlet_departure(t);
    }
  }));
}

// ---- shift groups -----------------------------------------------------------------------

// An early group of 2 couriers (07:00-15:00) and a late one of 3 (12:00-20:00); three days,
// the first a warm-up.
constexpr char kShifts[] = R"pb(
  name: "shifts"
  days: 3
  warmup_days: 1
  hub { id: "H" lat: 22.5 lon: 114.0 }
  outlet {
    id: "O"
    hub: "H"
    lat: 22.5
    lon: 114.0
    accounts: 200
    orders_per_day: 300
    zone_radius_km: 3
    couriers: 5
    shift { start: "07:00" end: "15:00" share: 2 }
    shift { start: "12:00" end: "20:00" share: 3 }
  }
)pb";

TEST(CourierDayTest, ShiftGroupsWorkOnlyInTheirHours) {
  const TrackedRun run = RunTracked(Load(kShifts), 6);
  const io::Results& r = run.results;
  ExpectConserved(r);
  const io::CourierDay& day = r.outlet(0).courier_day();
  // Counted: days 2 and 3, each with 2 + 3 courier-shifts of 8 h.
  EXPECT_EQ(day.courier_days(), 2u * (2 + 3));
  const double stops = static_cast<double>(day.delivery_stops() + day.pickup_stops());
  ASSERT_GT(stops, 100);
  const double busy_minutes = day.minutes_per_stop() * stops;
  EXPECT_NEAR(busy_minutes / day.utilization(), 2 * (2 + 3) * 480.0, 1e-6);
  // Couriers are numbered by group: 1-2 early, 3-5 late. A courier sets out only within
  // its group's hours, and does nothing before they start (it finishes its route after).
  const auto hours = [](std::uint32_t courier) {
    return courier <= 2 ? std::pair{7 * kHourUs, 15 * kHourUs}
                        : std::pair{12 * kHourUs, 20 * kHourUs};
  };
  std::uint64_t runs[2] = {0, 0};
  for (const auto& [parcel, scans] : run.scans) {
    for (const io::Scan& s : scans) {
      if (!s.has_courier() || s.courier() == 0) continue;
      ASSERT_LE(s.courier(), 5u);
      const auto [start, end] = hours(s.courier());
      const std::int64_t tod = TimeOfDayUs(s.time_us());
      EXPECT_GE(tod, start) << io::ScanType_Name(s.type()) << " by courier " << s.courier();
      if (s.type() == io::OUT_FOR_DELIVERY) {
        EXPECT_LT(tod, end) << "courier " << s.courier();
        ++runs[s.courier() <= 2 ? 0 : 1];
      }
    }
  }
  EXPECT_GT(runs[0], 0u);
  EXPECT_GT(runs[1], 0u);
}

}  // namespace
}  // namespace hubsim::parcel_network

// One test per rule of the parcel-network model (network_model.h), each on a deterministic
// micro-scenario whose outcome the rules fix exactly: couriers at the door (zone radius
// 0.1 m, no travel-time spread: a leg takes at most 0.04 s), known service times, failure
// probability 0 or 1, no outlet sort, no time per parcel, no linehaul delays, and demand
// confined to one hour of the day.
//
// The reference timeline of kMicro (times of day on day 1):
//   10:00-11:00  orders (hourly_profile: hour 10 only); 100 couriers, so each territory
//                holds at most one delivery point (19 points, 100 sectors) and its courier
//                is free: each order is collected at once (< 0.04 s: a pickup is measured
//                at the courier's arrival, and the pickup service is 0) and handed in at
//                the outlet within hand_in_minutes (90), by ~12:30
//   13:00        the one outlet -> hub shuttle leaves with every parcel
//   13:30        all N parcels reach the hub at once; sorted one per second (3,600/h)
//   15:00        the one hub -> outlet shuttle leaves with every sorted parcel
//   15:30        all N parcels are scanned in at the outlet and ready at once (outlet sort
//                0): the delivery clock starts; each territory's courier leaves with its
//                parcels (one delivery point, one stop) and tries them on arrival (< 0.04
//                s): the first attempt decides the delivery promise, so it took 0 min;
//                the 5 min delivery service follows
// Durations are reported in whole minutes rounded down, so "0.02 s" reads 0.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <string>

#include "engine/io/scenario_loader.h"
#include "engine/models/parcel_network/network_model.h"

namespace hubsim::parcel_network {
namespace {

constexpr char kMicro[] = R"pb(
  name: "micro"
  hub { id: "H" lat: 22.5 lon: 114.0 sort_rate_per_hour: 3600 }
  outlet {
    id: "O"
    hub: "H"
    lat: 22.5
    lon: 114.0
    couriers: 100
    accounts: 10
    orders_per_day: 30
    zone_radius_km: 0.0001
  }
  demand {
    hourly_profile: [ 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 ]
  }
  couriers {
    travel_time_cv: 0
    pickup_service_minutes: 0
    delivery_service_minutes: 5
    failed_delivery_probability: 0
    run_capacity: 100
    shuttle_minutes: 30
    outlet_to_hub_departure: [ "13:00" ]
    hub_to_outlet_departure: [ "15:00" ]
    outlet_sort_minutes: 0
    minutes_per_parcel: 0
  }
)pb";

// Two regions joined by one daily linehaul each way (13:45, 60 min). With the reference
// timeline, A's parcels reach hub A at 13:30, ride the 13:45 linehaul, reach hub B at 14:45
// and leave on B's 15:00 shuttle: at outlet B1 at 15:30. B1 places (almost surely) no order.
constexpr char kTwoHubs[] = R"pb(
  name: "two hubs"
  hub { id: "A" lat: 22.5 lon: 114.0 sort_rate_per_hour: 3600 }
  hub { id: "B" lat: 23.1 lon: 113.3 sort_rate_per_hour: 3600 }
  outlet {
    id: "A1"
    hub: "A"
    lat: 22.5
    lon: 114.0
    couriers: 100
    accounts: 10
    orders_per_day: 30
    zone_radius_km: 0.0001
  }
  outlet {
    id: "B1"
    hub: "B"
    lat: 23.1
    lon: 113.3
    couriers: 100
    accounts: 10
    orders_per_day: 0.001
    zone_radius_km: 0.0001
  }
  linehaul {
    from: "A"
    to: "B"
    transit_minutes: 60
    departure: [ "13:45" ]
    delay_probability: 0
  }
  linehaul {
    from: "B"
    to: "A"
    transit_minutes: 60
    departure: [ "13:45" ]
    delay_probability: 0
  }
  demand {
    hourly_profile: [ 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 ]
    od { from_hub: "A" to_hub: "B" weight: 1 }
    od { from_hub: "B" to_hub: "A" weight: 1 }
  }
  couriers {
    travel_time_cv: 0
    pickup_service_minutes: 0
    delivery_service_minutes: 5
    failed_delivery_probability: 0
    run_capacity: 100
    shuttle_minutes: 30
    outlet_to_hub_departure: [ "13:00" ]
    hub_to_outlet_departure: [ "15:00", "17:00" ]
    outlet_sort_minutes: 0
    minutes_per_parcel: 0
  }
)pb";

struct Options {
  std::uint32_t days = 1;
  int threads = 1;
  std::uint64_t seed = 7;
  // Edits the validated scenario, as a planner would edit the file.
  std::function<void(io::Scenario&)> edit;
  // Edits the compiled spec: for values the scenario's ranges exclude (a model-level rule).
  std::function<void(NetworkSpec&)> edit_spec;

  Options& Days(std::uint32_t d) { days = d; return *this; }
  Options& Threads(int t) { threads = t; return *this; }
  Options& Seed(std::uint64_t s) { seed = s; return *this; }
  Options& Edit(std::function<void(io::Scenario&)> f) { edit = std::move(f); return *this; }
  Options& EditSpec(std::function<void(NetworkSpec&)> f) { edit_spec = std::move(f); return *this; }
};

io::Results Simulate(const std::string& text, const Options& o = Options()) {
  io::Scenario scenario = io::LoadScenarioText(text, "test.textproto");
  scenario.set_days(o.days);
  if (o.edit) o.edit(scenario);
  NetworkSpec spec = CompileScenario(scenario);
  if (o.edit_spec) o.edit_spec(spec);
  RunOptions options;
  options.threads = o.threads;
  options.seed = o.seed;
  return RunNetwork(spec, options);
}

void OnlyHour(io::Scenario& s, int hour) {
  for (int h = 0; h < 24; ++h) s.mutable_demand()->set_hourly_profile(h, h == hour ? 1 : 0);
}

void DayMultipliers(io::Scenario& s, std::initializer_list<double> values) {
  s.mutable_demand()->clear_day_multiplier();
  for (double v : values) s.mutable_demand()->add_day_multiplier(v);
}

void HubToOutlet(io::Scenario& s, std::initializer_list<const char*> times) {
  s.mutable_couriers()->clear_hub_to_outlet_departure();
  for (const char* t : times) s.mutable_couriers()->add_hub_to_outlet_departure(t);
}

void AddOutage(io::Scenario& s, const std::string& hub, std::uint32_t day, const std::string& start,
               double minutes) {
  io::HubOutage& o = *s.add_hub_outage();
  o.set_hub(hub);
  o.set_day(day);
  o.set_start(start);
  o.set_duration_minutes(minutes);
}

std::uint64_t Created(const io::Results& r) { return r.conservation().created(); }

void ExpectConserved(const io::Results& r) {
  const io::Conservation& c = r.conservation();
  EXPECT_TRUE(c.holds());
  EXPECT_EQ(c.created(), c.delivered() + c.in_flight() + c.lost());
  std::uint64_t orders = 0;
  for (const io::DayKpi& d : r.day()) orders += d.orders();
  EXPECT_EQ(orders, c.created());
  std::uint64_t by_outlet = 0, delivered = 0;
  for (const io::OutletResult& o : r.outlet()) {
    by_outlet += o.orders();
    delivered += o.delivered();
  }
  EXPECT_EQ(by_outlet, c.created());
  EXPECT_EQ(delivered, c.delivered());
}

// ---- delivery ---------------------------------------------------------------------------

TEST(ModelRulesTest, DeliveryInsideTheShiftIsDecidedByTheFirstAttemptOnArrival) {
  // Reference timeline: every parcel ready at 15:30 (inside 08:00-20:00), its territory's
  // courier idle, tried on arrival at 15:30 + < 0.04 s: delivery p50 = p99 = 0, all on time.
  // (Before the courier's day a delivery was counted at the end of its 5 min service and
  // this read 5: the first attempt, at the door, now decides the promise.) Every pickup was
  // at the courier's arrival: 0 min. The couriers were busy for the delivery service, once
  // per stop (a delivery point), and legs of < 0.04 s. The next-day promise is made same-day
  // (next_day_days 0), so its deadline, the end of day 1, falls within the one-day run.
  const io::Results r = Simulate(kMicro, Options().Edit([](io::Scenario& s) {
    s.mutable_promises()->set_next_day_days(0);
  }));
  const std::uint64_t n = Created(r);
  ASSERT_GE(n, 10u);
  ASSERT_LE(n, 100u);  // at most one parcel per courier
  const io::PromiseKpi& delivery = r.kpi().delivery();
  EXPECT_EQ(r.conservation().delivered(), n);
  EXPECT_EQ(delivery.measured(), n);
  EXPECT_EQ(delivery.on_time(), n);
  EXPECT_EQ(delivery.p50_minutes(), 0);
  EXPECT_EQ(delivery.p99_minutes(), 0);
  EXPECT_NEAR(delivery.mean_minutes(), 0, 0.001);
  EXPECT_EQ(r.hour(15).kpi().delivery().measured(), n);  // hour of the outlet arrival
  EXPECT_EQ(r.kpi().pickup().p50_minutes(), 0);
  EXPECT_EQ(r.kpi().pickup().p99_minutes(), 0);
  const io::CourierDay& day = r.outlet(0).courier_day();
  EXPECT_EQ(day.parcels_delivered(), n);
  EXPECT_GE(day.delivery_stops(), 1u);
  EXPECT_LE(day.delivery_stops(), n);
  EXPECT_EQ(day.courier_days(), 100u);
  // Busy 5 min per delivery stop (+ legs of < 0.04 s) of 100 x 720 min on duty.
  EXPECT_NEAR(day.utilization(), 5.0 * static_cast<double>(day.delivery_stops()) / (100 * 720),
              1e-6);
  EXPECT_EQ(day.share_pickup(), 0);
  EXPECT_EQ(r.kpi().next_day().on_time(), n);  // collected and delivered on day 1
  EXPECT_EQ(r.day(0).delivered(), n);
  ExpectConserved(r);
}

TEST(ModelRulesTest, DeliveryClockStartsAtTheShiftStartOutsideTheShift) {
  // Day 2 has no orders (multiplier 0). (a) The hub -> outlet shuttle leaves at 05:00 only:
  // the parcels sorted on day 1 reach the outlet at 05:30 on day 2, before the 08:00 shift.
  // (b) The shift ends at 15:00 and the shuttle leaves at 15:00: the parcels arrive at 15:30
  // on day 1, after the shift. Either way the clock starts at the next 08:00, every courier
  // sets out then and tries its parcels on arrival: duration 0 min (not 150 min or 16 h 30
  // min).
  const auto check = [](const io::Results& r, std::uint32_t arrival_hour) {
    const std::uint64_t n = Created(r);
    ASSERT_GE(n, 10u);
    ASSERT_LE(n, 100u);
    const io::PromiseKpi& delivery = r.kpi().delivery();
    EXPECT_EQ(r.conservation().delivered(), n);
    EXPECT_EQ(delivery.measured(), n);
    EXPECT_EQ(delivery.on_time(), n);
    EXPECT_EQ(delivery.p50_minutes(), 0);
    EXPECT_EQ(delivery.p99_minutes(), 0);
    EXPECT_NEAR(delivery.mean_minutes(), 0, 0.001);
    EXPECT_EQ(r.hour(static_cast<int>(arrival_hour)).kpi().delivery().measured(), n);
    EXPECT_EQ(r.day(0).delivered(), 0u);
    EXPECT_EQ(r.day(1).delivered(), n);
    EXPECT_EQ(r.day(1).orders(), 0u);
    ExpectConserved(r);
  };
  {
    SCOPED_TRACE("arrival before the shift");
    check(Simulate(kMicro, Options().Days(2).Edit([](io::Scenario& s) {
                              DayMultipliers(s, {1, 0});
                              HubToOutlet(s, {"05:00"});
                            })),
          5);
  }
  {
    SCOPED_TRACE("arrival after the shift");
    check(Simulate(kMicro, Options().Days(2).Edit([](io::Scenario& s) {
                              DayMultipliers(s, {1, 0});
                              s.mutable_outlet(0)->set_shift_end("15:00");
                            })),
          15);
  }
}

TEST(ModelRulesTest, ARunVisitsItsStopsInOrder) {
  // One courier, run_capacity 25: the N (<= 25) parcels ready at 15:30 go out on one run.
  // Its stops are the S delivery points among their addresses (the zone has 10: 8 orders a
  // day / 1.6 parcels per stop would be 5, but there is one per account at least), all
  // within 0.1 m of the outlet, and the k-th stop is
  // reached at 15:30 + 5 (k - 1) min (+ < 0.04 s per leg): every first attempt at its
  // stop's arrival. So the durations are multiples of 5 min, the longest 5 (S - 1). (Before
  // the courier's day every parcel was a stop of its own, delivered at the end of its
  // service: 5, 10, ..., 5N.) The courier is busy 5 min per delivery stop (pickups take no
  // service here) and legs of < 0.04 s, in a 720 min shift.
  const io::Results r = Simulate(kMicro, Options().Edit([](io::Scenario& s) {
                                   s.mutable_outlet(0)->set_couriers(1);
                                   s.mutable_outlet(0)->set_orders_per_day(8);
                                   s.mutable_couriers()->set_run_capacity(25);
                                 }));
  const std::uint64_t n = Created(r);
  ASSERT_GE(n, 2u);
  ASSERT_LE(n, 17u);  // at most 17 orders of a mean 8: p99 below is the longest
  const std::uint64_t stops = r.outlet(0).courier_day().delivery_stops();
  ASSERT_GE(stops, 2u);
  ASSERT_LE(stops, std::min<std::uint64_t>(n, 10));
  const double nd = static_cast<double>(n);
  const io::PromiseKpi& delivery = r.kpi().delivery();
  EXPECT_EQ(r.conservation().delivered(), n);
  EXPECT_EQ(delivery.measured(), n);
  EXPECT_EQ(delivery.p99_minutes(), 5.0 * static_cast<double>(stops - 1));
  EXPECT_EQ(std::fmod(delivery.p50_minutes(), 5.0), 0);
  EXPECT_EQ(std::fmod(delivery.p90_minutes(), 5.0), 0);
  // The sum of the durations is a whole number of 5 min (+ < 0.04 s per leg).
  const double fives = delivery.mean_minutes() * nd / 5;
  EXPECT_NEAR(fives, std::round(fives), 0.01);
  EXPECT_EQ(delivery.on_time(), n);  // 5 (S - 1) <= 20 < 120
  EXPECT_EQ(r.outlet(0).courier_day().parcels_delivered(), n);
  EXPECT_NEAR(r.outlet(0).courier_utilization(), 5 * static_cast<double>(stops) / 720, 1e-4);
  ExpectConserved(r);
}

TEST(ModelRulesTest, AFailedDeliveryIsNeverDeliveredAndEveryAttemptIsCounted) {
  // Nobody is ever home (probability 1: outside the scenario's range [0, 1), so set on the
  // compiled spec). Two couriers, run_capacity 1, N >= 2 parcels ready at 15:30 on day 1, no
  // orders on day 2. Each courier cycles: out (< 0.02 s), tries its parcel on arrival, 5 min
  // at the door, back (< 0.02 s), the parcel is ready again (retry_policy NEXT_RUN) and it
  // sets out again with the next one of its territory (or its neighbour's). A run starts only
  // while the shift lasts, at 15:30 + k (5 min + eps), eps < 0.04 s, with k (5 min + eps)
  // < 270 min: k = 0..53, 54 attempts on day 1; on day 2 from 08:00, k (5 min + eps) <
  // 720 min: k = 0..143, 144 attempts. 2 x (54 + 144) = 396 failed attempts, 0 delivered.
  const io::Results r = Simulate(
      kMicro, Options()
                  .Days(2)
                  .Edit([](io::Scenario& s) {
                    DayMultipliers(s, {1, 0});
                    s.mutable_outlet(0)->set_couriers(2);
                    s.mutable_outlet(0)->set_orders_per_day(10);
                    s.mutable_couriers()->set_run_capacity(1);
                  })
                  .EditSpec([](NetworkSpec& spec) { spec.failed_delivery_probability = 1.0; }));
  const std::uint64_t n = Created(r);
  ASSERT_GE(n, 2u);
  ASSERT_LE(n, 30u);  // two couriers collect them all before the 13:00 shuttle
  EXPECT_EQ(r.outlet(0).failed_attempts(), 2u * (54 + 144));
  EXPECT_EQ(r.outlet(0).delivered(), 0u);
  EXPECT_EQ(r.conservation().delivered(), 0u);
  EXPECT_EQ(r.conservation().in_flight(), n);
  EXPECT_EQ(r.conservation().lost(), 0u);
  // Still open at the end and past due: every delivery (clock 15:30 + 120 min) and every
  // next-day promise (deadline: end of day 2 = end of the run) is a measured miss.
  EXPECT_EQ(r.kpi().delivery().measured(), n);
  EXPECT_EQ(r.kpi().delivery().on_time(), 0u);
  EXPECT_EQ(r.kpi().next_day().measured(), n);
  EXPECT_EQ(r.kpi().next_day().on_time(), 0u);
  ExpectConserved(r);
}

// ---- next-day promise -------------------------------------------------------------------

TEST(ModelRulesTest, ExtraDaysOfTheDestinationKeepTwoDayParcelsOnTime) {
  // Orders on day 1 only; hub -> outlet shuttle at 05:00. Without an outage the parcels
  // are delivered on day 2 at 08:00: on time (deadline: end of day 2). Hub H is down from
  // 12:00 on day 1 to 12:00 on day 2, so the parcels (at the hub at 13:30) are sorted at
  // 12:00 on day 2, miss the 05:00 shuttle and are delivered on day 3 at 08:00: late,
  // unless the outlet has extra_days 1 (deadline: end of day 3).
  const auto run = [](bool outage, std::uint32_t extra_days) {
    return Simulate(kMicro, Options().Days(3).Edit([=](io::Scenario& s) {
                               DayMultipliers(s, {1, 0, 0});
                               HubToOutlet(s, {"05:00"});
                               s.mutable_outlet(0)->set_extra_days(extra_days);
                               if (outage) AddOutage(s, "H", 1, "12:00", 24 * 60);
                             }));
  };
  const io::Results one_day = run(false, 0);
  const io::Results late = run(true, 0);
  const io::Results remote = run(true, 1);
  const std::uint64_t n = Created(one_day);
  ASSERT_GE(n, 10u);
  ASSERT_EQ(Created(late), n);  // same demand draws
  ASSERT_EQ(Created(remote), n);

  EXPECT_EQ(one_day.day(1).delivered(), n);
  EXPECT_EQ(one_day.kpi().next_day().measured(), n);
  EXPECT_EQ(one_day.kpi().next_day().on_time(), n);

  for (const io::Results* r : {&late, &remote}) {
    EXPECT_EQ(r->day(2).delivered(), n);
    EXPECT_EQ(r->kpi().next_day().measured(), n);
    EXPECT_EQ(r->day(0).kpi().next_day().measured(), n);  // by day of pickup
    // Picked up 10:00-11:00 on day 1 (as the order is placed: the courier is at the door at
    // once), delivered 08:00 on day 3 (3,360 min from the start).
    EXPECT_GE(r->kpi().next_day().p50_minutes(), 3360 - 661);
    EXPECT_LE(r->kpi().next_day().p99_minutes(), 3360 - 600);
    EXPECT_EQ(r->kpi().delivery().on_time(), n);  // the delivery promise itself is kept
    ExpectConserved(*r);
  }
  EXPECT_EQ(late.kpi().next_day().on_time(), 0u);
  EXPECT_EQ(remote.kpi().next_day().on_time(), n);
  EXPECT_EQ(late.kpi().next_day().p50_minutes(), remote.kpi().next_day().p50_minutes());
}

// ---- hubs -------------------------------------------------------------------------------

TEST(ModelRulesTest, HubSortsAtItsRate) {
  // 6 parcels an hour: one every 10 min from 13:30, when all N (> 63) arrive at once. The
  // k-th is done at 13:30 + 10k min. The 15:05 shuttle takes those done by then (k <= 9),
  // so 9 are delivered; the run ends at 24:00, so k <= 62 are sorted (13:30 + 630 min is
  // the end itself, not processed). Busy time = sorted / rate = 62 x 10 min, open 24 h.
  const io::Results r = Simulate(kMicro, Options().Edit([](io::Scenario& s) {
                                   s.mutable_hub(0)->set_sort_rate_per_hour(6);
                                   s.mutable_outlet(0)->set_orders_per_day(100);
                                   s.mutable_outlet(0)->set_couriers(200);
                                   HubToOutlet(s, {"15:05"});
                                 }));
  const std::uint64_t n = Created(r);
  ASSERT_GE(n, 63u);
  ASSERT_LE(n, 200u);  // at most one parcel per courier
  const io::HubResult& hub = r.hub(0);
  EXPECT_EQ(hub.sorted(), 62u);
  EXPECT_EQ(hub.max_backlog(), n);
  EXPECT_EQ(hub.backlog_at_end(), n - 62);
  EXPECT_DOUBLE_EQ(hub.sorter_utilization(), 62.0 * 600 / 86400);
  EXPECT_EQ(r.conservation().delivered(), 9u);
  EXPECT_EQ(r.conservation().in_flight(), n - 9);
  ExpectConserved(r);

  // At 3,600 an hour (one per second) all N are sorted by 13:30 + N s: busy N s of 24 h.
  const io::Results fast = Simulate(kMicro, Options().Edit([](io::Scenario& s) {
                                      s.mutable_outlet(0)->set_orders_per_day(100);
                                      s.mutable_outlet(0)->set_couriers(200);
                                    }));
  ASSERT_EQ(Created(fast), n);
  EXPECT_EQ(fast.hub(0).sorted(), n);
  EXPECT_EQ(fast.hub(0).backlog_at_end(), 0u);
  EXPECT_DOUBLE_EQ(fast.hub(0).sorter_utilization(), static_cast<double>(n) / 86400);
  EXPECT_EQ(fast.conservation().delivered(), n);
}

// Hub H holds the parcels (at the hub at 13:30) until 16:00, by `hold`; the shuttles leave
// at 15:00 and 17:00. Without the hold every parcel leaves at 15:00 and is scanned in at
// the outlet in hour 15; with it, at 17:00 and in hour 17.
void ExpectHeldUntilFour(const std::function<void(io::Scenario&)>& hold, double open_hours) {
  const auto edit = [&](bool held) {
    return [&, held](io::Scenario& s) {
      HubToOutlet(s, {"15:00", "17:00"});
      if (held) hold(s);
    };
  };
  const io::Results base = Simulate(kMicro, Options().Edit(edit(false)));
  const io::Results held = Simulate(kMicro, Options().Edit(edit(true)));
  const std::uint64_t n = Created(base);
  ASSERT_GE(n, 10u);
  ASSERT_EQ(Created(held), n);
  EXPECT_EQ(base.hour(15).kpi().delivery().measured(), n);
  EXPECT_EQ(base.hour(17).kpi().delivery().measured(), 0u);
  EXPECT_EQ(held.hour(15).kpi().delivery().measured(), 0u);
  EXPECT_EQ(held.hour(17).kpi().delivery().measured(), n);
  EXPECT_EQ(held.conservation().delivered(), n);
  EXPECT_EQ(held.hub(0).sorted(), n);
  EXPECT_EQ(held.hub(0).max_backlog(), n);
  // Busy 1 s per parcel over the hours the sorter was open.
  EXPECT_DOUBLE_EQ(held.hub(0).sorter_utilization(), static_cast<double>(n) / (open_hours * 3600));
  // The delivery promise runs from the parcel's readiness at the outlet: unchanged, each
  // first attempt on the courier's arrival (0 min).
  EXPECT_EQ(held.kpi().delivery().p99_minutes(), 0);
  ExpectConserved(held);
}

TEST(ModelRulesTest, HubOpeningHoursHoldParcelsUntilTheOpening) {
  ExpectHeldUntilFour([](io::Scenario& s) { s.mutable_hub(0)->set_opens("16:00"); }, 8);
}

TEST(ModelRulesTest, HubOutageHoldsParcelsUntilItEnds) {
  ExpectHeldUntilFour([](io::Scenario& s) { AddOutage(s, "H", 1, "12:00", 240); }, 20);
}

TEST(ModelRulesTest, HubSortsOnlyWhileOpen) {
  // Hub H is open 13:30-13:45 and sorts 6 parcels an hour (10 min each); all N parcels
  // arrive at 13:30. In the 15 open minutes of day 1 one parcel is sorted: a second would
  // not finish before the closing, so it does not start. The sorter is never busy longer
  // than it is open: utilization <= 1.
  const io::Results r = Simulate(kMicro, Options().Edit([](io::Scenario& s) {
                                   s.mutable_hub(0)->set_sort_rate_per_hour(6);
                                   s.mutable_hub(0)->set_opens("13:30");
                                   s.mutable_hub(0)->set_closes("13:45");
                                 }));
  const std::uint64_t n = Created(r);
  ASSERT_GE(n, 3u);
  ExpectConserved(r);
  EXPECT_EQ(r.hub(0).sorted(), 1u);
  EXPECT_LE(r.hub(0).sorter_utilization(), 1.0);
  EXPECT_EQ(r.hub(0).backlog_at_end(), n - 1);
}

TEST(ModelRulesTest, HubOutageAlsoStopsDispatching) {
  // scenario.proto, HubOutage: "A hub that neither sorts nor dispatches for a time window."
  // (a) Hub H sorts every parcel by 13:31 and is down 14:00-16:00: its 15:00 shuttle to the
  // outlets must not leave with them, so they are scanned in at the outlet in hour 17
  // (after the 17:00 shuttle), not in hour 15.
  const io::Results shuttle = Simulate(kMicro, Options().Edit([](io::Scenario& s) {
                                         HubToOutlet(s, {"15:00", "17:00"});
                                         AddOutage(s, "H", 1, "14:00", 120);
                                       }));
  const std::uint64_t n = Created(shuttle);
  ASSERT_GE(n, 10u);
  EXPECT_EQ(shuttle.hub(0).sorted(), n);
  ExpectConserved(shuttle);
  // (b) Hub A sorts its parcels by 13:31 and is down 13:40-14:10: the 13:45 linehaul to B
  // must not leave with them then. Whether it leaves at the end of the outage (at B 15:10)
  // or the parcels wait for the next day's departure, none reaches B in time for B's 15:00
  // shuttle, so none is scanned in at B1 in hour 15.
  const io::Results linehaul = Simulate(kTwoHubs, Options().Edit([](io::Scenario& s) {
                                          AddOutage(s, "A", 1, "13:40", 30);
                                        }));
  ASSERT_GE(Created(linehaul), 10u);
  ExpectConserved(linehaul);
  EXPECT_EQ(shuttle.hour(15).kpi().delivery().measured(), 0u);
  EXPECT_EQ(shuttle.hour(17).kpi().delivery().measured(), n);
  EXPECT_EQ(linehaul.hour(15).kpi().delivery().measured(), 0u);
}

// ---- linehauls --------------------------------------------------------------------------

TEST(ModelRulesTest, ALinehaulDelayMakesItsParcelsArriveExactlyThatMuchLater) {
  // The 13:45 departure A -> B leaves 120 min late: its parcels reach hub B at 16:45
  // instead of 14:45, take the 17:00 shuttle instead of the 15:00 one and are delivered
  // exactly 2 h later, with the same random draws in the same order. So every next-day
  // duration grows by exactly 120 min, and the delivery promise (from the outlet scan)
  // is byte-identical. Same-day promise (next_day_days 0): its deadline falls in the run.
  const io::Results base = Simulate(kTwoHubs, Options().Edit([](io::Scenario& s) {
    s.mutable_promises()->set_next_day_days(0);
  }));
  const io::Results late = Simulate(kTwoHubs, Options().Edit([](io::Scenario& s) {
                                      s.mutable_promises()->set_next_day_days(0);
                                      io::LinehaulDisruption& d = *s.add_linehaul_disruption();
                                      d.set_from("A");
                                      d.set_to("B");
                                      d.set_day(1);
                                      d.set_departure("13:45");
                                      d.set_delay_minutes(120);
                                    }));
  const std::uint64_t n = Created(base);
  ASSERT_GE(n, 10u);
  ASSERT_EQ(base.outlet(1).orders(), 0u);  // only A1 orders (B1's rate is 0.001 a day)
  ASSERT_EQ(Created(late), n);
  for (const io::Results* r : {&base, &late}) {
    EXPECT_EQ(r->conservation().delivered(), n);
    EXPECT_EQ(r->outlet(1).delivered(), n);
    EXPECT_EQ(r->linehaul(0).departures(), 1u);
    EXPECT_EQ(r->linehaul(0).parcels(), n);
    EXPECT_EQ(r->hub(1).sorted(), n);
    ExpectConserved(*r);
  }
  EXPECT_EQ(base.hour(15).kpi().delivery().measured(), n);
  EXPECT_EQ(late.hour(15).kpi().delivery().measured(), 0u);
  EXPECT_EQ(late.hour(17).kpi().delivery().measured(), n);
  EXPECT_EQ(late.kpi().delivery().SerializeAsString(), base.kpi().delivery().SerializeAsString());
  const io::PromiseKpi& b = base.kpi().next_day();
  const io::PromiseKpi& l = late.kpi().next_day();
  EXPECT_EQ(l.measured(), b.measured());
  EXPECT_EQ(l.on_time(), b.on_time());
  EXPECT_EQ(l.p50_minutes(), b.p50_minutes() + 120);
  EXPECT_EQ(l.p90_minutes(), b.p90_minutes() + 120);
  EXPECT_EQ(l.p99_minutes(), b.p99_minutes() + 120);
  EXPECT_NEAR(l.mean_minutes() - b.mean_minutes(), 120, 1e-6);
}

// ---- demand -----------------------------------------------------------------------------

TEST(ModelRulesTest, DayMultiplierScalesTheOrdersOfItsDay) {
  // About 2,000 orders on day 1 and 6,000 on day 2 (Poisson: the ratio's sd is ~0.08).
  const auto run = [](double day2) {
    return Simulate(kMicro, Options().Days(2).Edit([=](io::Scenario& s) {
                               DayMultipliers(s, {1, day2});
                               s.mutable_outlet(0)->set_orders_per_day(2000);
                               s.mutable_outlet(0)->set_couriers(20);
                               s.mutable_couriers()->set_run_capacity(25);
                             }));
  };
  const io::Results peak = run(3);
  const double day1 = static_cast<double>(peak.day(0).orders());
  const double day2 = static_cast<double>(peak.day(1).orders());
  EXPECT_GT(day1, 1500);
  EXPECT_GE(day2 / day1, 2.5);
  EXPECT_LE(day2 / day1, 3.5);
  ExpectConserved(peak);
  // Multiplier 0: no order at all on day 2, and day 1 is untouched (its orders are drawn
  // before any draw that depends on day 2's multiplier).
  const io::Results none = run(0);
  EXPECT_EQ(none.day(1).orders(), 0u);
  EXPECT_EQ(none.day(0).orders(), peak.day(0).orders());
  EXPECT_EQ(Created(none), none.day(0).orders());
}

TEST(ModelRulesTest, OrdersFallInTheHourOfTheProfileAndAreMeasuredThere) {
  // (a) Profile confined to 13:00-14:00, two days: every order, hence every pickup, is
  // measured in hour 13, and the days' orders add up to the parcels created.
  const io::Results r = Simulate(kMicro, Options().Days(2).Edit([](io::Scenario& s) { OnlyHour(s, 13); }));
  const std::uint64_t n = Created(r);
  ASSERT_GE(n, 20u);
  EXPECT_EQ(r.kpi().pickup().measured(), n);
  EXPECT_EQ(r.hour(13).kpi().pickup().measured(), n);
  for (int h = 0; h < 24; ++h) {
    if (h != 13) {
      EXPECT_EQ(r.hour(h).kpi().pickup().measured(), 0u) << "hour " << h;
    }
  }
  EXPECT_EQ(r.day(0).orders() + r.day(1).orders(), n);
  EXPECT_EQ(r.day(0).kpi().pickup().measured(), r.day(0).orders());
  EXPECT_EQ(r.day(1).kpi().pickup().measured(), r.day(1).orders());
  EXPECT_EQ(r.kpi().pickup().p99_minutes(), 0);  // the courier is at the door at once
  ExpectConserved(r);

  // (b) Orders 21:00-22:00, after the 20:00 shift end, day 1 only: collected on day 2 from
  // 08:00, yet measured in hour 21 and day 1, with the clock from 08:00: each territory's
  // courier sets out at 08:00 and is at every account of its route within 0.04 s a leg,
  // so 0 min (not 10 h).
  const io::Results late = Simulate(kMicro, Options().Days(2).Edit([](io::Scenario& s) {
                                        OnlyHour(s, 21);
                                        DayMultipliers(s, {1, 0});
                                      }));
  const std::uint64_t m = Created(late);
  ASSERT_GE(m, 10u);
  EXPECT_EQ(late.day(0).orders(), m);
  EXPECT_EQ(late.hour(21).kpi().pickup().measured(), m);
  EXPECT_EQ(late.day(0).kpi().pickup().measured(), m);
  EXPECT_EQ(late.kpi().pickup().on_time(), m);
  EXPECT_EQ(late.kpi().pickup().p50_minutes(), 0);
  EXPECT_EQ(late.kpi().pickup().p99_minutes(), 0);
  ExpectConserved(late);
}

TEST(ModelRulesTest, OdMatrixSendsEverythingFromHubAToHubB) {
  // A's outlets send only to B (od A -> B); B's to B. Within B the outlet follows the
  // gravity weights, proportional to orders_per_day: B2 has none, so B1 receives all.
  const io::Results r = Simulate(kTwoHubs, Options().Edit([](io::Scenario& s) {
    s.mutable_demand()->clear_od();
    io::OdEntry& ab = *s.mutable_demand()->add_od();
    ab.set_from_hub("A");
    ab.set_to_hub("B");
    ab.set_weight(1);
    io::OdEntry& bb = *s.mutable_demand()->add_od();
    bb.set_from_hub("B");
    bb.set_to_hub("B");
    bb.set_weight(1);
    io::Outlet& a2 = *s.add_outlet();
    a2 = s.outlet(0);
    a2.set_id("A2");
    io::Outlet& b2 = *s.add_outlet();
    b2 = s.outlet(1);
    b2.set_id("B2");
    b2.set_orders_per_day(0);
    s.mutable_outlet(1)->set_orders_per_day(20);
  }));
  // Outlets in scenario order: A1, B1, A2, B2.
  ASSERT_EQ(r.outlet_size(), 4);
  const io::OutletResult& a1 = r.outlet(0);
  const io::OutletResult& b1 = r.outlet(1);
  const io::OutletResult& a2 = r.outlet(2);
  const io::OutletResult& b2 = r.outlet(3);
  ASSERT_GT(a1.orders(), 0u);
  ASSERT_GT(a2.orders(), 0u);
  EXPECT_EQ(b2.orders(), 0u);
  EXPECT_GT(r.conservation().delivered(), 0u);
  EXPECT_EQ(a1.delivered(), 0u);
  EXPECT_EQ(a2.delivered(), 0u);
  EXPECT_EQ(b2.delivered(), 0u);
  EXPECT_EQ(b1.delivered(), r.conservation().delivered());
  EXPECT_EQ(r.hub(0).kpi().delivery().measured(), 0u);
  // Every parcel of A is sorted at A and carried to B; nothing goes back.
  EXPECT_EQ(r.hub(0).sorted(), a1.orders() + a2.orders());
  EXPECT_EQ(r.linehaul(0).parcels(), a1.orders() + a2.orders());
  EXPECT_EQ(r.linehaul(1).parcels(), 0u);
  EXPECT_EQ(r.hub(1).sorted(), Created(r));
  ExpectConserved(r);
}

// The figures of `r` that depend on where its couriers drove only through legs of < 0.04 s
// in kTwoHubs: the km, the busy time, and the mean durations from the pickup (a pickup is
// at the courier's arrival); and the events (the couriers' steps).
void ClearTravel(io::Results& r) {
  r.clear_events();
  r.clear_courier_day();
  const auto clear_means = [](io::KpiSet& k) {
    k.mutable_pickup()->clear_mean_minutes();
    k.mutable_next_day()->clear_mean_minutes();
  };
  clear_means(*r.mutable_kpi());
  for (io::DayKpi& d : *r.mutable_day()) clear_means(*d.mutable_kpi());
  for (io::HourKpi& h : *r.mutable_hour()) clear_means(*h.mutable_kpi());
  for (io::HubResult& h : *r.mutable_hub()) clear_means(*h.mutable_kpi());
  for (io::OutletResult& o : *r.mutable_outlet()) {
    clear_means(*o.mutable_kpi());
    o.clear_courier_day();
    o.clear_courier_utilization();
  }
}

TEST(ModelRulesTest, AccountSizesDoNotPerturbAnyOtherDraw) {
  // The account draw takes one uniform whatever the accounts' sizes: the revenue spread
  // changes who ships (the customers' figures, and the accounts in the events' payloads,
  // hence the fingerprint) but no other draw. Who ships now also decides where the courier
  // collects (each account has its pickup address), so the couriers' km and busy time
  // change, and with them the legs of < 0.04 s before each pickup; every other network
  // figure (orders, counts, promises kept, whole-minute percentiles) stays the same.
  const auto run = [](double sigma) {
    io::Results r = Simulate(kTwoHubs, Options().Days(2).Edit([=](io::Scenario& s) {
                                 s.mutable_demand()->set_account_size_sigma(sigma);
                                 s.mutable_outlet(1)->set_orders_per_day(20);
                               }));
    EXPECT_TRUE(r.has_customers());
    r.clear_customers();
    r.clear_fingerprint();
    return r;
  };
  io::Results equal = run(0), spread = run(2.5);
  ExpectConserved(equal);
  ExpectConserved(spread);
  EXPECT_NE(equal.courier_day().km(), spread.courier_day().km());  // other addresses
  ClearTravel(equal);
  ClearTravel(spread);
  EXPECT_TRUE(equal.SerializeAsString() == spread.SerializeAsString());
}

// ---- determinism ------------------------------------------------------------------------

TEST(ModelRulesTest, SameSeedIsByteIdenticalOnOneAndTwoThreadsAndAnotherSeedDiffers) {
  // Cross traffic both ways (od from the gravity model over both hubs), two days.
  const auto run = [](int threads, std::uint64_t seed) {
    return Simulate(kTwoHubs, Options().Days(2).Threads(threads).Seed(seed).Edit([](io::Scenario& s) {
                                 s.mutable_demand()->clear_od();
                                 s.mutable_outlet(1)->set_orders_per_day(40);
                                 s.mutable_couriers()->set_travel_time_cv(0.3);
                                 s.mutable_couriers()->set_failed_delivery_probability(0.2);
                                 s.mutable_couriers()->set_run_capacity(5);
                               }));
  };
  const io::Results one = run(1, 7);
  const io::Results two = run(2, 7);
  const io::Results other = run(1, 8);
  ASSERT_GT(one.linehaul(0).parcels(), 0u);
  ASSERT_GT(one.linehaul(1).parcels(), 0u);
  ExpectConserved(one);
  EXPECT_EQ(one.SerializeAsString(), two.SerializeAsString());
  EXPECT_NE(one.SerializeAsString(), other.SerializeAsString());
  EXPECT_NE(one.fingerprint(), other.fingerprint());
}

}  // namespace
}  // namespace hubsim::parcel_network

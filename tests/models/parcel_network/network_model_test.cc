// The network model's rules, each on a deterministic micro-scenario with an exact
// expectation, and the integration properties of the default scenario.
#include "engine/models/parcel_network/network_model.h"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <string>

#include "engine/io/scenario_loader.h"

namespace hubsim::parcel_network {
namespace {

// One hub, one outlet; couriers at the door (tiny zone, no travel-time spread, a leg takes
// < 0.04 s), so a pickup takes no time when its territory's courier is free (a pickup is
// measured at the courier's arrival), and otherwise what is left of the courier's stops
// before it (10 min of service each). No outlet sort, no time per parcel.
constexpr char kOneOutlet[] = R"pb(
  name: "one outlet"
  hub { id: "H" lat: 22.5 lon: 114.0 }
  outlet {
    id: "O"
    hub: "H"
    lat: 22.5
    lon: 114.0
    couriers: 50
    accounts: 10
    orders_per_day: 200
    zone_radius_km: 0.0001
  }
  demand {
    hourly_profile: [ 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 ]
  }
  couriers {
    travel_time_cv: 0
    pickup_service_minutes: 10
    delivery_service_minutes: 5
    failed_delivery_probability: 0
    shuttle_minutes: 30
    outlet_sort_minutes: 0
    minutes_per_parcel: 0
  }
)pb";

// Loads `text`, lets `edit` change the scenario (as a planner would edit the file), runs.
io::Results Simulate(const std::string& text, int threads = 1, std::uint32_t days = 1,
                     const std::function<void(io::Scenario&)>& edit = {}) {
  io::Scenario scenario = io::LoadScenarioText(text, "test.textproto");
  scenario.set_days(days);
  if (edit) edit(scenario);
  const NetworkSpec spec = CompileScenario(scenario);
  RunOptions options;
  options.threads = threads;
  options.seed = 7;
  return RunNetwork(spec, options);
}

TEST(NetworkModelTest, PickupIsMeasuredAtTheCouriersArrivalNotAtTheEndOfItsService) {
  // Before the courier's day a pickup took its 10 min service at least. Now the promise is
  // kept when the courier arrives: with no pickup service every courier is always free and
  // every pickup takes a leg of < 0.04 s; with 10 min, most still find their courier free
  // (the same orders: common random numbers), the others wait for the end of its service
  // at a previous address.
  const io::Results instant = Simulate(kOneOutlet, 1, 1, [](io::Scenario& s) {
    s.mutable_couriers()->set_pickup_service_minutes(0);
  });
  const io::Results r = Simulate(kOneOutlet);
  const io::PromiseKpi& pickup = r.kpi().pickup();
  EXPECT_GT(pickup.measured(), 150u);
  EXPECT_EQ(instant.kpi().pickup().measured(), pickup.measured());
  EXPECT_EQ(instant.kpi().pickup().p99_minutes(), 0);
  EXPECT_NEAR(instant.kpi().pickup().mean_minutes(), 0, 0.001);
  EXPECT_EQ(pickup.on_time(), pickup.measured());
  EXPECT_LT(pickup.p50_minutes(), 10);
  EXPECT_GT(pickup.mean_minutes(), instant.kpi().pickup().mean_minutes());
  EXPECT_TRUE(r.conservation().holds());
  EXPECT_TRUE(instant.conservation().holds());
}

TEST(NetworkModelTest, PickupPromiseShorterThanTheServiceIsKeptWhenTheCourierArrivesInTime) {
  // A 9 min promise, a 10 min service. Before the courier's day this promise was never kept
  // (a pickup ended with its service); now every pickup whose courier arrives within 9 min
  // keeps it: most of them (the median pickup waits less than 9 min, see above), but not
  // those that wait for the courier's service at a previous address.
  const io::Results r = Simulate(kOneOutlet, 1, 1, [](io::Scenario& s) {
    s.mutable_promises()->set_pickup_minutes(9);
  });
  EXPECT_GT(r.kpi().pickup().measured(), 150u);
  EXPECT_GT(r.kpi().pickup().on_time(), r.kpi().pickup().measured() / 2);
  EXPECT_LT(r.kpi().pickup().on_time(), r.kpi().pickup().measured());
}

TEST(NetworkModelTest, OrdersBeforeTheShiftStartTheirClockAtTheShiftStart) {
  // All orders 06:00-07:00, shift from 08:00: each waits 1-2 h, yet the promise clock starts
  // at 08:00. Then each territory's courier sets out with the orders of its accounts (one
  // stop per account) and reaches its k-th account at 08:00 + 10 (k - 1) min (+ legs of
  // < 0.04 s): whole multiples of 10 min, where a clock from the order would give 60 min
  // and more. (Before the courier's day, 50 couriers took the orders one by one in rounds
  // of 10 min.)
  const io::Results r = Simulate(kOneOutlet, 1, 1, [](io::Scenario& s) {
    for (int h = 0; h < 24; ++h) s.mutable_demand()->set_hourly_profile(h, h == 6 ? 1 : 0);
  });
  const io::PromiseKpi& pickup = r.kpi().pickup();
  ASSERT_GT(pickup.measured(), 150u);
  EXPECT_EQ(pickup.on_time(), pickup.measured());
  EXPECT_LT(pickup.p99_minutes(), 60);
  for (double q : {pickup.p50_minutes(), pickup.p90_minutes(), pickup.p99_minutes()}) {
    EXPECT_EQ(std::fmod(q, 10.0), 0) << q;
  }
  EXPECT_EQ(r.hour(6).kpi().pickup().measured(), pickup.measured());
}

TEST(NetworkModelTest, ParcelsAreConservedAndDeliveredOverSeveralDays) {
  const io::Results r = Simulate(kOneOutlet, 1, 3);
  const io::Conservation& c = r.conservation();
  EXPECT_TRUE(c.holds());
  EXPECT_GT(c.created(), 450u);
  EXPECT_GT(c.delivered(), 0u);
  EXPECT_EQ(c.created(), c.delivered() + c.in_flight() + c.lost());
  ASSERT_EQ(r.day_size(), 3);
  EXPECT_EQ(r.day(0).orders() + r.day(1).orders() + r.day(2).orders(), c.created());
}

TEST(NetworkModelTest, FailedDeliveriesAreTriedAgainOnALaterRun) {
  const io::Results r = Simulate(kOneOutlet, 1, 3, [](io::Scenario& s) {
    s.mutable_couriers()->set_failed_delivery_probability(0.5);
  });
  ASSERT_EQ(r.outlet_size(), 1);
  EXPECT_GT(r.outlet(0).failed_attempts(), 50u);
  EXPECT_GT(r.outlet(0).delivered(), 200u);
  EXPECT_TRUE(r.conservation().holds());
}

TEST(NetworkModelTest, DoublingCouriersOnAnOverloadedOutletRaisesPickupOnTime) {
  // About 25 orders an hour through the shift, nearly all from different accounts (1,000),
  // so nearly every order is a pickup stop of its own, of 10 min; the couriers also deliver
  // what the outlet sends itself. 2 couriers (12 stops an hour) fall far behind, 4 keep up
  // with most. Measured: 54 % and 86 % on time. (Before the courier's day 17 orders an hour
  // from 10 accounts were enough; orders of one account now make one stop, so the
  // overload needs more stops.)
  auto with_couriers = [](std::uint32_t couriers) {
    return [couriers](io::Scenario& s) {
      s.mutable_outlet(0)->set_couriers(couriers);
      s.mutable_outlet(0)->set_accounts(1000);
      s.mutable_outlet(0)->set_orders_per_day(300);
      for (int h = 0; h < 24; ++h) s.mutable_demand()->set_hourly_profile(h, h >= 8 && h < 20 ? 1 : 0);
    };
  };
  const io::Results two = Simulate(kOneOutlet, 1, 1, with_couriers(2));
  const io::Results four = Simulate(kOneOutlet, 1, 1, with_couriers(4));
  EXPECT_LT(two.outlet(0).kpi().pickup().on_time_rate(), 0.6);
  EXPECT_GT(four.outlet(0).kpi().pickup().on_time_rate(),
            two.outlet(0).kpi().pickup().on_time_rate() + 0.25);
  EXPECT_TRUE(two.conservation().holds());
  EXPECT_TRUE(four.conservation().holds());
}

// Two regions that exchange no parcels (OD diagonal): an outage at A changes A only.
constexpr char kTwoRegions[] = R"pb(
  name: "two regions"
  hub { id: "A" lat: 22.5 lon: 114.0 sort_rate_per_hour: 2000 }
  hub { id: "B" lat: 23.1 lon: 113.3 sort_rate_per_hour: 2000 }
  outlet { id: "A1" hub: "A" lat: 22.52 lon: 114.02 couriers: 8 orders_per_day: 400 }
  outlet { id: "B1" hub: "B" lat: 23.12 lon: 113.32 couriers: 8 orders_per_day: 400 }
  linehaul { from: "A" to: "B" transit_minutes: 120 departure: ["22:00", "02:00"] }
  linehaul { from: "B" to: "A" transit_minutes: 120 departure: ["22:00", "02:00"] }
  demand { od { from_hub: "A" to_hub: "A" weight: 1 } od { from_hub: "B" to_hub: "B" weight: 1 } }
  couriers { hub_to_outlet_departure: ["06:00", "10:00", "14:00"] }
)pb";

TEST(NetworkModelTest, HubOutageRaisesLateDeliveriesInItsRegionOnly) {
  const io::Results base = Simulate(kTwoRegions, 2, 3);
  // Hub A down from 10:00 on day 1 to 02:00 on day 3: parcels collected on day 1 are sorted
  // only on day 3 and miss their next-day promise; B's figures do not move at all.
  const io::Results outage = Simulate(kTwoRegions, 2, 3, [](io::Scenario& s) {
    io::HubOutage& o = *s.add_hub_outage();
    o.set_hub("A");
    o.set_day(1);
    o.set_start("10:00");
    o.set_duration_minutes(40 * 60);
  });
  EXPECT_LT(outage.hub(0).kpi().next_day().on_time_rate(),
            base.hub(0).kpi().next_day().on_time_rate() - 0.2);
  // Day 1's parcels (by pickup day) of both regions: A's half misses (bar those sorted before
  // 10:00), B's keeps its next-day promise as without the outage (all of them: 100 %).
  EXPECT_LT(outage.day(0).kpi().next_day().on_time_rate(),
            base.day(0).kpi().next_day().on_time_rate() - 0.4);
  EXPECT_EQ(outage.hub(1).SerializeAsString(), base.hub(1).SerializeAsString());
  EXPECT_EQ(outage.outlet(1).SerializeAsString(), base.outlet(1).SerializeAsString());
  EXPECT_TRUE(outage.conservation().holds());
}

constexpr char kLinehaul[] = R"pb(
  name: "one lane"
  hub { id: "A" lat: 22.5 lon: 114.0 }
  hub { id: "B" lat: 23.1 lon: 113.3 }
  outlet { id: "A1" hub: "A" lat: 22.52 lon: 114.02 couriers: 10 orders_per_day: 300 }
  outlet { id: "B1" hub: "B" lat: 23.12 lon: 113.32 couriers: 10 orders_per_day: 20 }
  linehaul { from: "A" to: "B" transit_minutes: 90 departure: ["12:00", "16:00", "20:00", "23:00"] capacity: 40 }
  linehaul { from: "B" to: "A" transit_minutes: 90 departure: ["23:00"] }
  demand { od { from_hub: "A" to_hub: "B" weight: 1 } od { from_hub: "B" to_hub: "A" weight: 1 } }
)pb";

TEST(NetworkModelTest, AFullDepartureRollsParcelsToTheNextOne) {
  const io::Results r = Simulate(kLinehaul, 1, 2);
  ASSERT_GE(r.linehaul_size(), 1);
  const io::LinehaulResult& lane = r.linehaul(0);
  EXPECT_EQ(lane.from(), "A");
  EXPECT_GT(lane.full_departures(), 0u);
  EXPECT_GT(lane.rolled_parcels(), 0u);
  EXPECT_LE(lane.parcels(), 40u * lane.departures());
  EXPECT_DOUBLE_EQ(lane.mean_load_factor() * static_cast<double>(lane.departures()) * 40,
                   static_cast<double>(lane.parcels()));
  EXPECT_TRUE(r.conservation().holds());
}

TEST(NetworkModelTest, ACancelledDepartureCarriesNothing) {
  const io::Results r = Simulate(kLinehaul, 1, 2, [](io::Scenario& s) {
    io::LinehaulDisruption& d = *s.add_linehaul_disruption();
    d.set_from("A");
    d.set_to("B");
    d.set_day(1);
    d.set_departure("20:00");
    d.set_cancelled(true);
  });
  EXPECT_EQ(r.linehaul(0).cancelled(), 1u);
  EXPECT_TRUE(r.conservation().holds());
}

TEST(NetworkModelTest, ServiceChangesLeaveTheOrdersAsTheyWere) {
  // Each outlet's demand has a stream of its own: fewer couriers, a slower sorter, a cut
  // linehaul change the service but not one order (common random numbers across scenarios).
  // Without churn, so that every order drawn is placed.
  auto run = [](const std::function<void(io::Scenario&)>& change) {
    return Simulate(kTwoRegions, 2, 2, [&](io::Scenario& s) {
      s.mutable_customers()->mutable_churn()->set_max_daily_probability(0);
      s.mutable_demand()->clear_od();
      if (change) change(s);
    });
  };
  const io::Results base = run({});
  // 2 couriers at A1 (were 3: with the courier's day 3 couriers still collect 91 % of A1's
  // pickups on time, 2 only 75 %), so that the service is clearly worse.
  const io::Results changed = run([](io::Scenario& s) {
    s.mutable_outlet(0)->set_couriers(2);
    s.mutable_hub(1)->set_sort_rate_per_hour(500);
    s.mutable_linehaul(0)->set_capacity(20);
  });
  ASSERT_LT(changed.kpi().pickup().on_time_rate(), base.kpi().pickup().on_time_rate() - 0.05);
  for (int d = 0; d < 2; ++d) EXPECT_EQ(changed.day(d).orders(), base.day(d).orders());
  for (int o = 0; o < 2; ++o) EXPECT_EQ(changed.outlet(o).orders(), base.outlet(o).orders());
  // The same accounts ordered: the same parcels per revenue segment.
  for (int g = 0; g < base.customers().segment_size(); ++g) {
    EXPECT_EQ(changed.customers().segment(g).parcels(), base.customers().segment(g).parcels());
  }
}

// The call center beside the network: late pickups and late or failed deliveries make
// customers call, and those calls are reported apart.
void AddCallCenter(io::Scenario& s, double late_pickup_p) {
  io::CallCenter& c = *s.mutable_call_center();
  c.add_agents(3);
  c.set_late_pickup_call_probability(late_pickup_p);
  c.set_late_delivery_call_probability(0);
  c.set_failed_delivery_call_probability(0);
  io::CallType& t = *c.add_call_type();
  t.set_name("tracking");
  t.set_calls_per_day(100);
  t.mutable_handle_time()->set_mean_seconds(120);
}

TEST(NetworkModelTest, LatePickupsMakeCustomersCallAndThoseCallsAreReportedApart) {
  auto overloaded = [](std::uint32_t couriers, double p) {
    return [couriers, p](io::Scenario& s) {
      s.mutable_outlet(0)->set_couriers(couriers);
      // Many accounts, so that orders seldom join an open stop: 200 pickups of 10 min a day.
      s.mutable_outlet(0)->set_accounts(1000);
      for (int h = 0; h < 24; ++h) s.mutable_demand()->set_hourly_profile(h, h >= 8 && h < 20 ? 1 : 0);
      AddCallCenter(s, p);
    };
  };
  const io::Results none = Simulate(kOneOutlet, 2, 1, overloaded(2, 0));
  const io::Results two = Simulate(kOneOutlet, 2, 1, overloaded(2, 1));
  const io::Results four = Simulate(kOneOutlet, 2, 1, overloaded(4, 1));
  ASSERT_TRUE(two.has_call_center());
  EXPECT_EQ(none.call_center().failure_calls().arrived(), 0u);
  // With probability 1 every late pickup whose call comes before the end is a call: the
  // calls number at most the late pickups, and most of them.
  const std::uint64_t late = two.kpi().pickup().measured() - two.kpi().pickup().on_time();
  const std::uint64_t calls = two.call_center().failure_calls().arrived();
  EXPECT_LE(calls, late);
  EXPECT_GT(calls, late / 2);
  EXPECT_EQ(two.call_center().cause(2).name(), "late_pickup");
  EXPECT_EQ(two.call_center().cause(2).kpi().arrived(), calls);
  EXPECT_LT(four.call_center().failure_calls().arrived(), calls / 2);
  // The baseline calls do not depend on the network.
  EXPECT_EQ(none.call_center().cause(0).kpi().arrived(), two.call_center().cause(0).kpi().arrived());
}

TEST(NetworkModelTest, DefaultScenarioGivesByteIdenticalResultsOnOneTwoAndFourThreads) {
  const io::Scenario& scenario = io::DefaultScenario();
  const NetworkSpec spec = CompileScenario(scenario);
  std::string reference;
  for (int threads : {1, 2, 4}) {
    RunOptions options;
    options.threads = threads;
    options.seed = scenario.seed();
    const io::Results r = RunNetwork(spec, options);
    EXPECT_TRUE(r.conservation().holds());
    EXPECT_GT(r.conservation().created(), 10'000u);
    std::string bytes;
    ASSERT_TRUE(r.SerializeToString(&bytes));
    if (reference.empty()) {
      reference = bytes;
    } else {
      EXPECT_EQ(bytes, reference) << threads << " threads";
    }
  }
}

}  // namespace
}  // namespace hubsim::parcel_network

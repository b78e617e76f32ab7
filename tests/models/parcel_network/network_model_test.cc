// The network model's rules, each on a deterministic micro-scenario with an exact
// expectation, and the integration properties of the default scenario.
#include <gtest/gtest.h>

#include <functional>
#include <string>

#include "engine/io/scenario_loader.h"
#include "engine/models/parcel_network/network_model.h"

namespace hubsim::parcel_network {
namespace {

// One hub, one outlet; couriers at the door (tiny zone, no travel-time spread), so every
// pickup takes exactly the pickup service time.
constexpr char kOneOutlet[] = R"pb(
  name: "one outlet"
  hub { id: "H" lat: 22.5 lon: 114.0 }
  outlet {
    id: "O" hub: "H" lat: 22.5 lon: 114.0
    couriers: 50 accounts: 10 orders_per_day: 200 zone_radius_km: 0.0001
  }
  demand { hourly_profile: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0] }
  couriers {
    travel_time_cv: 0 pickup_service_minutes: 10 delivery_service_minutes: 5
    failed_delivery_probability: 0 shuttle_minutes: 30
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

TEST(NetworkModelTest, PickupTakesTheServiceTimeWhenCouriersAreFreeAndAtTheDoor) {
  const io::Results r = Simulate(kOneOutlet);
  const io::PromiseKpi& pickup = r.kpi().pickup();
  EXPECT_GT(pickup.measured(), 150u);
  EXPECT_EQ(pickup.on_time(), pickup.measured());
  EXPECT_EQ(pickup.p50_minutes(), 10);
  EXPECT_EQ(pickup.p99_minutes(), 10);
  EXPECT_TRUE(r.conservation().holds());
}

TEST(NetworkModelTest, PickupPromiseShorterThanTheServiceIsAlwaysMissed) {
  const io::Results r = Simulate(kOneOutlet, 1, 1, [](io::Scenario& s) {
    s.mutable_promises()->set_pickup_minutes(9);
  });
  EXPECT_GT(r.kpi().pickup().measured(), 150u);
  EXPECT_EQ(r.kpi().pickup().on_time(), 0u);
}

TEST(NetworkModelTest, OrdersBeforeTheShiftStartTheirClockAtTheShiftStart) {
  // All orders 06:00-07:00, shift from 08:00: each waits 1-2 h, yet the promise clock starts
  // at 08:00 and the pickup takes 10 min of service after the courier sets out.
  const io::Results r = Simulate(kOneOutlet, 1, 1, [](io::Scenario& s) {
    for (int h = 0; h < 24; ++h) s.mutable_demand()->set_hourly_profile(h, h == 6 ? 1 : 0);
  });
  ASSERT_GT(r.kpi().pickup().measured(), 150u);
  EXPECT_EQ(r.kpi().pickup().on_time(), r.kpi().pickup().measured());
  // About 200 orders for 50 couriers: rounds of 10 minutes from 08:00, so waits are
  // multiples of 10 minutes (rounded down: 9 or 10, ...) up to 50.
  EXPECT_GE(r.kpi().pickup().p50_minutes(), 19);
  EXPECT_LE(r.kpi().pickup().p99_minutes(), 50);
  EXPECT_EQ(r.hour(6).kpi().pickup().measured(), r.kpi().pickup().measured());
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
  // About 17 orders an hour through the shift; a pickup takes 10 minutes, so 2 couriers
  // (12 an hour) fall behind and 4 (24 an hour) keep up.
  auto with_couriers = [](std::uint32_t couriers) {
    return [couriers](io::Scenario& s) {
      s.mutable_outlet(0)->set_couriers(couriers);
      for (int h = 0; h < 24; ++h) s.mutable_demand()->set_hourly_profile(h, h >= 8 && h < 20 ? 1 : 0);
    };
  };
  const double two = Simulate(kOneOutlet, 1, 1, with_couriers(2)).outlet(0).kpi().pickup().on_time_rate();
  const double four = Simulate(kOneOutlet, 1, 1, with_couriers(4)).outlet(0).kpi().pickup().on_time_rate();
  EXPECT_LT(two, 0.5);
  EXPECT_GT(four, two + 0.3);
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
  EXPECT_LT(outage.day(0).kpi().next_day().on_time_rate(), 0.5);
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
  const io::Results changed = run([](io::Scenario& s) {
    s.mutable_outlet(0)->set_couriers(3);
    s.mutable_hub(1)->set_sort_rate_per_hour(500);
    s.mutable_linehaul(0)->set_capacity(20);
  });
  ASSERT_LT(changed.kpi().pickup().on_time_rate(), base.kpi().pickup().on_time_rate() - 0.1);
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

// The customer tests' micro-scenario (customer_rules_test.cc, customer_calls_test.cc): one
// hub, one outlet of one account, one order a day placed 10:00-11:00, collected at once,
// at the hub at 13:30, back at the outlet and ready at 15:30, tried on the courier's
// arrival; no travel noise, no failed attempts, no complaints, no churn, every account
// at the same baseline.
#ifndef HUBSIM_TESTS_MODELS_PARCEL_NETWORK_CUSTOMER_MICRO_H_
#define HUBSIM_TESTS_MODELS_PARCEL_NETWORK_CUSTOMER_MICRO_H_

#include <cstdint>
#include <stdexcept>
#include <string>

#include "engine/io/results.pb.h"

namespace hubsim::parcel_network::testing_micro {

inline constexpr char kMicro[] = R"pb(
  name: "micro"
  hub { id: "H" lat: 22.5 lon: 114.0 sort_rate_per_hour: 3600 }
  outlet {
    id: "O"
    hub: "H"
    lat: 22.5
    lon: 114.0
    couriers: 100
    accounts: 1
    orders_per_day: 1
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
  customers {
    satisfaction { initial_stddev: 0 }
    complaints { dissatisfied_probability: 0 very_dissatisfied_probability: 0 }
    churn { max_daily_probability: 0 }
  }
)pb";

// The results' group of accounts (Q1..Q5, key_accounts, all) and an SQI component's count.
inline const io::SegmentResult& Group(const io::Results& r, const std::string& name) {
  for (const io::SegmentResult& g : r.customers().segment()) {
    if (g.name() == name) return g;
  }
  throw std::runtime_error("no group " + name);
}

inline std::uint64_t Component(const io::SqiSummary& s, const std::string& name) {
  for (const io::SqiComponent& c : s.component()) {
    if (c.name() == name) return c.count();
  }
  throw std::runtime_error("no component " + name);
}

}  // namespace hubsim::parcel_network::testing_micro

#endif  // HUBSIM_TESTS_MODELS_PARCEL_NETWORK_CUSTOMER_MICRO_H_

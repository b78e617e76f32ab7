// The call center of a generated network, sized to its demand. Internal to engine/generate.
//
// Open around the clock (as DHL's), with three call types, in the default scenario's
// proportions to the pickup orders (scenarios/prd.textproto):
// - "order": orders by phone, CallCenter.phone_order_share (a tenth) of the pickup orders,
//   over the day as the orders; handle time lognormal, mean 150 s.
// - "tracking": "where is my parcel", kTrackingCallsPerParcel of the parcels a day as a
//   baseline, two thirds served by the web or the app; also the type of the calls caused
//   by late pickups and late or failed deliveries. Handle time mean 120 s.
// - "complaint": kComplaintCallsPerParcel of the parcels a day; the customer model's
//   complaints (Customers.complaints.call_type) are of this type too, so it must exist.
//   Handle time mean 420 s.
// Callers' patience is exponential, mean 180 s; 30 % of those who hang up call again.
//
// Staffing: agents per 30-minute interval, the least that answer 80 % of the offered calls
// within 13 s by Erlang A (call_center::StaffErlangA, exponential patience as above), for
// the interval's expected calls: the baseline types by their hourly profiles, the phone
// orders by the order profile, the failure calls (an estimate, kFailureCallsPerParcel of
// the parcels, as tracking calls) by the order profile too; each after self-service; at
// the interval's mean handle time of that mix. At least one agent in every interval.
// Erlang A assumes exponential handle times and a stationary interval; the simulated
// service level differs by a few points either way.
#ifndef HUBSIM_ENGINE_GENERATE_CALL_CENTER_PLAN_H_
#define HUBSIM_ENGINE_GENERATE_CALL_CENTER_PLAN_H_

#include <vector>

#include "engine/io/scenario.pb.h"

namespace hubsim::generate {

// REQUIRES: parcels_per_day >= 0; order_profile 24 weights >= 0 with a positive sum.
io::CallCenter PlanCallCenter(double parcels_per_day, const std::vector<double>& order_profile);

}  // namespace hubsim::generate

#endif  // HUBSIM_ENGINE_GENERATE_CALL_CENTER_PLAN_H_

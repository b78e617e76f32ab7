#include "engine/generate/call_center_plan.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <string>

#include "engine/models/call_center/erlang.h"

namespace hubsim::generate {
namespace {

// Per parcel a day (the default scenario: 1,500 tracking and 150 complaint calls for 23,950
// orders).
constexpr double kTrackingCallsPerParcel = 0.063;
constexpr double kComplaintCallsPerParcel = 0.0063;
// Calls caused by failures, per parcel: about 8 % of pickups and of deliveries late (each
// making 30 % of the customers call) and 5 % of deliveries failing at the first attempt (20 %
// call) make ~0.058; rounded down since most late parcels are only a little late.
constexpr double kFailureCallsPerParcel = 0.05;
constexpr double kPhoneOrderShare = 0.1;
constexpr double kTrackingSelfService = 0.66;
constexpr double kPatienceSeconds = 180;
constexpr double kTargetSeconds = 13;
constexpr double kServiceLevelGoal = 0.8;
constexpr int kIntervalMinutes = 30;
constexpr int kIntervalsPerHour = 60 / kIntervalMinutes;

// Hour-of-day profiles of the default scenario: queries peak in office hours, complaints
// a little later in the morning.
constexpr std::array<double, 24> kTrackingProfile = {0.2, 0.1, 0.1, 0.1, 0.1, 0.2, 0.4, 0.8,
                                                     1.2, 1.4, 1.4, 1.3, 1.1, 1.2, 1.3, 1.3,
                                                     1.2, 1.1, 1.0, 0.9, 0.8, 0.6, 0.4, 0.3};
constexpr std::array<double, 24> kComplaintProfile = {0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.2, 0.6,
                                                      1.0, 1.2, 1.2, 1.2, 1.0, 1.0, 1.2, 1.2,
                                                      1.2, 1.0, 0.9, 0.8, 0.6, 0.4, 0.2, 0.1};

// One call type: what the scenario says about it and the calls it is expected to bring.
struct TypeLoad {
  std::string name;
  double mean_handle;                              // seconds
  double stddev_handle;                            // seconds (lognormal)
  double baseline_per_day;                         // before self-service
  const std::array<double, 24>* baseline_profile;  // null: flat (no baseline)
  double self_service;
  double offered_per_day;        // expected to reach the agents, all causes
  std::array<double, 24> share;  // of offered_per_day by hour, sums to 1
};

std::array<double, 24> Shares(const auto& profile) {
  std::array<double, 24> share{};
  const double total = std::accumulate(profile.begin(), profile.end(), 0.0);
  for (std::size_t h = 0; h < 24; ++h) share[h] = profile[h] / total;
  return share;
}

void AddType(const TypeLoad& t, io::CallCenter& c) {
  io::CallType* type = c.add_call_type();
  type->set_name(t.name);
  if (t.baseline_per_day > 0) type->set_calls_per_day(std::round(t.baseline_per_day));
  if (t.baseline_profile != nullptr) {
    for (double w : *t.baseline_profile) type->add_hourly_profile(w);
  }
  io::Distribution* handle = type->mutable_handle_time();
  handle->set_kind(io::Distribution::LOGNORMAL);
  handle->set_mean_seconds(t.mean_handle);
  handle->set_stddev_seconds(t.stddev_handle);
  if (t.self_service > 0) type->set_self_service_share(t.self_service);
}

// Agents for one interval: Erlang A on the mix's arrival rate and mean handle time.
std::uint32_t Staff(const std::vector<TypeLoad>& types, int hour) {
  double rate = 0;  // calls per second
  double work = 0;  // handle seconds per second
  for (const TypeLoad& t : types) {
    const double r = t.offered_per_day * t.share[static_cast<std::size_t>(hour)] / 3600.0;
    rate += r;
    work += r * t.mean_handle;
  }
  if (!(rate > 0)) return 1;
  const int agents = call_center::StaffErlangA(rate, work / rate, kPatienceSeconds, kTargetSeconds,
                                               kServiceLevelGoal);
  return static_cast<std::uint32_t>(std::max(1, agents));
}

}  // namespace

io::CallCenter PlanCallCenter(double parcels_per_day, const std::vector<double>& order_profile) {
  const std::array<double, 24> order_share = Shares(order_profile);
  const std::array<double, 24> tracking_share = Shares(kTrackingProfile);
  const double baseline_tracking = kTrackingCallsPerParcel * parcels_per_day;
  const double failure = kFailureCallsPerParcel * parcels_per_day;
  // Tracking: the baseline by its profile and the failure calls by the orders' profile.
  std::array<double, 24> tracking_mix{};
  for (std::size_t h = 0; h < 24; ++h) {
    tracking_mix[h] = (baseline_tracking * tracking_share[h] + failure * order_share[h]) /
                      (baseline_tracking + failure);
  }
  const double complaints = kComplaintCallsPerParcel * parcels_per_day;
  const std::vector<TypeLoad> types = {
      {"order", 150, 60, 0, nullptr, 0, kPhoneOrderShare * parcels_per_day, order_share},
      {"tracking", 120, 50, baseline_tracking, &kTrackingProfile, kTrackingSelfService,
       (1 - kTrackingSelfService) * (baseline_tracking + failure), tracking_mix},
      {"complaint", 420, 240, complaints, &kComplaintProfile, 0, complaints,
       Shares(kComplaintProfile)},
  };
  io::CallCenter c;
  c.set_service_level_seconds(kTargetSeconds);
  c.set_interval_minutes(kIntervalMinutes);
  for (int i = 0; i < 24 * kIntervalsPerHour; ++i)
    c.add_agents(Staff(types, i / kIntervalsPerHour));
  io::Distribution* patience = c.mutable_patience();
  patience->set_kind(io::Distribution::EXPONENTIAL);
  patience->set_mean_seconds(kPatienceSeconds);
  c.set_key_account_share(0.05);
  c.set_phone_order_share(kPhoneOrderShare);
  c.set_phone_order_type("order");
  c.set_late_pickup_call_probability(c.late_pickup_call_probability());
  c.set_late_delivery_call_probability(c.late_delivery_call_probability());
  c.set_failed_delivery_call_probability(c.failed_delivery_call_probability());
  c.set_failure_call_type("tracking");
  c.set_redial_probability(0.3);
  for (const TypeLoad& t : types) AddType(t, c);
  return c;
}

}  // namespace hubsim::generate

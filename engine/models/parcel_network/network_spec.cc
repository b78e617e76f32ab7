#include "engine/models/parcel_network/network_spec.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>
#include <unordered_map>

#include "engine/io/scenario_loader.h"
#include "hubsim/rng.h"

namespace hubsim::parcel_network {
namespace {

// The default demand profile: orders from 08:00 to 20:00, peaking late morning and
// mid-afternoon (weights per hour, normalised later).
constexpr std::array<double, 24> kDefaultProfile = {
    0, 0, 0, 0, 0, 0, 0, 0, 0.6, 1.0, 1.3, 1.2, 0.8, 0.9, 1.2, 1.3, 1.1, 0.9, 0.6, 0.4, 0, 0, 0, 0};

SimTime Clock(const std::string& hh_mm, const std::string& what) {
  const std::optional<int> minutes = io::ParseClock(hh_mm);
  if (!minutes) throw std::invalid_argument(what + ": bad time of day '" + hh_mm + "'");
  return SimTime::Minutes(*minutes);
}

SimTime Minutes(double minutes) { return SimTime::FromSeconds(minutes * 60.0); }

// The outlet's couriers shared among its shift groups in proportion to their shares: one
// each first, the rest by largest remainder (ties to the earlier group).
std::vector<std::uint32_t> ShareCouriers(const io::Outlet& o) {
  const auto groups = static_cast<std::size_t>(o.shift_size());
  if (groups == 0) return {};
  if (o.couriers() < groups)
    throw std::invalid_argument("outlet " + o.id() + " has fewer couriers than shift groups");
  double total = 0;
  for (const io::ShiftGroup& g : o.shift()) total += g.share();
  const std::uint32_t spare = o.couriers() - static_cast<std::uint32_t>(groups);
  std::vector<std::uint32_t> out(groups, 1);
  std::vector<double> remainder(groups);
  std::uint32_t given = 0;
  for (std::size_t g = 0; g < groups; ++g) {
    const double exact = spare * o.shift(static_cast<int>(g)).share() / total;
    const auto whole = static_cast<std::uint32_t>(exact);
    out[g] += whole;
    remainder[g] = exact - whole;
    given += whole;
  }
  std::vector<std::size_t> order(groups);
  for (std::size_t g = 0; g < groups; ++g) order[g] = g;
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return remainder[a] > remainder[b]; });
  for (std::size_t i = 0; given < spare; i = (i + 1) % groups, ++given) ++out[order[i]];
  return out;
}

// The couriers on duty over the day: the groups' union (validated to be one interval) and
// the most on duty at once.
void CompileShifts(OutletSpec& outlet) {
  if (outlet.shifts.empty()) throw std::invalid_argument("outlet " + outlet.id + " has no shift");
  outlet.shift_start = outlet.shifts.front().start;
  outlet.shift_end = outlet.shifts.front().end;
  outlet.couriers = 0;
  for (const ShiftGroupSpec& g : outlet.shifts) {
    if (g.couriers == 0 || g.end <= g.start) {
      throw std::invalid_argument("outlet " + outlet.id + " has an empty shift group");
    }
    outlet.shift_start = std::min(outlet.shift_start, g.start);
    outlet.shift_end = std::max(outlet.shift_end, g.end);
    outlet.couriers += g.couriers;
  }
  // The most on duty at once is reached at some group's start.
  outlet.max_on_duty = 0;
  for (const ShiftGroupSpec& at : outlet.shifts) {
    std::uint32_t on = 0;
    for (const ShiftGroupSpec& g : outlet.shifts) {
      if (g.start <= at.start && at.start < g.end) on += g.couriers;
    }
    outlet.max_on_duty = std::max(outlet.max_on_duty, on);
  }
}

// Stream keys of the geography (delivery points, accounts' addresses): fixed per outlet
// and independent of the run's seed, as a city's buildings are; replications vary the
// demand and the service, not the map.
constexpr std::uint64_t kGeographySeed = 0x4745'4F47'5241'5048ULL;  // "GEOGRAPH"
constexpr std::uint64_t kPointsStream = 0x5054'0000'0000'0000ULL;
constexpr std::uint64_t kAddressStream = 0x4144'0000'0000'0000ULL;

couriers::PointLayout Layout(io::PointLayout layout) {
  return layout == io::UNIFORM ? couriers::PointLayout::kUniform
                               : couriers::PointLayout::kClustered;
}

std::vector<SimTime> Clocks(const google::protobuf::RepeatedPtrField<std::string>& values,
                            std::vector<SimTime> fallback, const std::string& what) {
  std::vector<SimTime> out;
  for (const std::string& v : values) out.push_back(Clock(v, what));
  if (out.empty()) out = std::move(fallback);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

// Normalised running sums of `weights`; `what` names them in the error when none is > 0.
std::vector<double> Cumulative(const std::vector<double>& weights, const std::string& what) {
  std::vector<double> cumulative(weights.size());
  double sum = 0;
  for (std::size_t i = 0; i < weights.size(); ++i) cumulative[i] = sum += weights[i];
  if (!(sum > 0)) throw std::invalid_argument(what);
  for (double& c : cumulative) c /= sum;
  cumulative.back() = 1.0;
  return cumulative;
}

call_center::TimeDistribution Distribution(const io::Distribution& d) {
  call_center::TimeDistribution out;
  switch (d.kind()) {
    case io::Distribution::EXPONENTIAL: out.kind = call_center::TimeDistribution::Kind::kExponential; break;
    case io::Distribution::LOGNORMAL: out.kind = call_center::TimeDistribution::Kind::kLognormal; break;
    case io::Distribution::CONSTANT: out.kind = call_center::TimeDistribution::Kind::kConstant; break;
  }
  out.mean_seconds = d.mean_seconds();
  out.stddev_seconds = d.stddev_seconds();
  return out;
}

std::array<double, 24> HourlyShare(const google::protobuf::RepeatedField<double>& profile) {
  std::array<double, 24> share;
  share.fill(1.0 / 24);
  if (profile.size() != 24) return share;
  double total = 0;
  for (double w : profile) total += w;
  for (int h = 0; h < 24; ++h) share[h] = profile[h] / total;
  return share;
}

void CompileCallCenter(const io::Scenario& s, NetworkSpec& spec) {
  const io::CallCenter& c = s.call_center();
  call_center::CallCenterSpec cc;
  cc.target = SimTime::FromSeconds(c.service_level_seconds());
  cc.interval = SimTime::Minutes(c.interval_minutes());
  auto type_index = [&](const std::string& name) -> std::optional<std::uint32_t> {
    for (int t = 0; t < c.call_type_size(); ++t) {
      if (c.call_type(t).name() == name) return static_cast<std::uint32_t>(t);
    }
    return std::nullopt;
  };
  for (const io::CallType& t : c.call_type()) {
    call_center::CallTypeSpec type;
    type.name = t.name();
    type.calls_per_day = t.calls_per_day();
    type.hourly_share = HourlyShare(t.hourly_profile());
    type.handle = Distribution(t.handle_time());
    type.self_service_share = t.self_service_share();
    cc.types.push_back(std::move(type));
  }
  const std::uint32_t intervals = cc.IntervalsPerDay();
  if (c.agents_size() == 1) {
    cc.agents.assign(intervals, c.agents(0));
  } else {
    cc.agents.assign(c.agents().begin(), c.agents().end());
  }
  if (c.has_patience()) cc.patience = Distribution(c.patience());
  cc.key_account_share = c.key_account_share();
  cc.redial_probability = c.redial_probability();
  cc.redial_delay = Minutes(c.redial_minutes());
  cc.end = SimTime::Days(s.days());
  cc.counted_from = SimTime::Days(s.warmup_days());
  if (c.phone_order_share() > 0 && !spec.outlets.empty()) {
    const auto type = type_index(c.phone_order_type());
    if (!type) throw std::invalid_argument("call_center phone_order_type '" + c.phone_order_type() + "' is not a call type");
    cc.phone_order_type = *type;
    double orders = 0;
    for (const OutletSpec& o : spec.outlets) orders += o.orders_per_day;
    cc.phone_order_calls_per_day = c.phone_order_share() * orders;
    cc.phone_order_hourly_share = spec.hourly_share;
    cc.day_multiplier = spec.day_multiplier;
  }
  spec.late_pickup_call_probability = c.late_pickup_call_probability();
  spec.late_delivery_call_probability = c.late_delivery_call_probability();
  spec.failed_delivery_call_probability = c.failed_delivery_call_probability();
  spec.reaction = Minutes(c.reaction_minutes());
  spec.reaction_extra_seconds = c.reaction_extra_minutes() * 60.0;
  spec.query_delay_min = Minutes(c.query_delay_min_minutes());
  spec.query_delay_max = Minutes(c.query_delay_max_minutes());
  spec.call_center = std::move(cc);
  if (spec.FailureCalls()) {
    const auto type = type_index(c.failure_call_type());
    if (!type) throw std::invalid_argument("call_center failure_call_type '" + c.failure_call_type() + "' is not a call type");
    spec.failure_call_type = *type;
  }
}

void CompileCustomers(const io::Scenario& s, NetworkSpec& spec) {
  const io::Customers& c = s.customers();
  CustomerSpec& out = spec.customers;
  customers::AccountOptions options;
  options.seed = s.seed();
  options.mean_monthly_revenue = c.mean_monthly_revenue();
  options.sigma = s.demand().has_account_size_sigma()
                      ? s.demand().account_size_sigma()
                      : customers::CalibratedSigma(c.top_accounts_share(), c.top_revenue_share());
  options.key_account_share = c.key_account_share();
  const io::Satisfaction& sat = c.satisfaction();
  options.initial_mean = sat.initial_mean();
  options.initial_stddev = sat.initial_stddev();
  std::vector<std::uint32_t> per_outlet;
  for (const io::Outlet& o : s.outlet()) per_outlet.push_back(o.accounts());
  out.accounts = customers::BuildAccounts(per_outlet, options);
  out.lifetime_years = c.lifetime_years();
  out.feedback = Minutes(c.feedback_minutes());

  customers::SatisfactionModel& m = out.satisfaction;
  m.initial_mean = sat.initial_mean();
  m.initial_stddev = sat.initial_stddev();
  m.memory = SimTime::FromSeconds(sat.memory_days() * 86400.0);
  m.prior_weight = sat.prior_weight();
  m.negative_weight = sat.negative_weight();
  customers::Scores& sc = m.scores;
  sc.on_time_pickup = sat.on_time_pickup();
  sc.late_pickup = sat.late_pickup();
  sc.late_pickup_per_hour = sat.late_pickup_per_hour();
  sc.on_time_delivery = sat.on_time_delivery();
  sc.late_delivery = sat.late_delivery();
  sc.late_delivery_per_hour = sat.late_delivery_per_hour();
  sc.next_day_missed = sat.next_day_missed();
  sc.failed_delivery = sat.failed_delivery();
  sc.lost = sat.lost();
  sc.damaged = sat.damaged();
  sc.call_answered_in_target = sat.call_answered_in_target();
  sc.call_wait_per_minute = sat.call_wait_per_minute();
  sc.abandoned_call = sat.abandoned_call();
  sc.complaint_resolved = sat.complaint_resolved();
  sc.complaint_unresolved = sat.complaint_unresolved();
  m.cut = {sat.very_satisfied_from(), sat.satisfied_from(), sat.neutral_from(), sat.dissatisfied_from()};

  const io::Complaints& comp = c.complaints();
  out.complaints.dissatisfied_probability = comp.dissatisfied_probability();
  out.complaints.very_dissatisfied_probability = comp.very_dissatisfied_probability();
  out.complaints.first_contact_resolution = comp.first_contact_resolution();
  out.complaints.reopen = Minutes(comp.reopen_minutes());
  out.complaints.max_reopens = comp.max_reopens();
  out.complaints.quiet = SimTime::FromSeconds(comp.quiet_days() * 86400.0);
  if (s.has_call_center()) {
    for (int t = 0; t < s.call_center().call_type_size(); ++t) {
      if (s.call_center().call_type(t).name() == comp.call_type()) out.complaint_call_type = static_cast<std::uint32_t>(t);
    }
  }

  out.churn.max_daily_probability = c.churn().max_daily_probability();
  out.churn.midpoint = c.churn().midpoint();
  out.churn.steepness = c.churn().steepness();

  const io::SqiWeights& w = c.sqi_weights();
  out.sqi_weights = {w.right_day_late(), w.wrong_day_late(), w.traces(), w.complaints_reopened(),
                     w.missed_pod(), w.invoice_adjustments(), w.late_pickup_stops(), w.lost(),
                     w.damaged(), w.overgoods(), w.abandoned_calls(), w.international()};
  out.key_accounts_first = s.couriers().key_accounts_first();
  out.missed_pod_probability = s.couriers().missed_pod_probability();
  out.sqi_definition = c.sqi_definition() == io::Customers::DAY_LEVEL
                           ? customers::SqiDefinition::kDayLevel
                           : customers::SqiDefinition::kMinutePromises;
}

}  // namespace

double DistanceKm(double lat1, double lon1, double lat2, double lon2) {
  constexpr double kRadiusKm = 6371.0;
  constexpr double kRad = std::numbers::pi / 180.0;
  const double dlat = (lat2 - lat1) * kRad;
  const double dlon = (lon2 - lon1) * kRad;
  const double a = std::sin(dlat / 2) * std::sin(dlat / 2) +
                   std::cos(lat1 * kRad) * std::cos(lat2 * kRad) * std::sin(dlon / 2) *
                       std::sin(dlon / 2);
  return 2 * kRadiusKm * std::asin(std::min(1.0, std::sqrt(a)));
}

NetworkSpec CompileScenario(const io::Scenario& s) {
  NetworkSpec spec;
  spec.name = s.name();
  spec.days = s.days();
  spec.warmup_days = s.warmup_days();
  spec.pickup_promise = Minutes(s.promises().pickup_minutes());
  spec.delivery_promise = Minutes(s.promises().delivery_minutes());
  spec.next_day_days = s.promises().next_day_days();
  spec.committed_time = Minutes(s.promises().committed_time_minutes());
  spec.eta_window = Minutes(s.promises().eta_window_minutes());

  std::unordered_map<std::string, std::uint32_t> hub_index;
  for (const io::Hub& h : s.hub()) {
    HubSpec hub;
    hub.id = h.id();
    hub.name = h.name();
    hub.lat = h.lat();
    hub.lon = h.lon();
    hub.sort_time_per_parcel = SimTime::FromSeconds(3600.0 / h.sort_rate_per_hour());
    hub.loss_probability = h.loss_probability();
    hub.damage_probability = h.damage_probability();
    hub.opens = Clock(h.opens(), "hub " + h.id() + " opens");
    hub.closes = Clock(h.closes(), "hub " + h.id() + " closes");
    hub_index.emplace(h.id(), static_cast<std::uint32_t>(spec.hubs.size()));
    spec.hubs.push_back(std::move(hub));
  }
  auto hub_of = [&](const std::string& id) {
    const auto it = hub_index.find(id);
    if (it == hub_index.end()) throw std::invalid_argument("unknown hub '" + id + "'");
    return it->second;
  };
  for (const io::HubOutage& o : s.hub_outage()) {
    const SimTime start = SimTime::Days(o.day() - 1) + Clock(o.start(), "hub_outage start");
    spec.hubs[hub_of(o.hub())].outages.emplace_back(start, start + Minutes(o.duration_minutes()));
  }
  for (HubSpec& hub : spec.hubs) std::sort(hub.outages.begin(), hub.outages.end());

  // Outlets, and the accounts with their revenue: an account's share of its outlet's
  // orders is proportional to its revenue.
  CompileCustomers(s, spec);
  std::vector<double> outlet_orders;
  for (int i = 0; i < s.outlet_size(); ++i) {
    const io::Outlet& o = s.outlet(i);
    OutletSpec outlet;
    outlet.id = o.id();
    outlet.name = o.name();
    outlet.lat = o.lat();
    outlet.lon = o.lon();
    outlet.hub = hub_of(o.hub());
    if (o.shift_size() == 0) {
      outlet.shifts.push_back({Clock(o.shift_start(), "outlet " + o.id() + " shift_start"),
                               Clock(o.shift_end(), "outlet " + o.id() + " shift_end"),
                               o.couriers()});
    }
    const std::vector<std::uint32_t> shares = ShareCouriers(o);
    for (int g = 0; g < o.shift_size(); ++g) {
      outlet.shifts.push_back({Clock(o.shift(g).start(), "outlet " + o.id() + " shift start"),
                               Clock(o.shift(g).end(), "outlet " + o.id() + " shift end"),
                               shares[static_cast<std::size_t>(g)]});
    }
    CompileShifts(outlet);
    outlet.orders_per_day = o.orders_per_day();
    outlet.zone_radius_km = o.zone_radius_km();
    outlet.extra_days = o.extra_days();
    const customers::Accounts& accounts = spec.customers.accounts;
    const auto first = accounts.monthly_revenue.begin() + accounts.outlet_offset[i];
    const auto last = accounts.monthly_revenue.begin() + accounts.outlet_offset[i + 1];
    outlet.account_cumulative = Cumulative(std::vector<double>(first, last),
                                           "outlet '" + o.id() + "' has no account with orders");
    outlet_orders.push_back(o.orders_per_day());
    spec.hubs[outlet.hub].outlets.push_back(static_cast<std::uint32_t>(spec.outlets.size()));
    spec.outlets.push_back(std::move(outlet));
  }
  double all_orders = 0;
  for (double o : outlet_orders) all_orders += o;
  if (all_orders > 0) spec.outlet_order_cumulative = Cumulative(outlet_orders, "no orders");

  // Destinations: gravity on the coordinates, optionally re-weighted per hub pair by the
  // OD matrix (the outlet within the destination hub keeps its gravity share).
  const double exponent = s.demand().gravity_exponent();
  const double scale = s.demand().gravity_scale_km();
  std::vector<std::vector<double>> od(spec.hubs.size(), std::vector<double>(spec.hubs.size(), 0));
  for (const io::OdEntry& e : s.demand().od()) od[hub_of(e.from_hub())][hub_of(e.to_hub())] += e.weight();
  for (int i = 0; i < s.outlet_size(); ++i) {
    const io::Outlet& from = s.outlet(i);
    std::vector<double> gravity(static_cast<std::size_t>(s.outlet_size()));
    std::vector<double> hub_total(spec.hubs.size(), 0);
    for (int j = 0; j < s.outlet_size(); ++j) {
      const io::Outlet& to = s.outlet(j);
      const double d = DistanceKm(from.lat(), from.lon(), to.lat(), to.lon());
      gravity[j] = to.orders_per_day() / std::pow(1.0 + d / scale, exponent);
      hub_total[spec.outlets[j].hub] += gravity[j];
    }
    const std::uint32_t origin_hub = spec.outlets[i].hub;
    double od_sum = 0;
    for (double w : od[origin_hub]) od_sum += w;
    if (od_sum > 0) {
      for (int j = 0; j < s.outlet_size(); ++j) {
        const std::uint32_t h = spec.outlets[j].hub;
        gravity[j] = hub_total[h] > 0 ? od[origin_hub][h] * gravity[j] / hub_total[h] : 0;
      }
    }
    spec.outlets[i].destination_cumulative = Cumulative(
        gravity, "outlet '" + from.id() +
                     "' has no possible destination: every outlet it may send to (by the od "
                     "matrix) has orders_per_day 0, and the gravity model weighs destinations "
                     "by their orders_per_day");
  }

  // Geography: each zone's delivery points (its expected deliveries a day / parcels per
  // stop), its territories, and each account's pickup address and sector.
  const io::CourierModel& cm = s.couriers();
  for (std::size_t j = 0; j < spec.outlets.size(); ++j) spec.outlets[j].expected_deliveries = 0;
  for (std::size_t i = 0; i < spec.outlets.size(); ++i) {
    const std::vector<double>& cumulative = spec.outlets[i].destination_cumulative;
    double previous = 0;
    for (std::size_t j = 0; j < cumulative.size(); ++j) {
      spec.outlets[j].expected_deliveries +=
          spec.outlets[i].orders_per_day * (cumulative[j] - previous);
      previous = cumulative[j];
    }
  }
  spec.account_address.resize(spec.customers.accounts.size());
  spec.account_sector.resize(spec.customers.accounts.size());
  for (std::size_t j = 0; j < spec.outlets.size(); ++j) {
    OutletSpec& outlet = spec.outlets[j];
    // At least one point per account, so that an outlet that receives little (an od matrix
    // that sends it nothing) still has its shippers at addresses of their own.
    const std::uint32_t accounts =
        spec.customers.accounts.outlet_offset[j + 1] - spec.customers.accounts.outlet_offset[j];
    const auto points = static_cast<std::size_t>(
        std::clamp(std::max<long long>(
                       std::llround(outlet.expected_deliveries / cm.parcels_per_stop()), accounts),
                   1LL, 10'000'000LL));
    RngStream rng(kGeographySeed, kPointsStream + j);
    outlet.points =
        couriers::DrawPoints(rng, points, outlet.zone_radius_km, Layout(cm.point_layout()),
                             cm.point_clusters(), cm.cluster_spread());
    outlet.territories.emplace(outlet.points, outlet.max_on_duty);
    outlet.point_sector.resize(points);
    for (std::size_t k = 0; k < points; ++k)
      outlet.point_sector[k] = outlet.territories->SectorOfPoint(k);
    const std::uint32_t first = spec.customers.accounts.outlet_offset[j];
    const std::uint32_t last = spec.customers.accounts.outlet_offset[j + 1];
    // Shippers are at addresses of the zone like any other: each account at one of its
    // delivery points, drawn uniformly, so pickups spread over the territories as the
    // deliveries do.
    RngStream address_rng(kGeographySeed, kAddressStream + j);
    for (std::uint32_t a = first; a < last; ++a) {
      const auto point = std::min<std::size_t>(
          static_cast<std::size_t>(address_rng.Uniform01() * static_cast<double>(points)),
          points - 1);
      spec.account_address[a] = outlet.points[point];
      spec.account_sector[a] = outlet.point_sector[point];
    }
  }

  std::vector<network::LinehaulSpec> linehauls;
  for (const io::Linehaul& l : s.linehaul()) {
    spec.linehaul_delays.push_back({l.delay_probability(), Minutes(l.delay_mean_minutes())});
    network::LinehaulSpec spec_l;
    spec_l.from = hub_of(l.from());
    spec_l.to = hub_of(l.to());
    spec_l.transit = Minutes(l.transit_minutes());
    spec_l.departures = Clocks(l.departure(), {}, "linehaul departure");
    spec_l.capacity = l.capacity();
    linehauls.push_back(std::move(spec_l));
  }
  for (const io::LinehaulDisruption& d : s.linehaul_disruption()) {
    const std::uint32_t from = hub_of(d.from());
    const std::uint32_t to = hub_of(d.to());
    const SimTime departure = Clock(d.departure(), "linehaul_disruption departure");
    for (std::uint32_t l = 0; l < linehauls.size(); ++l) {
      if (linehauls[l].from == from && linehauls[l].to == to) {
        spec.disruptions[{l, d.day(), departure.ticks()}] =
            Disruption{Minutes(d.delay_minutes()), d.cancelled()};
      }
    }
  }
  // A parcel at an intermediate hub is unloaded, sorted and loaded again before it leaves:
  // routes plan at least min_connection there (Scenario.min_connection_minutes).
  spec.min_connection = Minutes(s.min_connection_minutes());
  spec.graph = network::HubGraph(static_cast<std::uint32_t>(spec.hubs.size()), std::move(linehauls),
                                 spec.min_connection);

  std::array<double, 24> profile = kDefaultProfile;
  if (s.demand().hourly_profile_size() == 24) {
    for (int h = 0; h < 24; ++h) profile[h] = s.demand().hourly_profile(h);
  }
  double total = 0;
  for (double w : profile) total += w;
  for (int h = 0; h < 24; ++h) spec.hourly_share[h] = profile[h] / total;
  spec.day_multiplier.assign(s.demand().day_multiplier().begin(), s.demand().day_multiplier().end());

  if (s.has_call_center()) CompileCallCenter(s, spec);

  const io::CourierModel& c = s.couriers();
  spec.speed_kmh = c.speed_kmh();
  spec.travel_time_cv = c.travel_time_cv();
  spec.circuity = c.circuity();
  spec.pickup_service = Minutes(c.pickup_service_minutes());
  spec.delivery_service = Minutes(c.delivery_service_minutes());
  spec.per_parcel = Minutes(c.minutes_per_parcel());
  spec.run_capacity = c.run_capacity();
  spec.parcels_per_stop = c.parcels_per_stop();
  spec.dispatch = c.dispatch_policy() == io::EARLIEST_DEADLINE_FIRST
                      ? DispatchPolicy::kEarliestDeadlineFirst
                      : DispatchPolicy::kSavableFirst;
  switch (c.retry_policy()) {
    case io::NEXT_RUN: spec.retry = RetryPolicy::kNextRun; break;
    case io::NEXT_WAVE: spec.retry = RetryPolicy::kNextWave; break;
    case io::NEXT_DAY: spec.retry = RetryPolicy::kNextDay; break;
  }
  spec.help_neighbours = c.help_neighbours();
  spec.outlet_sort = Minutes(c.outlet_sort_minutes());
  spec.hand_in = Minutes(c.hand_in_minutes());
  spec.wave_parcels_per_courier = c.wave_parcels_per_courier();
  spec.failed_delivery_probability = c.failed_delivery_probability();
  spec.shuttle_time = Minutes(c.shuttle_minutes());
  std::vector<SimTime> hourly;
  for (int h = 9; h <= 21; ++h) hourly.push_back(SimTime::Hours(h));
  spec.outlet_to_hub_departures = Clocks(c.outlet_to_hub_departure(), hourly, "outlet_to_hub_departure");
  spec.hub_to_outlet_departures =
      Clocks(c.hub_to_outlet_departure(), {SimTime::Hours(6), SimTime::Hours(10), SimTime::Hours(14)},
             "hub_to_outlet_departure");
  return spec;
}

}  // namespace hubsim::parcel_network

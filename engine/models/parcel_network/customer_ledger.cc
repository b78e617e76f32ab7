#include "engine/models/parcel_network/customer_ledger.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "engine/models/call_center/call_center.h"

namespace hubsim::parcel_network {
namespace {

using customers::Level;
constexpr SimTime kDay = SimTime::Days(1);

std::uint64_t Seconds(SimTime late) {
  if (late <= SimTime::Zero()) return 0;
  return static_cast<std::uint64_t>(std::min(std::ceil(late.seconds()), double{0xffffff}));
}

}  // namespace

// Layout: type bits 0-3, next-day missed 4, damaged 5, late seconds 8-31 (saturated at
// about 194 days), account 32-63.
std::uint64_t Experience::Encode() const {
  return std::uint64_t{static_cast<std::uint8_t>(type)} | std::uint64_t{next_day_missed} << 4 |
         std::uint64_t{damaged} << 5 | Seconds(late) << 8 | std::uint64_t{account} << 32;
}

Experience Experience::Decode(std::uint64_t p) {
  Experience e;
  e.type = static_cast<Type>(p & 0xf);
  e.next_day_missed = ((p >> 4) & 1) != 0;
  e.damaged = ((p >> 5) & 1) != 0;
  e.late = SimTime::Seconds(static_cast<SimTime::Rep>((p >> 8) & 0xffffff));
  e.account = static_cast<std::uint32_t>(p >> 32);
  return e;
}

void GroupCounters::Merge(const GroupCounters& o) {
  parcels += o.parcels;
  late_pickups += o.late_pickups;
  late_deliveries += o.late_deliveries;
  failed_attempts += o.failed_attempts;
  lost_or_damaged += o.lost_or_damaged;
  calls += o.calls;
  abandoned_calls += o.abandoned_calls;
  complaints += o.complaints;
  complaints_resolved += o.complaints_resolved;
  churned += o.churned;
  churned_revenue += o.churned_revenue;
}

GroupCounters GroupCounters::Since(const GroupCounters& before) const {
  GroupCounters d = *this;
  d.parcels -= before.parcels;
  d.late_pickups -= before.late_pickups;
  d.late_deliveries -= before.late_deliveries;
  d.failed_attempts -= before.failed_attempts;
  d.lost_or_damaged -= before.lost_or_damaged;
  d.calls -= before.calls;
  d.abandoned_calls -= before.abandoned_calls;
  d.complaints -= before.complaints;
  d.complaints_resolved -= before.complaints_resolved;
  d.churned -= before.churned;
  d.churned_revenue -= before.churned_revenue;
  return d;
}

void GroupSurvey::Merge(const GroupSurvey& o) {
  for (int l = 0; l < customers::kLevels; ++l) levels[l] += o.levels[l];
  satisfaction_sum += o.satisfaction_sum;
  at_risk += o.at_risk;
  at_risk_revenue += o.at_risk_revenue;
  expected_monthly_churn += o.expected_monthly_churn;
  expected_monthly_churn_revenue += o.expected_monthly_churn_revenue;
}

void CustomerDay::Merge(const CustomerDay& o) {
  for (int l = 0; l < customers::kLevels; ++l) levels[l] += o.levels[l];
  satisfaction_sum += o.satisfaction_sum;
  churned += o.churned;
  churned_revenue += o.churned_revenue;
  complaints += o.complaints;
}

CustomerLedger::CustomerLedger(const NetworkSpec& spec, customers::AccountState* states,
                               std::vector<std::uint32_t> outlets, std::optional<LpId> call_center)
    : spec_(spec),
      states_(states),
      outlets_(std::move(outlets)),
      call_center_(call_center),
      days_(std::max<std::size_t>(spec.days, 1)),
      sqi_{SqiDays(days_.size(), customers::SqiCounts{}),
           SqiDays(days_.size(), customers::SqiCounts{})},
      shipments_(days_.size(), 0) {}

void CustomerLedger::Send(LpContext& ctx, const NetworkSpec& spec, const Experience& e) {
  ctx.Send(Owner(spec, e.account), spec.customers.feedback, kExperience, e.Encode());
}

std::size_t CustomerLedger::DaySlot(SimTime t) const {
  return std::min<std::size_t>(static_cast<std::size_t>(t.ticks() / kDay.ticks()), days_.size() - 1);
}

std::array<GroupCounters, customers::kGroups> CustomerLedger::counted_groups() const {
  std::array<GroupCounters, customers::kGroups> counted;
  for (int g = 0; g < customers::kGroups; ++g) counted[g] = groups_[g].Since(warmup_groups_[g]);
  return counted;
}

void CustomerLedger::CountOrder(std::uint32_t account, bool placed) {
  if (placed) {
    Count(account, [](GroupCounters& g) { ++g.parcels; });
  } else {
    ++orders_dropped_;
  }
}

double CustomerLedger::Satisfaction(std::uint32_t account, SimTime t) const {
  return states_[account].At(spec_.customers.accounts.baseline[account], t, spec_.customers.satisfaction);
}

double CustomerLedger::Draw(LpContext& ctx, std::uint32_t account) {
  return customers::UniformAt(ctx.rng().seed(), customers::kDecisionStream + account, states_[account].draws++);
}

void CustomerLedger::Handle(LpContext& ctx, const Event& event) {
  switch (event.kind) {
    case kExperience: OnExperience(ctx, Experience::Decode(event.payload)); return;
    case kCallOutcome: OnCallOutcome(ctx, event.payload); return;
    case kDayEnd: Review(ctx, static_cast<std::uint32_t>(event.payload)); return;
    default: throw std::logic_error("customer ledger: unknown event kind");
  }
}

void CustomerLedger::Apply(LpContext& ctx, std::uint32_t account, double score) {
  if (!states_[account].churned) states_[account].Add(score, ctx.now(), spec_.customers.satisfaction);
}

void CustomerLedger::OnExperience(LpContext& ctx, const Experience& e) {
  const customers::SatisfactionModel& model = spec_.customers.satisfaction;
  double score = 0;
  switch (e.type) {
    case Experience::Type::kPickup:
      score = model.PickupScore(e.late);
      if (e.late > SimTime::Zero()) Count(e.account, [](GroupCounters& g) { ++g.late_pickups; });
      break;
    case Experience::Type::kDelivery:
      score = model.DeliveryScore(e.late, e.next_day_missed, e.damaged);
      if (e.late > SimTime::Zero() || e.next_day_missed) {
        Count(e.account, [](GroupCounters& g) { ++g.late_deliveries; });
      }
      if (e.damaged) Count(e.account, [](GroupCounters& g) { ++g.lost_or_damaged; });
      break;
    case Experience::Type::kFailedAttempt:
      score = model.scores.failed_delivery;
      Count(e.account, [](GroupCounters& g) { ++g.failed_attempts; });
      break;
    case Experience::Type::kLost:
      score = model.scores.lost;
      Count(e.account, [](GroupCounters& g) { ++g.lost_or_damaged; });
      break;
  }
  if (states_[e.account].churned) return;
  Apply(ctx, e.account, score);
  // Only the parcels' service makes a customer complain (not the complaint calls
  // themselves, which would feed back on each other).
  if (!(score < 0)) return;
  const customers::AccountState& state = states_[e.account];
  if (state.complained && ctx.now() - state.last_complaint < spec_.customers.complaints.quiet) return;
  const double p = spec_.customers.complaints.Probability(model.LevelOf(Satisfaction(e.account, ctx.now())));
  if (p > 0 && Draw(ctx, e.account) < p) {
    const double extra = -spec_.reaction_extra_seconds * std::log(Draw(ctx, e.account));
    Complain(ctx, e.account, false, 0, spec_.reaction + SimTime::FromSeconds(extra));
  }
}

void CustomerLedger::OnCallOutcome(LpContext& ctx, std::uint64_t payload) {
  using call_center::Cause;
  const call_center::CallOutcome o = call_center::CallOutcome::Decode(payload);
  const customers::SatisfactionModel& model = spec_.customers.satisfaction;
  Count(o.account, [&](GroupCounters& g) {
    ++g.calls;
    if (o.abandoned) ++g.abandoned_calls;
  });
  Apply(ctx, o.account, o.abandoned ? model.scores.abandoned_call : model.CallScore(o.beyond_target));
  const bool complaint = o.cause == Cause::kComplaint || o.cause == Cause::kComplaintReopened;
  if (!complaint || o.abandoned || states_[o.account].churned) return;
  if (Draw(ctx, o.account) < spec_.customers.complaints.first_contact_resolution) {
    Count(o.account, [](GroupCounters& g) { ++g.complaints_resolved; });
    Apply(ctx, o.account, model.scores.complaint_resolved);
    return;
  }
  Apply(ctx, o.account, model.scores.complaint_unresolved);
  if (o.reopens < spec_.customers.complaints.max_reopens) {
    CountSqi(customers::SqiComponent::kComplaintsReopened, DaySlot(ctx.now()));
    Complain(ctx, o.account, true, static_cast<std::uint8_t>(o.reopens + 1),
             std::max(spec_.customers.complaints.reopen, spec_.reaction));
  }
}

void CustomerLedger::Complain(LpContext& ctx, std::uint32_t account, bool reopened, std::uint8_t reopens,
                              SimTime delay) {
  Count(account, [](GroupCounters& g) { ++g.complaints; });
  ++days_[DaySlot(ctx.now())].complaints;
  states_[account].complained = true;
  states_[account].last_complaint = ctx.now();
  if (!call_center_ || !spec_.customers.complaint_call_type) return;
  call_center::CallInfo call;
  call.type = *spec_.customers.complaint_call_type;
  call.cause = reopened ? call_center::Cause::kComplaintReopened : call_center::Cause::kComplaint;
  call.key = spec_.customers.Key(account);
  call.reopens = reopens;
  call.account = account;
  // Priority 1, as the call center's own arrivals: after a staffing change at the same tick.
  ctx.Send(*call_center_, delay, call_center::CallCenter::kIncomingCall, call.Encode(), 1);
}

void CustomerLedger::Review(LpContext& ctx, std::uint32_t day) {
  const CustomerSpec& c = spec_.customers;
  const customers::Accounts& accounts = c.accounts;
  CustomerDay& today = days_[std::min<std::size_t>(day - 1, days_.size() - 1)];
  survey_ = {};
  for (std::uint32_t outlet : outlets_) {
    for (std::uint32_t a = accounts.outlet_offset[outlet]; a < accounts.outlet_offset[outlet + 1]; ++a) {
      customers::AccountState& state = states_[a];
      if (state.churned) continue;
      const double s = Satisfaction(a, ctx.now());
      const double p = c.churn.DailyProbability(s);
      const double revenue = accounts.monthly_revenue[a];
      if (p > 0 && customers::UniformAt(ctx.rng().seed(), customers::kChurnStream + a, day) < p) {
        state.churned = true;
        ++today.churned;
        today.churned_revenue += revenue;
        Count(a, [&](GroupCounters& g) {
          ++g.churned;
          g.churned_revenue += revenue;
        });
        continue;
      }
      const Level level = c.satisfaction.LevelOf(s);
      ++today.levels[static_cast<int>(level)];
      today.satisfaction_sum += s;
      const double monthly = 1 - std::pow(1 - p, 30);
      auto survey = [&](GroupSurvey& g) {
        ++g.levels[static_cast<int>(level)];
        g.satisfaction_sum += s;
        if (level >= Level::kDissatisfied) {
          ++g.at_risk;
          g.at_risk_revenue += revenue;
        }
        g.expected_monthly_churn += monthly;
        g.expected_monthly_churn_revenue += monthly * revenue;
      };
      survey(survey_[accounts.segment[a]]);
      if (c.Key(a)) survey(survey_[customers::kKeyGroup]);
    }
  }
  // The warm-up ends with this review: what the counters hold now is not counted.
  if (day == spec_.warmup_days) warmup_groups_ = groups_;
}

}  // namespace hubsim::parcel_network

namespace hubsim::parcel_network {
namespace {

void SetSurvey(const std::array<std::uint64_t, customers::kLevels>& levels, io::SurveyLevels& out) {
  out.set_very_satisfied(levels[0]);
  out.set_satisfied(levels[1]);
  out.set_neutral(levels[2]);
  out.set_dissatisfied(levels[3]);
  out.set_very_dissatisfied(levels[4]);
}

std::uint64_t Surveyed(const std::array<std::uint64_t, customers::kLevels>& levels) {
  std::uint64_t n = 0;
  for (std::uint64_t l : levels) n += l;
  return n;
}

void SetSqi(const customers::SqiCounts& counts, const customers::SqiWeights& weights,
            std::uint64_t shipments, io::SqiSummary& out) {
  const customers::SqiMask modeled = customers::ModeledMask();
  const customers::SqiTotals totals = customers::ComputeSqi(counts, weights, shipments, modeled);
  out.set_shipments(shipments);
  out.set_failures(totals.failures);
  out.set_points(totals.points);
  out.set_points_per_100k(totals.points_per_100k);
  out.set_percent_of_shipments(totals.percent_of_shipments);
  for (int c = 0; c < customers::kSqiComponents; ++c) {
    io::SqiComponent& component = *out.add_component();
    component.set_name(customers::SqiName(static_cast<customers::SqiComponent>(c)));
    component.set_weight(weights[c]);
    component.set_modeled(modeled[c]);
    if (!modeled[c]) continue;
    component.set_count(counts[c]);
    component.set_points(static_cast<double>(counts[c]) * weights[c]);
  }
}

}  // namespace

void WriteCustomerResults(const NetworkSpec& spec,
                          const std::vector<const CustomerLedger*>& ledgers,
                          const SqiByDefinition& extra_sqi, io::CustomerResult& out) {
  const customers::Accounts& accounts = spec.customers.accounts;
  const double years = spec.customers.lifetime_years;
  std::array<GroupCounters, customers::kGroups> groups{};
  std::array<GroupSurvey, customers::kGroups> survey{};
  std::vector<CustomerDay> days(spec.days);
  SqiByDefinition sqi;
  sqi.fill(SqiDays(spec.days, customers::SqiCounts{}));
  std::vector<std::uint64_t> shipments(spec.days, 0);
  std::uint64_t dropped = 0;
  for (const CustomerLedger* ledger : ledgers) {
    const std::array<GroupCounters, customers::kGroups> counted = ledger->counted_groups();
    for (int g = 0; g < customers::kGroups; ++g) {
      groups[g].Merge(counted[g]);
      survey[g].Merge(ledger->survey()[g]);
    }
    for (std::size_t d = 0; d < spec.days; ++d) {
      days[d].Merge(ledger->days()[d]);
      shipments[d] += ledger->shipments()[d];
      for (int f = 0; f < customers::kSqiDefinitions; ++f) {
        const SqiDays& counted_sqi = ledger->sqi(static_cast<customers::SqiDefinition>(f));
        for (int c = 0; c < customers::kSqiComponents; ++c) sqi[f][d][c] += counted_sqi[d][c];
      }
    }
    dropped += ledger->orders_dropped();
  }
  for (int f = 0; f < customers::kSqiDefinitions; ++f) {
    for (std::size_t d = 0; d < spec.days && d < extra_sqi[f].size(); ++d) {
      for (int c = 0; c < customers::kSqiComponents; ++c) sqi[f][d][c] += extra_sqi[f][d][c];
    }
  }

  // Accounts and revenue per group, from the compiled accounts.
  std::array<std::uint64_t, customers::kGroups> count{};
  std::array<double, customers::kGroups> revenue{};
  double total_revenue = 0;
  for (std::uint32_t a = 0; a < accounts.size(); ++a) {
    const double r = accounts.monthly_revenue[a];
    total_revenue += r;
    ++count[accounts.segment[a]];
    revenue[accounts.segment[a]] += r;
    if (accounts.key[a]) {
      ++count[customers::kKeyGroup];
      revenue[customers::kKeyGroup] += r;
    }
  }
  out.set_accounts(accounts.size());
  out.set_monthly_revenue(total_revenue);
  out.set_lifetime_years(years);
  out.set_top20_revenue_share(accounts.top20_revenue_share);
  out.set_orders_dropped(dropped);

  auto write_group = [&](const std::string& name, std::uint64_t n, double monthly, const GroupCounters& g,
                         const GroupSurvey& s) {
    io::SegmentResult& seg = *out.add_segment();
    seg.set_name(name);
    seg.set_accounts(n);
    seg.set_monthly_revenue(monthly);
    seg.set_revenue_share(total_revenue > 0 ? monthly / total_revenue : 0);
    seg.set_parcels(g.parcels);
    SetSurvey(s.levels, *seg.mutable_survey());
    const std::uint64_t surveyed = Surveyed(s.levels);
    seg.set_mean_satisfaction(surveyed ? s.satisfaction_sum / static_cast<double>(surveyed) : 0);
    seg.set_late_pickups(g.late_pickups);
    seg.set_late_deliveries(g.late_deliveries);
    seg.set_failed_attempts(g.failed_attempts);
    seg.set_lost_or_damaged(g.lost_or_damaged);
    seg.set_calls(g.calls);
    seg.set_abandoned_calls(g.abandoned_calls);
    seg.set_complaints(g.complaints);
    seg.set_complaints_resolved(g.complaints_resolved);
    seg.set_churned(g.churned);
    seg.set_churned_monthly_revenue(g.churned_revenue);
    seg.set_churned_lifetime_value(g.churned_revenue * 12 * years);
    seg.set_at_risk(s.at_risk);
    seg.set_at_risk_monthly_revenue(s.at_risk_revenue);
    seg.set_at_risk_lifetime_value(s.at_risk_revenue * 12 * years);
    seg.set_expected_monthly_churn(s.expected_monthly_churn);
    seg.set_expected_monthly_churn_revenue(s.expected_monthly_churn_revenue);
  };
  GroupCounters all_counters;
  GroupSurvey all_survey;
  for (int q = 0; q < customers::kSegments; ++q) {
    const char name[3] = {'Q', static_cast<char>('1' + q), '\0'};
    write_group(name, count[q], revenue[q], groups[q], survey[q]);
    all_counters.Merge(groups[q]);
    all_survey.Merge(survey[q]);
  }
  write_group("key_accounts", count[customers::kKeyGroup], revenue[customers::kKeyGroup],
              groups[customers::kKeyGroup], survey[customers::kKeyGroup]);
  write_group("all", accounts.size(), total_revenue, all_counters, all_survey);

  const auto chosen = static_cast<int>(spec.customers.sqi_definition);
  std::array<customers::SqiCounts, customers::kSqiDefinitions> sqi_total{};
  std::uint64_t shipments_total = 0;
  for (std::uint32_t d = 0; d < spec.days; ++d) {
    io::CustomerDay& day = *out.add_day();
    day.set_day(d + 1);
    SetSurvey(days[d].levels, *day.mutable_survey());
    const std::uint64_t surveyed = Surveyed(days[d].levels);
    day.set_mean_satisfaction(surveyed ? days[d].satisfaction_sum / static_cast<double>(surveyed) : 0);
    day.set_churned(days[d].churned);
    day.set_churned_monthly_revenue(days[d].churned_revenue);
    day.set_complaints(days[d].complaints);
    io::SqiSummary& summary = *out.add_sqi_day();
    summary.set_day(d + 1);
    SetSqi(sqi[chosen][d], spec.customers.sqi_weights, shipments[d], summary);
    if (d < spec.warmup_days) continue;  // the warm-up: in its day's SQI only
    for (int f = 0; f < customers::kSqiDefinitions; ++f) {
      for (int c = 0; c < customers::kSqiComponents; ++c) sqi_total[f][c] += sqi[f][d][c];
    }
    shipments_total += shipments[d];
  }
  out.set_sqi_definition(customers::SqiDefinitionName(spec.customers.sqi_definition));
  SetSqi(sqi_total[chosen], spec.customers.sqi_weights, shipments_total, *out.mutable_sqi());
  using customers::SqiDefinition;
  SetSqi(sqi_total[static_cast<int>(SqiDefinition::kMinutePromises)], spec.customers.sqi_weights,
         shipments_total, *out.mutable_sqi_minute_promises());
  SetSqi(sqi_total[static_cast<int>(SqiDefinition::kDayLevel)], spec.customers.sqi_weights,
         shipments_total, *out.mutable_sqi_day_level());
}

}  // namespace hubsim::parcel_network

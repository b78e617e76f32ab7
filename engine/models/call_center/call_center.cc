#include "engine/models/call_center/call_center.h"

#include "hubsim/arrivals.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace hubsim::call_center {
namespace {

constexpr SimTime kDay = SimTime::Days(1);
constexpr SimTime kHour = SimTime::Hours(1);

std::uint32_t HourOf(SimTime t) {
  return static_cast<std::uint32_t>((t.ticks() % kDay.ticks()) / kHour.ticks());
}

std::uint64_t Token(std::uint32_t slot, std::uint32_t generation) {
  return std::uint64_t{slot} << 32 | generation;
}

}  // namespace

const char* CauseName(Cause cause) {
  switch (cause) {
    case Cause::kBaseline: return "baseline";
    case Cause::kPhoneOrder: return "phone_order";
    case Cause::kLatePickup: return "late_pickup";
    case Cause::kLateDelivery: return "late_delivery";
    case Cause::kFailedDelivery: return "failed_delivery";
    case Cause::kComplaint: return "complaint";
    case Cause::kComplaintReopened: return "complaint_reopened";
  }
  return "?";
}

SimTime TimeDistribution::Draw(RngStream& rng) const {
  switch (kind) {
    case Kind::kExponential: return SimTime::FromSeconds(rng.Exponential(mean_seconds));
    case Kind::kLognormal: return SimTime::FromSeconds(rng.Lognormal(mean_seconds, stddev_seconds));
    case Kind::kConstant: return SimTime::FromSeconds(mean_seconds);
  }
  return SimTime::Zero();
}

void CallStats::Merge(const CallStats& o) {
  arrived += o.arrived;
  deflected += o.deflected;
  offered += o.offered;
  answered += o.answered;
  answered_in_target += o.answered_in_target;
  abandoned += o.abandoned;
  redials += o.redials;
  answered_wait_ticks += o.answered_wait_ticks;
  longest_wait = std::max(longest_wait, o.longest_wait);
  busy_ticks += o.busy_ticks;
  staffed_ticks += o.staffed_ticks;
  waiting_ticks += o.waiting_ticks;
  max_waiting = std::max(max_waiting, o.max_waiting);
}

// Layout: type bits 0-7, cause 8-11, key 12, redial 13, reopens 14-17, has account 18,
// account 32-63.
std::uint64_t CallInfo::Encode() const {
  return std::uint64_t{type & 0xffu} | std::uint64_t{static_cast<std::uint8_t>(cause) & 0xfu} << 8 |
         std::uint64_t{key} << 12 | std::uint64_t{redial} << 13 |
         std::uint64_t{reopens & 0xfu} << 14 | std::uint64_t{account.has_value()} << 18 |
         std::uint64_t{account.value_or(0)} << 32;
}

CallInfo CallInfo::Decode(std::uint64_t p) {
  CallInfo info;
  info.type = static_cast<std::uint32_t>(p & 0xff);
  info.cause = static_cast<Cause>((p >> 8) & 0xf);
  info.key = ((p >> 12) & 1) != 0;
  info.redial = ((p >> 13) & 1) != 0;
  info.reopens = static_cast<std::uint8_t>((p >> 14) & 0xf);
  if ((p >> 18) & 1) info.account = static_cast<std::uint32_t>(p >> 32);
  return info;
}

// Layout: wait beyond the target in seconds bits 0-19 (saturated), abandoned 20, cause
// 21-24, reopens 25-28, account 32-63.
std::uint64_t CallOutcome::Encode() const {
  const double seconds = std::clamp(std::ceil(beyond_target.seconds()), 0.0, double{0xfffff});
  return static_cast<std::uint64_t>(seconds) | std::uint64_t{abandoned} << 20 |
         std::uint64_t{static_cast<std::uint8_t>(cause) & 0xfu} << 21 |
         std::uint64_t{reopens & 0xfu} << 25 | std::uint64_t{account} << 32;
}

CallOutcome CallOutcome::Decode(std::uint64_t p) {
  CallOutcome o;
  o.beyond_target = SimTime::Seconds(static_cast<SimTime::Rep>(p & 0xfffff));
  o.abandoned = ((p >> 20) & 1) != 0;
  o.cause = static_cast<Cause>((p >> 21) & 0xf);
  o.reopens = static_cast<std::uint8_t>((p >> 25) & 0xf);
  o.account = static_cast<std::uint32_t>(p >> 32);
  return o;
}

CallCenter::CallCenter(const CallCenterSpec& spec)
    : spec_(spec),
      by_interval_(spec.IntervalsPerDay()),
      by_day_(static_cast<std::size_t>(
          std::max<SimTime::Rep>(1, (spec.end.ticks() + kDay.ticks() - 1) / kDay.ticks()))),
      by_type_(spec.types.size()),
      failures_by_interval_(spec.IntervalsPerDay()),
      traces_by_day_(by_day_.size(), 0) {
  if (spec.interval <= SimTime::Zero() || kDay.ticks() % spec.interval.ticks() != 0) {
    throw std::invalid_argument("call center: the interval must divide the day");
  }
  if (spec.agents.size() != spec.IntervalsPerDay()) {
    throw std::invalid_argument("call center: one agent count per interval of the day is needed");
  }
}

std::size_t CallCenter::DayIndex(SimTime t) const {
  return std::min<std::size_t>(static_cast<std::size_t>(t.ticks() / kDay.ticks()), by_day_.size() - 1);
}

template <class F>
void CallCenter::ForGroups(const Call& call, F&& f) {
  f(Day(call.arrival));
  if (call.arrival < spec_.counted_from) return;  // the warm-up: its day only
  f(total_);
  f(Interval(call.arrival));
  f(by_type_[call.info.type]);
  f(by_cause_[static_cast<int>(call.info.cause)]);
  f(by_priority_[call.info.key ? 1 : 0]);
  if (IsFailureCause(call.info.cause)) {
    f(failures_by_interval_[(call.arrival.ticks() % kDay.ticks()) / spec_.interval.ticks()]);
  }
}

void CallCenter::Init(LpContext& ctx) {
  // Stream ids far from the LPs' own (which are the LP numbers).
  constexpr std::uint64_t kStreamBase = 0x4343'0000'0000'0000ULL;  // "CC"
  const std::uint64_t seed = ctx.rng().seed();
  streams_.clear();
  for (std::uint64_t i = 0; i < kPurposes + spec_.types.size(); ++i) streams_.emplace_back(seed, kStreamBase + i);
  last_ = SimTime::Zero();
  ctx.Schedule(SimTime::Zero(), kIntervalStart, 0, /*priority=*/0);
  for (std::uint32_t type = 0; type < spec_.types.size(); ++type) ScheduleBaseline(ctx, type, SimTime::Zero());
  if (spec_.phone_order_calls_per_day > 0) SchedulePhoneOrder(ctx, SimTime::Zero());
}

void CallCenter::ScheduleBaseline(LpContext& ctx, std::uint32_t type, SimTime from) {
  const CallTypeSpec& t = spec_.types[type];
  if (!(t.calls_per_day > 0)) return;
  const SimTime next = NextHourlyPoissonArrival(streams_[kPurposes + type], from, spec_.end,
                                   [&](SimTime at) { return t.calls_per_day * t.hourly_share[HourOf(at)]; });
  if (next != SimTime::Max()) ctx.Schedule(next - ctx.now(), kBaselineArrival, type, 1);
}

void CallCenter::SchedulePhoneOrder(LpContext& ctx, SimTime from) {
  const SimTime next = NextHourlyPoissonArrival(Stream(kPhoneOrders), from, spec_.end, [&](SimTime at) {
    const std::size_t day = static_cast<std::size_t>(at.ticks() / kDay.ticks());
    const double multiplier = day < spec_.day_multiplier.size() ? spec_.day_multiplier[day] : 1.0;
    return spec_.phone_order_calls_per_day * multiplier * spec_.phone_order_hourly_share[HourOf(at)];
  });
  if (next != SimTime::Max()) ctx.Schedule(next - ctx.now(), kPhoneOrderArrival, 0, 1);
}

void CallCenter::Handle(LpContext& ctx, const Event& e) {
  RngStream& rng = Stream(kChoices);
  switch (e.kind) {
    case kIncomingCall:
      if (ctx.HasAttachment(e)) {
        const auto call = ctx.Attached<ShipmentCall>(e);
        Arrive(ctx, CallInfo::Decode(call.info), call.shipment);
        return;
      }
      Arrive(ctx, CallInfo::Decode(e.payload));
      return;
    case kRedial:
      // A redial carries no shipment: it never counts as another trace.
      Arrive(ctx, CallInfo::Decode(e.payload));
      return;
    case kBaselineArrival: {
      CallInfo info;
      info.type = static_cast<std::uint32_t>(e.payload);
      info.key = rng.Bernoulli(spec_.key_account_share);
      Arrive(ctx, info);
      ScheduleBaseline(ctx, info.type, ctx.now());
      return;
    }
    case kPhoneOrderArrival: {
      CallInfo info;
      info.type = spec_.phone_order_type;
      info.cause = Cause::kPhoneOrder;
      if (spec_.accounts) {
        info.account = spec_.accounts->draw_phone_order_account(Stream(kPhoneOrders));
        info.key = spec_.accounts->key(*info.account);
      } else {
        info.key = rng.Bernoulli(spec_.key_account_share);
      }
      Arrive(ctx, info);
      SchedulePhoneOrder(ctx, ctx.now());
      return;
    }
    case kServiceDone:
      Advance(ctx.now());
      --busy_;
      AnswerWaiting(ctx);
      return;
    case kAbandon: {
      const auto slot = static_cast<std::uint32_t>(e.payload >> 32);
      Call& call = calls_[slot];
      if (call.generation != static_cast<std::uint32_t>(e.payload) || !call.waiting) return;
      Advance(ctx.now());
      call.waiting = false;
      --waiting_;
      const SimTime waited = ctx.now() - call.arrival;
      ForGroups(call, [&](CallStats& s) {
        ++s.abandoned;
        s.longest_wait = std::max(s.longest_wait, waited);
      });
      ReportOutcome(ctx, call.info, true, waited);
      if (spec_.redial_probability > 0 && rng.Bernoulli(spec_.redial_probability)) {
        CallInfo again = call.info;
        again.redial = true;
        ctx.Schedule(spec_.redial_delay, kRedial, again.Encode());
      }
      ++call.generation;
      free_.push_back(slot);
      return;
    }
    case kIntervalStart: {
      Advance(ctx.now());
      const auto index = static_cast<std::size_t>((ctx.now().ticks() % kDay.ticks()) / spec_.interval.ticks());
      staffed_ = spec_.agents[index];
      AnswerWaiting(ctx);
      if (ctx.now() + spec_.interval < spec_.end) ctx.Schedule(spec_.interval, kIntervalStart, 0, 0);
      return;
    }
    default: throw std::logic_error("call center: unknown event kind");
  }
}

std::uint32_t CallCenter::NewSlot() {
  if (!free_.empty()) {
    const std::uint32_t slot = free_.back();
    free_.pop_back();
    return slot;
  }
  calls_.emplace_back();
  return static_cast<std::uint32_t>(calls_.size() - 1);
}

void CallCenter::ReportOutcome(LpContext& ctx, const CallInfo& info, bool abandoned, SimTime waited) {
  if (!spec_.accounts || !info.account) return;
  CallOutcome outcome;
  outcome.account = *info.account;
  outcome.abandoned = abandoned;
  outcome.beyond_target = waited - spec_.target;
  outcome.cause = info.cause;
  outcome.reopens = info.reopens;
  const AccountLink& link = *spec_.accounts;
  // Priority 1: after any same-time staffing change, as arrivals.
  ctx.Send(link.owner(outcome.account), link.feedback, link.outcome_kind, outcome.Encode(), 1);
}

void CallCenter::Arrive(LpContext& ctx, const CallInfo& info, std::uint64_t shipment) {
  RngStream& rng = Stream(kChoices);
  Call call;
  call.arrival = ctx.now();
  call.info = info;
  call.shipment = shipment;
  const bool key = info.key;
  const bool redial = info.redial;
  const CallTypeSpec& spec = spec_.types[info.type];
  const bool deflected = spec.self_service_share > 0 && rng.Bernoulli(spec.self_service_share);
  ForGroups(call, [&](CallStats& s) {
    ++s.arrived;
    if (deflected) {
      ++s.deflected;
    } else {
      ++s.offered;
      if (redial) ++s.redials;
    }
  });
  if (deflected) return;
  Advance(ctx.now());
  const std::uint32_t slot = NewSlot();
  call.generation = calls_[slot].generation;
  call.waiting = true;
  calls_[slot] = call;
  ++waiting_;
  (key ? key_queue_ : queue_).push_back(Token(slot, call.generation));
  ForGroups(call, [&](CallStats& s) { s.max_waiting = std::max<std::uint64_t>(s.max_waiting, waiting_); });
  if (busy_ < staffed_) {
    AnswerWaiting(ctx);
  } else if (spec_.patience) {
    ctx.Schedule(spec_.patience->Draw(Stream(kPatience)), kAbandon, Token(slot, call.generation));
  }
}

void CallCenter::AnswerWaiting(LpContext& ctx) {
  while (busy_ < staffed_ && waiting_ > 0) {
    std::deque<std::uint64_t>& queue = !key_queue_.empty() ? key_queue_ : queue_;
    const std::uint64_t token = queue.front();
    queue.pop_front();
    const auto slot = static_cast<std::uint32_t>(token >> 32);
    const Call& call = calls_[slot];
    // A caller who hung up left a stale entry; its slot may hold a newer call by now.
    if (!call.waiting || call.generation != static_cast<std::uint32_t>(token)) continue;
    Answer(ctx, slot);
  }
}

void CallCenter::Answer(LpContext& ctx, std::uint32_t slot) {
  Call& call = calls_[slot];
  const SimTime waited = ctx.now() - call.arrival;
  const bool in_target = waited <= spec_.target;
  ForGroups(call, [&](CallStats& s) {
    ++s.answered;
    s.answered_in_target += in_target ? 1 : 0;
    s.answered_wait_ticks += waited.ticks();
    s.longest_wait = std::max(s.longest_wait, waited);
  });
  if (call.shipment != kNoShipment && IsTraceCause(call.info.cause) && !call.info.redial &&
      traced_.insert(call.shipment).second) {
    ++traces_by_day_[DayIndex(call.arrival)];
  }
  call.waiting = false;
  --waiting_;
  ++busy_;
  ++call.generation;
  free_.push_back(slot);
  ReportOutcome(ctx, call.info, false, waited);
  ctx.Schedule(spec_.types[call.info.type].handle.Draw(Stream(kHandle)), kServiceDone);
}

void CallCenter::Advance(SimTime now) {
  const std::int64_t dt = (now - last_).ticks();
  if (dt <= 0) return;
  auto add = [&](CallStats& s) {
    s.busy_ticks += dt * busy_;
    // Agents finishing a call after their interval's staffing dropped are still logged in.
    s.staffed_ticks += dt * std::max(staffed_, busy_);
    s.waiting_ticks += dt * static_cast<std::int64_t>(waiting_);
  };
  add(Day(last_));
  // [last_, now) lies within one interval of the day (an interval start is an event), so
  // it is wholly in the warm-up or wholly after it.
  if (last_ >= spec_.counted_from) {
    add(total_);
    add(Interval(last_));
  }
  last_ = now;
}

void CallCenter::Close(SimTime end) { Advance(end); }

}  // namespace hubsim::call_center

// The SQI's traces (CallCenter::traces_by_day, SqiWeights in engine/io/scenario.proto):
// shipments whose first query (a late-pickup or late-delivery call naming the shipment, not
// a redial) an agent answered, once per shipment. The call-center LP is driven directly:
// a second LP sends scripted ShipmentCall calls, as the network's regions do.
#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <numeric>
#include <utility>
#include <vector>

#include "engine/models/call_center/call_center.h"
#include "hubsim/simulation.h"

namespace hubsim::call_center {
namespace {

// One scripted call: when it arrives, its cause, the shipment it is about.
struct Scripted {
  SimTime at;
  Cause cause;
  std::uint64_t shipment;
};

constexpr LpId kCallCenterLp = 0;
constexpr LpId kCallerLp = 1;
constexpr SimTime kLookahead = SimTime::Seconds(1);

// LP 0 is the call center; LP 1 sends the script's calls at Init (each `at` >= the
// lookahead), each with a ShipmentCall attachment.
class ScriptedCalls final : public Model {
 public:
  ScriptedCalls(const CallCenterSpec& spec, std::vector<Scripted> script)
      : center_(spec), script_(std::move(script)) {}

  LpId lp_count() const override { return 2; }
  SimTime lookahead() const override { return kLookahead; }
  void Init(LpContext& ctx) override {
    if (ctx.lp() == kCallCenterLp) {
      center_.Init(ctx);
      return;
    }
    for (const Scripted& s : script_) {
      CallInfo info;
      info.cause = s.cause;
      ShipmentCall call;
      call.info = info.Encode();
      call.shipment = s.shipment;
      ctx.SendWith(kCallCenterLp, s.at, CallCenter::kIncomingCall, call, 1);
    }
  }
  void Handle(LpContext& ctx, const Event& event) override { center_.Handle(ctx, event); }

  const CallCenter& center() const { return center_; }

 private:
  CallCenter center_;
  std::vector<Scripted> script_;
};

// Two days, one call type (no baseline calls, 60 s handle time), `agents` in every
// interval of the day.
CallCenterSpec Spec(std::uint32_t agents) {
  CallCenterSpec spec;
  CallTypeSpec type;
  type.name = "tracking";
  type.handle.kind = TimeDistribution::Kind::kConstant;
  type.handle.mean_seconds = 60;
  spec.types.push_back(type);
  spec.agents.assign(spec.IntervalsPerDay(), agents);
  spec.end = SimTime::Days(2);
  return spec;
}

struct Outcome {
  std::vector<std::uint64_t> traces_by_day;
  std::uint64_t traces = 0;
  CallStats total;
  std::array<CallStats, kCauses> by_cause;
};

Outcome RunScript(const CallCenterSpec& spec, std::vector<Scripted> script) {
  ScriptedCalls model(spec, std::move(script));
  RunOptions options;
  options.end_time = spec.end;
  options.seed = 3;
  Simulation(model, options).Run();
  Outcome out;
  out.traces_by_day = model.center().traces_by_day();
  out.traces =
      std::accumulate(out.traces_by_day.begin(), out.traces_by_day.end(), std::uint64_t{0});
  out.total = model.center().total();
  out.by_cause = model.center().by_cause();
  return out;
}

SimTime At(int day, int hour, int minute = 0) {
  return SimTime::Days(day - 1) + SimTime::Hours(hour) + SimTime::Minutes(minute);
}

TEST(TracesTest, AnsweredFirstQueriesAreTracedOnTheDayOfTheCall) {
  // The reference for the cases below: three shipments, each queried once and answered
  // (10 agents, no queue): three traces, on the day each call arrived. Catches traces not
  // counted at all, or counted on the wrong day.
  const Outcome o = RunScript(Spec(10), {{At(1, 9), Cause::kLateDelivery, 1},
                                         {At(1, 10), Cause::kLateDelivery, 2},
                                         {At(2, 11), Cause::kLateDelivery, 3}});
  ASSERT_EQ(o.total.answered, 3u);
  ASSERT_EQ(o.traces_by_day.size(), 2u);
  EXPECT_EQ(o.traces_by_day[0], 2u);
  EXPECT_EQ(o.traces_by_day[1], 1u);
}

TEST(TracesTest, CallsServedBySelfServiceAreNeverTraces) {
  // Every call deflected to self-service tracking: no agent traced anything. Catches
  // traces counted on arrival (before self-service) instead of on an agent's answer.
  CallCenterSpec spec = Spec(10);
  spec.types[0].self_service_share = 1;
  const Outcome o = RunScript(spec, {{At(1, 9), Cause::kLatePickup, 1},
                                     {At(1, 10), Cause::kLateDelivery, 2},
                                     {At(2, 11), Cause::kLateDelivery, 3}});
  ASSERT_EQ(o.total.arrived, 3u);
  ASSERT_EQ(o.total.deflected, 3u);
  EXPECT_EQ(o.total.answered, 0u);
  EXPECT_EQ(o.traces, 0u);
}

TEST(TracesTest, AnsweredRedialsAreNeverTraces) {
  // No agent until 04:00, callers hang up after 60 s and always call again 10 min later:
  // the first queries (01:00) are all abandoned, and their redials are answered once the
  // agents come at 04:00. A redial is not a first query: no trace. A fresh query at 05:00
  // about a fourth shipment is answered and traced. Catches redials counted as traces
  // (three more), and answered calls not traced at all (none).
  CallCenterSpec spec = Spec(5);
  for (std::uint32_t i = 0; i < 8; ++i) spec.agents[i] = 0;  // 00:00-04:00
  spec.patience = TimeDistribution{TimeDistribution::Kind::kConstant, 60, 0};
  spec.redial_probability = 1;
  spec.redial_delay = SimTime::Minutes(10);
  const Outcome o = RunScript(spec, {{At(1, 1), Cause::kLateDelivery, 1},
                                     {At(1, 1, 1), Cause::kLateDelivery, 2},
                                     {At(1, 1, 2), Cause::kLatePickup, 3},
                                     {At(1, 5), Cause::kLateDelivery, 4}});
  ASSERT_GT(o.total.abandoned, 0u);
  ASSERT_GE(o.total.redials, 3u);
  // The three redialled queries and the fresh one reached an agent.
  ASSERT_EQ(o.total.answered, 4u);
  EXPECT_EQ(o.traces, 1u);
}

TEST(TracesTest, AShipmentIsTracedOnceWhateverItsQueries) {
  // Shipment 1: two answered "where is my parcel" calls on day 1; shipment 2: one on day 1
  // and one on day 2; shipment 3: one on day 2. Three shipments traced, each once, on the
  // day of its first answered query. Catches traces counted per call (five), or on the
  // day of a later call (shipment 2 on day 2).
  const Outcome o = RunScript(Spec(10), {{At(1, 9), Cause::kLateDelivery, 1},
                                         {At(1, 12), Cause::kLateDelivery, 1},
                                         {At(1, 10), Cause::kLateDelivery, 2},
                                         {At(2, 10), Cause::kLateDelivery, 2},
                                         {At(2, 15), Cause::kLateDelivery, 3}});
  ASSERT_EQ(o.total.answered, 5u);
  EXPECT_EQ(o.traces, 3u);
  EXPECT_EQ(o.traces_by_day[0], 2u);
  EXPECT_EQ(o.traces_by_day[1], 1u);
}

TEST(TracesTest, LatePickupCallsAreNeverTraces) {
  // A shipper's call about a pickup not made is counted as a late pickup stop, not as a
  // trace (the parcel is not on its way). Shipment 1: a late-pickup call, then a
  // late-delivery call on day 2; shipment 2: a late-pickup call only. One trace, on day 2.
  // Catches late-pickup calls traced (two, one on day 1).
  const Outcome o = RunScript(Spec(10), {{At(1, 10), Cause::kLatePickup, 1},
                                         {At(2, 10), Cause::kLateDelivery, 1},
                                         {At(1, 11), Cause::kLatePickup, 2}});
  ASSERT_EQ(o.total.answered, 3u);
  EXPECT_EQ(o.traces, 1u);
  EXPECT_EQ(o.traces_by_day[0], 0u);
  EXPECT_EQ(o.traces_by_day[1], 1u);
}

TEST(TracesTest, FailedDeliveryCallsAreNeverTraces) {
  // Calls after a failed attempt (the recipient found the notice) are failure calls but
  // not queries about a late shipment. Catches the trace rule using IsFailureCause instead
  // of IsTraceCause.
  const Outcome o = RunScript(Spec(10), {{At(1, 9), Cause::kFailedDelivery, 1},
                                         {At(1, 10), Cause::kFailedDelivery, 2},
                                         {At(2, 10), Cause::kFailedDelivery, 1}});
  ASSERT_EQ(o.by_cause[static_cast<int>(Cause::kFailedDelivery)].answered, 3u);
  EXPECT_EQ(o.traces, 0u);
}

}  // namespace
}  // namespace hubsim::call_center

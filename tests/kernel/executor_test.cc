// Executor tests: every case runs under every executor, queue and thread count, and must
// give the same answer (ROSS's habit: every model test under every synchronisation mode).
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <stdexcept>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "bench/phold/phold_model.h"
#include "hubsim/model.h"
#include "hubsim/simulation.h"
#include "tests/kernel/executor_modes.h"

namespace hubsim {
namespace {

using testing_modes::AllModes;
using testing_modes::Mode;
using testing_modes::ModeName;
using testing_modes::OptionsFor;

// A scripted model: LP `lp` handles events and records (time, priority, origin, sequence,
// kind); Init runs a per-LP script of sends.
struct Send {
  LpId from;
  LpId to;
  SimTime delay;
  std::uint32_t kind;
  std::uint8_t priority;
};

class ScriptModel final : public Model {
 public:
  ScriptModel(LpId lps, SimTime lookahead, std::vector<Send> script)
      : lps_(lps), lookahead_(lookahead), script_(std::move(script)), log_(lps), finished_(lps) {}
  LpId lp_count() const override { return lps_; }
  SimTime lookahead() const override { return lookahead_; }
  void Init(LpContext& ctx) override {
    for (const Send& s : script_) {
      if (s.from == ctx.lp()) ctx.Send(s.to, s.delay, s.kind, s.kind, s.priority);
    }
  }
  void Handle(LpContext& ctx, const Event& e) override {
    EXPECT_EQ(ctx.now(), e.time);
    EXPECT_EQ(ctx.lp(), e.target);
    log_[ctx.lp()].push_back(e);
  }
  void Finish(LpContext& ctx) override { finished_[ctx.lp()].push_back(ctx.now()); }

  const std::vector<Event>& log(LpId lp) const { return log_[lp]; }
  const std::vector<SimTime>& finished(LpId lp) const { return finished_[lp]; }

 private:
  LpId lps_;
  SimTime lookahead_;
  std::vector<Send> script_;
  std::vector<std::vector<Event>> log_;
  std::vector<std::vector<SimTime>> finished_;
};

class ExecutorTest : public testing::TestWithParam<Mode> {};

TEST_P(ExecutorTest, TiesBreakOnPriorityThenOriginThenSequence) {
  const SimTime t = SimTime::Seconds(5);
  // LP 0 receives five events at time t (from itself, LP 1 twice, LP 2 with priorities
  // 1 and 0) and one from LP 3 a second earlier.
  ScriptModel model(4, SimTime::Seconds(1),
                    {{2, 0, t, 20, 1}, {2, 0, t, 21, 0}, {1, 0, t, 10, 0}, {1, 0, t, 11, 0},
                     {3, 0, t - SimTime::Seconds(1), 30, 0}, {0, 0, t, 1, 0}});
  Simulation(model, OptionsFor(GetParam(), SimTime::Max())).Run();
  std::vector<std::uint32_t> kinds;
  for (const Event& e : model.log(0)) kinds.push_back(e.kind);
  // Time first (30 is a second earlier), then priority 0 before 1, then origin 0,1,2, then
  // the sender's own order (10 before 11).
  EXPECT_EQ(kinds, (std::vector<std::uint32_t>{30, 1, 10, 11, 21, 20}));
}

TEST_P(ExecutorTest, EventsBeforeEndAreHandledAndFinishSeesEndTime) {
  const SimTime end = SimTime::Seconds(10);
  ScriptModel model(3, SimTime::Seconds(1),
                    {{0, 1, end - SimTime::Microseconds(1), 1, 0}, {0, 2, end, 2, 0},
                     {1, 1, SimTime::Zero(), 3, 0}});
  const RunResult result = Simulation(model, OptionsFor(GetParam(), end)).Run();
  EXPECT_EQ(result.committed_events, 2u);
  EXPECT_EQ(model.log(1).size(), 2u);
  EXPECT_TRUE(model.log(2).empty());
  for (LpId lp = 0; lp < 3; ++lp) EXPECT_EQ(model.finished(lp), std::vector<SimTime>{end});
}

TEST_P(ExecutorTest, MessageBelowLookaheadIsReported) {
  ScriptModel model(8, SimTime::Milliseconds(100),
                    {{3, 5, SimTime::Milliseconds(99), 1, 0}});
  try {
    Simulation(model, OptionsFor(GetParam(), SimTime::Max())).Run();
    FAIL() << "no LookaheadViolation";
  } catch (const LookaheadViolation& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("LP 3"), std::string::npos) << message;
    EXPECT_NE(message.find("LP 5"), std::string::npos) << message;
    EXPECT_NE(message.find("lookahead 0.100000 s"), std::string::npos) << message;
  }
}

TEST_P(ExecutorTest, SelfEventsMayHaveAnyDelayIncludingZero) {
  ScriptModel model(2, SimTime::Seconds(1),
                    {{1, 1, SimTime::Zero(), 1, 0}, {1, 1, SimTime::Microseconds(1), 2, 0},
                     {0, 1, SimTime::Seconds(1), 3, 0}});
  const RunResult result = Simulation(model, OptionsFor(GetParam(), SimTime::Max())).Run();
  EXPECT_EQ(result.committed_events, 3u);
}

TEST_P(ExecutorTest, BadSendsAreReported) {
  ScriptModel unknown_target(2, SimTime::Seconds(1), {{0, 2, SimTime::Seconds(1), 1, 0}});
  EXPECT_THROW(Simulation(unknown_target, OptionsFor(GetParam(), SimTime::Max())).Run(),
               std::out_of_range);
  ScriptModel negative(2, SimTime::Seconds(1), {{0, 0, SimTime::Seconds(-1), 1, 0}});
  EXPECT_THROW(Simulation(negative, OptionsFor(GetParam(), SimTime::Max())).Run(),
               std::out_of_range);
}

TEST_P(ExecutorTest, BadDeclarationsAreRejected) {
  ScriptModel no_lps(0, SimTime::Seconds(1), {});
  EXPECT_THROW(Simulation(no_lps, OptionsFor(GetParam(), SimTime::Max())).Run(),
               std::invalid_argument);
  ScriptModel zero_lookahead(2, SimTime::Zero(), {});
  EXPECT_THROW(Simulation(zero_lookahead, OptionsFor(GetParam(), SimTime::Max())).Run(),
               std::invalid_argument);
}

// PHOLD with a small population: the per-LP sequences must equal the sequential reference.
phold::PholdConfig SmallPhold() {
  phold::PholdConfig config;
  config.lps = 300;
  config.start_events = 2;
  config.remote = 0.3;
  config.mean = 1.0;
  config.lookahead = 0.1;
  config.end = 60;
  return config;
}

const RunResult& ReferencePhold() {
  static const RunResult reference = [] {
    RunOptions options;
    options.executor = ExecutorKind::kSequential;
    options.queue = QueueKind::kBinaryHeap;
    return phold::RunPhold(SmallPhold(), options).result;
  }();
  return reference;
}

TEST_P(ExecutorTest, PholdMatchesTheSequentialReferenceEventForEvent) {
  RunOptions options = OptionsFor(GetParam(), SimTime::Max());
  const RunResult result = phold::RunPhold(SmallPhold(), options).result;
  const RunResult& reference = ReferencePhold();
  EXPECT_EQ(result.committed_events, reference.committed_events);
  EXPECT_EQ(result.lp_events, reference.lp_events);
  EXPECT_EQ(result.lp_fingerprints, reference.lp_fingerprints);
  EXPECT_EQ(result.fingerprint, reference.fingerprint);
}

TEST_P(ExecutorTest, ExceptionsFromHandlersReachTheCaller) {
  class Throwing final : public Model {
   public:
    LpId lp_count() const override { return 16; }
    SimTime lookahead() const override { return SimTime::Seconds(1); }
    void Init(LpContext& ctx) override { ctx.Schedule(SimTime::Seconds(ctx.lp()), 0); }
    void Handle(LpContext& ctx, const Event&) override {
      if (ctx.lp() == 11) throw std::runtime_error("model failure at LP 11");
    }
  } model;
  EXPECT_THROW(Simulation(model, OptionsFor(GetParam(), SimTime::Max())).Run(),
               std::runtime_error);
}

TEST_P(ExecutorTest, ProgressReportsTimeThatNeverGoesBackAndChangesNothing) {
  RunOptions options = OptionsFor(GetParam(), SimTime::Max());
  std::vector<SimTime> seen;
  options.progress = [&seen](SimTime t) { seen.push_back(t); };
  phold::PholdConfig config = SmallPhold();
  config.end = 120;  // ~72,000 events: enough for the sequential executor's report every 65,536
  const RunResult with = phold::RunPhold(config, options).result;
  options.progress = {};
  const RunResult without = phold::RunPhold(config, options).result;
  EXPECT_EQ(with.fingerprint, without.fingerprint);
  ASSERT_FALSE(seen.empty());
  EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end()));
  EXPECT_LE(seen.back(), SimTime::FromTicks(120 * phold::kTicksPerUnit));
}

TEST_P(ExecutorTest, AStopFlagEndsTheRunWithInterrupted) {
  RunOptions options = OptionsFor(GetParam(), SimTime::Max());
  std::atomic<bool> stop{false};
  options.stop = &stop;
  // Set by the model itself part-way, as a signal handler would set it: the run must not
  // reach its end.
  phold::PholdConfig config = SmallPhold();
  config.end = 120;
  int reports = 0;
  options.progress = [&](SimTime) {
    if (++reports == 1) stop.store(true);
  };
  EXPECT_THROW(phold::RunPhold(config, options), Interrupted);
  // Never set: the same run as without a flag.
  stop.store(false);
  options.progress = {};
  const RunResult with = phold::RunPhold(config, options).result;
  options.stop = nullptr;
  EXPECT_EQ(with.fingerprint, phold::RunPhold(config, options).result.fingerprint);
}

INSTANTIATE_TEST_SUITE_P(AllExecutors, ExecutorTest, testing::ValuesIn(AllModes()), ModeName);

TEST(SimulationTest, DifferentSeedsGiveDifferentRuns) {
  RunOptions options;
  const RunResult a = phold::RunPhold(SmallPhold(), options).result;
  options.seed = 2;
  const RunResult b = phold::RunPhold(SmallPhold(), options).result;
  EXPECT_NE(a.fingerprint, b.fingerprint);
}

TEST(SimulationTest, PholdCommitsAboutLpsTimesEndOverMeanEvents) {
  // Each of the 300 x 2 event chains advances by the mean delay 1.0 per event, so about
  // 600 x 60 = 36,000 events are committed (Poisson-like spread: a few hundred).
  const RunResult r = phold::RunPhold(SmallPhold(), RunOptions{}).result;
  EXPECT_NEAR(static_cast<double>(r.committed_events), 36'000, 1'000);
}

TEST(SimulationTest, TwoSimulationsRunSideBySide) {
  // No global state: two runs on two threads at once equal the same runs done alone.
  RunOptions options;
  options.threads = 2;
  const RunResult alone = phold::RunPhold(SmallPhold(), options).result;
  RunResult first, second;
  std::thread a([&] { first = phold::RunPhold(SmallPhold(), options).result; });
  std::thread b([&] { second = phold::RunPhold(SmallPhold(), options).result; });
  a.join();
  b.join();
  EXPECT_EQ(first.fingerprint, alone.fingerprint);
  EXPECT_EQ(second.fingerprint, alone.fingerprint);
}

TEST(SimulationTest, ManyThreadsOnAHeavierLoadMatchOneThread) {
  // Enough work per window that every worker thread really runs blocks concurrently; under
  // the ThreadSanitizer build this is the test that exercises the hand-over between blocks.
  phold::PholdConfig config;
  config.lps = 4'096;
  config.remote = 0.5;
  config.end = 40;
  RunOptions options;
  const RunResult one = phold::RunPhold(config, options).result;
  options.threads = 4;
  const RunResult four = phold::RunPhold(config, options).result;
  EXPECT_GT(one.committed_events, 150'000u);
  EXPECT_EQ(four.committed_events, one.committed_events);
  EXPECT_EQ(four.lp_fingerprints, one.lp_fingerprints);
}

TEST(SimulationTest, NamesRoundTripAndBadNamesAreRejected) {
  for (ExecutorKind k : {ExecutorKind::kSequential, ExecutorKind::kWindowed}) {
    EXPECT_EQ(ParseExecutorKind(Name(k)), k);
  }
  for (QueueKind k : {QueueKind::kBinaryHeap, QueueKind::kQuaternaryHeap, QueueKind::kCalendar}) {
    EXPECT_EQ(ParseQueueKind(Name(k)), k);
  }
  EXPECT_THROW(ParseExecutorKind("optimistic"), std::invalid_argument);
  EXPECT_THROW(ParseQueueKind("splay"), std::invalid_argument);
}

TEST(SimulationTest, ThreadsMustBePositive) {
  phold::PholdConfig config = SmallPhold();
  RunOptions options;
  options.threads = 0;
  EXPECT_THROW(phold::RunPhold(config, options), std::invalid_argument);
}

}  // namespace
}  // namespace hubsim

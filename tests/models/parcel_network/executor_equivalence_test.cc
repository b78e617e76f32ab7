// The parcel network under every executor, queue and thread count: each run must give the
// reference run's results byte for byte (ROSS's habit: every model test under every
// synchronisation mode). The reference is the sequential executor, computed once per
// scenario and process. Only the model's public entry points are used (scenario loading,
// CompileScenario, RunNetwork, io::Results), so the test holds across rewrites of its
// internals.
//
// The scenarios exercise every message between LPs: linehauls (region to region, each
// carrying its parcel's record as an attachment), customers' experiences to the region of
// the shipper's outlet, failure calls and complaints into the call center, and the calls'
// outcomes back to the accounts' regions.
#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "engine/io/scenario_loader.h"
#include "engine/models/parcel_network/network_model.h"
#include "hubsim/simulation.h"

namespace hubsim::parcel_network {
namespace {

enum class Reference {
  kDefault,  // the built-in default scenario: 2 days, the first a warm-up
  kCnCi,     // scenarios/cn-ci.textproto: 1 day
};

std::string Name(Reference scenario) {
  switch (scenario) {
    case Reference::kDefault: return "default";
    case Reference::kCnCi: return "cn_ci";
  }
  return "unknown";
}

io::Scenario LoadReference(Reference which) {
  io::Scenario scenario;
  switch (which) {
    case Reference::kDefault:
      scenario = io::DefaultScenario();
      scenario.set_days(2);
      scenario.set_warmup_days(1);
      break;
    case Reference::kCnCi:
      scenario = io::LoadScenarioFile(HUBSIM_SCENARIOS_DIR "/cn-ci.textproto");
      scenario.set_days(1);
      // Complaints are rare in one day of a network that keeps its promises: every
      // dissatisfied account complains here, so that complaint calls and their outcomes
      // cross between the LPs too.
      scenario.mutable_customers()->mutable_complaints()->set_dissatisfied_probability(1);
      scenario.mutable_customers()->mutable_complaints()->set_very_dissatisfied_probability(1);
      break;
  }
  io::ValidateScenario(scenario, Name(which));
  return scenario;
}

struct Mode {
  ExecutorKind executor;
  QueueKind queue;
  int threads;
};

std::vector<Mode> AllModes() {
  std::vector<Mode> modes;
  for (QueueKind q : {QueueKind::kBinaryHeap, QueueKind::kQuaternaryHeap, QueueKind::kCalendar}) {
    modes.push_back({ExecutorKind::kSequential, q, 1});
    for (int threads : {1, 2, 4}) modes.push_back({ExecutorKind::kWindowed, q, threads});
  }
  return modes;
}

// The reference: the sequential executor on the engine's default queue.
constexpr Mode kReferenceMode = {ExecutorKind::kSequential, QueueKind::kQuaternaryHeap, 1};

// The bytes of `results` with deterministic serialization (map entries in key order).
// results.proto has no maps, so these are also the bytes `hubsim run` writes to results.pb.
std::string Serialize(const io::Results& results) {
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream stream(&bytes);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    EXPECT_TRUE(results.SerializeToCodedStream(&coded));
  }
  return bytes;
}

io::Results RunIn(Reference which, const Mode& mode) {
  const io::Scenario scenario = LoadReference(which);
  const NetworkSpec spec = CompileScenario(scenario);
  RunOptions options;
  options.executor = mode.executor;
  options.queue = mode.queue;
  options.threads = mode.threads;
  options.seed = scenario.seed();
  return RunNetwork(spec, options);
}

struct ReferenceRun {
  io::Results results;
  std::string bytes;
};

// The reference run of `which`, computed on first use and kept for the process (ctest
// runs each case in a process of its own; a whole-binary run computes each once).
const ReferenceRun& ReferenceOf(Reference which) {
  static std::map<Reference, ReferenceRun>* const runs = new std::map<Reference, ReferenceRun>;
  auto it = runs->find(which);
  if (it == runs->end()) {
    io::Results results = RunIn(which, kReferenceMode);
    std::string bytes = Serialize(results);
    it = runs->emplace(which, ReferenceRun{std::move(results), std::move(bytes)}).first;
  }
  return it->second;
}

const io::SegmentResult* AllAccounts(const io::Results& r) {
  for (const io::SegmentResult& s : r.customers().segment()) {
    if (s.name() == "all") return &s;
  }
  return nullptr;
}

// The reference runs themselves: they must exercise every message between LPs, or the
// comparisons below prove less than they claim.
class ReferenceTest : public testing::TestWithParam<Reference> {};

TEST_P(ReferenceTest, ExercisesEveryMessageBetweenLps) {
  const io::Results& r = ReferenceOf(GetParam()).results;
  EXPECT_TRUE(r.conservation().holds());
  EXPECT_GT(r.conservation().delivered(), 1000u);
  std::uint64_t linehaul_parcels = 0;
  for (const io::LinehaulResult& l : r.linehaul()) linehaul_parcels += l.parcels();
  EXPECT_GT(linehaul_parcels, 100u) << "linehauls";
  // A parcel's record travels with it as the linehaul's attachment (there are no release
  // messages any more): the sender frees its slot and the receiver stores the copy, so the
  // records stay below the parcels created only if slots are freed and reused on both
  // sides, and every parcel is accounted for only if every attachment arrived.
  EXPECT_LT(r.conservation().parcel_records(), r.conservation().created()) << "attachments";
  EXPECT_EQ(r.conservation().created(),
            r.conservation().delivered() + r.conservation().in_flight() + r.conservation().lost())
      << "attachments";
  ASSERT_TRUE(r.has_call_center());
  EXPECT_GT(r.call_center().failure_calls().arrived(), 0u) << "failure calls";
  const io::SegmentResult* all = AllAccounts(r);
  ASSERT_NE(all, nullptr);
  EXPECT_GT(all->late_pickups() + all->late_deliveries() + all->failed_attempts(), 0u)
      << "experiences";
  EXPECT_GT(all->complaints(), 0u) << "complaints";
  EXPECT_GT(all->calls(), 0u) << "call outcomes";
}

std::string ScenarioName(const testing::TestParamInfo<Reference>& info) {
  return Name(info.param);
}

INSTANTIATE_TEST_SUITE_P(Scenarios, ReferenceTest,
                         testing::Values(Reference::kDefault, Reference::kCnCi), ScenarioName);

class ExecutorEquivalenceTest : public testing::TestWithParam<std::tuple<Reference, Mode>> {};

TEST_P(ExecutorEquivalenceTest, ResultsAreByteIdenticalToTheSequentialRun) {
  const auto& [which, mode] = GetParam();
  const ReferenceRun& reference = ReferenceOf(which);
  const io::Results results = RunIn(which, mode);
  // The engine's summary first, for a short message when the runs differ.
  EXPECT_EQ(results.events(), reference.results.events());
  EXPECT_EQ(results.fingerprint(), reference.results.fingerprint());
  if (Serialize(results) != reference.bytes) {
    // Not the bytes (megabytes): the fields that differ, the first of them.
    google::protobuf::util::MessageDifferencer differencer;
    std::string differences;
    differencer.ReportDifferencesToString(&differences);
    differencer.Compare(reference.results, results);
    constexpr std::size_t kShown = 4000;
    ADD_FAILURE() << "results differ from the sequential run's (reference first):\n"
                  << differences.substr(0, kShown) << (differences.size() > kShown ? "\n..." : "");
  }
}

std::string ModeName(const testing::TestParamInfo<std::tuple<Reference, Mode>>& info) {
  const auto& [which, mode] = info.param;
  std::string name = Name(which) + "_" + std::string(hubsim::Name(mode.executor)) + "_" +
                     std::string(hubsim::Name(mode.queue)) + "_t" + std::to_string(mode.threads);
  std::replace(name.begin(), name.end(), '-', '_');
  return name;
}

INSTANTIATE_TEST_SUITE_P(AllExecutors, ExecutorEquivalenceTest,
                         testing::Combine(testing::Values(Reference::kDefault, Reference::kCnCi),
                                          testing::ValuesIn(AllModes())),
                         ModeName);

}  // namespace
}  // namespace hubsim::parcel_network

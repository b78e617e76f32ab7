// The tracking log of a real run: it never changes the results, it is the same on any
// number of threads, a sample is exactly the sampled parcels' part of the full log, and it
// tells the same story as the KPIs (every order, pickup, delivery and loss; the promises
// kept) although it is written by separate code.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <cmath>
#include <map>
#include <string>

#include "engine/io/scenario_loader.h"
#include "engine/models/parcel_network/network_model.h"
#include "engine/tracking/scan_log.h"

namespace hubsim::parcel_network {
namespace {

std::string TempPath(const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() / ("hubsim-tracking-test-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  return (dir / name).string();
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

struct TrackedRun {
  io::Results results;
  tracking::LogStats stats;
};

TrackedRun RunDefault(const std::string& log, int threads, double sample = 1, std::uint32_t days = 2) {
  io::Scenario scenario = io::DefaultScenario();
  scenario.set_days(days);
  scenario.set_warmup_days(0);  // every day counted, as the scans' verdicts are
  // Losses and damage on, so their scans are exercised.
  for (io::Hub& hub : *scenario.mutable_hub()) {
    hub.set_loss_probability(0.002);
    hub.set_damage_probability(0.003);
  }
  const NetworkSpec spec = CompileScenario(scenario);
  RunOptions options;
  options.seed = scenario.seed();
  options.threads = threads;
  TrackedRun run;
  if (log.empty()) {
    run.results = RunNetwork(spec, options);
    return run;
  }
  tracking::ScanLogWriter writer(log, TrackingHeaderFor(spec, scenario.seed(), sample),
                                 spec.hubs.size() + (spec.call_center ? 1 : 0));
  run.results = RunNetwork(spec, options, &writer);
  run.stats = writer.Finish(threads);
  return run;
}

TEST(Tracking, NeverChangesTheResultsAndIsTheSameOnAnyNumberOfThreads) {
  const TrackedRun off = RunDefault("", 2);
  const std::string one = TempPath("one.trk"), two = TempPath("two.trk");
  const TrackedRun on1 = RunDefault(one, 1);
  const TrackedRun on2 = RunDefault(two, 2);
  EXPECT_EQ(on1.results.SerializeAsString(), off.results.SerializeAsString());
  EXPECT_EQ(on2.results.SerializeAsString(), off.results.SerializeAsString());
  EXPECT_EQ(ReadAll(one), ReadAll(two));
  EXPECT_EQ(ReadAll(tracking::IndexPath(one)), ReadAll(tracking::IndexPath(two)));
  EXPECT_GT(on1.stats.scans, 8 * on1.results.conservation().created());
}

TEST(Tracking, TellsTheSameStoryAsTheKpis) {
  const std::string path = TempPath("story.trk");
  const TrackedRun run = RunDefault(path, 2);
  const tracking::ScanLogReader log(path);
  std::map<io::ScanType, std::uint64_t> count;
  std::uint64_t pickups_kept = 0, deliveries_kept = 0, next_day_kept = 0;
  std::uint64_t parcels = 0;
  std::uint64_t last_parcel = 0;
  std::int64_t last_time = 0;
  bool ordered_first = true, in_time_order = true;
  log.ForEach([&](const io::Scan& s) {
    if (parcels == 0 || s.parcel() != last_parcel) {
      ++parcels;
      ordered_first &= s.type() == io::ORDER_PLACED;
    } else {
      in_time_order &= s.time_us() >= last_time;
    }
    last_parcel = s.parcel();
    last_time = s.time_us();
    ++count[s.type()];
    if (s.type() == io::PICKED_UP && s.has_promise_kept() && s.promise_kept()) ++pickups_kept;
    if (s.type() == io::DELIVERED && s.has_promise_kept() && s.promise_kept()) ++deliveries_kept;
    if (s.type() == io::DELIVERED && s.has_next_day_kept() && s.next_day_kept()) ++next_day_kept;
  });
  const io::Results& r = run.results;
  EXPECT_TRUE(ordered_first);
  EXPECT_TRUE(in_time_order);
  EXPECT_EQ(parcels, r.conservation().created());
  EXPECT_EQ(count[io::ORDER_PLACED], r.conservation().created());
  EXPECT_EQ(count[io::DELIVERED], r.conservation().delivered());
  EXPECT_EQ(count[io::LOST], r.conservation().lost());
  EXPECT_GT(count[io::LOST], 0u);
  EXPECT_GT(count[io::DAMAGED], 0u);
  EXPECT_GT(count[io::DELIVERY_FAILED], 0u);
  // A failed parcel is brought back, unless the run ended with its courier still out.
  EXPECT_GE(count[io::DELIVERY_FAILED], count[io::BACK_AT_OUTLET]);
  std::uint64_t failed = 0;
  for (const io::OutletResult& o : r.outlet()) failed += o.failed_attempts();
  EXPECT_EQ(count[io::DELIVERY_FAILED], failed);
  EXPECT_EQ(count[io::LINEHAUL_DEPARTED] >= count[io::LINEHAUL_ARRIVED], true);
  std::uint64_t linehaul_parcels = 0;
  for (const io::LinehaulResult& l : r.linehaul()) linehaul_parcels += l.parcels();
  EXPECT_EQ(count[io::LINEHAUL_DEPARTED], linehaul_parcels);
  std::uint64_t sorted = 0;
  for (const io::HubResult& h : r.hub()) sorted += h.sorted();
  EXPECT_EQ(count[io::SORTED] + count[io::LOST], sorted);
  // The promises kept, from the scans' verdicts, are the KPIs' on-time counts.
  EXPECT_EQ(pickups_kept, r.kpi().pickup().on_time());
  EXPECT_EQ(deliveries_kept, r.kpi().delivery().on_time());
  EXPECT_EQ(next_day_kept, r.kpi().next_day().on_time());
}

TEST(Tracking, ASampleIsTheSampledParcelsPartOfTheFullLog) {
  const std::string full_path = TempPath("full.trk"), sample_path = TempPath("sample.trk");
  const TrackedRun full = RunDefault(full_path, 2);
  const TrackedRun sample = RunDefault(sample_path, 2, 0.05);
  EXPECT_EQ(sample.results.SerializeAsString(), full.results.SerializeAsString());
  const tracking::ScanLogReader all(full_path), some(sample_path);
  EXPECT_NEAR(static_cast<double>(some.index().parcels()), 0.05 * static_cast<double>(all.index().parcels()),
              6 * std::sqrt(0.05 * 0.95 * static_cast<double>(all.index().parcels())));
  // Every scan of the sample, and the full log's scans of the same parcels, in order.
  std::map<std::uint64_t, std::string> sampled, of_full;
  some.ForEach([&](const io::Scan& s) { sampled[s.parcel()] += s.SerializeAsString() + "|"; });
  all.ForEach([&](const io::Scan& s) {
    if (sampled.count(s.parcel())) of_full[s.parcel()] += s.SerializeAsString() + "|";
  });
  EXPECT_EQ(sampled.size(), some.index().parcels());
  EXPECT_TRUE(sampled == of_full);
}

TEST(Tracking, MoreDaysDoNotHoldMoreScansInMemory) {
  // The log's spills carry the scans; the writer holds at most a spill's worth per LP.
  const TrackedRun run = RunDefault(TempPath("three.trk"), 2, 1, 3);
  EXPECT_GT(run.stats.scans, 4 * tracking::ScanLogWriter::kSpillScans);
  EXPECT_GT(run.stats.frames, 1u);
}

}  // namespace
}  // namespace hubsim::parcel_network

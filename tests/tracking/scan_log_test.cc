// The tracking log's writer and reader against a shadow: random scans from several LPs,
// spilled and merged, must come back per parcel in (time, LP, emission) order, with the
// same bytes whatever the number of merge threads; damaged files are refused by name.
#include "engine/tracking/scan_log.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "hubsim/simulation.h"

namespace hubsim::tracking {
namespace {

std::string TempPath(const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("hubsim-scan-log-test-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  return (dir / name).string();
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

io::TrackingHeader Header(double sample = 1) {
  io::TrackingHeader h;
  h.set_scenario("test");
  h.set_seed(7);
  h.set_days(2);
  h.set_sample(sample);
  return h;
}

RawScan Make(std::uint64_t parcel, std::int64_t time, io::ScanType type, std::uint32_t place, std::uint32_t other) {
  RawScan s;
  s.parcel = parcel;
  s.time = time;
  s.type = static_cast<std::uint32_t>(type) & 31u;
  s.place = place;
  s.other = other & kMaxOther;
  return s;
}

struct Emitted {
  std::size_t lp;
  std::size_t seq;
  RawScan scan;
};

// Random scans for `parcels` parcels over 3 regions (tracking numbers region << 32 | n),
// spread over `lps` LPs; each LP emits in time order, as an LP does.
std::vector<Emitted> RandomScans(std::size_t lps, std::uint64_t parcels, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<std::vector<RawScan>> per_lp(lps);
  for (std::uint64_t n = 0; n < parcels; ++n) {
    const std::uint64_t parcel = (n % 3) << 32 | (n / 3);
    std::int64_t t = static_cast<std::int64_t>(rng() % 1'000'000);
    const int scans = 1 + static_cast<int>(rng() % 12);
    for (int k = 0; k < scans; ++k) {
      // Ties on purpose: the same time at another LP.
      if (rng() % 4 != 0) t += static_cast<std::int64_t>(rng() % 5000);
      const auto type = static_cast<io::ScanType>(1 + rng() % 16);
      per_lp[rng() % lps].push_back(Make(parcel, t, type, static_cast<std::uint32_t>(rng() % 50),
                                         static_cast<std::uint32_t>(rng() % 9)));
    }
  }
  std::vector<Emitted> out;
  for (std::size_t lp = 0; lp < lps; ++lp) {
    std::stable_sort(per_lp[lp].begin(), per_lp[lp].end(),
                     [](const RawScan& a, const RawScan& b) { return a.time < b.time; });
    for (std::size_t i = 0; i < per_lp[lp].size(); ++i) out.push_back({lp, i, per_lp[lp][i]});
  }
  return out;
}

LogStats Write(const std::string& path, std::size_t lps, const std::vector<Emitted>& scans, int threads) {
  ScanLogWriter writer(path, Header(), lps);
  // Interleave the LPs, 100 scans at a time, as a run would (any interleaving will do:
  // each LP's log is its own).
  std::vector<std::vector<RawScan>> per_lp(lps);
  for (const Emitted& e : scans) per_lp[e.lp].push_back(e.scan);
  for (std::size_t start = 0;; start += 100) {
    bool any = false;
    for (std::size_t lp = 0; lp < lps; ++lp) {
      for (std::size_t i = start; i < std::min(start + 100, per_lp[lp].size()); ++i) {
        writer.lp(lp).Add(per_lp[lp][i]);
        any = true;
      }
    }
    if (!any) break;
  }
  return writer.Finish(threads);
}

TEST(ScanLog, EveryParcelsScansComeBackInTimeThenLpThenEmissionOrder) {
  const std::size_t lps = 4;
  // Enough scans that every LP spills several times and buckets span frames.
  const std::vector<Emitted> scans = RandomScans(lps, 100'000, 1);
  ASSERT_GT(scans.size() / lps, 3 * ScanLogWriter::kSpillScans);
  const std::string path = TempPath("shadow.trk");
  const LogStats stats = Write(path, lps, scans, 2);

  std::map<std::uint64_t, std::vector<Emitted>> shadow;
  for (const Emitted& e : scans) shadow[e.scan.parcel].push_back(e);
  EXPECT_EQ(stats.scans, scans.size());
  EXPECT_EQ(stats.parcels, shadow.size());
  EXPECT_GT(stats.frames, 10u);

  ScanLogReader reader(path);
  EXPECT_TRUE(reader.index_from_file());
  EXPECT_EQ(reader.header().scenario(), "test");
  EXPECT_EQ(reader.index().scans(), scans.size());
  int checked = 0;
  for (auto& [parcel, expected] : shadow) {
    if (parcel % 211 != 0 && checked > 0) continue;  // a sample keeps the test fast
    std::stable_sort(expected.begin(), expected.end(), [](const Emitted& a, const Emitted& b) {
      return std::tie(a.scan.time, a.lp, a.seq) < std::tie(b.scan.time, b.lp, b.seq);
    });
    const std::vector<io::Scan> got = reader.Find(parcel);
    ASSERT_EQ(got.size(), expected.size()) << "parcel " << parcel;
    for (std::size_t i = 0; i < got.size(); ++i) {
      const io::Scan want = ToScan(expected[i].scan);
      EXPECT_EQ(got[i].SerializeAsString(), want.SerializeAsString()) << "parcel " << parcel << " scan " << i;
    }
    ++checked;
  }
  EXPECT_GT(checked, 300);
  EXPECT_TRUE(reader.Find(3ULL << 32).empty());      // no such region
  EXPECT_TRUE(reader.Find((1ULL << 32) + 999'999).empty());  // past the last parcel
}

TEST(ScanLog, SameBytesOnAnyNumberOfMergeThreads) {
  const std::vector<Emitted> scans = RandomScans(3, 20'000, 2);
  const std::string a = TempPath("one.trk"), b = TempPath("four.trk");
  Write(a, 3, scans, 1);
  Write(b, 3, scans, 4);
  EXPECT_EQ(ReadAll(a), ReadAll(b));
  EXPECT_EQ(ReadAll(IndexPath(a)), ReadAll(IndexPath(b)));
}

TEST(ScanLog, WithoutAnIndexTheReaderBuildsTheSameOne) {
  const std::vector<Emitted> scans = RandomScans(2, 5'000, 3);
  const std::string path = TempPath("noindex.trk");
  Write(path, 2, scans, 2);
  io::TrackingIndex from_file;
  {
    ScanLogReader reader(path);
    from_file = reader.index();
  }
  std::filesystem::remove(IndexPath(path));
  ScanLogReader reader(path);
  EXPECT_FALSE(reader.index_from_file());
  ASSERT_EQ(reader.index().frame_size(), from_file.frame_size());
  for (int i = 0; i < from_file.frame_size(); ++i) {
    EXPECT_EQ(reader.index().frame(i).SerializeAsString(), from_file.frame(i).SerializeAsString());
  }
  EXPECT_EQ(reader.index().parcels(), from_file.parcels());
  EXPECT_EQ(reader.Find(scans[0].scan.parcel).size(), ScanLogReader(path).Find(scans[0].scan.parcel).size());
}

TEST(ScanLog, AnEmptyLogHasAHeaderAndNoParcels) {
  const std::string path = TempPath("empty.trk");
  ScanLogWriter writer(path, Header(), 2);
  const LogStats stats = writer.Finish(2);
  EXPECT_EQ(stats.scans, 0u);
  ScanLogReader reader(path);
  EXPECT_EQ(reader.index().frame_size(), 0);
  EXPECT_TRUE(reader.Find(0).empty());
  std::filesystem::remove(IndexPath(path));
  EXPECT_EQ(ScanLogReader(path).index().frame_size(), 0);
}

TEST(ScanLog, TheSampleIsAFunctionOfTheNumberAndNestsInLargerSamples) {
  const std::string path = TempPath("sample.trk");
  ScanLogWriter all(path, Header(1), 1), tenth(path + "2", Header(0.1), 1), twentieth(path + "3", Header(0.05), 1);
  int in_tenth = 0, in_twentieth = 0;
  const int n = 100'000;
  for (std::uint64_t p = 0; p < n; ++p) {
    EXPECT_TRUE(all.Tracked(p));
    const bool a = tenth.Tracked(p), b = twentieth.Tracked(p);
    in_tenth += a;
    in_twentieth += b;
    if (b) {
      EXPECT_TRUE(a) << p;
    }
  }
  // Binomial: sd of the count is sqrt(n p (1-p)) = 95 for p = 0.1; 6 sd either way.
  EXPECT_NEAR(in_tenth, 10'000, 570);
  EXPECT_NEAR(in_twentieth, 5'000, 420);
}

TEST(ScanLog, AnUnwritablePlaceIsRefusedBeforeTheRun) {
  try {
    const std::string file = TempPath("a-file");
    std::ofstream(file) << "x";
    ScanLogWriter writer(file + "/run.trk", Header(), 2);
    FAIL() << "no error";
  } catch (const TrackingError& e) {
    EXPECT_NE(std::string(e.what()).find("a-file/run.trk"), std::string::npos) << e.what();
  }
}

TEST(ScanLog, AnInterruptedMergeLeavesNoFile) {
  const std::string path = TempPath("interrupted/run.trk");
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  ScanLogWriter writer(path, Header(), 2);
  for (std::uint64_t p = 0; p < 10'000; ++p) {
    RawScan scan;
    scan.parcel = p;
    scan.time = static_cast<std::int64_t>(p);
    writer.lp(p % 2).Add(scan);
  }
  const std::atomic<bool> stop{true};
  EXPECT_THROW(writer.Finish(2, &stop), Interrupted);
  EXPECT_TRUE(std::filesystem::is_empty(std::filesystem::path(path).parent_path()));
}

void ExpectRefused(const std::string& path, const std::string& fragment) {
  try {
    ScanLogReader reader(path);
    FAIL() << path << " was accepted";
  } catch (const TrackingError& e) {
    EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
  }
}

TEST(ScanLog, DamagedFilesAreRefusedNamingTheFile) {
  const std::vector<Emitted> scans = RandomScans(2, 3'000, 4);
  const std::string path = TempPath("damaged.trk");
  Write(path, 2, scans, 1);
  const std::string log = ReadAll(path);
  const std::string index = ReadAll(IndexPath(path));

  ExpectRefused(TempPath("missing.trk"), "missing.trk");
  // Not a log at all.
  const std::string junk = TempPath("junk.trk");
  std::ofstream(junk) << "syntax = \"proto2\";\n";
  ExpectRefused(junk, "junk.trk");
  // A truncated log: its index describes another size.
  const std::string cut = TempPath("cut.trk");
  std::ofstream(cut, std::ios::binary) << log.substr(0, log.size() / 2);
  std::ofstream(IndexPath(cut), std::ios::binary) << index;
  ExpectRefused(cut, "cut.trk.idx");
  // Without its index, a truncated log fails at the damaged frame.
  std::filesystem::remove(IndexPath(cut));
  ExpectRefused(cut, "cut.trk");
  // A garbage index.
  const std::string bad_index = TempPath("badindex.trk");
  std::ofstream(bad_index, std::ios::binary) << log;
  std::ofstream(IndexPath(bad_index), std::ios::binary) << "\xff\xff\xff garbage";
  ExpectRefused(bad_index, "badindex.trk.idx");
  // A flipped byte inside a frame: the index is fine, the frame is not.
  const std::string flipped = TempPath("flipped.trk");
  std::string bytes = log;
  bytes[bytes.size() / 2] = static_cast<char>(bytes[bytes.size() / 2] ^ 0x5a);
  std::ofstream(flipped, std::ios::binary) << bytes;
  std::ofstream(IndexPath(flipped), std::ios::binary) << index;
  ScanLogReader reader(flipped);
  int refused = 0;
  for (const io::TrackingIndex::Frame& frame : reader.index().frame()) {
    try {
      reader.Find(frame.first_parcel());
    } catch (const TrackingError& error) {
      EXPECT_NE(std::string(error.what()).find("flipped.trk"), std::string::npos);
      ++refused;
    }
  }
  EXPECT_GT(refused, 0);
}

}  // namespace
}  // namespace hubsim::tracking

// Fuzz target: a tracking log and its index, read the way `hubsim track` and `hubsim report
// --tracking` read them (tracking::ScanLogReader, timelines, the report's digest).
//
// Input: a mode byte. Even: the rest is the log, and the reader builds the index from it.
// Odd: a 4-byte little-endian length n, then n bytes of index (FILE.idx), then the log.
// The files are written into the process's scratch directory. The target then looks up the
// first and last parcels of the first and last frames, a few tracking numbers read from the
// input, the first parcels of the log, and builds their timelines (text and JSON) and the
// report's digest. Work is bounded by the input's size (scripts/fuzz.sh sets -max_len) and by
// kMaxLookups.
//
// Fine: a TrackingError whose message starts with the log's path (the index's path starts
// with it too). A finding: anything else that goes wrong, including a file descriptor left
// open once the reader is gone.
#include <fcntl.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "engine/tracking/digest.h"
#include "engine/tracking/scan_log.h"
#include "engine/tracking/timeline.h"
#include "fuzz/fuzz_support.h"

namespace {

constexpr std::size_t kFramesLookedUp = 3;  // at each end of the index
constexpr std::size_t kInputParcels = 4;
constexpr std::size_t kMaxLookups = 24;

void Show(const hubsim::tracking::ScanLogReader& reader, std::uint64_t parcel) {
  const std::vector<hubsim::io::Scan> scans = reader.Find(parcel);
  if (scans.empty()) return;
  for (const hubsim::io::Scan& s : scans) {
    if (s.parcel() != parcel) hubsim::fuzz::Finding("Find returned a scan of another parcel");
  }
  const hubsim::io::Timeline timeline = hubsim::tracking::MakeTimeline(reader.header(), parcel, scans);
  (void)hubsim::tracking::TimelineText(timeline);
  (void)hubsim::tracking::TimelineJson(timeline);
}

// The lowest free file descriptor: higher after a call than before it when the call leaked one.
int LowestFreeDescriptor() {
  const int fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  if (fd < 0) hubsim::fuzz::Finding("cannot open /dev/null (descriptors exhausted?)");
  ::close(fd);
  return fd;
}

std::uint64_t LittleEndian(const std::uint8_t* p, std::size_t n) {
  std::uint64_t v = 0;
  for (std::size_t i = n; i-- > 0;) v = (v << 8) | p[i];
  return v;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const std::filesystem::path log = hubsim::fuzz::ScratchDir() / "fuzz.trk";
  const std::filesystem::path index = hubsim::tracking::IndexPath(log.string());
  const bool with_index = (data[0] & 1) != 0;
  std::size_t pos = 1;
  std::error_code ignored;
  std::filesystem::remove(index, ignored);
  if (with_index) {
    const std::size_t n_bytes = std::min<std::size_t>(4, size - pos);
    const std::size_t n = std::min<std::size_t>(LittleEndian(data + pos, n_bytes), size - pos - n_bytes);
    pos += n_bytes;
    hubsim::fuzz::WriteBytes(index, data + pos, n);
    pos += n;
  }
  hubsim::fuzz::WriteBytes(log, data + pos, size - pos);

  // Tracking numbers to look up, from the input's first bytes.
  std::vector<std::uint64_t> parcels;
  for (std::size_t i = 0; i < kInputParcels && 1 + 8 * (i + 1) <= size; ++i) {
    parcels.push_back(LittleEndian(data + 1 + 8 * i, 8));
  }

  const std::string path = log.string();
  const int free_before = LowestFreeDescriptor();
  try {
    const hubsim::tracking::ScanLogReader reader(path);
    const auto& frames = reader.index().frame();
    const auto frame_count = static_cast<std::size_t>(frames.size());
    for (std::size_t i = 0; i < frame_count && i < kFramesLookedUp; ++i) {
      parcels.push_back(frames[static_cast<int>(i)].first_parcel());
      parcels.push_back(frames[static_cast<int>(frame_count - 1 - i)].last_parcel());
    }
    for (const std::uint64_t p : reader.FirstParcels(kInputParcels)) parcels.push_back(p);
    if (parcels.size() > kMaxLookups) parcels.resize(kMaxLookups);
    for (const std::uint64_t p : parcels) Show(reader, p);
    (void)hubsim::tracking::MakeDigest(reader, path, 4);
  } catch (const hubsim::tracking::TrackingError& e) {
    hubsim::fuzz::ExpectPrefix(e.what(), path, "tracking message");
  }
  if (LowestFreeDescriptor() != free_before) hubsim::fuzz::Finding("the reader leaked a file descriptor");
  return 0;
}

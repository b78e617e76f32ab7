// The tracking log (format: engine/io/tracking.proto): written by the LPs during a run,
// merged at its end, and read back one parcel at a time.
//
// Writing. Every LP appends its scans to its own ScanLogWriter::LpLog, without a lock.
// An LpLog keeps up to kSpillScans scans in memory; then it spills them to its own file
// (created beside the log and unlinked at once, so nothing is left behind whatever
// happens), as one run per bucket of 65,536 tracking numbers. Finish() then takes the
// buckets in order of tracking number: it reads each bucket's runs from every LP in LP
// order, sorts them stably by (parcel, time), encodes them as length-delimited Scan records
// and compresses them into zstd frames of whole parcels. Buckets are encoded in parallel
// (a oneTBB pipeline) and written in order. A stable sort of runs concatenated in (LP,
// emission) order makes ties fall in (LP, emission) order, which is the same on any number
// of threads because each LP's sequence of events is; so the bytes are too.
//
// Memory: kSpillScans scans per LP during the run, and one bucket's scans per pipeline
// token while merging (a 65,536-parcel bucket of some 15 scans each is 24 MB).
//
// Reading. ScanLogReader opens FILE.idx (or, without one, scans the log's frames to build
// the index in memory) and decompresses the one frame that holds the parcel.
#ifndef HUBSIM_ENGINE_TRACKING_SCAN_LOG_H_
#define HUBSIM_ENGINE_TRACKING_SCAN_LOG_H_

#include <atomic>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "engine/io/tracking.pb.h"

namespace hubsim::tracking {

// A tracking log that cannot be written or read: what() names the file and the problem.
class TrackingError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Whether a promise was kept, as a scan records it.
enum class Outcome : std::uint8_t { kUnset = 0, kMissed = 1, kKept = 2 };

// One scan as the model records it, 24 bytes; the log's Scan message is made from it when
// the log is merged.
struct RawScan {
  std::uint64_t parcel = 0;  // tracking number
  std::int64_t time = 0;     // SimTime ticks
  std::uint32_t place = 0;   // hub or outlet index, as PlaceIsHub(type) says
  // The courier's number at the outlet (from 1), the linehaul index + 1, or for
  // ORDER_PLACED the delivery outlet's index + 1; 0 for none.
  std::uint32_t other : 23 = 0;
  std::uint32_t type : 5 = 0;       // io::ScanType
  std::uint32_t promise : 2 = 0;    // Outcome of the scan's promise
  std::uint32_t next_day : 2 = 0;   // Outcome of the next-day promise (DELIVERED)
};
static_assert(sizeof(RawScan) == 24, "RawScan is spilled to disk as it is");

inline constexpr std::uint32_t kMaxOther = (1u << 23) - 1;

// Whether the scan's place is a hub (otherwise an outlet).
bool PlaceIsHub(io::ScanType type);
// Whether `other` is a courier's number / a linehaul index + 1.
bool HasCourier(io::ScanType type);
bool HasLinehaul(io::ScanType type);

// The Scan record for a raw scan.
io::Scan ToScan(const RawScan& raw);

// What Finish() wrote and measured.
struct LogStats {
  std::uint64_t parcels = 0;
  std::uint64_t scans = 0;
  std::uint64_t record_bytes = 0;  // uncompressed Scan records (with their length prefixes)
  std::uint64_t log_bytes = 0;     // the log file
  std::uint64_t index_bytes = 0;   // the index file
  std::uint64_t frames = 0;
  double bytes_per_scan() const { return scans ? static_cast<double>(log_bytes) / static_cast<double>(scans) : 0; }
};

class ScanLogWriter {
 public:
  // Scans kept in memory per LP before they are spilled (768 KiB).
  static constexpr std::size_t kSpillScans = 1 << 15;
  // Tracking numbers per merge bucket (a bucket is parcel >> kBucketShift).
  static constexpr int kBucketShift = 16;
  // A frame is closed at the first parcel boundary after this many uncompressed bytes.
  static constexpr std::size_t kFrameBytes = 256 << 10;

  // The scans of one LP. Only the thread running the LP calls Add, so there is no lock.
  class LpLog {
   public:
    // Throws TrackingError when a spill cannot be written (disk full).
    void Add(const RawScan& scan) {
      buffer_.push_back(scan);
      if (buffer_.size() >= kSpillScans) Spill();
    }
    std::uint64_t scans() const { return scans_ + buffer_.size(); }

   private:
    friend class ScanLogWriter;
    struct Run {
      std::uint64_t bucket = 0;
      std::uint64_t offset = 0;  // in scans, in the spill file
      std::uint64_t count = 0;
    };
    void Spill();

    std::string name_;  // the spill file's name (unlinked at once)
    std::string log_;   // the log's final name, for messages
    int fd_ = -1;
    std::vector<RawScan> buffer_;
    std::vector<Run> runs_;
    std::uint64_t scans_ = 0;  // spilled
  };

  // Prepares to write the log at `path` and its index at `path`.idx: creates the
  // directory if need be and the LPs' spill files beside the log (unlinked at once). `header.sample` and `header.seed` decide
  // which parcels are tracked. Throws TrackingError (naming the path) if it cannot.
  ScanLogWriter(std::string path, io::TrackingHeader header, std::size_t lp_count,
                int compression_level = 3);
  ~ScanLogWriter();
  ScanLogWriter(const ScanLogWriter&) = delete;
  ScanLogWriter& operator=(const ScanLogWriter&) = delete;

  // Whether the parcel with this tracking number is in the sample: a function of the seed
  // and the number alone, drawing nothing from the model's random streams.
  bool Tracked(std::uint64_t parcel) const;

  LpLog& lp(std::size_t lp) { return lps_[lp]; }

  // Merges every LP's scans into the log and writes its index, each under a temporary
  // name, flushed, and renamed into place when both are complete (io::AtomicFile). Uses up
  // to `threads` threads; the bytes do not depend on them. Throws TrackingError, or
  // Interrupted when `stop` (if not null) becomes true during the merge; then neither file
  // is left (temporary or final).
  LogStats Finish(int threads, const std::atomic<bool>* stop = nullptr);

  const std::string& path() const { return path_; }

 private:
  std::string path_;
  io::TrackingHeader header_;
  int level_;
  std::vector<LpLog> lps_;
};

// The path of a log's index.
std::string IndexPath(const std::string& log_path);

class ScanLogReader {
 public:
  // Reads the header and the index (FILE.idx, or, if there is none, built by reading the
  // whole log). Throws TrackingError naming the file and what is wrong with it.
  explicit ScanLogReader(std::string path);
  ~ScanLogReader();
  ScanLogReader(const ScanLogReader&) = delete;
  ScanLogReader& operator=(const ScanLogReader&) = delete;

  const io::TrackingHeader& header() const { return header_; }
  const io::TrackingIndex& index() const { return index_; }
  // Whether the index was read from FILE.idx (false: built from the log).
  bool index_from_file() const { return index_from_file_; }

  // The parcel's scans in order; empty when the log has none (not a parcel of the run, or
  // not in the sample). Throws TrackingError if the frame is damaged.
  std::vector<io::Scan> Find(std::uint64_t parcel) const;
  // Up to `n` tracking numbers from the start of the log (for examples).
  std::vector<std::uint64_t> FirstParcels(std::size_t n) const;
  // Calls `f` on every scan of the log, in the log's order. Throws TrackingError.
  void ForEach(const std::function<void(const io::Scan&)>& f) const;

 private:
  // Reads the header and the index of the open log fd_ (the constructor's work).
  void Open();
  std::vector<io::Scan> ReadFrame(const io::TrackingIndex::Frame& frame) const;
  void BuildIndex(std::uint64_t log_bytes);

  std::string path_;
  int fd_ = -1;
  io::TrackingHeader header_;
  io::TrackingIndex index_;
  bool index_from_file_ = false;
};

}  // namespace hubsim::tracking

#endif  // HUBSIM_ENGINE_TRACKING_SCAN_LOG_H_

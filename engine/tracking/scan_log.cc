#include "engine/tracking/scan_log.h"

#include <fcntl.h>
#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <google/protobuf/util/delimited_message_util.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <tbb/parallel_pipeline.h>
#include <tbb/task_arena.h>
#include <unistd.h>
#include <zstd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <utility>

#include "engine/io/atomic_file.h"
#include "hubsim/rng.h"
#include "hubsim/simulation.h"

namespace hubsim::tracking {
namespace {

constexpr std::uint32_t kFormatVersion = 1;
// The sample's counter-based stream ("TRK"): parcel n is tracked when its n-th draw is
// below the sample rate.
constexpr std::uint64_t kTrackingStream = 0x5452'4B00'0000'0000ULL;
// Limits the reader enforces, so a damaged or hostile file cannot exhaust memory.
constexpr std::uint64_t kMaxFrameContent = 64u << 20;
constexpr std::uint64_t kMaxIndexBytes = 256u << 20;
// The header's frame (the names of every hub, outlet and linehaul) is read whole to find
// its end when there is no index: 20,000 outlets make about 0.5 MB.
constexpr std::uint64_t kMaxHeaderFrame = 16u << 20;

std::string Errno() { return std::strerror(errno); }

void WriteAll(int fd, const void* data, std::size_t bytes, const std::string& name) {
  const char* p = static_cast<const char*>(data);
  while (bytes > 0) {
    const ssize_t n = ::write(fd, p, bytes);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw TrackingError(name + ": cannot write: " + Errno());
    }
    p += n;
    bytes -= static_cast<std::size_t>(n);
  }
}

// Reads exactly `bytes` at `offset`; false at a short file.
bool ReadAt(int fd, void* data, std::size_t bytes, std::uint64_t offset, const std::string& name) {
  char* p = static_cast<char*>(data);
  while (bytes > 0) {
    const ssize_t n = ::pread(fd, p, bytes, static_cast<off_t>(offset));
    if (n < 0) {
      if (errno == EINTR) continue;
      throw TrackingError(name + ": cannot read: " + Errno());
    }
    if (n == 0) return false;
    p += n;
    bytes -= static_cast<std::size_t>(n);
    offset += static_cast<std::uint64_t>(n);
  }
  return true;
}

// Appends `message` to `out` as a length-delimited record.
void AppendDelimited(const google::protobuf::MessageLite& message, std::string& out) {
  const std::size_t size = message.ByteSizeLong();
  const std::size_t old = out.size();
  out.resize(old + 5 + size);
  auto* start = reinterpret_cast<std::uint8_t*>(out.data() + old);
  std::uint8_t* p = google::protobuf::io::CodedOutputStream::WriteVarint32ToArray(
      static_cast<std::uint32_t>(size), start);
  p = message.SerializeWithCachedSizesToArray(p);
  out.resize(old + static_cast<std::size_t>(p - start));
}

// One frame holding `raw`, with its content size (the reader sizes its buffer by it) and a
// checksum (so a damaged frame is refused rather than misread).
std::string Compress(const std::string& raw, int level) {
  std::unique_ptr<ZSTD_CCtx, decltype(&ZSTD_freeCCtx)> cctx(ZSTD_createCCtx(), &ZSTD_freeCCtx);
  if (!cctx) throw TrackingError("zstd: out of memory");
  ZSTD_CCtx_setParameter(cctx.get(), ZSTD_c_compressionLevel, level);
  ZSTD_CCtx_setParameter(cctx.get(), ZSTD_c_checksumFlag, 1);
  std::string out(ZSTD_compressBound(raw.size()), '\0');
  const std::size_t n = ZSTD_compress2(cctx.get(), out.data(), out.size(), raw.data(), raw.size());
  if (ZSTD_isError(n)) throw TrackingError(std::string("zstd: ") + ZSTD_getErrorName(n));
  out.resize(n);
  return out;
}

// Decompresses one whole frame (`bytes` is exactly the frame); throws naming `what`.
std::string Decompress(const char* data, std::size_t bytes, const std::string& what) {
  const unsigned long long size = ZSTD_getFrameContentSize(data, bytes);
  if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN) {
    throw TrackingError(what + ": not a frame of a tracking log");
  }
  if (size > kMaxFrameContent) throw TrackingError(what + ": frame too large (" + std::to_string(size) + " bytes)");
  std::string out(size, '\0');
  const std::size_t n = ZSTD_decompress(out.data(), out.size(), data, bytes);
  if (ZSTD_isError(n) || n != size) {
    throw TrackingError(what + ": damaged frame (" + (ZSTD_isError(n) ? ZSTD_getErrorName(n) : "short") + ")");
  }
  return out;
}

// Parses length-delimited Scan records until the end of `raw`.
std::vector<io::Scan> ParseScans(const std::string& raw, const std::string& what) {
  google::protobuf::io::ArrayInputStream input(raw.data(), static_cast<int>(raw.size()));
  std::vector<io::Scan> scans;
  for (;;) {
    io::Scan scan;
    bool clean_eof = false;
    if (!google::protobuf::util::ParseDelimitedFromZeroCopyStream(&scan, &input, &clean_eof)) {
      if (clean_eof) break;
      throw TrackingError(what + ": damaged scan record");
    }
    scans.push_back(std::move(scan));
  }
  return scans;
}

}  // namespace

bool PlaceIsHub(io::ScanType type) {
  switch (type) {
    case io::HUB_IN:
    case io::SORTED:
    case io::LINEHAUL_DEPARTED:
    case io::LINEHAUL_ARRIVED:
    case io::HUB_OUT:
    case io::LOST:
    case io::DAMAGED: return true;
    default: return false;
  }
}

bool HasCourier(io::ScanType type) {
  return type == io::PICKED_UP || type == io::OUT_FOR_DELIVERY || type == io::DELIVERY_FAILED ||
         type == io::BACK_AT_OUTLET || type == io::DELIVERED;
}

bool HasLinehaul(io::ScanType type) { return type == io::LINEHAUL_DEPARTED || type == io::LINEHAUL_ARRIVED; }

io::Scan ToScan(const RawScan& raw) {
  io::Scan scan;
  const auto type = static_cast<io::ScanType>(raw.type);
  scan.set_parcel(raw.parcel);
  scan.set_time_us(raw.time);
  scan.set_type(type);
  if (PlaceIsHub(type)) {
    scan.set_hub(raw.place);
  } else {
    scan.set_outlet(raw.place);
  }
  if (raw.other != 0) {
    if (HasCourier(type)) scan.set_courier(raw.other);
    if (HasLinehaul(type)) scan.set_linehaul(raw.other - 1);
    if (type == io::ORDER_PLACED) scan.set_to_outlet(raw.other - 1);
  }
  if (raw.promise != 0) scan.set_promise_kept(raw.promise == static_cast<std::uint32_t>(Outcome::kKept));
  if (raw.next_day != 0) scan.set_next_day_kept(raw.next_day == static_cast<std::uint32_t>(Outcome::kKept));
  return scan;
}

std::string IndexPath(const std::string& log_path) { return log_path + ".idx"; }

// ---- writing ---------------------------------------------------------------------------

void ScanLogWriter::LpLog::Spill() {
  if (buffer_.empty()) return;
  std::stable_sort(buffer_.begin(), buffer_.end(), [](const RawScan& a, const RawScan& b) {
    return (a.parcel >> kBucketShift) < (b.parcel >> kBucketShift);
  });
  WriteAll(fd_, buffer_.data(), buffer_.size() * sizeof(RawScan), log_ + " (its spill file)");
  std::size_t start = 0;
  for (std::size_t i = 1; i <= buffer_.size(); ++i) {
    if (i == buffer_.size() || (buffer_[i].parcel >> kBucketShift) != (buffer_[start].parcel >> kBucketShift)) {
      runs_.push_back(Run{buffer_[start].parcel >> kBucketShift, scans_ + start, i - start});
      start = i;
    }
  }
  scans_ += buffer_.size();
  buffer_.clear();
}

ScanLogWriter::ScanLogWriter(std::string path, io::TrackingHeader header, std::size_t lp_count,
                             int compression_level)
    : path_(std::move(path)), header_(std::move(header)), level_(compression_level), lps_(lp_count) {
  header_.set_format_version(kFormatVersion);
  const std::filesystem::path parent = std::filesystem::path(path_).parent_path();
  std::error_code error;
  if (!parent.empty()) std::filesystem::create_directories(parent, error);
  if (error) throw TrackingError(path_ + ": cannot create its directory: " + error.message());
  for (std::size_t i = 0; i < lps_.size(); ++i) {
    LpLog& log = lps_[i];
    log.name_ = path_ + ".spill." + std::to_string(::getpid()) + "." + std::to_string(i);
    log.log_ = path_;
    log.fd_ = ::open(log.name_.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (log.fd_ < 0) {
      const std::string reason = Errno();
      throw TrackingError(path_ + ": cannot write the tracking log here: " + reason);
    }
    // Unlinked at once: the file lives while it is open, and nothing is left behind.
    ::unlink(log.name_.c_str());
    log.buffer_.reserve(kSpillScans);
  }
}

ScanLogWriter::~ScanLogWriter() {
  for (LpLog& log : lps_) {
    if (log.fd_ >= 0) ::close(log.fd_);
  }
}

bool ScanLogWriter::Tracked(std::uint64_t parcel) const {
  const double sample = header_.sample();
  if (sample >= 1) return true;
  if (!(sample > 0)) return false;
  RngStream rng(header_.seed(), kTrackingStream);
  rng.Seek(parcel);
  return rng.Uniform01() < sample;
}

LogStats ScanLogWriter::Finish(int threads, const std::atomic<bool>* stop) {
  for (LpLog& log : lps_) log.Spill();

  // Every run of every bucket, in (bucket, LP, emission) order.
  struct RunRef {
    std::uint64_t bucket;
    std::size_t lp;
    std::size_t run;
  };
  std::vector<RunRef> refs;
  for (std::size_t lp = 0; lp < lps_.size(); ++lp) {
    for (std::size_t k = 0; k < lps_[lp].runs_.size(); ++k) refs.push_back({lps_[lp].runs_[k].bucket, lp, k});
  }
  std::sort(refs.begin(), refs.end(), [](const RunRef& a, const RunRef& b) {
    return std::tie(a.bucket, a.lp, a.run) < std::tie(b.bucket, b.lp, b.run);
  });

  LogStats stats;
  io::TrackingIndex index;
  try {
    // Both files complete and flushed under temporary names (io::AtomicFile) before either
    // takes its final name; an exception (a write error, an interruption) removes both.
    io::AtomicFile log_file(path_);
    io::AtomicFile index_file(IndexPath(path_));
    std::string header_record;
    AppendDelimited(header_, header_record);
    const std::string header_frame = Compress(header_record, level_);
    log_file.Write(header_frame);
    std::uint64_t offset = header_frame.size();
    index.set_header_frame_bytes(offset);

    struct Frame {
      std::string bytes;
      std::uint64_t first = 0, last = 0, scans = 0;
    };
    struct Piece {
      std::vector<Frame> frames;
      std::uint64_t parcels = 0, scans = 0, record_bytes = 0;
    };
    std::size_t next = 0;  // first ref of the next bucket
    tbb::task_arena arena(std::max(1, threads));
    arena.execute([&] {
      tbb::parallel_pipeline(
          static_cast<std::size_t>(2 * std::max(1, threads)),
          tbb::make_filter<void, std::pair<std::size_t, std::size_t>>(
              tbb::filter_mode::serial_in_order,
              [&](tbb::flow_control& fc) -> std::pair<std::size_t, std::size_t> {
                if (next == refs.size()) {
                  fc.stop();
                  return {};
                }
                if (stop != nullptr && stop->load(std::memory_order_relaxed)) {
                  throw Interrupted(path_ + ": interrupted while merging");
                }
                std::size_t end = next;
                while (end < refs.size() && refs[end].bucket == refs[next].bucket) ++end;
                return {std::exchange(next, end), end};
              }) &
              tbb::make_filter<std::pair<std::size_t, std::size_t>, Piece>(
                  tbb::filter_mode::parallel,
                  [&](std::pair<std::size_t, std::size_t> range) {
                    std::uint64_t total = 0;
                    for (std::size_t i = range.first; i < range.second; ++i) {
                      total += lps_[refs[i].lp].runs_[refs[i].run].count;
                    }
                    std::vector<RawScan> scans(total);
                    std::size_t pos = 0;
                    for (std::size_t i = range.first; i < range.second; ++i) {
                      const LpLog& log = lps_[refs[i].lp];
                      const LpLog::Run& run = log.runs_[refs[i].run];
                      if (!ReadAt(log.fd_, &scans[pos], run.count * sizeof(RawScan), run.offset * sizeof(RawScan),
                                  log.name_)) {
                        throw TrackingError(log.name_ + ": spill file is short");
                      }
                      pos += run.count;
                    }
                    std::stable_sort(scans.begin(), scans.end(), [](const RawScan& a, const RawScan& b) {
                      return a.parcel != b.parcel ? a.parcel < b.parcel : a.time < b.time;
                    });
                    Piece piece;
                    std::string raw;
                    raw.reserve(kFrameBytes + 4096);
                    Frame frame;
                    auto close_frame = [&] {
                      piece.record_bytes += raw.size();
                      frame.bytes = Compress(raw, level_);
                      piece.frames.push_back(std::move(frame));
                      frame = Frame{};
                      raw.clear();
                    };
                    for (std::size_t i = 0; i < scans.size(); ++i) {
                      const RawScan& s = scans[i];
                      const bool new_parcel = i == 0 || scans[i - 1].parcel != s.parcel;
                      if (new_parcel) {
                        if (raw.size() >= kFrameBytes) close_frame();
                        ++piece.parcels;
                        if (frame.scans == 0) frame.first = s.parcel;
                      }
                      AppendDelimited(ToScan(s), raw);
                      frame.last = s.parcel;
                      ++frame.scans;
                    }
                    if (frame.scans > 0) close_frame();
                    piece.scans = scans.size();
                    return piece;
                  }) &
              tbb::make_filter<Piece, void>(tbb::filter_mode::serial_in_order, [&](const Piece& piece) {
                for (const Frame& f : piece.frames) {
                  log_file.Write(f.bytes);
                  io::TrackingIndex::Frame& entry = *index.add_frame();
                  entry.set_first_parcel(f.first);
                  entry.set_last_parcel(f.last);
                  entry.set_offset(offset);
                  entry.set_bytes(f.bytes.size());
                  entry.set_scans(f.scans);
                  offset += f.bytes.size();
                }
                stats.parcels += piece.parcels;
                stats.scans += piece.scans;
                stats.record_bytes += piece.record_bytes;
                stats.frames += piece.frames.size();
              }));
    });
    log_file.Close();
    stats.log_bytes = offset;

    index.set_format_version(kFormatVersion);
    index.set_log_bytes(stats.log_bytes);
    index.set_parcels(stats.parcels);
    index.set_scans(stats.scans);
    index.set_record_bytes(stats.record_bytes);
    std::string index_bytes;
    if (!index.SerializeToString(&index_bytes)) throw TrackingError(path_ + ": cannot serialise the index");
    stats.index_bytes = index_bytes.size();
    index_file.Write(index_bytes);
    index_file.Close();
    // The log takes its name first: an index names the log's size, so a log left without its
    // index is still readable, and an old index is never taken for it.
    log_file.Commit();
    try {
      index_file.Commit();
    } catch (...) {
      ::unlink(path_.c_str());
      throw;
    }
  } catch (const io::OutputError& e) {
    throw TrackingError(e.what());
  }
  return stats;
}

// ---- reading ---------------------------------------------------------------------------

ScanLogReader::ScanLogReader(std::string path) : path_(std::move(path)) {
  fd_ = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ < 0) throw TrackingError(path_ + ": cannot read: " + Errno());
  // A constructor that throws runs no destructor: the log is closed here on every error
  // (each refused log used to leak its descriptor).
  try {
    Open();
  } catch (...) {
    ::close(fd_);
    fd_ = -1;
    throw;
  }
}

void ScanLogReader::Open() {
  struct stat st {};
  if (::fstat(fd_, &st) != 0) throw TrackingError(path_ + ": cannot read: " + Errno());
  if (!S_ISREG(st.st_mode)) throw TrackingError(path_ + ": not a regular file");
  const auto log_bytes = static_cast<std::uint64_t>(st.st_size);

  // The index, if there is one that belongs to this log.
  const std::string index_path = IndexPath(path_);
  const int index_fd = ::open(index_path.c_str(), O_RDONLY | O_CLOEXEC);
  if (index_fd >= 0) {
    struct stat ist {};
    std::string bytes;
    const bool ok = ::fstat(index_fd, &ist) == 0 && static_cast<std::uint64_t>(ist.st_size) <= kMaxIndexBytes;
    if (ok) {
      bytes.resize(static_cast<std::size_t>(ist.st_size));
      if (!ReadAt(index_fd, bytes.data(), bytes.size(), 0, index_path)) bytes.clear();
    }
    ::close(index_fd);
    if (!ok) throw TrackingError(index_path + ": too large for an index");
    if (!index_.ParseFromString(bytes)) throw TrackingError(index_path + ": not a tracking-log index");
    if (index_.format_version() != kFormatVersion) {
      throw TrackingError(index_path + ": index format " + std::to_string(index_.format_version()) +
                          ", this hubsim reads " + std::to_string(kFormatVersion));
    }
    if (index_.log_bytes() != log_bytes) {
      throw TrackingError(index_path + ": index of another log (it describes " + std::to_string(index_.log_bytes()) +
                          " bytes, " + path_ + " has " + std::to_string(log_bytes) + "); remove it to rebuild");
    }
    // Frames in order, inside the log, parcels ascending.
    std::uint64_t end = index_.header_frame_bytes();
    std::uint64_t last = 0;
    for (int i = 0; i < index_.frame_size(); ++i) {
      const io::TrackingIndex::Frame& f = index_.frame(i);
      if (f.offset() != end || f.bytes() > log_bytes - std::min(log_bytes, f.offset()) ||
          f.first_parcel() > f.last_parcel() || (i > 0 && f.first_parcel() <= last)) {
        throw TrackingError(index_path + ": damaged index (frame " + std::to_string(i) + ")");
      }
      end = f.offset() + f.bytes();
      last = f.last_parcel();
    }
    if (end != log_bytes) throw TrackingError(index_path + ": damaged index (frames do not cover the log)");
    index_from_file_ = true;
  } else if (errno != ENOENT) {
    throw TrackingError(index_path + ": cannot read: " + Errno());
  }

  // The header: the first frame.
  std::uint64_t header_bytes = index_from_file_ ? index_.header_frame_bytes() : 0;
  std::string first;
  if (!index_from_file_) {
    // Its size is found from the frame itself.
    std::string head(static_cast<std::size_t>(std::min<std::uint64_t>(log_bytes, kMaxHeaderFrame)), '\0');
    if (!ReadAt(fd_, head.data(), head.size(), 0, path_)) throw TrackingError(path_ + ": cannot read");
    const std::size_t n = ZSTD_findFrameCompressedSize(head.data(), head.size());
    if (ZSTD_isError(n)) throw TrackingError(path_ + ": not a tracking log (no zstd frame at its start)");
    header_bytes = n;
  }
  if (header_bytes == 0 || header_bytes > log_bytes || header_bytes > kMaxFrameContent) {
    throw TrackingError(path_ + ": not a tracking log");
  }
  first.resize(static_cast<std::size_t>(header_bytes));
  if (!ReadAt(fd_, first.data(), first.size(), 0, path_)) throw TrackingError(path_ + ": truncated");
  const std::string header_record = Decompress(first.data(), first.size(), path_ + ": header");
  google::protobuf::io::ArrayInputStream input(header_record.data(), static_cast<int>(header_record.size()));
  bool clean_eof = false;
  if (!google::protobuf::util::ParseDelimitedFromZeroCopyStream(&header_, &input, &clean_eof)) {
    throw TrackingError(path_ + ": not a tracking log (no header)");
  }
  if (header_.format_version() != kFormatVersion) {
    throw TrackingError(path_ + ": tracking-log format " + std::to_string(header_.format_version()) +
                        ", this hubsim reads " + std::to_string(kFormatVersion));
  }
  if (!index_from_file_) {
    index_.set_header_frame_bytes(header_bytes);
    BuildIndex(log_bytes);
  }
}

ScanLogReader::~ScanLogReader() {
  if (fd_ >= 0) ::close(fd_);
}

void ScanLogReader::BuildIndex(std::uint64_t log_bytes) {
  index_.set_format_version(kFormatVersion);
  index_.set_log_bytes(log_bytes);
  if (log_bytes == index_.header_frame_bytes()) return;
  void* map = ::mmap(nullptr, log_bytes, PROT_READ, MAP_PRIVATE, fd_, 0);
  if (map == MAP_FAILED) throw TrackingError(path_ + ": cannot read: " + Errno());
  const char* data = static_cast<const char*>(map);
  try {
    std::uint64_t offset = index_.header_frame_bytes();
    std::uint64_t last = 0;
    while (offset < log_bytes) {
      const std::size_t n = ZSTD_findFrameCompressedSize(data + offset, log_bytes - offset);
      if (ZSTD_isError(n)) throw TrackingError(path_ + ": damaged at byte " + std::to_string(offset));
      const std::string what = path_ + ": frame at byte " + std::to_string(offset);
      const std::vector<io::Scan> scans = ParseScans(Decompress(data + offset, n, what), what);
      if (scans.empty() || (index_.frame_size() > 0 && scans.front().parcel() <= last)) {
        throw TrackingError(what + ": parcels out of order");
      }
      io::TrackingIndex::Frame& f = *index_.add_frame();
      f.set_first_parcel(scans.front().parcel());
      f.set_last_parcel(scans.back().parcel());
      f.set_offset(offset);
      f.set_bytes(n);
      f.set_scans(scans.size());
      for (std::size_t i = 0; i < scans.size(); ++i) {
        if (i == 0 || scans[i].parcel() != scans[i - 1].parcel()) index_.set_parcels(index_.parcels() + 1);
      }
      index_.set_scans(index_.scans() + scans.size());
      last = scans.back().parcel();
      offset += n;
    }
  } catch (...) {
    ::munmap(map, log_bytes);
    throw;
  }
  ::munmap(map, log_bytes);
}

std::vector<io::Scan> ScanLogReader::ReadFrame(const io::TrackingIndex::Frame& frame) const {
  const std::string what = path_ + ": frame at byte " + std::to_string(frame.offset());
  if (frame.bytes() > kMaxFrameContent) throw TrackingError(what + ": too large");
  std::string bytes(static_cast<std::size_t>(frame.bytes()), '\0');
  if (!ReadAt(fd_, bytes.data(), bytes.size(), frame.offset(), path_)) throw TrackingError(what + ": truncated");
  return ParseScans(Decompress(bytes.data(), bytes.size(), what), what);
}

std::vector<io::Scan> ScanLogReader::Find(std::uint64_t parcel) const {
  const auto& frames = index_.frame();
  // The last frame that starts at or before the parcel.
  const auto it = std::upper_bound(frames.begin(), frames.end(), parcel,
                                   [](std::uint64_t p, const io::TrackingIndex::Frame& f) { return p < f.first_parcel(); });
  if (it == frames.begin()) return {};
  const io::TrackingIndex::Frame& frame = *std::prev(it);
  if (parcel > frame.last_parcel()) return {};
  std::vector<io::Scan> scans = ReadFrame(frame);
  std::erase_if(scans, [&](const io::Scan& s) { return s.parcel() != parcel; });
  return scans;
}

void ScanLogReader::ForEach(const std::function<void(const io::Scan&)>& f) const {
  for (const io::TrackingIndex::Frame& frame : index_.frame()) {
    for (const io::Scan& s : ReadFrame(frame)) f(s);
  }
}

std::vector<std::uint64_t> ScanLogReader::FirstParcels(std::size_t n) const {
  std::vector<std::uint64_t> out;
  for (const io::TrackingIndex::Frame& frame : index_.frame()) {
    for (const io::Scan& s : ReadFrame(frame)) {
      if (out.empty() || out.back() != s.parcel()) out.push_back(s.parcel());
      if (out.size() == n) return out;
    }
  }
  return out;
}

}  // namespace hubsim::tracking

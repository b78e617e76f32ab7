#include "engine/tracking/digest.h"

#include <algorithm>
#include <set>
#include <vector>

#include "engine/tracking/timeline.h"

namespace hubsim::tracking {
namespace {

// Up to `n` of `ids`, evenly spaced (the first included).
void TakeSpread(const std::vector<std::uint64_t>& ids, std::size_t n, std::set<std::uint64_t>& out) {
  if (ids.empty() || n == 0) return;
  const std::size_t take = std::min(n, ids.size());
  for (std::size_t i = 0; i < take; ++i) out.insert(ids[i * ids.size() / take]);
}

}  // namespace

io::TrackingDigest MakeDigest(const ScanLogReader& log, const std::string& log_name, std::size_t max_parcels) {
  io::TrackingDigest digest;
  digest.set_log(log_name);
  digest.set_parcels(log.index().parcels());
  digest.set_scans(log.index().scans());
  digest.set_sample(log.header().sample());

  std::vector<std::uint64_t> all, late;
  log.ForEach([&](const io::Scan& s) {
    if (all.empty() || all.back() != s.parcel()) all.push_back(s.parcel());
    const bool missed = (s.has_promise_kept() && !s.promise_kept()) || (s.has_next_day_kept() && !s.next_day_kept());
    if (missed && (late.empty() || late.back() != s.parcel())) late.push_back(s.parcel());
  });
  digest.set_late_parcels(late.size());

  std::set<std::uint64_t> chosen, spread;
  TakeSpread(late, max_parcels / 2, chosen);
  // The rest spread over all parcels (one that is also a late pick counts once).
  TakeSpread(all, max_parcels - chosen.size(), spread);
  chosen.insert(spread.begin(), spread.end());
  for (std::uint64_t parcel : chosen) {
    *digest.add_timeline() = MakeTimeline(log.header(), parcel, log.Find(parcel));
  }
  return digest;
}

}  // namespace hubsim::tracking

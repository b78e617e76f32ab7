// A parcel's scans told the way a customer reads them: what happened, when and where, the
// status now, and each promise kept, missed or still open (`hubsim track`).
//
// The promise clocks follow the model's rules (DESIGN.md, KPI definitions): the pickup
// clock starts at the order, or at the next shift start when no courier works; the delivery
// clock at the scan in at the delivery outlet, with the same shift rule; the next-day
// promise ends at the end of day D + next_day_days + the outlet's extra days, D the day of
// the pickup. A promise is "open" when it was not yet due at the end of the run.
#ifndef HUBSIM_ENGINE_TRACKING_TIMELINE_H_
#define HUBSIM_ENGINE_TRACKING_TIMELINE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "engine/io/tracking.pb.h"

namespace hubsim::tracking {

// REQUIRES: `scans` are one parcel's, in the log's order (ScanLogReader::Find). Indices out
// of the header's range (a damaged log) are shown as "#N", never trusted.
io::Timeline MakeTimeline(const io::TrackingHeader& header, std::uint64_t parcel,
                          const std::vector<io::Scan>& scans);

// "day D HH:MM:SS" for a simulation time in microseconds.
std::string FormatTime(std::int64_t time_us);

// The timeline as text for a terminal, and as JSON (protobuf's mapping, field names as in
// tracking.proto).
std::string TimelineText(const io::Timeline& timeline);
std::string TimelineJson(const io::Timeline& timeline);

}  // namespace hubsim::tracking

#endif  // HUBSIM_ENGINE_TRACKING_TIMELINE_H_

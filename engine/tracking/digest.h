// The bounded choice of parcels a report embeds for its lookup box (io::TrackingDigest).
#ifndef HUBSIM_ENGINE_TRACKING_DIGEST_H_
#define HUBSIM_ENGINE_TRACKING_DIGEST_H_

#include <cstddef>
#include <string>

#include "engine/io/tracking.pb.h"
#include "engine/tracking/scan_log.h"

namespace hubsim::tracking {

// Reads the whole log once (about 2 s for a 5-million-parcel day) and returns up to
// `max_parcels` timelines: up to half of them parcels with a missed promise (a PICKED_UP
// or DELIVERED scan that says so), evenly spaced over those, the rest evenly spaced over
// all parcels. The same log gives the same digest. Throws TrackingError.
io::TrackingDigest MakeDigest(const ScanLogReader& log, const std::string& log_name, std::size_t max_parcels);

}  // namespace hubsim::tracking

#endif  // HUBSIM_ENGINE_TRACKING_DIGEST_H_

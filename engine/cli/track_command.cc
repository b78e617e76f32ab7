#include "engine/cli/track_command.h"

#include <CLI/CLI.hpp>

#include <charconv>
#include <cstdint>
#include <cstdio>
#include <ostream>
#include <vector>

#include "engine/tracking/scan_log.h"
#include "engine/tracking/timeline.h"

namespace hubsim::cli {

CLI::App* AddTrackCommand(CLI::App& app, TrackArgs& args) {
  CLI::App* track = app.add_subcommand(
      "track", "show a parcel's timeline from a tracking log (hubsim run --tracking FILE)");
  track->add_option("FILE", args.log, "the tracking log")->required();
  track->add_option("PARCEL", args.parcel, "the tracking number (without it: what the log holds)");
  track->add_flag("--json", args.json, "print JSON for tools instead of text");
  return track;
}

int Track(const TrackArgs& args, std::ostream& out, std::ostream& err) {
  std::uint64_t parcel = 0;
  if (!args.parcel.empty()) {
    const char* end = args.parcel.data() + args.parcel.size();
    const auto [ptr, ec] = std::from_chars(args.parcel.data(), end, parcel);
    if (ec != std::errc() || ptr != end) {
      err << "hubsim track: '" << args.parcel << "' is not a tracking number (digits only)\n";
      return 2;
    }
  }
  try {
    const tracking::ScanLogReader log(args.log);
    const io::TrackingHeader& h = log.header();
    const io::TrackingIndex& index = log.index();
    if (args.parcel.empty()) {
      const std::vector<std::uint64_t> examples = log.FirstParcels(5);
      char line[160];
      std::snprintf(line, sizeof line, "%llu parcels, %llu scans, %.1f bytes per scan (%.1f uncompressed)",
                    static_cast<unsigned long long>(index.parcels()), static_cast<unsigned long long>(index.scans()),
                    index.scans() ? static_cast<double>(index.log_bytes()) / static_cast<double>(index.scans()) : 0.0,
                    index.scans() ? static_cast<double>(index.record_bytes()) / static_cast<double>(index.scans()) : 0.0);
      out << args.log << ": tracking log of " << (h.scenario().empty() ? "(unnamed scenario)" : h.scenario())
          << ", seed " << h.seed() << ", " << h.days() << " day(s), sample " << h.sample() << "\n  " << line
          << (log.index_from_file() ? "" : " (no index file: read the whole log)") << "\n  e.g.";
      for (std::uint64_t p : examples) out << " " << p;
      out << "\n  hubsim track " << args.log << " PARCEL [--json]\n";
      return 0;
    }
    const std::vector<io::Scan> scans = log.Find(parcel);
    if (scans.empty()) {
      err << "hubsim track: parcel " << parcel << " is not in " << args.log << " (" << index.parcels()
          << " parcels";
      if (h.sample() < 1) err << ", a sample of " << 100 * h.sample() << " %";
      err << ")\n";
      return 2;
    }
    const io::Timeline timeline = tracking::MakeTimeline(h, parcel, scans);
    out << (args.json ? tracking::TimelineJson(timeline) : tracking::TimelineText(timeline));
    if (args.json) out << "\n";
    return 0;
  } catch (const tracking::TrackingError& e) {
    err << "hubsim track: " << e.what() << "\n";
    return 2;
  }
}

}  // namespace hubsim::cli

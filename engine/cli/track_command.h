// `hubsim track FILE [PARCEL]`: where a parcel is, from a tracking log written by
// `hubsim run --tracking FILE` (engine/tracking/scan_log.h).
#ifndef HUBSIM_ENGINE_CLI_TRACK_COMMAND_H_
#define HUBSIM_ENGINE_CLI_TRACK_COMMAND_H_

#include <iosfwd>
#include <string>

namespace CLI {
class App;
}  // namespace CLI

namespace hubsim::cli {

struct TrackArgs {
  std::string log;     // the tracking log
  std::string parcel;  // a tracking number; empty: a summary of the log
  bool json = false;
};

// Adds the `track` subcommand to `app`; `args` must outlive the parse.
CLI::App* AddTrackCommand(CLI::App& app, TrackArgs& args);

// Prints the parcel's timeline (or, without a parcel, what the log holds and a few
// tracking numbers). Returns the exit code: 0 done; 2 bad input: the log cannot be read or
// is damaged, the number is not a number, or the parcel is not in the log.
int Track(const TrackArgs& args, std::ostream& out, std::ostream& err);

}  // namespace hubsim::cli

#endif  // HUBSIM_ENGINE_CLI_TRACK_COMMAND_H_

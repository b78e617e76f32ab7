// The manager's report: one self-contained HTML file (viz/) that shows a run's results:
// the promises against their targets, the day hour by hour, the network on a map and the
// customers. The results are embedded as JSON (protobuf's JSON mapping of io::Results),
// Chart.js, the script and the styles are inlined; the page makes no network request.
//
// Thread safety: every function is safe to call from several threads at once.
#ifndef HUBSIM_ENGINE_REPORT_REPORT_H_
#define HUBSIM_ENGINE_REPORT_REPORT_H_

#include <stdexcept>
#include <string>

#include "engine/io/results.pb.h"
#include "engine/io/study.pb.h"
#include "engine/io/tracking.pb.h"

namespace hubsim::report {

// The targets the promise tiles are held against, as shares in [0, 1]; embedded in the
// page with the data.
struct ReportOptions {
  double target_pickup = 0.95;    // pickup within the promise (1 h by default)
  double target_delivery = 0.95;  // delivery within the promise (2 h by default)
  double target_next_day = 0.95;  // collected today, delivered tomorrow
  double target_calls = 0.80;     // calls answered within the service-level time (13 s)
};

// A results file that cannot be read or is not a results file; the message names the file.
class InputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Empty when every target is in [0, 1]; otherwise what is wrong, naming the option.
std::string CheckOptions(const ReportOptions& options);

// Reads results written by `hubsim run`: results.pb (binary) or results.json (the JSON
// mapping), told apart by the extension (".pb", ".json") or else by the content. Throws
// InputError naming `path` when it cannot be read, does not parse, or records no days.
io::Results LoadResults(const std::string& path);

// What a report may show besides one run's results. Each must outlive the call it is
// given to; null: the page has no such section.
struct ReportExtras {
  // A digest of the run's tracking log: the parcel lookup.
  const io::TrackingDigest* tracking = nullptr;
  // Two studies compared on common random numbers (`hubsim compare`): the results are
  // then the base's (its first replication, with its study).
  const io::Comparison* comparison = nullptr;
};

// The JSON embedded in the page: {"options":{"targets":{...}},"results":{...}} and, with
// the extras, "tracking":{...} and "comparison":{...}. Each is the compact JSON mapping of
// its message (field names as in the .proto files, every field of the results printed),
// and every '<' is written as \u003c, so no text can close the script element.
std::string ReportData(const io::Results& results, const ReportOptions& options,
                       const ReportExtras& extras = {});

// The whole page. REQUIRES: CheckOptions(options) is empty.
std::string RenderReport(const io::Results& results, const ReportOptions& options,
                         const ReportExtras& extras = {});

// Writes the page to `path` atomically (a temporary name beside it, then a rename).
// Throws io::OutputError naming the path on failure.
void WriteReport(const std::string& path, const io::Results& results, const ReportOptions& options,
                 const ReportExtras& extras = {});

}  // namespace hubsim::report

#endif  // HUBSIM_ENGINE_REPORT_REPORT_H_

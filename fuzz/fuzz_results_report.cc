// Fuzz target: bytes as a results file given to `hubsim report`, read as the CLI reads it
// (report::LoadResults) and rendered as the report page in memory (report::RenderReport).
//
// Input: a mode byte choosing the file's name (results.pb, results.json, or a name without
// either extension, which LoadResults tells apart by the content), then the file.
//
// Fine: a report, or an InputError whose message starts with the file's path. A finding:
// anything else that goes wrong (a crash, a sanitizer report, a hang, another exception).
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>

#include "engine/report/report.h"
#include "fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  static const char* const kNames[] = {"results.pb", "results.json", "results"};
  const std::filesystem::path file = hubsim::fuzz::ScratchDir() / kNames[data[0] % 3];
  hubsim::fuzz::WriteBytes(file, data + 1, size - 1);
  const std::string path = file.string();
  hubsim::io::Results results;
  try {
    results = hubsim::report::LoadResults(path);
  } catch (const hubsim::report::InputError& e) {
    hubsim::fuzz::ExpectPrefix(e.what(), path + ":", "results message");
    return 0;
  }
  const hubsim::report::ReportOptions options;
  const std::string page = hubsim::report::RenderReport(results, options);
  if (page.empty()) hubsim::fuzz::Finding("an empty report page");
  return 0;
}

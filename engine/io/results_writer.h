// Writing results: DIR/results.pb (binary) and DIR/results.json (protobuf's JSON mapping
// of the same message), and likewise DIR/compare.pb and DIR/compare.json. Both files are
// written under temporary names and renamed when both are complete, so a reader never
// sees half a file under a final name.
#ifndef HUBSIM_ENGINE_IO_RESULTS_WRITER_H_
#define HUBSIM_ENGINE_IO_RESULTS_WRITER_H_

#include <stdexcept>
#include <string>

#include "engine/io/results.pb.h"
#include "engine/io/study.pb.h"

namespace hubsim::io {

class OutputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Creates `dir` if needed. Throws OutputError naming the path on any failure.
void WriteResults(const std::string& dir, const Results& results);
// `hubsim compare`'s files, as WriteResults.
void WriteComparison(const std::string& dir, const Comparison& comparison);

// The JSON form (field names as in the .proto, every field printed).
std::string ResultsToJson(const Results& results);
std::string MessageToJson(const google::protobuf::Message& message);

// Writes `bytes` to `path` through a temporary name beside it (unique to the process)
// and a rename.
void WriteFileAtomically(const std::string& path, const std::string& bytes);

}  // namespace hubsim::io

#endif  // HUBSIM_ENGINE_IO_RESULTS_WRITER_H_

// Writing results: DIR/results.pb (binary) and DIR/results.json (protobuf's JSON mapping
// of the same message), and likewise DIR/compare.pb and DIR/compare.json. Both files are
// written in full and flushed under temporary names and renamed only when both are
// complete (atomic_file.h), so a reader never sees half a file under a final name.
#ifndef HUBSIM_ENGINE_IO_RESULTS_WRITER_H_
#define HUBSIM_ENGINE_IO_RESULTS_WRITER_H_

#include <string>

#include "engine/io/atomic_file.h"
#include "engine/io/results.pb.h"
#include "engine/io/study.pb.h"

namespace hubsim::io {

// Creates `dir` if needed. Throws OutputError naming the path on any failure.
void WriteResults(const std::string& dir, const Results& results);
// `hubsim compare`'s files, as WriteResults.
void WriteComparison(const std::string& dir, const Comparison& comparison);
// The same files added to `files`, to be committed with others (a report).
void AddResults(FileSet& files, const std::string& dir, const Results& results);
void AddComparison(FileSet& files, const std::string& dir, const Comparison& comparison);

// Creates `dir` if needed and checks that `dir`/`name` can be written there (by making and
// removing its temporary), so a study that could not keep its results fails before it
// runs rather than after. Throws OutputError naming the path and the reason.
void CheckOutputDirectory(const std::string& dir, const std::string& name);

// The JSON form (field names as in the .proto, every field printed).
std::string ResultsToJson(const Results& results);
std::string MessageToJson(const google::protobuf::Message& message);

}  // namespace hubsim::io

#endif  // HUBSIM_ENGINE_IO_RESULTS_WRITER_H_

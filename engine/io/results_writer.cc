#include "engine/io/results_writer.h"

#include <google/protobuf/util/json_util.h>

#include <filesystem>
#include <system_error>

namespace hubsim::io {

std::string MessageToJson(const google::protobuf::Message& message) {
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  options.always_print_primitive_fields = true;
  options.preserve_proto_field_names = true;
  std::string json;
  const auto status = google::protobuf::util::MessageToJsonString(message, &json, options);
  if (!status.ok()) {
    throw OutputError("cannot convert " + message.GetDescriptor()->name() + " to JSON: " + status.ToString());
  }
  return json;
}

std::string ResultsToJson(const Results& results) { return MessageToJson(results); }

namespace {

// DIR/STEM.pb and DIR/STEM.json, into `files`.
void AddBinaryAndJson(FileSet& files, const std::string& dir, const std::string& stem,
                      const google::protobuf::Message& message) {
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) throw OutputError(dir + ": cannot create directory: " + error.message());
  std::string binary;
  if (!message.SerializeToString(&binary)) throw OutputError("cannot serialise " + stem);
  files.Add(dir + "/" + stem + ".pb", binary);
  files.Add(dir + "/" + stem + ".json", MessageToJson(message));
}

}  // namespace

void AddResults(FileSet& files, const std::string& dir, const Results& results) {
  AddBinaryAndJson(files, dir, "results", results);
}

void AddComparison(FileSet& files, const std::string& dir, const Comparison& comparison) {
  AddBinaryAndJson(files, dir, "compare", comparison);
}

void CheckOutputDirectory(const std::string& dir, const std::string& name) {
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) throw OutputError(dir + ": cannot create directory: " + error.message());
  AtomicFile probe(dir + "/" + name);  // removed, never committed
}

void WriteResults(const std::string& dir, const Results& results) {
  FileSet files;
  AddResults(files, dir, results);
  files.Commit();
}

void WriteComparison(const std::string& dir, const Comparison& comparison) {
  FileSet files;
  AddComparison(files, dir, comparison);
  files.Commit();
}

}  // namespace hubsim::io

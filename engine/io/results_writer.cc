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

// DIR/STEM.pb and DIR/STEM.json.
void WriteBinaryAndJson(const std::string& dir, const std::string& stem,
                        const google::protobuf::Message& message) {
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) throw OutputError(dir + ": cannot create directory: " + error.message());
  std::string binary;
  if (!message.SerializeToString(&binary)) throw OutputError("cannot serialise " + stem);
  const std::string json = MessageToJson(message);
  // Both files are complete and flushed under temporary names before either takes its
  // final name, so a failed write leaves the directory as it was.
  AtomicFile pb(dir + "/" + stem + ".pb");
  AtomicFile js(dir + "/" + stem + ".json");
  pb.Write(binary);
  js.Write(json);
  pb.Close();
  js.Close();
  pb.Commit();
  js.Commit();
}

}  // namespace

void WriteResults(const std::string& dir, const Results& results) {
  WriteBinaryAndJson(dir, "results", results);
}

void WriteComparison(const std::string& dir, const Comparison& comparison) {
  WriteBinaryAndJson(dir, "compare", comparison);
}

}  // namespace hubsim::io

#include "engine/io/results_writer.h"

#include <google/protobuf/util/json_util.h>

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>

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

// Writes `bytes` to `temporary`; throws OutputError naming it (and removes it) on failure.
void WriteTemporary(const std::string& temporary, const std::string& bytes) {
  std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
  if (!out) throw OutputError(temporary + ": cannot write: " + std::strerror(errno));
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.flush();
  if (!out) {
    const std::string reason = std::strerror(errno);
    out.close();
    std::remove(temporary.c_str());
    throw OutputError(temporary + ": write failed: " + reason);
  }
}

// A temporary name beside `path`, unique to this process.
std::string TemporaryFor(const std::string& path) {
  return path + ".tmp." + std::to_string(::getpid());
}

}  // namespace

void WriteFileAtomically(const std::string& path, const std::string& bytes) {
  const std::string temporary = TemporaryFor(path);
  WriteTemporary(temporary, bytes);
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    const std::string reason = std::strerror(errno);
    std::remove(temporary.c_str());
    throw OutputError(path + ": cannot rename into place: " + reason);
  }
}

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
  // Both files are complete under temporary names before either takes its final name, so
  // a failed write leaves the directory as it was.
  const std::string pb = dir + "/" + stem + ".pb";
  const std::string js = dir + "/" + stem + ".json";
  WriteTemporary(TemporaryFor(pb), binary);
  try {
    WriteTemporary(TemporaryFor(js), json);
  } catch (...) {
    std::remove(TemporaryFor(pb).c_str());
    throw;
  }
  for (const std::string& path : {pb, js}) {
    if (std::rename(TemporaryFor(path).c_str(), path.c_str()) != 0) {
      const std::string reason = std::strerror(errno);
      std::remove(TemporaryFor(pb).c_str());
      std::remove(TemporaryFor(js).c_str());
      throw OutputError(path + ": cannot rename into place: " + reason);
    }
  }
}

}  // namespace

void WriteResults(const std::string& dir, const Results& results) {
  WriteBinaryAndJson(dir, "results", results);
}

void WriteComparison(const std::string& dir, const Comparison& comparison) {
  WriteBinaryAndJson(dir, "compare", comparison);
}

}  // namespace hubsim::io

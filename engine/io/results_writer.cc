#include "engine/io/results_writer.h"

#include <google/protobuf/util/json_util.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>

namespace hubsim::io {

std::string ResultsToJson(const Results& results) {
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  options.always_print_primitive_fields = true;
  options.preserve_proto_field_names = true;
  std::string json;
  const auto status = google::protobuf::util::MessageToJsonString(results, &json, options);
  if (!status.ok()) throw OutputError("cannot convert results to JSON: " + status.ToString());
  return json;
}

void WriteFileAtomically(const std::string& path, const std::string& bytes) {
  const std::string temporary = path + ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    if (!out) throw OutputError(temporary + ": cannot write: " + std::strerror(errno));
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.flush();
    if (!out) {
      const std::string reason = std::strerror(errno);
      std::remove(temporary.c_str());
      throw OutputError(temporary + ": write failed: " + reason);
    }
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    const std::string reason = std::strerror(errno);
    std::remove(temporary.c_str());
    throw OutputError(path + ": cannot rename into place: " + reason);
  }
}

void WriteResults(const std::string& dir, const Results& results) {
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) throw OutputError(dir + ": cannot create directory: " + error.message());
  std::string binary;
  if (!results.SerializeToString(&binary)) throw OutputError("cannot serialise results");
  const std::string json = ResultsToJson(results);
  WriteFileAtomically(dir + "/results.pb", binary);
  WriteFileAtomically(dir + "/results.json", json);
}

}  // namespace hubsim::io

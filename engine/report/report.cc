#include "engine/report/report.h"

#include <google/protobuf/util/json_util.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string_view>
#include <utility>

#include "engine/io/results_writer.h"
#include "engine/report/report_page.h"

namespace hubsim::report {
namespace {

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// Shortest text that reads back as the same double (targets are typed by people: 0.95).
std::string Number(double value) {
  char buffer[32];
  for (int digits = 1; digits <= 17; ++digits) {
    std::snprintf(buffer, sizeof buffer, "%.*g", digits, value);
    if (std::strtod(buffer, nullptr) == value) break;
  }
  return buffer;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path + ": cannot read: " + std::strerror(errno));
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (in.bad()) throw InputError(path + ": cannot read: " + std::strerror(errno));
  return std::move(bytes).str();
}

// Does `bytes` look like JSON (its first non-blank character an opening brace)?
bool LooksLikeJson(const std::string& bytes) {
  const std::size_t first = bytes.find_first_not_of(" \t\r\n");
  return first != std::string::npos && bytes[first] == '{';
}

}  // namespace

std::string CheckOptions(const ReportOptions& options) {
  const struct {
    const char* flag;
    double value;
  } targets[] = {{"--target-pickup", options.target_pickup},
                 {"--target-delivery", options.target_delivery},
                 {"--target-next-day", options.target_next_day},
                 {"--target-calls", options.target_calls}};
  for (const auto& t : targets) {
    if (!(t.value >= 0.0 && t.value <= 1.0)) {
      return std::string(t.flag) + " must be a share between 0 and 1 (0.95 is 95 %), got " +
             Number(t.value);
    }
  }
  return {};
}

io::Results LoadResults(const std::string& path) {
  const std::string bytes = ReadFile(path);
  if (bytes.empty()) throw InputError(path + ": empty file, not a hubsim results file");
  io::Results results;
  const bool json = EndsWith(path, ".json") || (!EndsWith(path, ".pb") && LooksLikeJson(bytes));
  if (json) {
    const auto status = google::protobuf::util::JsonStringToMessage(bytes, &results);
    if (!status.ok()) {
      throw InputError(path + ": not a valid results.json: " + std::string(status.message()));
    }
  } else if (!results.ParseFromString(bytes)) {
    throw InputError(path + ": not a valid results.pb (binary protobuf hubsim.io.Results)");
  }
  // Every run records its days (at least 1); a file that parses but has none is something
  // else (a stray protobuf, a JSON object of another tool).
  if (results.days() < 1) {
    throw InputError(path + ": not a hubsim results file (it records no 'days')");
  }
  return results;
}

namespace {

// Appends the compact JSON mapping of `message` to `out`, every '<' as \u003c ('<' occurs
// in JSON only inside strings, where \u003c means the same character).
void AppendJson(const google::protobuf::Message& message, bool all_fields, std::string& out) {
  google::protobuf::util::JsonPrintOptions print;
  print.add_whitespace = false;
  print.always_print_primitive_fields = all_fields;
  print.preserve_proto_field_names = true;
  std::string json;
  const auto status = google::protobuf::util::MessageToJsonString(message, &json, print);
  if (!status.ok()) {
    throw io::OutputError("cannot convert " + message.GetTypeName() + " to JSON: " + std::string(status.message()));
  }
  out.reserve(out.size() + json.size() + 64);
  for (const char c : json) {
    if (c == '<') {
      out += "\\u003c";
    } else {
      out += c;
    }
  }
}

}  // namespace

std::string ReportData(const io::Results& results, const ReportOptions& options,
                       const ReportExtras& extras) {
  std::string data = "{\"options\":{\"targets\":{\"pickup\":" + Number(options.target_pickup) +
                     ",\"delivery\":" + Number(options.target_delivery) +
                     ",\"next_day\":" + Number(options.target_next_day) +
                     ",\"calls\":" + Number(options.target_calls) + "}},\"results\":";
  AppendJson(results, true, data);
  if (extras.tracking) {
    data += ",\"tracking\":";
    AppendJson(*extras.tracking, false, data);
  }
  if (extras.comparison) {
    data += ",\"comparison\":";
    AppendJson(*extras.comparison, false, data);
  }
  data += '}';
  return data;
}

std::string RenderReport(const io::Results& results, const ReportOptions& options,
                         const ReportExtras& extras) {
  const std::string_view page = internal::ReportPage();
  const std::size_t at = page.find(internal::kDataMarker);
  const std::string data = ReportData(results, options, extras);
  std::string html;
  html.reserve(page.size() + data.size());
  html.append(page.substr(0, at));
  html.append(data);
  html.append(page.substr(at + internal::kDataMarker.size()));
  return html;
}

void WriteReport(const std::string& path, const io::Results& results,
                 const ReportOptions& options, const ReportExtras& extras) {
  io::WriteFileAtomically(path, RenderReport(results, options, extras));
}

}  // namespace hubsim::report

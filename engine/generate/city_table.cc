#include "engine/generate/city_table.h"

#include "engine/io/read_file.h"

#include <array>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <memory>
#include <unordered_map>
#include <utility>

#include "engine/generate/built_in_cities.h"

namespace hubsim::generate {
namespace {

constexpr std::array<std::string_view, 7> kColumns = {"geonames_id", "name", "country", "admin1",
                                                      "population",  "lat",  "lon"};
enum Column { kId, kName, kCountry, kAdmin1, kPopulation, kLat, kLon };
constexpr std::int64_t kMaxPopulation = 10'000'000'000;
constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

std::string JoinLines(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& line : lines) {
    if (!out.empty()) out += '\n';
    out += line;
  }
  return out;
}

// `s` cut to a readable length for a message.
std::string Shown(std::string_view s) {
  constexpr std::size_t kMaxShown = 40;
  std::string out(1, '\'');
  out += s.substr(0, kMaxShown);
  if (s.size() > kMaxShown) out += "...";
  return out += '\'';
}

// One field of a CSV line: its text (quotes removed) and 1-based character column.
struct Field {
  std::string text;
  int column;
};

// Collects "NAME:LINE[:COLUMN]: message", up to kMaxCityErrors.
class Errors {
 public:
  explicit Errors(const std::string& name) : name_(name) {}

  void Add(int line, int column, const std::string& message) {
    // Appended piece by piece: GCC 12 warns (-Wrestrict, a false positive) on
    // "literal" + std::string&&.
    std::string at = name_;
    for (int n : {line, column}) {
      if (n <= 0) continue;
      at += ':';
      at += std::to_string(n);
    }
    Push(at + ": " + message);
  }
  void Add(const std::string& message) { Push(name_ + ": " + message); }
  bool empty() const { return messages_.empty(); }
  std::vector<std::string> Take() {
    if (truncated_) {
      messages_.push_back(name_ + ": too many errors; stopped after the first " +
                          std::to_string(kMaxCityErrors));
    }
    return std::move(messages_);
  }

 private:
  void Push(std::string message) {
    if (static_cast<int>(messages_.size()) >= kMaxCityErrors) {
      truncated_ = true;
      return;
    }
    messages_.push_back(std::move(message));
  }

  const std::string& name_;
  std::vector<std::string> messages_;
  bool truncated_ = false;
};

// Splits one line (without its line end) into fields, RFC 4180 quoting. nullopt (and an
// error) for an unterminated quote or text after a closing quote.
std::optional<std::vector<Field>> SplitLine(std::string_view line, int line_number,
                                            Errors& errors) {
  std::vector<Field> fields;
  std::size_t i = 0;
  while (true) {
    Field field{"", static_cast<int>(i) + 1};
    if (i < line.size() && line[i] == '"') {
      ++i;
      while (true) {
        if (i >= line.size()) {
          errors.Add(line_number, field.column, "a quoted field is not closed");
          return std::nullopt;
        }
        if (line[i] == '"') {
          if (i + 1 < line.size() && line[i + 1] == '"') {
            field.text += '"';
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        field.text += line[i++];
      }
      if (i < line.size() && line[i] != ',') {
        errors.Add(line_number, static_cast<int>(i) + 1, "text after a closing quote");
        return std::nullopt;
      }
    } else {
      const std::size_t end = std::min(line.find(',', i), line.size());
      field.text = std::string(line.substr(i, end - i));
      i = end;
    }
    fields.push_back(std::move(field));
    if (i >= line.size()) return fields;
    ++i;  // the comma
  }
}

template <typename T>
std::optional<T> ParseNumber(const std::string& text) {
  T value{};
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc() || ptr != end || text.empty()) return std::nullopt;
  return value;
}

// Maps column names to field positions; reports missing columns on line 1.
std::optional<std::array<std::size_t, kColumns.size()>> ParseHeader(
    const std::vector<Field>& header, int line, Errors& errors) {
  std::array<std::size_t, kColumns.size()> position;
  bool ok = true;
  for (std::size_t c = 0; c < kColumns.size(); ++c) {
    position[c] = header.size();
    for (std::size_t f = 0; f < header.size(); ++f) {
      if (header[f].text == kColumns[c]) position[c] = f;
    }
    if (position[c] == header.size()) {
      errors.Add(line, 0,
                 "the header has no column '" + std::string(kColumns[c]) +
                     "' (it must name geonames_id,name,country,admin1,population,lat,lon)");
      ok = false;
    }
  }
  if (!ok) return std::nullopt;
  return position;
}

// Parses the fields of one data row into `city`; false (and errors) when a field is bad.
bool ParseRow(const std::vector<Field>& fields, const std::array<std::size_t, 7>& position,
              int line, City& city, Errors& errors) {
  bool ok = true;
  auto bad = [&](Column c, const std::string& expected) {
    const Field& f = fields[position[c]];
    errors.Add(line, f.column,
               std::string(kColumns[c]) + ": expected " + expected + ", got " + Shown(f.text));
    ok = false;
  };
  auto text = [&](Column c) -> const std::string& { return fields[position[c]].text; };
  const auto id = ParseNumber<std::uint64_t>(text(kId));
  if (id && *id >= 1)
    city.geonames_id = *id;
  else
    bad(kId, "a whole number >= 1");
  city.name = text(kName);
  if (city.name.empty()) bad(kName, "a name");
  city.country = text(kCountry);
  city.admin1 = text(kAdmin1);
  const auto population = ParseNumber<std::int64_t>(text(kPopulation));
  if (population && *population >= 0 && *population <= kMaxPopulation) {
    city.population = *population;
  } else {
    bad(kPopulation, "a whole number in 0..10000000000");
  }
  const auto lat = ParseNumber<double>(text(kLat));
  if (lat && *lat >= -90 && *lat <= 90)
    city.lat = *lat;
  else
    bad(kLat, "degrees in [-90, 90]");
  const auto lon = ParseNumber<double>(text(kLon));
  if (lon && *lon >= -180 && *lon <= 180)
    city.lon = *lon;
  else
    bad(kLon, "degrees in [-180, 180]");
  city.line = line;
  return ok;
}

}  // namespace

CityTableError::CityTableError(std::vector<std::string> messages)
    : std::runtime_error(JoinLines(messages)), messages_(std::move(messages)) {}

CityTable ParseCityTable(std::string_view text, const std::string& display_name) {
  Errors errors(display_name);
  if (text.starts_with(kByteOrderMark)) text.remove_prefix(kByteOrderMark.size());
  CityTable table{display_name, {}};
  std::optional<std::array<std::size_t, kColumns.size()>> position;
  std::unordered_map<std::uint64_t, int> line_of_id;
  std::size_t header_size = 0;  // every row has as many fields as the header
  int line = 0;
  bool header_seen = false;
  while (!text.empty()) {
    const std::size_t end = std::min(text.find('\n'), text.size());
    std::string_view row = text.substr(0, end);
    text.remove_prefix(std::min(end + 1, text.size()));
    ++line;
    if (row.ends_with('\r')) row.remove_suffix(1);
    if (row.find_first_not_of(" \t") == std::string_view::npos) continue;
    const auto fields = SplitLine(row, line, errors);
    if (!fields) {
      if (!header_seen) break;  // without the header, the rows cannot be read
      continue;
    }
    if (!header_seen) {
      header_seen = true;
      position = ParseHeader(*fields, line, errors);
      if (!position) break;
      header_size = fields->size();
      continue;
    }
    if (fields->size() != header_size) {
      errors.Add(line, 0,
                 "expected " + std::to_string(header_size) +
                     " comma-separated fields, as the header, got " +
                     std::to_string(fields->size()) + " (quote a field that contains a comma)");
      continue;
    }
    City city;
    if (!ParseRow(*fields, *position, line, city, errors)) continue;
    const auto [at, inserted] = line_of_id.emplace(city.geonames_id, line);
    if (!inserted) {
      errors.Add(line, (*fields)[(*position)[kId]].column,
                 "geonames_id " + std::to_string(city.geonames_id) + " is also on line " +
                     std::to_string(at->second));
      continue;
    }
    table.cities.push_back(std::move(city));
  }
  if (errors.empty() && !header_seen) errors.Add("empty: no header line");
  if (errors.empty() && table.cities.empty()) errors.Add("no city rows after the header");
  if (!errors.empty()) throw CityTableError(errors.Take());
  return table;
}

CityTable LoadCityFile(const std::string& path) {
  std::string text;
  try {
    text = io::ReadFileBounded(path, kMaxCityFileBytes, "a city table");
  } catch (const io::FileReadError& e) {
    throw CityTableError({e.what()});
  }
  return ParseCityTable(text, path);
}

std::vector<std::string> BuiltInCountries() {
  std::vector<std::string> out;
  for (const internal::BuiltInTable& t : internal::BuiltInTables()) out.emplace_back(t.country);
  return out;
}

std::optional<std::string_view> BuiltInCityText(std::string_view country) {
  for (const internal::BuiltInTable& t : internal::BuiltInTables()) {
    if (t.country == country) return t.text;
  }
  return std::nullopt;
}

CityTable BuiltInCityTable(std::string_view country) {
  const std::string name = "scenarios/data/cities/" + std::string(country) + ".csv (built in)";
  const std::optional<std::string_view> text = BuiltInCityText(country);
  if (!text) throw CityTableError({name + ": no such built-in table"});
  return ParseCityTable(*text, name);
}

}  // namespace hubsim::generate

// City tables: the real places a generated network is built on (scenarios/data/cities/,
// GeoNames, CC BY 4.0; see scenarios/data/README.md).
//
// Format: CSV, UTF-8 (a byte-order mark is skipped), LF or CRLF line ends. The first line
// names the columns; geonames_id, name, country, admin1, population, lat and lon must all
// be there, in any order (other columns are ignored). A field may be double-quoted (RFC
// 4180: commas inside, "" for a quote). Blank lines are skipped. Per row: geonames_id a
// whole number >= 1, unique in the table; name not empty; population a whole number in
// 0..1e10; lat in [-90, 90] and lon in [-180, 180], degrees WGS84. Rows keep the file's
// order (the generator sorts them).
//
// Errors name the file, the line and the column: "FILE:LINE:COLUMN: message", COLUMN the
// 1-based character position of the offending field, and the message names the field;
// every problem is reported, up to kMaxCityErrors.
//
// Thread safety: all functions are safe to call concurrently; they share no mutable state.
#ifndef HUBSIM_ENGINE_GENERATE_CITY_TABLE_H_
#define HUBSIM_ENGINE_GENERATE_CITY_TABLE_H_

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace hubsim::generate {

struct City {
  std::uint64_t geonames_id = 0;
  std::string name;     // UTF-8, as in the table
  std::string country;  // ISO 3166 code, as in the table (not checked)
  std::string admin1;   // first-level administrative division code (not checked)
  std::int64_t population = 0;
  double lat = 0;  // degrees WGS84
  double lon = 0;
  int line = 0;  // 1-based line in the source, for messages
};

struct CityTable {
  std::string source;  // the file name as given, or the built-in table's name
  std::vector<City> cities;
};

// A table that cannot be read or parsed. what() is every message, one per line.
class CityTableError : public std::runtime_error {
 public:
  explicit CityTableError(std::vector<std::string> messages);
  const std::vector<std::string>& messages() const { return messages_; }

 private:
  std::vector<std::string> messages_;
};

inline constexpr int kMaxCityErrors = 20;
// Larger files are refused before they are read: the built-in tables are under 50 KiB, and
// all of GeoNames' places of a large country fit well within this.
inline constexpr std::uint64_t kMaxCityFileBytes = 64u << 20;

// Parses `text`; messages name `display_name`. Throws CityTableError, also when the table
// has no row.
CityTable ParseCityTable(std::string_view text, const std::string& display_name);

// Reads and parses the file at `path` ("FILE: cannot read: reason" when it cannot be read).
// Throws CityTableError.
CityTable LoadCityFile(const std::string& path);

// The built-in tables: the bytes of scenarios/data/cities/<country>.csv, embedded at build
// time. Country codes are lower case: "cn", "us", "de".
std::vector<std::string> BuiltInCountries();
// nullopt for a country without a built-in table.
std::optional<std::string_view> BuiltInCityText(std::string_view country);
// The parsed built-in table, named "scenarios/data/cities/<country>.csv (built in)".
// Throws CityTableError for a country without one.
CityTable BuiltInCityTable(std::string_view country);

}  // namespace hubsim::generate

#endif  // HUBSIM_ENGINE_GENERATE_CITY_TABLE_H_

// The built-in city tables, embedded at build time by engine/generate/CMakeLists.txt (the
// generated built_in_cities.cc). Internal to engine/generate: use city_table.h.
#ifndef HUBSIM_ENGINE_GENERATE_BUILT_IN_CITIES_H_
#define HUBSIM_ENGINE_GENERATE_BUILT_IN_CITIES_H_

#include <span>
#include <string_view>

namespace hubsim::generate::internal {

struct BuiltInTable {
  std::string_view country;  // lower case, e.g. "cn"
  std::string_view text;     // the bytes of scenarios/data/cities/<country>.csv
};

// Every built-in table, in a fixed order (cn, us, de).
std::span<const BuiltInTable> BuiltInTables();

}  // namespace hubsim::generate::internal

#endif  // HUBSIM_ENGINE_GENERATE_BUILT_IN_CITIES_H_

#include "engine/generate/city_table.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

namespace hubsim::generate {
namespace {

constexpr char kHeader[] = "geonames_id,name,country,admin1,population,lat,lon\n";

// The messages of parsing `text` as "t.csv" (empty if it parses).
std::string ErrorsOf(const std::string& text) {
  try {
    ParseCityTable(text, "t.csv");
  } catch (const CityTableError& e) {
    return e.what();
  }
  return "";
}

TEST(BuiltInCityTables, AreTheFilesInScenariosData) {
  ASSERT_EQ(BuiltInCountries(), (std::vector<std::string>{"cn", "us", "de"}));
  for (const std::string& country : BuiltInCountries()) {
    const std::string path = std::string(HUBSIM_CITIES_DIR) + "/" + country + ".csv";
    std::ifstream file(path, std::ios::binary);
    ASSERT_TRUE(file) << path;
    const std::string bytes{std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
    EXPECT_EQ(bytes, BuiltInCityText(country).value()) << country;
  }
  EXPECT_FALSE(BuiltInCityText("fr").has_value());
  EXPECT_THROW(BuiltInCityTable("fr"), CityTableError);
}

TEST(BuiltInCityTables, ParseWithTheirRowCounts) {
  EXPECT_EQ(BuiltInCityTable("cn").cities.size(), 428u);
  EXPECT_EQ(BuiltInCityTable("us").cities.size(), 951u);
  EXPECT_EQ(BuiltInCityTable("de").cities.size(), 467u);
  const CityTable cn = BuiltInCityTable("cn");  // held: a reference into a temporary dangles
  const City& shanghai = cn.cities.front();
  EXPECT_EQ(shanghai.name, "Shanghai");
  EXPECT_EQ(shanghai.geonames_id, 1796236u);
  EXPECT_EQ(shanghai.population, 22315474);
  EXPECT_DOUBLE_EQ(shanghai.lat, 31.22222);
  EXPECT_DOUBLE_EQ(shanghai.lon, 121.45806);
  EXPECT_EQ(shanghai.line, 2);
}

TEST(ParseCityTable, AcceptsQuotesCrlfAByteOrderMarkAndColumnsInAnyOrder) {
  const CityTable t = ParseCityTable(
      "\xEF\xBB\xBFname,lat,lon,population,geonames_id,admin1,country,extra\r\n"
      "\"Foo, \"\"Old\"\" Town\",10.5,-20.25,1000,7,AB,XX,whatever\r\n"
      "\r\n"
      "Bar,-90,180,0,8,,XX,\r\n",
      "t.csv");
  ASSERT_EQ(t.cities.size(), 2u);
  EXPECT_EQ(t.source, "t.csv");
  EXPECT_EQ(t.cities[0].name, "Foo, \"Old\" Town");
  EXPECT_EQ(t.cities[0].geonames_id, 7u);
  EXPECT_EQ(t.cities[0].admin1, "AB");
  EXPECT_EQ(t.cities[0].country, "XX");
  EXPECT_EQ(t.cities[0].population, 1000);
  EXPECT_DOUBLE_EQ(t.cities[0].lat, 10.5);
  EXPECT_DOUBLE_EQ(t.cities[0].lon, -20.25);
  EXPECT_EQ(t.cities[1].line, 4);  // the blank line counts
  EXPECT_EQ(t.cities[1].population, 0);
}

TEST(ParseCityTable, NamesFileLineColumnAndFieldOfEachBadValue) {
  const std::string errors = ErrorsOf(std::string(kHeader) +
                                      "1,A,XX,01,100,10,20\n"
                                      "2,B,XX,01,lots,10,20\n"
                                      "3,C,XX,01,100,91,20\n"
                                      "x,D,XX,01,100,10,-181\n");
  EXPECT_NE(errors.find("t.csv:3:11: population: expected a whole number"), std::string::npos)
      << errors;
  EXPECT_NE(errors.find("got 'lots'"), std::string::npos) << errors;
  EXPECT_NE(errors.find("t.csv:4:15: lat: expected degrees in [-90, 90], got '91'"),
            std::string::npos)
      << errors;
  EXPECT_NE(errors.find("t.csv:5:1: geonames_id: expected a whole number >= 1, got 'x'"),
            std::string::npos)
      << errors;
  EXPECT_NE(errors.find("t.csv:5:18: lon: expected degrees in [-180, 180]"), std::string::npos)
      << errors;
}

TEST(ParseCityTable, RejectsBadRows) {
  const std::string h = kHeader;
  EXPECT_NE(ErrorsOf(h + "1,A,XX,01,100,10\n").find("t.csv:2: expected 7 comma-separated fields"),
            std::string::npos);
  EXPECT_NE(ErrorsOf(h + "1,A, B,XX,01,100,10,20\n").find("t.csv:2: expected 7"),
            std::string::npos);
  EXPECT_NE(ErrorsOf(h + "1,\"A,XX,01,100,10,20\n").find("t.csv:2:3: a quoted field is not closed"),
            std::string::npos);
  EXPECT_NE(
      ErrorsOf(h + "1,\"A\"x,XX,01,100,10,20\n").find("t.csv:2:6: text after a closing quote"),
      std::string::npos);
  EXPECT_NE(ErrorsOf(h + "1,,XX,01,100,10,20\n").find("t.csv:2:3: name: expected a name"),
            std::string::npos);
  EXPECT_NE(ErrorsOf(h + "1,A,XX,01,100,10,20\n1,B,XX,01,5,1,2\n")
                .find("t.csv:3:1: geonames_id 1 is also on line 2"),
            std::string::npos);
  EXPECT_NE(ErrorsOf(h + "1,A,XX,01,-5,10,20\n").find("population"), std::string::npos);
  EXPECT_NE(ErrorsOf(h + "1,A,XX,01,100,nan,20\n").find("lat"), std::string::npos);
}

TEST(ParseCityTable, RejectsAMissingColumnAnEmptyFileAndNoRows) {
  EXPECT_NE(ErrorsOf("geonames_id,name,country,admin1,lat,lon\n1,A,XX,01,10,20\n")
                .find("t.csv:1: the header has no column 'population'"),
            std::string::npos);
  EXPECT_EQ(ErrorsOf(""), "t.csv: empty: no header line");
  EXPECT_EQ(ErrorsOf(kHeader), "t.csv: no city rows after the header");
}

TEST(ParseCityTable, StopsAfterTwentyProblems) {
  std::string text = kHeader;
  for (int i = 1; i <= 30; ++i) text += std::to_string(i) + ",A,XX,01,bad,10,20\n";
  try {
    ParseCityTable(text, "t.csv");
    FAIL() << "accepted";
  } catch (const CityTableError& e) {
    ASSERT_EQ(e.messages().size(), static_cast<std::size_t>(kMaxCityErrors) + 1);
    EXPECT_EQ(e.messages().back(), "t.csv: too many errors; stopped after the first 20");
  }
}

TEST(LoadCityFile, ReadsAFileAndNamesAMissingOne) {
  const std::string dir = testing::TempDir() + "city_table_test_" + std::to_string(::getpid());
  std::filesystem::create_directories(dir);
  const std::string path = dir + "/cities.csv";
  std::ofstream(path) << kHeader << "1,A,XX,01,100,10,20\n";
  EXPECT_EQ(LoadCityFile(path).cities.size(), 1u);
  EXPECT_EQ(LoadCityFile(path).source, path);
  try {
    LoadCityFile(dir + "/missing.csv");
    FAIL() << "accepted a missing file";
  } catch (const CityTableError& e) {
    EXPECT_EQ(std::string(e.what()), dir + "/missing.csv: cannot read: No such file or directory");
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace hubsim::generate

#include "engine/io/scenario_loader.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <ostream>
#include <string>
#include <vector>

namespace hubsim::io {
namespace {

// ---- the built-in default scenario ----

TEST(DefaultScenario, LoadsAndValidates) {
  const Scenario& s = DefaultScenario();
  const ScenarioTotals t = Totals(s);
  EXPECT_EQ(t.hubs, 6);
  EXPECT_EQ(t.outlets, 36);
  EXPECT_EQ(t.linehauls, 30);  // both directions between every pair of hubs
  EXPECT_GE(t.couriers, 200);
  EXPECT_LE(t.couriers, 1'000);
  EXPECT_GE(t.orders_per_day, 15'000);
  EXPECT_LE(t.orders_per_day, 60'000);
  double smallest_transit = 1e9;
  for (const Linehaul& l : s.linehaul()) {
    smallest_transit = std::min(smallest_transit, l.transit_minutes());
    EXPECT_GE(l.departure_size(), 3) << l.from() << "->" << l.to();
  }
  EXPECT_GE(smallest_transit, 45);
  EXPECT_LE(smallest_transit, 75);
  // The call center around the clock: orders, tracking queries and complaints.
  EXPECT_TRUE(s.has_call_center());
  EXPECT_EQ(t.call_types, 3);
  EXPECT_EQ(t.calls_per_day, 1530);  // baseline only: the customers' complaints come on top
  EXPECT_EQ(t.peak_agents, 35);      // staffed by `hubsim size agents` (the scenario's header)
  // The customers: an 80/20 revenue split, key accounts served first by couriers too.
  EXPECT_TRUE(s.has_customers());
  EXPECT_EQ(s.customers().top_revenue_share(), 0.8);
  EXPECT_TRUE(s.couriers().key_accounts_first());
}

TEST(DefaultScenario, OutletsShareTheirCouriersInTwoShiftGroups) {
  const Scenario& s = DefaultScenario();
  std::int64_t couriers = 0;
  for (const Outlet& o : s.outlet()) {
    EXPECT_TRUE(o.has_couriers()) << o.id();
    EXPECT_FALSE(o.has_shift_start()) << o.id();
    EXPECT_FALSE(o.has_shift_end()) << o.id();
    ASSERT_EQ(o.shift_size(), 2) << o.id();
    EXPECT_EQ(o.shift(0).start(), "07:00") << o.id();
    EXPECT_EQ(o.shift(0).end(), "17:00") << o.id();
    EXPECT_EQ(o.shift(0).share(), 0.6) << o.id();
    EXPECT_EQ(o.shift(1).start(), "10:00") << o.id();
    EXPECT_EQ(o.shift(1).end(), "20:00") << o.id();
    EXPECT_EQ(o.shift(1).share(), 0.4) << o.id();
    couriers += o.couriers();
  }
  EXPECT_EQ(Totals(s).couriers, couriers);
}

TEST(DefaultScenario, IsTheFileInScenarios) {
  std::ifstream file(HUBSIM_DEFAULT_SCENARIO_FILE, std::ios::binary);
  ASSERT_TRUE(file) << HUBSIM_DEFAULT_SCENARIO_FILE;
  const std::string bytes{std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
  EXPECT_EQ(bytes, DefaultScenarioText());
  const Scenario from_file = LoadScenarioFile(HUBSIM_DEFAULT_SCENARIO_FILE);
  EXPECT_EQ(from_file.SerializeAsString(), DefaultScenario().SerializeAsString());
}

// ---- times of day ----

TEST(ParseClock, AcceptsHhMmFromMidnightToEndOfDay) {
  EXPECT_EQ(ParseClock("00:00"), 0);
  EXPECT_EQ(ParseClock("00:01"), 1);
  EXPECT_EQ(ParseClock("08:30"), 8 * 60 + 30);
  EXPECT_EQ(ParseClock("23:59"), 1439);
  EXPECT_EQ(ParseClock("24:00"), 1440);
}

TEST(ParseClock, RejectsEverythingElse) {
  for (const char* bad :
       {"", "24:01", "25:00", "12:60", "99:99", "8:00", "08:0", "0800", "08-00", " 08:00", "08:00 ",
        "+8:00", "-1:00", "0a:00", "08:0x", "008:00", "08:000", "２4:00"}) {
    EXPECT_EQ(ParseClock(bad), std::nullopt) << "'" << bad << "'";
  }
}

// ---- reading files ----

std::vector<std::string> MessagesOfFile(const std::string& path) {
  try {
    LoadScenarioFile(path);
  } catch (const ScenarioError& e) {
    return e.messages();
  }
  return {};
}

TEST(LoadScenarioFile, MissingFileIsAnErrorNamingThePath) {
  EXPECT_EQ(MessagesOfFile("/nonexistent/x.textproto"),
            std::vector<std::string>{"/nonexistent/x.textproto: cannot read: No such file or "
                                     "directory"});
}

TEST(LoadScenarioFile, DirectoryIsAnError) {
  const std::string dir = std::filesystem::temp_directory_path().string();
  EXPECT_EQ(MessagesOfFile(dir), std::vector<std::string>{dir + ": cannot read: Is a directory"});
}

TEST(LoadScenarioFile, HugeFileIsRefusedWithoutParsing) {
  const std::filesystem::path path =
      std::filesystem::temp_directory_path() /
      ("hubsim_io_test_huge_" + std::to_string(::getpid()) + ".textproto");
  {
    std::ofstream out(path, std::ios::binary);
    out << "# big\n";
  }
  std::filesystem::resize_file(path, kMaxScenarioFileBytes + 1);  // sparse: no disk used
  const std::vector<std::string> messages = MessagesOfFile(path.string());
  std::filesystem::remove(path);
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0], path.string() + ": larger than 64 MiB; not a scenario?");
}

// ---- parse errors ----

std::vector<std::string> MessagesOf(const std::string& text) {
  try {
    LoadScenarioText(text, "bad.textproto");
  } catch (const ScenarioError& e) {
    EXPECT_FALSE(e.messages().empty());
    std::string joined;
    for (const std::string& m : e.messages()) joined += (joined.empty() ? "" : "\n") + m;
    EXPECT_EQ(joined, e.what());
    return e.messages();
  }
  return {};
}

TEST(ParseErrors, SyntaxErrorNamesLineColumnAndField) {
  // The parser stumbles on the '}' of line 5; the value missing is that of lon, line 4.
  const auto messages = MessagesOf("days: 2\nhub {\n  id: \"AAA\"\n  lat: 23 lon:\n}\n");
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0].rfind("bad.textproto:4:11: hub[0].lon: ", 0), 0u) << messages[0];
}

TEST(ParseErrors, UnknownFieldIsAnErrorWithItsLine) {
  const auto messages = MessagesOf("hub {\n  id: \"AAA\"\n  latitude: 23\n}\n");
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0].rfind("bad.textproto:3:", 0), 0u) << messages[0];
  EXPECT_NE(messages[0].find("latitude"), std::string::npos) << messages[0];
}

TEST(ParseErrors, WrongTypeNamesTheField) {
  const auto messages = MessagesOf("hub {\n  id: \"AAA\"\n}\nhub {\n  sort_rate_per_hour: \"fast\"\n}\n");
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0].rfind("bad.textproto:5:3: hub[1].sort_rate_per_hour: ", 0), 0u) << messages[0];
}

TEST(ParseErrors, ValueReportedOnTheNextLineIsAtItsField) {
  // The parser reports the enum's value at the '}' after it.
  const auto messages =
      MessagesOf("call_center {\n  patience {\n    kind: 7\n  }\n}\n");
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0].rfind("bad.textproto:3:5: call_center.patience.kind: ", 0), 0u) << messages[0];
}

TEST(ParseErrors, UnknownEnumNameNamesLineColumnAndField) {
  for (const char* field : {"dispatch_policy", "point_layout", "retry_policy"}) {
    const auto messages =
        MessagesOf(std::string("days: 2\ncouriers {\n  ") + field + ": FASTEST\n}\n");
    ASSERT_EQ(messages.size(), 1u) << field;
    EXPECT_EQ(messages[0], std::string("bad.textproto:3:3: couriers.") + field +
                               ": Unknown enumeration value of \"FASTEST\" for field \"" + field +
                               "\".");
  }
}

TEST(ParseErrors, ControlAndNonAsciiBytesAreEscaped) {
  const auto messages = MessagesOf(std::string("name: \"x\"\n\x01\xff: 3\n"));
  ASSERT_FALSE(messages.empty());
  for (const std::string& m : messages) {
    for (const char c : m) EXPECT_TRUE(c >= 0x20 && c < 0x7f) << m;
  }
}

// ---- the malformed-scenario corpus (tests/io/malformed; see malformed_scenario.cmake) ----

// Every file is refused, the first message at or after its stated line: the whole-command
// tests check the message itself; this one runs the corpus through the loader alone, so
// that the sanitizer builds of this suite see every file.
TEST(MalformedCorpus, EveryFileIsRefusedWithALine) {
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(HUBSIM_MALFORMED_DIR)) {
    const std::string path = entry.path().string();
    ++files;
    std::ifstream file(path, std::ios::binary);
    std::string first;
    std::getline(file, first);
    int line = 1;  // an empty file: the scenario has no hub
    if (!first.empty()) {
      ASSERT_EQ(first.rfind("# expect: ", 0), 0u) << path;
      line = std::stoi(first.substr(10));
    }
    const std::vector<std::string> messages = MessagesOfFile(path);
    ASSERT_FALSE(messages.empty()) << path << " was accepted";
    const std::string prefix = path + ":" + std::to_string(line) + ":";
    EXPECT_TRUE(std::any_of(messages.begin(), messages.end(),
                            [&](const std::string& m) { return m.rfind(prefix, 0) == 0; }))
        << path << ": no message at line " << line << "; first: " << messages[0];
  }
  EXPECT_GE(files, 40);
}

TEST(ParseErrors, TokenizerErrorsAreCapped) {
  // The tokenizer goes on after a bad escape: a million of them give the first
  // kMaxReportedErrors and a note, at once (each was once located by its own pass).
  std::string text = "name: \"";
  for (int i = 0; i < 1'000'000; ++i) text += "\\q";
  text += "\"\n";
  const std::vector<std::string> messages = MessagesOf(text);
  ASSERT_EQ(messages.size(), static_cast<std::size_t>(kMaxReportedErrors) + 1);
  EXPECT_EQ(messages[0], "bad.textproto:1:1: name: Invalid escape sequence in string literal.");
  EXPECT_EQ(messages.back(), "bad.textproto: too many errors; stopped after the first 50");
}

// ---- limits on the text, before parsing ----

TEST(TextLimits, ListLongerThanItsLimitIsRefusedBeforeParsing) {
  // A million agents in list syntax: refused at the 97th, with the total count.
  std::string text = "call_center {\n  agents: [";
  for (int i = 0; i < 1'000'000; ++i) text += i > 0 ? ",0" : "0";
  text += "]\n}\n";
  EXPECT_EQ(MessagesOf(text), std::vector<std::string>{
                                  "bad.textproto:2: call_center agents has 1000000 values (at most 96)"});
}

TEST(TextLimits, DeparturesOfAllLinehaulsAreLimitedInTotal) {
  std::string text;
  std::string departures;
  for (int m = 0; m < 1'440; ++m) {
    char clock[8];
    std::snprintf(clock, sizeof clock, "\"%02d:%02d\"", m / 60, m % 60);
    if (m > 0) departures += ',';
    departures += clock;
  }
  for (int i = 0; i < 700; ++i) {
    text += "linehaul { from: \"A";
    text += std::to_string(i);
    text += "\" to: \"B\" departure: [";
    text += departures;
    text += "] }\n";
  }
  // 694 x 1,440 = 999,360; the 1,000,001st departure is on line 695.
  EXPECT_EQ(MessagesOf(text),
            std::vector<std::string>{
                "bad.textproto:695: the linehauls have 1008000 departures in total (at most 1000000)"});
}

TEST(SizeLimits, RoutingCacheOfTheNetworkIsLimited) {
  // 1,000 hubs; 14 of them with a linehaul leaving every minute: 1,000 x (14 x 1,441 + 986)
  // routing entries.
  std::string text;
  for (int h = 0; h < 1'000; ++h) text += "hub { id: \"H" + std::to_string(h) + "\" lat: 0 lon: 0 }\n";
  std::string departures;
  for (int m = 0; m < 1'440; ++m) {
    char clock[8];
    std::snprintf(clock, sizeof clock, "\"%02d:%02d\"", m / 60, m % 60);
    if (m > 0) departures += ',';
    departures += clock;
  }
  for (int h = 0; h < 14; ++h) {
    text += "linehaul { from: \"H";
    text += std::to_string(h);
    text += "\" to: \"H";
    text += std::to_string(h + 1);
    text += "\" transit_minutes: 60 departure: [";
    text += departures;
    text += "] }\n";
  }
  const std::vector<std::string> messages = MessagesOf(text);
  EXPECT_TRUE(std::find(messages.begin(), messages.end(),
                        "bad.textproto:1: the network needs 21160000 routing entries (hubs x the "
                        "distinct departure times of each hub's linehauls, plus one per hub; at "
                        "most 20000000): fewer hubs or fewer distinct departure times") != messages.end())
      << ::testing::PrintToString(messages);
}

TEST(TextLimits, TooManyMessagesInListSyntax) {
  std::string text = "hub: [";
  for (int i = 0; i < 1'001; ++i) text += i > 0 ? ", {}" : "{}";
  text += "]\n";
  EXPECT_EQ(MessagesOf(text),
            std::vector<std::string>{"bad.textproto:1: too many hub entries: 1001 (at most 1000)"});
}

TEST(ParseErrors, SingularFieldGivenTwice) {
  const auto messages = MessagesOf("days: 2\nseed: 4\ndays: 3\n");
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0].rfind("bad.textproto:3:", 0), 0u) << messages[0];
  EXPECT_NE(messages[0].find("days"), std::string::npos) << messages[0];
}

TEST(ParseErrors, NegativeCountIsASyntaxError) {
  const auto messages = MessagesOf("hub {\n  id: \"AAA\"\n}\noutlet {\n  couriers: -3\n}\n");
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0].rfind("bad.textproto:5:", 0), 0u) << messages[0];
}

// ---- validation: one case per kind of error ----

// A valid network of lines 1-7; each case appends to it (its first line is line 8) unless
// it replaces it.
constexpr char kBase[] =
    R"(hub { id: "AAA" lat: 23 lon: 113 }
hub { id: "BBB" lat: 22.5 lon: 114 }
hub { id: "CCC" lat: 22.3 lon: 113.5 }
outlet { id: "A1" hub: "AAA" lat: 23 lon: 113 }
outlet { id: "B1" hub: "BBB" lat: 22.5 lon: 114 }
linehaul { from: "AAA" to: "BBB" transit_minutes: 90 departure: ["20:00", "22:00"] }
linehaul { from: "BBB" to: "AAA" transit_minutes: 90 departure: "20:00" }
)";

TEST(Validation, TheBaseNetworkIsValid) {
  EXPECT_EQ(MessagesOf(kBase), std::vector<std::string>{});
}

TEST(Validation, HubsWithoutOutletsMayCarryTraffic) {
  // AAA and BBB reach each other only through CCC, which has no outlet.
  EXPECT_EQ(MessagesOf(R"(hub { id: "AAA" lat: 23 lon: 113 }
hub { id: "BBB" lat: 22.5 lon: 114 }
hub { id: "CCC" lat: 22.3 lon: 113.5 }
outlet { id: "A1" hub: "AAA" lat: 23 lon: 113 }
outlet { id: "B1" hub: "BBB" lat: 22.5 lon: 114 }
linehaul { from: "AAA" to: "CCC" transit_minutes: 60 departure: "20:00" }
linehaul { from: "CCC" to: "BBB" transit_minutes: 60 departure: "22:00" }
linehaul { from: "BBB" to: "AAA" transit_minutes: 90 departure: "20:00" }
)"),
            std::vector<std::string>{});
}

struct BadCase {
  std::string name;
  std::string text;  // appended to kBase unless `replace_base`
  int line;          // of the expected message
  std::string field;
  std::string part;  // another part of the expected message
  int count = 1;     // messages in all
  bool replace_base = false;
};

std::ostream& operator<<(std::ostream& os, const BadCase& c) {
  return os << c.name;
}

std::string Repeat(const std::string& item, int n, const std::string& separator) {
  std::string out;
  for (int i = 0; i < n; ++i) out += (i > 0 ? separator : "") + item;
  return out;
}

std::string ManyHubs(int n) {
  std::string out;
  for (int i = 0; i < n; ++i) {
    out += "hub { id: \"H" + std::to_string(i) + "\" lat: 23 lon: 113 }\n";
  }
  return out;
}

// `n` outlets at hub AAA with `fields` each.
std::string ManyOutlets(int n, const std::string& fields) {
  std::string out;
  for (int i = 0; i < n; ++i) {
    out += "outlet { id: \"X" + std::to_string(i) + "\" hub: \"AAA\" lat: 23 lon: 113 " + fields +
           " }\n";
  }
  return out;
}

std::string Hub(const std::string& fields) {
  return "hub {\n  id: \"DDD\"\n  lat: 23\n  lon: 113\n" + fields + "}\n";  // fields: line 12
}
std::string Outlet(const std::string& fields) {  // fields: line 13
  return "outlet {\n  id: \"A2\"\n  hub: \"AAA\"\n  lat: 23\n  lon: 113\n" + fields + "}\n";
}
// A shift group with `fields` (its `shift {` on the line where it is placed).
std::string Shift(const std::string& fields) {
  return "  shift {\n" + fields + "  }\n";
}
// A complete shift group on one line; its share left out (1) when `share` is empty.
std::string Group(const std::string& start, const std::string& end, const std::string& share = "") {
  return "  shift { start: \"" + start + "\" end: \"" + end + "\"" +
         (share.empty() ? "" : " share: " + share) + " }\n";
}
std::string Linehaul(const std::string& fields) {  // fields: line 13
  return "linehaul {\n  from: \"AAA\"\n  to: \"CCC\"\n  transit_minutes: 60\n"
         "  departure: \"21:00\"\n" +
         fields + "}\n";
}
std::string Od(const std::string& entry) {  // entry: line 11
  return "demand {\n  od { from_hub: \"AAA\" to_hub: \"BBB\" weight: 1 }\n"
         "  od { from_hub: \"BBB\" to_hub: \"AAA\" weight: 2 }\n" +
         entry + "}\n";
}
std::string Outage(const std::string& fields) {  // fields: line 12
  return "hub_outage {\n  hub: \"AAA\"\n  start: \"10:00\"\n  duration_minutes: 60\n" + fields +
         "}\n";
}
std::string Disruption(const std::string& fields) {  // fields: line 12
  return "linehaul_disruption {\n  from: \"AAA\"\n  to: \"BBB\"\n  departure: \"22:00\"\n" +
         fields + "}\n";
}

// ---- the call center ----

TEST(CallCenter, CallCenterOnlyScenarioIsValid) {
  const Scenario s = LoadScenarioText(R"(name: "call center only"
call_center {
  call_type {
    name: "order"
    calls_per_day: 2400
    handle_time { kind: LOGNORMAL mean_seconds: 240 stddev_seconds: 120 }
  }
  agents: 12
}
)",
                                      "cc.textproto");
  const ScenarioTotals t = Totals(s);
  EXPECT_EQ(t.hubs, 0);
  EXPECT_EQ(t.outlets, 0);
  EXPECT_EQ(t.call_types, 1);
  EXPECT_EQ(t.calls_per_day, 2400);
  EXPECT_EQ(t.peak_agents, 12);
}

TEST(CallCenter, EveryFieldAtAValidValue) {
  // 15-minute intervals with 96 agent values (some 0), patience, a profile, self-service,
  // an unused stddev; phone orders and failure calls of the types named.
  const std::string agents =
      Repeat("0", 32, ", ") + ", " + Repeat("30", 48, ", ") + ", 45, " + Repeat("10", 15, ", ");
  const Scenario s = LoadScenarioText(std::string(kBase) + R"(call_center {
  service_level_seconds: 20
  interval_minutes: 15
  call_type {
    name: "order"
    calls_per_day: 3000
    hourly_profile: [0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 3, 3, 2, 2, 3, 3, 2, 2, 1, 1, 0, 0, 0, 0]
    handle_time { kind: CONSTANT mean_seconds: 150 stddev_seconds: 0 }
    self_service_share: 1
  }
  call_type {
    name: "where-is_my-parcel"
    calls_per_day: 0
    handle_time { kind: LOGNORMAL mean_seconds: 86400 stddev_seconds: 86400 }
  }
  agents: [)" + agents + R"(]
  patience { kind: EXPONENTIAL mean_seconds: 90 }
  key_account_share: 1
  phone_order_share: 1
  phone_order_type: "order"
  late_pickup_call_probability: 1
  late_delivery_call_probability: 0
  failed_delivery_call_probability: 0
  reaction_minutes: 1440
  reaction_extra_minutes: 0
  failure_call_type: "where-is_my-parcel"
  redial_probability: 0.999
  redial_minutes: 0.5
}
)",
                                      "cc.textproto");
  const ScenarioTotals t = Totals(s);
  EXPECT_EQ(t.hubs, 3);
  EXPECT_EQ(t.call_types, 2);
  EXPECT_EQ(t.calls_per_day, 3000);
  EXPECT_EQ(t.peak_agents, 45);
}

TEST(CallCenter, CallTypesAreOnlyNeededWhereCallsCanBeOfThem) {
  // Without outlets neither phone orders nor failures can make calls...
  EXPECT_EQ(MessagesOf(R"(call_center {
  call_type { name: "complaint" calls_per_day: 10 handle_time { mean_seconds: 600 } }
  agents: 1
  phone_order_share: 0.5
  phone_order_type: "nothing"
  failure_call_type: "nothing"
}
)"),
            std::vector<std::string>{});
  // ... nor with a network, when their share and probabilities are 0.
  EXPECT_EQ(MessagesOf(std::string(kBase) + R"(call_center {
  call_type { name: "complaint" calls_per_day: 10 handle_time { mean_seconds: 600 } }
  agents: 1
  late_pickup_call_probability: 0
  late_delivery_call_probability: 0
  failed_delivery_call_probability: 0
}
)"),
            std::vector<std::string>{});
}

TEST(CallCenter, EmptyCallCenterNeedsCallTypesAndAgents) {
  const auto messages = MessagesOf("call_center {\n}\n");
  ASSERT_EQ(messages.size(), 2u);
  EXPECT_EQ(messages[0], "bad.textproto:1: call_center call_type is required (at least one)");
  EXPECT_EQ(messages[1],
            "bad.textproto:1: call_center agents is required (one value for the whole day, or "
            "one per interval)");
}

TEST(CallCenter, WithoutACallCenterTheNetworkIsRequired) {
  EXPECT_EQ(MessagesOf(""),
            (std::vector<std::string>{
                "bad.textproto:1: the scenario has no hub (at least one is required)",
                "bad.textproto:1: the scenario has no outlet (at least one is required)"}));
}

// A valid call center of lines 8-10 (with the default one-line `agents`), to append to
// kBase: `fields` start at line 11 (line 10 when `agents` is empty). Its "tracking" type
// is the default failure_call_type, needed since the network has outlets.
std::string CallCenter(const std::string& fields, const std::string& agents = "  agents: 5\n") {
  return "call_center {\n" + agents +
         "  call_type { name: \"tracking\" calls_per_day: 1000 handle_time { mean_seconds: 180 } "
         "}\n" +
         fields + "}\n";
}
std::string CallType(const std::string& fields) {  // call_type: line 11, fields: line 14
  return CallCenter("  call_type {\n    name: \"order\"\n    handle_time { mean_seconds: 60 }\n" +
                    fields + "  }\n");
}
std::string HandleTime(const std::string& fields) {  // handle_time: line 13, fields: line 14
  return CallCenter("  call_type {\n    name: \"order\"\n    handle_time {\n" + fields +
                    "    }\n  }\n");
}
std::string Patience(const std::string& fields) {  // patience: line 11, fields: line 12
  return CallCenter("  patience {\n" + fields + "  }\n");
}

std::vector<BadCase> BadCases() {
  const std::string profile23 = Repeat("1", 23, ", ");
  return {
      // The scenario.
      {"days_zero", "days: 0\n", 8, "days", "must be in 1..366 (got 0)"},
      {"days_too_many", "days: 367\n", 8, "days", "must be in 1..366 (got 367)"},
      {"min_connection_negative", "min_connection_minutes: -1\n", 8, "min_connection_minutes",
       "min_connection_minutes must be in [0, 1440] (got -1)"},
      {"min_connection_beyond_a_day", "min_connection_minutes: 1441\n", 8, "min_connection_minutes",
       "must be in [0, 1440] (got 1441)"},
      {"warmup_all_days", "days: 3\nwarmup_days: 3\n", 9, "warmup_days",
       "(3) must be less than days (3): at least one day must be counted"},
      {"warmup_beyond_default_days", "warmup_days: 2\n", 8, "warmup_days",
       "must be less than days (1)"},
      {"warmup_too_long", "days: 2\nwarmup_days: 400\n", 9, "warmup_days",
       "must be in 0..365 (got 400)"},
      {"no_hub", "name: \"empty\"\n", 1, "hub", "has no hub", 2, true},
      {"no_outlet", "hub { id: \"AAA\" lat: 23 lon: 113 }\n", 1, "outlet", "has no outlet", 1,
       true},
      {"too_many_hubs", ManyHubs(1001), 1001, "hub", "too many hub entries: 1001 (at most 1000)", 1,
       true},
      {"too_many_departures", Linehaul("  departure: [" + Repeat("\"01:00\"", 1440, ", ") + "]\n"),
       13, "departure", "has 1441 values (at most 1440)"},
      {"too_many_day_multipliers",
       "demand {\n  day_multiplier: [" + Repeat("1", 367, ", ") + "]\n}\n", 9, "day_multiplier",
       "has 367 values (at most 366)"},
      // Totals include the base's two outlets (10 couriers, 200 accounts, 500 orders each).
      {"total_couriers", ManyOutlets(101, "couriers: 10000"), 1, "couriers",
       "1010020 couriers in total (at most 1000000)"},
      // Outlets with shift groups count their own couriers, whatever the groups' shares.
      {"total_couriers_with_shift_groups",
       ManyOutlets(101,
                   "couriers: 10000 shift { start: \"06:00\" end: \"14:00\" share: 0.4 } "
                   "shift { start: \"12:00\" end: \"22:00\" share: 0.6 }"),
       1, "couriers", "1010020 couriers in total (at most 1000000)"},
      {"total_accounts", ManyOutlets(11, "accounts: 1000000"), 1, "accounts",
       "11000400 accounts in total (at most 10000000)"},
      {"total_orders", ManyOutlets(11, "orders_per_day: 10000000"), 1, "orders_per_day",
       "110001000 orders_per_day in total (at most 100000000)"},
      {"error_cap", ManyHubs(0) + Repeat("hub { id: \"AAA\" lat: 23 lon: 113 }", 60, "\n"), 8, "id",
       "already used by the hub at line 1", kMaxReportedErrors + 1},

      // Promises.
      {"pickup_minutes_zero", "promises {\n  pickup_minutes: 0\n}\n", 9, "pickup_minutes",
       "promises pickup_minutes must be in (0, 1440] (got 0)"},
      {"delivery_minutes_too_long", "promises {\n  delivery_minutes: 1441\n}\n", 9,
       "delivery_minutes", "must be in (0, 1440] (got 1441)"},
      {"next_day_days_too_many", "promises {\n  next_day_days: 31\n}\n", 9, "next_day_days",
       "must be in 0..30 (got 31)"},

      // Hubs.
      {"hub_id_missing", "hub {\n  lat: 23\n  lon: 113\n}\n", 8, "id", "hub #4 id is required"},
      {"hub_id_characters", "hub {\n  id: \"D D\"\n  lat: 23\n  lon: 113\n}\n", 9, "id",
       "may contain only letters, digits, '-' and '_'"},
      {"hub_id_too_long",
       "hub {\n  id: \"" + std::string(65, 'D') + "\"\n  lat: 23\n  lon: 113\n}\n", 9, "id",
       "is longer than 64 characters"},
      {"hub_id_duplicate", "hub {\n  id: \"AAA\"\n  lat: 23\n  lon: 113\n}\n", 9, "id",
       "hub 'AAA' id is already used by the hub at line 1"},
      {"hub_lat_missing", "hub {\n  id: \"DDD\"\n  lon: 113\n}\n", 8, "lat",
       "hub 'DDD' lat is required"},
      {"hub_lon_missing", "hub {\n  id: \"DDD\"\n  lat: 23\n}\n", 8, "lon",
       "hub 'DDD' lon is required"},
      {"hub_lat_range", "hub {\n  id: \"DDD\"\n  lat: 91\n  lon: 113\n}\n", 10, "lat",
       "must be in [-90, 90] (got 91)"},
      {"hub_lon_range", "hub {\n  id: \"DDD\"\n  lat: 23\n  lon: -180.5\n}\n", 11, "lon",
       "must be in [-180, 180] (got -180.5)"},
      {"hub_lat_nan", "hub {\n  id: \"DDD\"\n  lat: nan\n  lon: 113\n}\n", 10, "lat",
       "must be a finite number (got nan)"},
      {"hub_sort_rate_zero", Hub("  sort_rate_per_hour: 0\n"), 12, "sort_rate_per_hour",
       "hub 'DDD' sort_rate_per_hour must be in (0, 1000000000] (got 0)"},
      {"hub_sort_rate_infinite", Hub("  sort_rate_per_hour: inf\n"), 12, "sort_rate_per_hour",
       "must be a finite number (got inf)"},
      {"hub_opens_format", Hub("  opens: \"8:00\"\n"), 12, "opens",
       "must be a time of day \"HH:MM\" in 00:00..23:59 (got '8:00')"},
      {"hub_opens_end_of_day", Hub("  opens: \"24:00\"\n"), 12, "opens",
       "in 00:00..23:59 (got '24:00')"},
      {"hub_closes_format", Hub("  closes: \"24:30\"\n"), 12, "closes",
       "in 00:00..24:00 (got '24:30')"},
      {"hub_opens_after_closes", Hub("  opens: \"20:00\"\n  closes: \"08:00\"\n"), 12, "opens",
       "opens (20:00) must be before closes (08:00)"},

      // Outlets.
      {"outlet_id_missing", "outlet {\n  hub: \"AAA\"\n  lat: 23\n  lon: 113\n}\n", 8, "id",
       "outlet #3 id is required"},
      {"outlet_id_characters",
       "outlet {\n  id: \"A/2\"\n  hub: \"AAA\"\n  lat: 23\n  lon: 113\n}\n", 9, "id",
       "may contain only letters, digits"},
      {"outlet_id_duplicate", "outlet {\n  id: \"A1\"\n  hub: \"AAA\"\n  lat: 23\n  lon: 113\n}\n",
       9, "id", "outlet 'A1' id is already used by the outlet at line 4"},
      {"outlet_hub_missing", "outlet {\n  id: \"A2\"\n  lat: 23\n  lon: 113\n}\n", 8, "hub",
       "outlet 'A2' hub is required"},
      {"outlet_hub_unknown", "outlet {\n  id: \"A2\"\n  hub: \"ZZZ\"\n  lat: 23\n  lon: 113\n}\n",
       10, "hub", "outlet 'A2' hub 'ZZZ' is not a hub"},
      {"outlet_lon_missing", "outlet {\n  id: \"A2\"\n  hub: \"AAA\"\n  lat: 23\n}\n", 8, "lon",
       "outlet 'A2' lon is required"},
      {"outlet_lat_range", "outlet {\n  id: \"A2\"\n  hub: \"AAA\"\n  lat: -90.5\n  lon: 113\n}\n",
       11, "lat", "must be in [-90, 90] (got -90.5)"},
      {"outlet_couriers_zero", Outlet("  couriers: 0\n"), 13, "couriers",
       "outlet 'A2' couriers must be in 1..10000 (got 0)"},
      {"outlet_couriers_too_many", Outlet("  couriers: 10001\n"), 13, "couriers",
       "must be in 1..10000 (got 10001)"},
      {"outlet_shift_format", Outlet("  shift_end: \"20:5\"\n"), 13, "shift_end",
       "in 00:00..24:00 (got '20:5')"},
      {"outlet_shift_order", Outlet("  shift_start: \"20:00\"\n  shift_end: \"08:00\"\n"), 13,
       "shift_start", "shift_start (20:00) must be before shift_end (08:00)"},
      {"outlet_accounts_zero", Outlet("  accounts: 0\n"), 13, "accounts",
       "must be in 1..1000000 (got 0)"},
      {"outlet_orders_negative", Outlet("  orders_per_day: -1\n"), 13, "orders_per_day",
       "must be in [0, 10000000] (got -1)"},
      {"outlet_orders_too_many", Outlet("  orders_per_day: 10000001\n"), 13, "orders_per_day",
       "must be in [0, 10000000] (got 10000001)"},
      {"outlet_orders_nan", Outlet("  orders_per_day: nan\n"), 13, "orders_per_day",
       "must be a finite number (got nan)"},
      {"outlet_zone_radius_zero", Outlet("  zone_radius_km: 0\n"), 13, "zone_radius_km",
       "must be in (0, 1000] (got 0)"},
      {"outlet_extra_days", Outlet("  extra_days: 31\n"), 13, "extra_days",
       "must be in 0..30 (got 31)"},
      // Shift groups (Outlet.shift): they share the outlet's couriers, instead of its
      // shift_start and shift_end.
      {"shift_group_share_zero",
       Outlet(Shift("    start: \"08:00\"\n    end: \"20:00\"\n    share: 0\n")), 16, "share",
       "outlet 'A2' shift #1 share must be in (0, 1000000] (got 0)"},
      {"shift_group_share_negative",
       Outlet(Group("06:00", "14:00", "2") +
              Shift("    start: \"12:00\"\n    end: \"20:00\"\n    share: -0.5\n")),
       17, "share", "outlet 'A2' shift #2 share must be in (0, 1000000] (got -0.5)"},
      {"shift_group_share_too_big",
       Outlet(Shift("    start: \"08:00\"\n    end: \"20:00\"\n    share: 1000001\n")), 16, "share",
       "must be in (0, 1000000] (got 1000001)"},
      {"shift_group_share_nan",
       Outlet(Shift("    start: \"08:00\"\n    end: \"20:00\"\n    share: nan\n")), 16, "share",
       "outlet 'A2' shift #1 share must be a finite number (got nan)"},
      {"shift_group_share_infinite",
       Outlet(Shift("    start: \"08:00\"\n    end: \"20:00\"\n    share: inf\n")), 16, "share",
       "must be a finite number (got inf)"},
      {"shift_group_start_missing", Outlet(Shift("    end: \"20:00\"\n    share: 2\n")), 13,
       "start", "outlet 'A2' shift #1 start is required"},
      {"shift_group_end_missing", Outlet(Shift("    start: \"08:00\"\n    share: 2\n")), 13, "end",
       "outlet 'A2' shift #1 end is required"},
      {"shift_group_start_end_of_day",
       Outlet(Shift("    start: \"24:00\"\n    end: \"24:00\"\n    share: 0.5\n")), 14, "start",
       "outlet 'A2' shift #1 start must be a time of day \"HH:MM\" in 00:00..23:59 (got '24:00')"},
      {"shift_group_end_format",
       Outlet(Shift("    start: \"08:00\"\n    end: \"20:5\"\n    share: 0.5\n")), 15, "end",
       "in 00:00..24:00 (got '20:5')"},
      {"shift_group_end_before_start",
       Outlet(Shift("    start: \"20:00\"\n    end: \"08:00\"\n    share: 0.5\n")), 14, "start",
       "outlet 'A2' shift #1 start (20:00) must be before end (08:00)"},
      {"shift_group_second_one_named",
       Outlet(Group("07:00", "15:00", "3") + Shift("    start: \"12:00\"\n    end: \"12:00\"\n"
                                                   "    share: 4\n")),
       15, "start", "outlet 'A2' shift #2 start (12:00) must be before end (12:00)"},
      // The outlet's couriers are still its own field, in range, one at least for each group.
      {"couriers_fewer_than_shift_groups",
       Outlet("  couriers: 2\n" + Group("06:00", "14:00") + Group("10:00", "18:00") +
              Group("12:00", "20:00")),
       13, "couriers",
       "outlet 'A2' couriers (2) must be at least its 3 shift groups (each needs one)"},
      // Left out, couriers are 10: too few for 11 groups (reported at the outlet).
      {"default_couriers_fewer_than_shift_groups", Outlet(Repeat(Group("08:00", "20:00"), 11, "")),
       8, "couriers",
       "outlet 'A2' couriers (10) must be at least its 11 shift groups (each needs one)"},
      {"shift_with_couriers_zero", Outlet("  couriers: 0\n" + Group("08:00", "20:00")), 13,
       "couriers", "outlet 'A2' couriers must be in 1..10000 (got 0)"},
      {"shift_with_couriers_too_many",
       Outlet(Group("06:00", "14:00", "0.5") + Group("12:00", "20:00", "0.5") +
              "  couriers: 10001\n"),
       15, "couriers", "outlet 'A2' couriers must be in 1..10000 (got 10001)"},
      {"shift_with_shift_start",
       Outlet("  couriers: 12\n" + Group("08:00", "20:00") + "  shift_start: \"08:00\"\n"), 15,
       "shift_start", "outlet 'A2' shift_start must be left out when shift is given"},
      {"shift_with_shift_end", Outlet("  shift_end: \"20:00\"\n" + Group("08:00", "20:00", "4")),
       13, "shift_end", "outlet 'A2' shift_end must be left out when shift is given"},
      {"shift_groups_with_gap",
       Outlet(Group("06:00", "12:00", "0.6") + Group("13:00", "20:00", "0.4")), 14, "shift",
       "outlet 'A2' shift groups leave a gap from 12:00 to 13:00 when no group is on duty"},
      // Listed out of order, one inside another: the gap is still found, at the group after it.
      {"shift_groups_with_gap_unsorted",
       Outlet(Group("15:00", "22:00", "2") + Group("06:00", "11:00", "4") +
              Group("07:00", "10:00", "1")),
       13, "shift", "shift groups leave a gap from 11:00 to 15:00"},
      {"shift_groups_with_two_gaps",
       Outlet(Group("06:00", "08:00") + Group("09:00", "10:00") + Group("11:00", "24:00")), 14,
       "shift", "gap from 08:00 to 09:00", 2},
      // Enough couriers for them: only the count of groups is wrong.
      {"shift_groups_too_many",
       Outlet(Repeat(Group("08:00", "20:00"), 17, "") + "  couriers: 17\n"), 29, "shift",
       "outlet #3 shift has 17 values (at most 16)"},

      // Linehauls.
      {"linehaul_from_missing",
       "linehaul {\n  to: \"CCC\"\n  transit_minutes: 60\n"
       "  departure: \"21:00\"\n}\n",
       8, "from", "linehaul #3 from is required"},
      {"linehaul_to_unknown",
       "linehaul {\n  from: \"AAA\"\n  to: \"ZZZ\"\n  transit_minutes: 60\n"
       "  departure: \"21:00\"\n}\n",
       10, "to", "linehaul AAA->ZZZ to 'ZZZ' is not a hub"},
      {"linehaul_to_itself",
       "linehaul {\n  from: \"AAA\"\n  to: \"AAA\"\n  transit_minutes: 60\n"
       "  departure: \"21:00\"\n}\n",
       10, "to", "linehaul AAA->AAA to must differ from its from"},
      {"linehaul_duplicate",
       "linehaul {\n  from: \"AAA\"\n  to: \"BBB\"\n  transit_minutes: 60\n"
       "  departure: \"21:00\"\n}\n",
       8, "linehaul", "AAA->BBB is already defined at line 6"},
      {"linehaul_transit_missing",
       "linehaul {\n  from: \"AAA\"\n  to: \"CCC\"\n"
       "  departure: \"21:00\"\n}\n",
       8, "transit_minutes", "linehaul AAA->CCC transit_minutes is required"},
      {"linehaul_transit_zero",
       "linehaul {\n  from: \"AAA\"\n  to: \"CCC\"\n  transit_minutes: 0\n"
       "  departure: \"21:00\"\n}\n",
       11, "transit_minutes", "must be in [1, 43200] (got 0)"},
      {"linehaul_transit_absurd",
       "linehaul {\n  from: \"AAA\"\n  to: \"CCC\"\n  transit_minutes: 1e300\n"
       "  departure: \"21:00\"\n}\n",
       11, "transit_minutes", "must be in [1, 43200] (got 1e+300)"},
      {"linehaul_transit_nan",
       "linehaul {\n  from: \"AAA\"\n  to: \"CCC\"\n"
       "  transit_minutes: -nan\n  departure: \"21:00\"\n}\n",
       11, "transit_minutes", "must be a finite number"},
      {"linehaul_no_departure",
       "linehaul {\n  from: \"AAA\"\n  to: \"CCC\"\n"
       "  transit_minutes: 60\n}\n",
       8, "departure", "linehaul AAA->CCC departure is required (at least one)"},
      {"linehaul_departure_format", Linehaul("  departure: \"9:00\"\n"), 13, "departure",
       "must be a time of day \"HH:MM\" in 00:00..23:59 (got '9:00')"},
      {"linehaul_departure_end_of_day", Linehaul("  departure: \"24:00\"\n"), 13, "departure",
       "in 00:00..23:59 (got '24:00')"},
      {"linehaul_departure_twice", Linehaul("  departure: \"21:00\"\n"), 13, "departure",
       "departure 21:00 is listed twice"},
      {"linehaul_capacity_zero", Linehaul("  capacity: 0\n"), 13, "capacity",
       "must be >= 1 (got 0)"},
      {"linehaul_delay_probability_above_one", Linehaul("  delay_probability: 1.5\n"), 13,
       "delay_probability", "linehaul AAA->CCC delay_probability must be in [0, 1] (got 1.5)"},
      {"linehaul_delay_probability_negative", Linehaul("  delay_probability: -0.1\n"), 13,
       "delay_probability", "must be in [0, 1] (got -0.1)"},
      {"linehaul_delay_mean_zero", Linehaul("  delay_mean_minutes: 0\n"), 13, "delay_mean_minutes",
       "linehaul AAA->CCC delay_mean_minutes must be in (0, 1440] (got 0)"},
      {"linehaul_delay_mean_too_long", Linehaul("  delay_mean_minutes: 1441\n"), 13,
       "delay_mean_minutes", "must be in (0, 1440] (got 1441)"},

      // Demand.
      {"profile_not_24_values", "demand {\n  hourly_profile: [" + profile23 + "]\n}\n", 9,
       "hourly_profile", "must have 24 values, hour 0 first (got 23)"},
      {"profile_negative_value", "demand {\n  hourly_profile: [" + profile23 + ", -1]\n}\n", 9,
       "hourly_profile", "hourly_profile value 24 must be >= 0 (got -1)"},
      {"profile_zero_sum", "demand {\n  hourly_profile: [" + Repeat("0", 24, ", ") + "]\n}\n", 9,
       "hourly_profile", "must have a positive sum"},
      {"day_multiplier_negative", "demand {\n  day_multiplier: 1\n  day_multiplier: -0.5\n}\n", 10,
       "day_multiplier", "day_multiplier value 2 must be >= 0 (got -0.5)"},
      {"gravity_exponent_negative", "demand {\n  gravity_exponent: -1\n}\n", 9, "gravity_exponent",
       "must be >= 0 (got -1)"},
      {"gravity_scale_zero", "demand {\n  gravity_scale_km: 0\n}\n", 9, "gravity_scale_km",
       "must be > 0 (got 0)"},
      {"account_size_sigma_negative", "demand {\n  account_size_sigma: -0.1\n}\n", 9,
       "account_size_sigma", "must be in [0, 10] (got -0.1)"},
      {"customers_top_revenue_below_top_accounts",
       "customers {\n  top_accounts_share: 0.3\n  top_revenue_share: 0.2\n}\n", 10,
       "top_revenue_share", "must be at least top_accounts_share (0.3)"},
      {"customers_cut_points_not_decreasing",
       "customers {\n  satisfaction {\n    satisfied_from: 2\n  }\n}\n", 10, "satisfied_from",
       "satisfied_from (2) must be below very_satisfied_from (1)"},
      {"customers_negative_weight_below_one",
       "customers {\n  satisfaction {\n    negative_weight: 0.5\n  }\n}\n", 10, "negative_weight",
       "customers satisfaction negative_weight must be in [1, 100] (got 0.5)"},
      {"customers_negative_weight_too_large",
       "customers {\n  satisfaction {\n    negative_weight: 101\n  }\n}\n", 10, "negative_weight",
       "must be in [1, 100] (got 101)"},
      {"customers_feedback_zero", "customers {\n  feedback_minutes: 0\n}\n", 9, "feedback_minutes",
       "must be in [1, 1440] (got 0)"},
      {"customers_churn_above_one",
       "customers {\n  churn {\n    max_daily_probability: 2\n  }\n}\n", 10,
       "max_daily_probability", "must be in [0, 1] (got 2)"},
      {"customers_sqi_weight_negative", "customers {\n  sqi_weights {\n    lost: -1\n  }\n}\n", 10,
       "lost", "customers sqi_weights lost must be in [0, 1000] (got -1)"},
      {"customers_complaint_call_type_unknown",
       CallCenter("") + "customers {\n  complaints {\n    call_type: \"nope\"\n  }\n}\n", 14,
       "call_type", "call_type 'nope' is not the name of a call_center call_type"},
      {"od_from_hub_unknown",
       Od("  od {\n    from_hub: \"ZZZ\"\n    to_hub: \"AAA\"\n    weight: 1\n  }\n"), 12,
       "from_hub", "demand od #3 from_hub 'ZZZ' is not a hub"},
      {"od_to_hub_missing", Od("  od {\n    from_hub: \"AAA\"\n    weight: 1\n  }\n"), 11, "to_hub",
       "demand od #3 to_hub is required"},
      {"od_weight_missing", Od("  od {\n    from_hub: \"AAA\"\n    to_hub: \"AAA\"\n  }\n"), 11,
       "weight", "demand od #3 weight is required"},
      {"od_weight_negative",
       Od("  od {\n    from_hub: \"AAA\"\n    to_hub: \"AAA\"\n    weight: -1\n  }\n"), 14,
       "weight", "must be >= 0 (got -1)"},
      {"od_duplicate",
       Od("  od {\n    from_hub: \"AAA\"\n    to_hub: \"BBB\"\n    weight: 1\n  }\n"), 11, "od",
       "AAA->BBB is already given at line 9"},
      {"od_to_hub_without_outlets",
       Od("  od {\n    from_hub: \"AAA\"\n    to_hub: \"CCC\"\n    weight: 1\n  }\n"), 13, "to_hub",
       "to_hub 'CCC' has no outlet to deliver to"},
      {"od_no_row_from_an_outlet_hub",
       "demand {\n  od { from_hub: \"AAA\" to_hub: \"BBB\" weight: 1 }\n"
       "  od { from_hub: \"BBB\" to_hub: \"AAA\" weight: 0 }\n}\n",
       9, "od", "no entry with a positive weight from hub 'BBB'"},

      // The courier model.
      {"speed_zero", "couriers {\n  speed_kmh: 0\n}\n", 9, "speed_kmh",
       "couriers speed_kmh must be in [0.1, 1000] (got 0)"},
      {"travel_time_cv_negative", "couriers {\n  travel_time_cv: -0.3\n}\n", 9, "travel_time_cv",
       "must be in [0, 10] (got -0.3)"},
      {"travel_time_cv_absurd", "couriers {\n  travel_time_cv: 1e9\n}\n", 9, "travel_time_cv",
       "must be in [0, 10] (got 1000000000)"},
      {"speed_absurd", "couriers {\n  speed_kmh: 1e12\n}\n", 9, "speed_kmh",
       "must be in [0.1, 1000] (got 1000000000000)"},
      {"pickup_service_negative", "couriers {\n  pickup_service_minutes: -1\n}\n", 9,
       "pickup_service_minutes", "must be in [0, 1440] (got -1)"},
      {"delivery_service_negative", "couriers {\n  delivery_service_minutes: -2\n}\n", 9,
       "delivery_service_minutes", "must be in [0, 1440] (got -2)"},
      {"run_capacity_zero", "couriers {\n  run_capacity: 0\n}\n", 9, "run_capacity",
       "must be in 1..10000 (got 0)"},
      {"run_capacity_too_many", "couriers {\n  run_capacity: 10001\n}\n", 9, "run_capacity",
       "couriers run_capacity must be in 1..10000 (got 10001)"},
      {"minutes_per_parcel_negative", "couriers {\n  minutes_per_parcel: -0.1\n}\n", 9,
       "minutes_per_parcel", "must be in [0, 1440] (got -0.1)"},
      {"parcels_per_stop_zero", "couriers {\n  parcels_per_stop: 0\n}\n", 9, "parcels_per_stop",
       "couriers parcels_per_stop must be in [1, 1000] (got 0)"},
      {"parcels_per_stop_below_one", "couriers {\n  parcels_per_stop: 0.5\n}\n", 9,
       "parcels_per_stop", "must be in [1, 1000] (got 0.5)"},
      {"parcels_per_stop_too_many", "couriers {\n  parcels_per_stop: 1001\n}\n", 9,
       "parcels_per_stop", "must be in [1, 1000] (got 1001)"},
      {"point_clusters_zero", "couriers {\n  point_clusters: 0\n}\n", 9, "point_clusters",
       "couriers point_clusters must be in 1..1000 (got 0)"},
      {"point_clusters_too_many", "couriers {\n  point_clusters: 1001\n}\n", 9, "point_clusters",
       "must be in 1..1000 (got 1001)"},
      {"cluster_spread_zero", "couriers {\n  cluster_spread: 0\n}\n", 9, "cluster_spread",
       "couriers cluster_spread must be in (0, 1] (got 0)"},
      {"cluster_spread_above_one", "couriers {\n  cluster_spread: 1.5\n}\n", 9, "cluster_spread",
       "must be in (0, 1] (got 1.5)"},
      {"cluster_spread_nan_uniform",
       "couriers {\n  point_layout: UNIFORM\n  cluster_spread: nan\n}\n", 10, "cluster_spread",
       "must be a finite number (got nan)"},
      {"outlet_sort_minutes_too_long", "couriers {\n  outlet_sort_minutes: 2000\n}\n", 9,
       "outlet_sort_minutes", "couriers outlet_sort_minutes must be in [0, 1440] (got 2000)"},
      {"outlet_sort_minutes_negative", "couriers {\n  outlet_sort_minutes: -1\n}\n", 9,
       "outlet_sort_minutes", "must be in [0, 1440] (got -1)"},
      {"circuity_below_one", "couriers {\n  circuity: 0.5\n}\n", 9, "circuity",
       "couriers circuity must be in [1, 5] (got 0.5)"},
      {"circuity_too_high", "couriers {\n  circuity: 5.5\n}\n", 9, "circuity",
       "must be in [1, 5] (got 5.5)"},
      {"failed_delivery_probability_one", "couriers {\n  failed_delivery_probability: 1\n}\n", 9,
       "failed_delivery_probability", "must be in [0, 1) (got 1)"},
      {"shuttle_zero", "couriers {\n  shuttle_minutes: 0\n}\n", 9, "shuttle_minutes",
       "must be in [1, 43200] (got 0)"},
      {"outlet_to_hub_departure_format",
       "couriers {\n  outlet_to_hub_departure: \"09:00\"\n  outlet_to_hub_departure: "
       "\"25:00\"\n}\n",
       10, "outlet_to_hub_departure", "(got '25:00')"},
      {"hub_to_outlet_departure_twice",
       "couriers {\n  hub_to_outlet_departure: \"06:00\"\n  hub_to_outlet_departure: "
       "\"06:00\"\n}\n",
       10, "hub_to_outlet_departure", "06:00 is listed twice"},

      // Hub outages.
      {"outage_hub_missing", "hub_outage {\n  start: \"10:00\"\n  duration_minutes: 60\n}\n", 8,
       "hub", "hub_outage #1 hub is required"},
      {"outage_hub_unknown",
       "hub_outage {\n  hub: \"ZZZ\"\n  start: \"10:00\"\n"
       "  duration_minutes: 60\n}\n",
       9, "hub", "hub_outage #1 hub 'ZZZ' is not a hub"},
      {"outage_day_zero", Outage("  day: 0\n"), 12, "day", "must be in 1..1 (got 0)"},
      {"outage_day_beyond_days", Outage("  day: 4\n") + "days: 3\n", 12, "day",
       "must be in 1..3 (got 4)"},
      {"outage_start_missing", "hub_outage {\n  hub: \"AAA\"\n  duration_minutes: 60\n}\n", 8,
       "start", "hub_outage #1 start is required"},
      {"outage_start_format",
       "hub_outage {\n  hub: \"AAA\"\n  start: \"10h\"\n"
       "  duration_minutes: 60\n}\n",
       10, "start", "(got '10h')"},
      {"outage_duration_missing", "hub_outage {\n  hub: \"AAA\"\n  start: \"10:00\"\n}\n", 8,
       "duration_minutes", "hub_outage #1 duration_minutes is required"},
      {"outage_duration_zero",
       "hub_outage {\n  hub: \"AAA\"\n  start: \"10:00\"\n"
       "  duration_minutes: 0\n}\n",
       11, "duration_minutes", "must be in (0, 43200] (got 0)"},

      // Linehaul disruptions.
      {"disruption_from_missing",
       "linehaul_disruption {\n  to: \"BBB\"\n  departure: \"22:00\"\n}\n", 8, "from",
       "linehaul_disruption #1 from is required"},
      {"disruption_without_linehaul",
       "linehaul_disruption {\n  from: \"AAA\"\n  to: \"CCC\"\n"
       "  departure: \"22:00\"\n}\n",
       10, "to", "there is no linehaul AAA->CCC"},
      {"disruption_departure_missing", "linehaul_disruption {\n  from: \"AAA\"\n  to: \"BBB\"\n}\n",
       8, "departure", "linehaul_disruption #1 departure is required"},
      {"disruption_departure_format",
       "linehaul_disruption {\n  from: \"AAA\"\n  to: \"BBB\"\n"
       "  departure: \"21:60\"\n}\n",
       11, "departure", "(got '21:60')"},
      {"disruption_departure_not_scheduled",
       "linehaul_disruption {\n  from: \"AAA\"\n"
       "  to: \"BBB\"\n  departure: \"21:00\"\n}\n",
       11, "departure", "departure 21:00 is not a departure of linehaul AAA->BBB"},
      {"disruption_day_beyond_days", Disruption("  day: 2\n"), 12, "day",
       "must be in 1..1 (got 2)"},
      {"disruption_delay_negative", Disruption("  delay_minutes: -5\n"), 12, "delay_minutes",
       "must be in [0, 43200] (got -5)"},

      // The call center: the network it may leave out.
      {"call_center_hubs_without_outlets",
       "hub { id: \"AAA\" lat: 23 lon: 113 }\n" + CallCenter(""), 1, "outlet",
       "the scenario has hubs but no outlet", 1, true},
      {"call_center_outlets_without_hubs",
       "outlet { id: \"A1\" hub: \"AAA\" lat: 23 lon: 113 }\n" + CallCenter(""), 1, "hub",
       "the scenario has outlets but no hub", 2, true},

      // The call center: size limits.
      {"too_many_call_types",
       "call_center {\n  agents: 5\n" + Repeat("  call_type { name: \"T\" }", 101, "\n") + "\n}\n",
       110, "call_type", "call_center call_type has 101 values (at most 100)"},
      {"total_calls_per_day",
       CallCenter(
           "  call_type { name: \"a\" calls_per_day: 5000000 handle_time { mean_seconds: 60 } }\n"
           "  call_type { name: \"b\" calls_per_day: 5000000 handle_time { mean_seconds: 60 } }\n"),
       8, "calls_per_day",
       "the call types have 10001000 calls_per_day in total (at most 10000000)"},

      // The call center itself.
      {"service_level_zero", CallCenter("  service_level_seconds: 0\n"), 11,
       "service_level_seconds", "call_center service_level_seconds must be in (0, 86400] (got 0)"},
      {"service_level_too_long", CallCenter("  service_level_seconds: 86401\n"), 11,
       "service_level_seconds", "must be in (0, 86400] (got 86401)"},
      {"interval_minutes_20", CallCenter("  interval_minutes: 20\n"), 11, "interval_minutes",
       "call_center interval_minutes must be 15 or 30 (got 20)"},
      {"call_type_missing", "call_center {\n  agents: 5\n}\n", 8, "call_type",
       "call_center call_type is required (at least one)"},
      {"key_account_share_above_one", CallCenter("  key_account_share: 1.5\n"), 11,
       "key_account_share", "call_center key_account_share must be in [0, 1] (got 1.5)"},
      {"phone_order_share_negative", CallCenter("  phone_order_share: -0.5\n"), 11,
       "phone_order_share", "must be in [0, 1] (got -0.5)"},
      {"late_pickup_call_probability_above_one", CallCenter("  late_pickup_call_probability: 2\n"),
       11, "late_pickup_call_probability", "must be in [0, 1] (got 2)"},
      {"late_delivery_call_probability_negative",
       CallCenter("  late_delivery_call_probability: -0.1\n"), 11, "late_delivery_call_probability",
       "must be in [0, 1] (got -0.1)"},
      {"failed_delivery_call_probability_nan",
       CallCenter("  failed_delivery_call_probability: nan\n"), 11,
       "failed_delivery_call_probability", "must be a finite number (got nan)"},
      {"reaction_minutes_zero", CallCenter("  reaction_minutes: 0\n"), 11, "reaction_minutes",
       "call_center reaction_minutes must be in [1, 1440] (got 0)"},
      {"reaction_minutes_too_long", CallCenter("  reaction_minutes: 1441\n"), 11,
       "reaction_minutes", "must be in [1, 1440] (got 1441)"},
      {"reaction_extra_minutes_negative", CallCenter("  reaction_extra_minutes: -1\n"), 11,
       "reaction_extra_minutes", "must be in [0, 1440] (got -1)"},
      {"reaction_extra_minutes_infinite", CallCenter("  reaction_extra_minutes: inf\n"), 11,
       "reaction_extra_minutes", "must be a finite number (got inf)"},
      {"redial_probability_one", CallCenter("  redial_probability: 1\n"), 11, "redial_probability",
       "must be in [0, 1) (got 1)"},
      {"redial_minutes_zero", CallCenter("  redial_minutes: 0\n"), 11, "redial_minutes",
       "must be in (0, 1440] (got 0)"},
      {"redial_minutes_too_long", CallCenter("  redial_minutes: 2000\n"), 11, "redial_minutes",
       "must be in (0, 1440] (got 2000)"},

      // Call types.
      {"call_type_name_missing",
       CallCenter("  call_type {\n    handle_time { mean_seconds: 60 }\n  }\n"), 11, "name",
       "call_center call_type #2 name is required"},
      {"call_type_name_characters",
       CallCenter("  call_type {\n    name: \"where is\"\n    handle_time { mean_seconds: 60 }\n"
                  "  }\n"),
       12, "name", "name 'where is' may contain only letters, digits, '-' and '_'"},
      {"call_type_name_too_long",
       CallCenter("  call_type {\n    name: \"" + std::string(65, 'x') +
                  "\"\n    handle_time { mean_seconds: 60 }\n  }\n"),
       12, "name", "is longer than 64 characters"},
      {"call_type_name_duplicate",
       CallCenter("  call_type {\n    name: \"tracking\"\n    handle_time { mean_seconds: 60 }\n"
                  "  }\n"),
       12, "name", "call_type 'tracking' name is already used by the call type at line 10"},
      {"calls_per_day_negative", CallType("    calls_per_day: -1\n"), 14, "calls_per_day",
       "call_center call_type 'order' calls_per_day must be >= 0 (got -1)"},
      {"calls_per_day_infinite", CallType("    calls_per_day: inf\n"), 14, "calls_per_day",
       "must be a finite number (got inf)"},
      {"call_profile_not_24_values", CallType("    hourly_profile: [" + profile23 + "]\n"), 14,
       "hourly_profile",
       "call_type 'order' hourly_profile must have 24 values, hour 0 first (got 23)"},
      {"call_profile_negative_value", CallType("    hourly_profile: [" + profile23 + ", -1]\n"), 14,
       "hourly_profile", "hourly_profile value 24 must be >= 0 (got -1)"},
      {"call_profile_zero_sum", CallType("    hourly_profile: [" + Repeat("0", 24, ", ") + "]\n"),
       14, "hourly_profile", "call_type 'order' hourly_profile must have a positive sum"},
      {"handle_time_missing", CallCenter("  call_type {\n    name: \"order\"\n  }\n"), 11,
       "handle_time", "call_center call_type 'order' handle_time is required"},
      {"self_service_share_above_one", CallType("    self_service_share: 1.01\n"), 14,
       "self_service_share", "must be in [0, 1] (got 1.01)"},

      // Distributions (a handle time; patience below).
      {"distribution_mean_missing", HandleTime("      kind: CONSTANT\n"), 13, "mean_seconds",
       "call_type 'order' handle_time mean_seconds is required"},
      {"distribution_mean_zero", HandleTime("      mean_seconds: 0\n"), 14, "mean_seconds",
       "handle_time mean_seconds must be in (0, 86400] (got 0)"},
      {"distribution_mean_too_long", HandleTime("      mean_seconds: 86400.5\n"), 14,
       "mean_seconds", "must be in (0, 86400] (got 86400.5)"},
      {"distribution_mean_nan", HandleTime("      mean_seconds: nan\n"), 14, "mean_seconds",
       "must be a finite number (got nan)"},
      {"distribution_lognormal_stddev_missing",
       HandleTime("      kind: LOGNORMAL\n      mean_seconds: 60\n"), 13, "stddev_seconds",
       "handle_time stddev_seconds is required for kind LOGNORMAL"},
      {"distribution_lognormal_stddev_zero",
       HandleTime("      kind: LOGNORMAL\n      mean_seconds: 60\n      stddev_seconds: 0\n"), 16,
       "stddev_seconds", "must be in (0, 86400] (got 0)"},
      {"distribution_lognormal_stddev_too_long",
       HandleTime("      kind: LOGNORMAL\n      mean_seconds: 60\n      stddev_seconds: 90000\n"),
       16, "stddev_seconds", "must be in (0, 86400] (got 90000)"},
      {"distribution_unused_stddev_infinite",
       HandleTime("      mean_seconds: 60\n      stddev_seconds: inf\n"), 15, "stddev_seconds",
       "handle_time stddev_seconds must be a finite number (got inf)"},
      {"patience_mean_missing", Patience("    kind: EXPONENTIAL\n"), 11, "mean_seconds",
       "call_center patience mean_seconds is required"},
      {"patience_mean_negative", Patience("    mean_seconds: -60\n"), 12, "mean_seconds",
       "call_center patience mean_seconds must be in (0, 86400] (got -60)"},
      {"patience_lognormal_stddev_missing", Patience("    kind: LOGNORMAL\n    mean_seconds: 60\n"),
       11, "stddev_seconds", "call_center patience stddev_seconds is required for kind LOGNORMAL"},

      // Agents.
      {"agents_missing", CallCenter("", ""), 8, "agents", "call_center agents is required"},
      {"agents_count", CallCenter("", "  agents: [" + Repeat("5", 47, ", ") + "]\n"), 9, "agents",
       "agents must have 1 value (the whole day) or 48 (one per 30-minute interval from 00:00) "
       "(got 47)"},
      {"agents_count_15_minutes",
       CallCenter("  interval_minutes: 15\n", "  agents: [" + Repeat("5", 48, ", ") + "]\n"), 9,
       "agents", "or 96 (one per 15-minute interval from 00:00) (got 48)"},
      {"agents_too_many", CallCenter("", "  agents: 100001\n"), 9, "agents",
       "call_center agents value 1 must be in 0..100000 (got 100001)"},
      {"agents_too_many_in_a_list",
       CallCenter("", "  agents: [" + Repeat("5", 47, ", ") + "]\n  agents: 100001\n"), 10,
       "agents", "agents value 48 must be in 0..100000 (got 100001)"},
      {"agents_all_zero", CallCenter("", "  agents: [" + Repeat("0", 48, ", ") + "]\n"), 9,
       "agents", "call_center agents must have at least one value > 0"},

      // The call types that calls caused by the network are of.
      {"phone_order_type_default_missing", CallCenter("  phone_order_share: 0.1\n"), 8,
       "phone_order_type",
       "call_center phone_order_type 'order' (the default) is not the name of a call_type; "
       "phone orders (phone_order_share > 0) need one"},
      {"phone_order_type_unknown",
       CallCenter("  phone_order_share: 0.1\n  phone_order_type: \"orders\"\n"), 12,
       "phone_order_type", "phone_order_type 'orders' is not the name of a call_type"},
      {"failure_call_type_default_missing",
       "call_center {\n  agents: 5\n  call_type { name: \"order\" handle_time { mean_seconds: 60 } "
       "}\n}\n",
       8, "failure_call_type",
       "call_center failure_call_type 'tracking' (the default) is not the name of a call_type; "
       "calls after failures (late_pickup_call_probability > 0) need one"},
      {"failure_call_type_unknown", CallCenter("  failure_call_type: \"where\"\n"), 11,
       "failure_call_type", "failure_call_type 'where' is not the name of a call_type"},
      {"failure_call_type_needed_by_one_probability",
       CallCenter("  late_pickup_call_probability: 0\n  late_delivery_call_probability: 0\n"
                  "  failure_call_type: \"where\"\n"),
       13, "failure_call_type", "(failed_delivery_call_probability > 0) need one"},

      // Reachability.
      {"outlet_hub_unreachable_both_ways",
       "outlet {\n  id: \"C1\"\n  hub: \"CCC\"\n  lat: 22.3\n  lon: 113.5\n}\n", 3, "linehaul",
       "outlet hub 'CCC' cannot be reached from hub 'AAA' by any linehaul", 2},
      {"outlet_hub_unreachable_one_way",
       "outlet {\n  id: \"C1\"\n  hub: \"CCC\"\n  lat: 22.3\n  lon: 113.5\n}\n"
       "linehaul { from: \"AAA\" to: \"CCC\" transit_minutes: 60 departure: \"21:00\" }\n",
       3, "linehaul", "outlet hub 'AAA' cannot be reached from hub 'CCC' by any linehaul"},
  };
}

class BadScenario : public testing::TestWithParam<BadCase> {};

TEST_P(BadScenario, IsReportedAtTheLineOfTheField) {
  const BadCase& c = GetParam();
  const std::vector<std::string> messages = MessagesOf(c.replace_base ? c.text : kBase + c.text);
  std::string all;
  for (const std::string& m : messages) all += "\n  " + m;
  EXPECT_EQ(static_cast<int>(messages.size()), c.count) << all;
  const std::string prefix = "bad.textproto:" + std::to_string(c.line) + ": ";
  bool found = false;
  for (const std::string& m : messages) {
    if (m.rfind(prefix, 0) == 0 && m.find(c.field) != std::string::npos &&
        m.find(c.part) != std::string::npos) {
      found = true;
    }
  }
  EXPECT_TRUE(found) << "expected a message starting with '" << prefix << "' naming '" << c.field
                     << "' and containing '" << c.part << "'; got:" << all;
}

INSTANTIATE_TEST_SUITE_P(Validation, BadScenario, testing::ValuesIn(BadCases()),
                         [](const testing::TestParamInfo<BadCase>& test) {
                           return test.param.name;
                         });

TEST(Validation, ErrorCapEndsWithANote) {
  const auto messages =
      MessagesOf(std::string(kBase) + Repeat("hub { id: \"AAA\" lat: 23 lon: 113 }", 60, "\n"));
  ASSERT_EQ(static_cast<int>(messages.size()), kMaxReportedErrors + 1);
  EXPECT_EQ(messages.back(), "bad.textproto: too many errors; stopped after the first 50");
}

// ---- the courier's day: shift groups, delivery points, policies ----

TEST(Validation, NewFieldsTakeTheirDocumentedDefaults) {
  const Scenario s = LoadScenarioText(kBase, "base.textproto");
  EXPECT_EQ(s.min_connection_minutes(), 45);
  EXPECT_EQ(s.linehaul(0).delay_probability(), 0.05);
  EXPECT_EQ(s.linehaul(0).delay_mean_minutes(), 45);
  EXPECT_EQ(s.outlet(0).shift_size(), 0);
  EXPECT_EQ(s.outlet(0).couriers(), 10u);
  EXPECT_EQ(s.outlet(0).shift_start(), "08:00");
  EXPECT_EQ(s.outlet(0).shift_end(), "20:00");
  EXPECT_EQ(Totals(s).couriers, 20);
  EXPECT_FALSE(ShiftGroup().has_share());
  EXPECT_EQ(ShiftGroup().share(), 1);
  const CourierModel& c = s.couriers();
  EXPECT_EQ(c.speed_kmh(), 18);
  EXPECT_EQ(c.travel_time_cv(), 0.3);
  EXPECT_EQ(c.pickup_service_minutes(), 2);
  EXPECT_EQ(c.delivery_service_minutes(), 1.5);
  EXPECT_EQ(c.run_capacity(), 100u);
  EXPECT_EQ(c.failed_delivery_probability(), 0.05);
  EXPECT_EQ(c.minutes_per_parcel(), 0.4);
  EXPECT_EQ(c.parcels_per_stop(), 1.6);
  EXPECT_EQ(c.point_layout(), CLUSTERED);
  EXPECT_EQ(c.point_clusters(), 6u);
  EXPECT_EQ(c.cluster_spread(), 0.3);
  EXPECT_EQ(c.dispatch_policy(), SAVABLE_FIRST);
  EXPECT_TRUE(c.help_neighbours());
  EXPECT_EQ(c.outlet_sort_minutes(), 20);
  EXPECT_EQ(c.retry_policy(), NEXT_RUN);
  EXPECT_EQ(c.circuity(), 1.3);
}

TEST(Validation, NewFieldsAtTheEndsOfTheirRanges) {
  for (const char* ends : {R"(min_connection_minutes: 0
linehaul { from: "AAA" to: "CCC" transit_minutes: 60 departure: "21:00"
           delay_probability: 0 delay_mean_minutes: 0.001 }
couriers { run_capacity: 1 minutes_per_parcel: 0 parcels_per_stop: 1 point_clusters: 1
           cluster_spread: 1e-9 outlet_sort_minutes: 0 circuity: 1 }
)",
                           R"(min_connection_minutes: 1440
linehaul { from: "AAA" to: "CCC" transit_minutes: 60 departure: "21:00"
           delay_probability: 1 delay_mean_minutes: 1440 }
couriers { run_capacity: 10000 minutes_per_parcel: 1440 parcels_per_stop: 1000
           point_clusters: 1000 cluster_spread: 1 outlet_sort_minutes: 1440 circuity: 5
           point_layout: CLUSTERED dispatch_policy: EARLIEST_DEADLINE_FIRST
           retry_policy: NEXT_DAY help_neighbours: false }
)",
                           // Without clusters, their count and spread are not used.
                           R"(couriers { point_layout: UNIFORM point_clusters: 0 cluster_spread: 0
           retry_policy: NEXT_WAVE }
)"}) {
    EXPECT_EQ(MessagesOf(std::string(kBase) + ends), std::vector<std::string>{}) << ends;
  }
}

TEST(Validation, ShiftGroupsLoad) {
  // Staggered groups, overlapping and listed out of order, the last ending at midnight;
  // shares that need not add up to anything, one left out (1), at the ends of their range.
  const Scenario s = LoadScenarioText(std::string(kBase) + R"(outlet {
  id: "A2" hub: "AAA" lat: 23 lon: 113
  couriers: 16
  shift { start: "12:00" end: "24:00" share: 0.375 }
  shift { start: "06:30" end: "14:30" }
  shift { start: "07:00" end: "12:00" share: 1e-9 }
}
outlet {
  id: "A3" hub: "AAA" lat: 23 lon: 113
  couriers: 10000
  shift { start: "08:00" end: "20:00" share: 1e6 }
}
outlet {
  id: "A4" hub: "AAA" lat: 23 lon: 113
  couriers: 3
  shift { start: "06:00" end: "14:00" share: 2 }
  shift { start: "10:00" end: "18:00" share: 2 }
  shift { start: "14:00" end: "22:00" share: 5 }
}
outlet {
  id: "A5" hub: "AAA" lat: 23 lon: 113
  shift { start: "06:00" end: "14:00" share: 0.6 }
  shift { start: "10:00" end: "20:00" share: 0.4 }
}
)",
                                      "shifts.textproto");
  ASSERT_EQ(s.outlet_size(), 6);
  const io::Outlet& o = s.outlet(2);
  ASSERT_EQ(o.shift_size(), 3);
  EXPECT_EQ(o.shift(0).end(), "24:00");
  EXPECT_EQ(o.shift(0).share(), 0.375);
  EXPECT_FALSE(o.shift(1).has_share());
  EXPECT_EQ(o.shift(1).share(), 1);
  EXPECT_EQ(o.shift(2).share(), 1e-9);
  EXPECT_TRUE(o.has_couriers());
  EXPECT_EQ(o.couriers(), 16u);
  EXPECT_EQ(s.outlet(3).shift(0).share(), 1e6);
  EXPECT_EQ(s.outlet(3).couriers(), 10000u);
  EXPECT_EQ(s.outlet(4).couriers(), 3u);  // as many as groups: one each
  EXPECT_FALSE(s.outlet(5).has_couriers());
  EXPECT_EQ(s.outlet(5).couriers(), 10u);  // the default, over both groups
  // The total (what `hubsim validate` reports) is the outlets' couriers: the groups' shares
  // do not count.
  std::int64_t sum = 0;
  for (const io::Outlet& each : s.outlet()) sum += each.couriers();
  EXPECT_EQ(sum, 10 + 10 + 16 + 10000 + 3 + 10);
  EXPECT_EQ(Totals(s).couriers, sum);
  EXPECT_EQ(Totals(s).outlets, 6);
  // Groups that meet end to start leave no gap; sixteen groups are allowed, with as many
  // couriers.
  std::string sixteen = "outlet {\n  id: \"A2\" hub: \"AAA\" lat: 23 lon: 113 couriers: 16\n";
  for (int h = 0; h < 16; ++h) {
    char group[80];
    std::snprintf(group, sizeof group,
                  "  shift { start: \"%02d:00\" end: \"%02d:00\" share: %d }\n", h + 4, h + 5,
                  h + 1);
    sixteen += group;
  }
  sixteen += "}\n";
  const Scenario t = LoadScenarioText(std::string(kBase) + sixteen, "sixteen.textproto");
  EXPECT_EQ(t.outlet(2).shift_size(), 16);
  EXPECT_EQ(t.outlet(2).shift(15).share(), 16);
  EXPECT_EQ(Totals(t).couriers, 10 + 10 + 16);
}

TEST(FindScenarioProblems, ShiftGroupsAreNamedByTheirPaths) {
  Scenario s = LoadScenarioText(kBase, "base.textproto");
  io::Outlet& o = *s.mutable_outlet(1);
  o.set_couriers(12);  // with groups: allowed
  ShiftGroup* early = o.add_shift();
  early->set_start("06:00");
  early->set_end("11:00");
  early->set_share(3);
  ShiftGroup* late = o.add_shift();
  late->set_start("12:00");
  late->set_end("20:00");
  late->set_share(0);
  o.set_shift_end("20:00");
  std::vector<std::string> paths;
  std::vector<std::string> messages;
  for (const ScenarioProblem& p : FindScenarioProblems(s)) {
    paths.push_back(p.path);
    messages.push_back(p.message);
  }
  EXPECT_EQ(paths, (std::vector<std::string>{"outlet[1].shift_end", "outlet[1].shift[1].share",
                                             "outlet[1].shift"}));
  ASSERT_EQ(messages.size(), 3u);
  EXPECT_EQ(messages[1], "outlet 'B1' shift #2 share must be in (0, 1000000] (got 0)");
  EXPECT_EQ(
      messages[2],
      "outlet 'B1' shift groups leave a gap from 11:00 to 12:00 when no group is on duty (the "
      "hours on duty must be one interval of the day)");
  // Fewer couriers than groups: at the outlet's couriers.
  o.clear_shift_end();
  late->set_start("11:00");
  late->set_share(2);
  o.set_couriers(1);
  const std::vector<ScenarioProblem> few = FindScenarioProblems(s);
  ASSERT_EQ(few.size(), 1u);
  EXPECT_EQ(few[0].path, "outlet[1].couriers");
  EXPECT_EQ(few[0].message,
            "outlet 'B1' couriers (1) must be at least its 2 shift groups (each needs one)");
  // A list built in memory is held to the same limit as one in a text.
  Scenario many = LoadScenarioText(kBase, "base.textproto");
  many.mutable_outlet(0)->set_couriers(17);
  for (int i = 0; i < 17; ++i) *many.mutable_outlet(0)->add_shift() = *early;
  const std::vector<ScenarioProblem> problems = FindScenarioProblems(many);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].path, "outlet[0].shift[16]");
  EXPECT_EQ(problems[0].message, "outlet #1 shift has 17 values (at most 16)");
}

TEST(Validation, WarmupDaysBelowDaysAreValid) {
  EXPECT_EQ(MessagesOf(std::string(kBase) + "days: 3\nwarmup_days: 2\n"), std::vector<std::string>{});
}

// ---- validation of scenarios built in memory ----

TEST(FindScenarioProblems, NamesTheFieldByItsPath) {
  Scenario s = LoadScenarioText(kBase, "base.textproto");
  EXPECT_TRUE(FindScenarioProblems(s).empty());
  s.mutable_outlet(1)->set_couriers(0);
  s.mutable_demand()->add_day_multiplier(1);
  s.mutable_demand()->add_day_multiplier(-2);
  s.mutable_linehaul(0)->set_departure(1, "25:00");
  s.set_warmup_days(1);
  const std::vector<ScenarioProblem> problems = FindScenarioProblems(s);
  std::vector<std::string> paths;
  for (const ScenarioProblem& p : problems) paths.push_back(p.path);
  EXPECT_EQ(paths, (std::vector<std::string>{"warmup_days", "outlet[1].couriers",
                                             "linehaul[0].departure[1]", "demand.day_multiplier[1]"}));
  EXPECT_EQ(problems[1].message, "outlet 'B1' couriers must be in 1..10000 (got 0)");
}

TEST(FindScenarioProblems, ListsAndTheScenarioAsAWhole) {
  Scenario s = LoadScenarioText(kBase, "base.textproto");
  s.clear_outlet();
  const std::vector<ScenarioProblem> problems = FindScenarioProblems(s);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].path, "outlet");
  EXPECT_EQ(problems[0].message, "the scenario has no outlet (at least one is required)");
}

TEST(ValidateScenario, ReferencesToOtherPlacesNameThemByPath) {
  Scenario s = LoadScenarioText(kBase, "base.textproto");
  s.mutable_outlet(1)->set_id("A1");
  const std::vector<ScenarioProblem> problems = FindScenarioProblems(s);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].path, "outlet[1].id");
  EXPECT_EQ(problems[0].message, "outlet 'A1' id is already used by the outlet at outlet[0]");
}

TEST(ValidateScenario, AppliesTheLoadersRulesWithoutLines) {
  Scenario s = LoadScenarioText(kBase, "base.textproto");
  EXPECT_NO_THROW(ValidateScenario(s, "edited"));
  s.set_days(0);
  s.mutable_hub(0)->set_sort_rate_per_hour(-1);
  try {
    ValidateScenario(s, "edited");
    FAIL() << "an invalid scenario passed";
  } catch (const ScenarioError& e) {
    EXPECT_EQ(e.messages(),
              (std::vector<std::string>{"edited: days must be in 1..366 (got 0)",
                                        "edited: hub 'AAA' sort_rate_per_hour must be in (0, 1000000000] (got -1)"}));
  }
}

TEST(Validation, EveryErrorIsReportedInLineOrder) {
  const auto messages = MessagesOf(std::string(kBase) + "days: 0\n" +    // line 8
                                   "couriers { speed_kmh: -1 }\n" +      // line 9
                                   "promises { pickup_minutes: 0 }\n");  // line 10
  ASSERT_EQ(messages.size(), 3u);
  EXPECT_EQ(messages[0].rfind("bad.textproto:8: days", 0), 0u) << messages[0];
  EXPECT_EQ(messages[1].rfind("bad.textproto:9: couriers speed_kmh", 0), 0u) << messages[1];
  EXPECT_EQ(messages[2].rfind("bad.textproto:10: promises pickup_minutes", 0), 0u) << messages[2];
}

}  // namespace
}  // namespace hubsim::io

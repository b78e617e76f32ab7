#include "engine/io/scenario_loader.h"

#include "engine/io/read_file.h"

#include <google/protobuf/io/tokenizer.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <google/protobuf/text_format.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <deque>
#include <limits>
#include <memory>
#include <sstream>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace hubsim::io {
namespace {

using google::protobuf::Message;
using google::protobuf::TextFormat;
using ParseInfoTree = TextFormat::ParseInfoTree;

// Size limits (also stated in scenario.proto). They are checked before anything whose size
// follows from them is allocated, here or in the simulation.
constexpr int kMaxHubs = 1'000;
constexpr int kMaxOutlets = 10'000;
constexpr int kMaxLinehauls = 100'000;
constexpr int kMaxHubOutages = 10'000;
constexpr int kMaxLinehaulDisruptions = 100'000;
constexpr int kMaxOdEntries = 1'000'000;
constexpr int kMaxDepartures = 1'440;  // per list: one a minute
constexpr int kMaxLinehaulDeparturesTotal = 1'000'000;  // over all linehauls
// What the simulation allocates per hub for the network as a whole: a routing cache of
// hubs x (distinct departure times of the hub's linehauls + 1) entries (32 bytes each).
constexpr std::int64_t kMaxRouteCacheEntries = 20'000'000;
constexpr int kMaxDays = 366;
constexpr int kHoursPerDay = 24;
constexpr int kMinutesPerDay = 1'440;
constexpr std::size_t kMaxIdLength = 64;
constexpr std::int64_t kMaxCouriersPerOutlet = 10'000;
constexpr int kMaxShiftGroups = 16;  // per outlet
constexpr std::int64_t kMaxRunCapacity = 10'000;
constexpr std::int64_t kMaxPointClusters = 1'000;
constexpr std::int64_t kMaxAccountsPerOutlet = 1'000'000;
constexpr double kMaxOrdersPerOutlet = 10'000'000;
constexpr std::int64_t kMaxCouriersTotal = 1'000'000;
constexpr std::int64_t kMaxAccountsTotal = 10'000'000;
constexpr double kMaxOrdersTotal = 100'000'000;
constexpr std::int64_t kMaxPromiseDays = 30;
constexpr int kMaxCallTypes = 100;
constexpr double kMaxCallsTotal = 10'000'000;
constexpr std::int64_t kMaxAgentsPerInterval = 100'000;
constexpr double kSecondsPerDay = 86'400;

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr std::int64_t kNoMax = std::numeric_limits<std::int64_t>::max();

std::string JoinLines(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& line : lines) {
    if (!out.empty()) out += '\n';
    out += line;
  }
  return out;
}

std::string Num(double v) {
  std::ostringstream os;
  os.precision(15);  // 10000000, not 1e+07; 0.1, not 0.10000000000000001
  os << v;
  return os.str();
}

// `s` with control and non-ASCII bytes escaped and long strings cut, so that a message is
// always one readable line.
std::string Escape(std::string_view s) {
  constexpr std::size_t kMaxShown = 40;
  std::string out;
  for (std::size_t i = 0; i < s.size() && i < kMaxShown; ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c >= 0x7f || c == '\'' || c == '\\') {
      static constexpr char kHex[] = "0123456789abcdef";
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 0xf];
    } else {
      out += static_cast<char>(c);
    }
  }
  if (s.size() > kMaxShown) out += "...";
  return out;
}

// Whether `s` is well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates, at most
// U+10FFFF).
bool IsUtf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    int more = 0;
    unsigned char lo = 0x80;
    unsigned char hi = 0xbf;  // the range of the byte after the first
    if (c < 0x80) {
      ++i;
      continue;
    } else if (c >= 0xc2 && c <= 0xdf) {
      more = 1;
    } else if (c >= 0xe0 && c <= 0xef) {
      more = 2;
      if (c == 0xe0) lo = 0xa0;
      if (c == 0xed) hi = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      more = 3;
      if (c == 0xf0) lo = 0x90;
      if (c == 0xf4) hi = 0x8f;
    } else {
      return false;
    }
    if (s.size() - i <= static_cast<std::size_t>(more)) return false;
    for (int k = 1; k <= more; ++k) {
      const auto b = static_cast<unsigned char>(s[i + k]);
      if (b < (k == 1 ? lo : 0x80) || b > (k == 1 ? hi : 0xbf)) return false;
    }
    i += more + 1;
  }
  return true;
}

// `s` with control and non-ASCII bytes as \xNN (the parser quotes what it read, bytes of a
// binary file included), so that a message is one line of plain text.
std::string Printable(std::string_view s) {
  std::string out;
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 || c >= 0x7f) {
      static constexpr char kHex[] = "0123456789abcdef";
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 0xf];
    } else {
      out += ch;
    }
  }
  return out;
}

std::string Quote(std::string_view s) {
  std::string out(1, '\'');
  out += Escape(s);
  out += '\'';
  return out;
}

// REQUIRES: 0 <= minutes <= 1440.
std::string ClockText(int minutes) {
  const int h = minutes / 60;
  const int m = minutes % 60;
  return {static_cast<char>('0' + h / 10), static_cast<char>('0' + h % 10), ':',
          static_cast<char>('0' + m / 10), static_cast<char>('0' + m % 10)};
}

// The errors of protobuf's text parser (and tokenizer), with their 0-based positions.
class ParseErrorCollector : public google::protobuf::io::ErrorCollector {
 public:
  struct Error {
    int line;  // -1: no position
    int column;
    std::string message;
  };

  void AddError(int line, google::protobuf::io::ColumnNumber column,
                const std::string& message) override {
    // The tokenizer goes on after some errors (each bad escape in a string is one): keep
    // only the first few, as validation does.
    if (static_cast<int>(errors_.size()) >= kMaxReportedErrors) {
      truncated_ = true;
      return;
    }
    errors_.push_back({line, column, message});
  }
  const std::vector<Error>& errors() const { return errors_; }
  bool truncated() const { return truncated_; }

 private:
  std::vector<Error> errors_;
  bool truncated_ = false;
};

// A range of real values, e.g. (0, 1440] or >= 0.
struct Range {
  double lo;
  double hi;
  bool lo_open;
  bool hi_open;

  bool Contains(double v) const {
    return (lo_open ? v > lo : v >= lo) && (hi_open ? v < hi : v <= hi);
  }
  std::string Text() const {
    if (hi == kInf) return std::string(lo_open ? "> " : ">= ") + Num(lo);
    return std::string("in ") + (lo_open ? "(" : "[") + Num(lo) + ", " + Num(hi) +
           (hi_open ? ")" : "]");
  }
};
constexpr Range kPositive{0, kInf, true, true};
constexpr Range kNonNegative{0, kInf, false, true};
constexpr Range kLatitude{-90, 90, false, false};
constexpr Range kLongitude{-180, 180, false, false};
constexpr Range kPromiseMinutes{0, kMinutesPerDay, true, false};
constexpr Range kProbability{0, 1, false, true};
// Upper bounds keep every time and rate far inside what SimTime (int64 microseconds) and
// the model's arithmetic hold: nothing a scenario says can overflow them.
// Trips (linehaul transit, shuttles) and the callers' reaction bound the engine's
// lookahead: at least a minute, so a window is never absurdly short.
constexpr Range kTripMinutes{1, 30 * kMinutesPerDay, false, false};     // [1 min, 30 days]
constexpr Range kOutageMinutes{0, 30 * kMinutesPerDay, true, false};    // (0, 30 days]
constexpr Range kReactionMinutes{1, kMinutesPerDay, false, false};      // [1 min, 1 day]
constexpr Range kServiceMinutes{0, kMinutesPerDay, false, false};       // [0, 1 day]
constexpr Range kDelayMinutes{0, 30 * kMinutesPerDay, false, false};    // [0, 30 days]
constexpr Range kSortRate{0, 1e9, true, false};
constexpr Range kSpeed{0.1, 1000, false, false};
constexpr Range kZoneKm{0, 1000, true, false};
constexpr Range kSpread{0, 10, false, false};  // coefficients of variation, sigmas
constexpr Range kOrdersPerOutlet{0, kMaxOrdersPerOutlet, false, false};
constexpr Range kShare{0, 1, false, false};
constexpr Range kOpenShare{0, 1, true, true};
constexpr Range kRevenue{0, 1e9, true, false};
constexpr Range kWaveParcels{0, 10000, false, false};
constexpr Range kShiftShare{0, 1e6, true, false};
constexpr Range kLifetimeYears{0, 100, true, false};
constexpr Range kScore{-100, 100, false, false};
constexpr Range kScoreSpread{0, 100, false, false};
constexpr Range kMemoryDays{0, 3650, true, false};
constexpr Range kSteepness{0, 100, false, false};
constexpr Range kWeight{0, 1000, false, false};
constexpr Range kPriorWeight{0, 1e6, true, false};
constexpr Range kNegativeWeight{1, 100, false, false};  // 1: no asymmetry
constexpr Range kQuietDays{0, 366, false, false};
constexpr Range kAnyFinite{-kInf, kInf, true, true};
// Durations of the call center: positive (or, for extras, non-negative) and at most a day.
constexpr Range kSecondsUpToADay{0, kSecondsPerDay, true, false};
constexpr Range kMinutesUpToADay{0, kMinutesPerDay, true, false};
constexpr Range kExtraMinutesUpToADay{0, kMinutesPerDay, false, false};
// The courier's day and the network's timing.
constexpr Range kConnectionMinutes{0, kMinutesPerDay, false, false};  // [0, 1 day]
constexpr Range kParcelsPerStop{1, 1000, false, false};
constexpr Range kClusterSpread{0, 1, true, false};  // a share of the zone radius
constexpr Range kCircuity{1, 5, false, false};      // road / straight-line distance

// Where a message is in the text: its parse-info subtree (null when the message is not
// written out) and the 1-based line of its field name (the enclosing message's line when
// it is not written out).
struct Node {
  const Message* message;
  const ParseInfoTree* tree;
  int line;
  std::string path;  // in the notation of ScenarioProblem::path; "" for the scenario
};

// Where a problem is: the 1-based line in the text and the path of the field.
struct Where {
  int line;
  std::string path;
};

// "PARENT.FIELD" or "PARENT.FIELD[INDEX]" (index -1: a singular field).
std::string PathOf(const std::string& parent, std::string_view field, int index = -1) {
  std::string path = parent;
  if (!path.empty()) path += '.';
  path += field;
  if (index >= 0) path += "[" + std::to_string(index) + "]";
  return path;
}

// ---- the text, before and around parsing ----

// The most elements a repeated field may have; -1: no limit of its own (none: every
// repeated field of the schema is bounded). These bound what parsing itself allocates, so
// they are checked on the text before it is parsed (TextScan), and again on the parsed
// scenario (Validator::CheckSizes) for scenarios built in memory.
int MaxElements(const google::protobuf::FieldDescriptor* field) {
  static const std::unordered_map<std::string, int> kLimits = {
      {"hubsim.io.Scenario.hub", kMaxHubs},
      {"hubsim.io.Scenario.outlet", kMaxOutlets},
      {"hubsim.io.Scenario.linehaul", kMaxLinehauls},
      {"hubsim.io.Scenario.hub_outage", kMaxHubOutages},
      {"hubsim.io.Scenario.linehaul_disruption", kMaxLinehaulDisruptions},
      {"hubsim.io.Linehaul.departure", kMaxDepartures},
      {"hubsim.io.Outlet.shift", kMaxShiftGroups},
      {"hubsim.io.Demand.hourly_profile", kHoursPerDay},
      {"hubsim.io.Demand.day_multiplier", kMaxDays},
      {"hubsim.io.Demand.od", kMaxOdEntries},
      {"hubsim.io.CourierModel.outlet_to_hub_departure", kMaxDepartures},
      {"hubsim.io.CourierModel.hub_to_outlet_departure", kMaxDepartures},
      {"hubsim.io.CallType.hourly_profile", kHoursPerDay},
      {"hubsim.io.CallCenter.call_type", kMaxCallTypes},
      {"hubsim.io.CallCenter.agents", kMinutesPerDay / 15},
  };
  auto it = kLimits.find(field->full_name());
  return it == kLimits.end() ? -1 : it->second;
}

// Walks the tokens of a scenario's text the way protobuf's text parser reads them, only as
// far as needed to know which field each token belongs to (a stack of the messages open at
// that point). It serves two ends:
// - before parsing, the elements of every repeated field are counted, so that a list longer
//   than its limit is refused before the parser allocates it (Count);
// - after a parse error, the error names the field it is in, which the parser's own
//   messages often do not ("Expected double, got: "fast"") (FieldAt).
// It never fails: on text the parser would reject it keeps going as best it can; the
// parser's errors are what such text gets.
class TextScan {
 public:
  // A problem found by Count: its 1-based line and message.
  struct Problem {
    int line;
    std::string message;
  };
  // The field at a position: its path (ScenarioProblem notation; "" for the scenario as a
  // whole) and where its name is (0-based, as the tokenizer counts).
  struct Field {
    std::string path;
    int line = -1;
    int column = -1;
  };

  explicit TextScan(std::string_view text) : text_(text) {}

  // Every repeated field with more elements than MaxElements allows, in the order their
  // messages close.
  std::vector<Problem> Count() {
    Walk([](int, int) { return true; });
    while (!frames_.empty()) Pop();
    if (departures_ > kMaxLinehaulDeparturesTotal) {
      problems_.push_back({departures_line_over_, "the linehauls have " + std::to_string(departures_) +
                                                      " departures in total (at most " +
                                                      std::to_string(kMaxLinehaulDeparturesTotal) + ")"});
    }
    return std::move(problems_);
  }

  // The field being read at each 0-based (line, column), in one pass over the text: the
  // innermost field whose name or value is at or before that position, if nothing but its
  // value lies between them.
  std::vector<Field> FieldsAt(const std::vector<std::pair<int, int>>& positions) {
    std::vector<std::size_t> order(positions.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return positions[a] < positions[b]; });
    std::vector<Field> fields(positions.size());
    std::size_t next = 0;
    Walk([&](int line, int column) {
      while (next < order.size() && (line < 0 || positions[order[next]] <= std::make_pair(line, column))) {
        fields[order[next++]] = Here();
      }
      return next < order.size();
    });
    return fields;
  }

 private:
  using FieldDescriptor = google::protobuf::FieldDescriptor;
  using Tokenizer = google::protobuf::io::Tokenizer;

  struct Tally {
    int elements = 0;
    int line_over = 0;  // 1-based line of the first element over the limit
  };
  struct Frame {
    const google::protobuf::Descriptor* type = nullptr;  // null inside an unknown field
    std::string path;
    std::unordered_map<const FieldDescriptor*, Tally> counts;
    // The field (or list element) read last, and whether it is still being read: nothing
    // but its value since its name.
    const FieldDescriptor* field = nullptr;
    std::string field_name;
    std::string current;
    int current_line = -1;
    int current_column = -1;
    bool open = false;
    bool in_list = false;           // between a repeated field's '[' and ']'
    bool element_expected = false;  // after '[' or ','
  };

  class QuietErrors : public google::protobuf::io::ErrorCollector {
   public:
    void AddError(int, google::protobuf::io::ColumnNumber, const std::string&) override {}
  };

  // The field being read now, between the tokens read and the next (see FieldsAt).
  Field Here() const {
    const Frame& f = frames_.back();
    // The parser reports an unknown or misplaced name at the token after it.
    if (has_previous_ && previous_.type == Tokenizer::TYPE_IDENTIFIER && before_.text != ":" &&
        !f.in_list) {
      const FieldDescriptor* field = f.type != nullptr ? f.type->FindFieldByName(previous_.text) : nullptr;
      int index = -1;
      if (field != nullptr && field->is_repeated()) {
        auto it = f.counts.find(field);
        index = it == f.counts.end() ? 0 : it->second.elements;
      }
      return Field{PathOf(f.path, previous_.text, index), previous_.line, previous_.column};
    }
    if (f.open) return Field{f.current, f.current_line, f.current_column};
    return Field{f.path, -1, -1};
  }

  // Reads the tokens in order, first calling `before(line, column)` with each token's
  // position, and once more with (-1, -1) at the end; stops when it returns false.
  template <typename Before>
  void Walk(Before before) {
    google::protobuf::io::ArrayInputStream input(text_.data(), static_cast<int>(text_.size()));
    QuietErrors quiet;
    Tokenizer tokenizer(&input, &quiet);
    // As protobuf's text parser sets it up.
    tokenizer.set_allow_f_after_float(true);
    tokenizer.set_comment_style(Tokenizer::SH_COMMENT_STYLE);
    frames_.clear();
    hidden_depth_ = 0;
    frames_.emplace_back();
    frames_.back().type = Scenario::descriptor();
    before_ = Tokenizer::Token{};
    previous_ = Tokenizer::Token{};
    has_previous_ = false;
    bool going = true;
    while (going && tokenizer.Next()) {
      const Tokenizer::Token& token = tokenizer.current();
      if (!before(token.line, token.column)) {
        going = false;
        break;
      }
      // A name is an identifier followed by ':', '{' or '<' that is not a value (after ':').
      if (has_previous_ && previous_.type == Tokenizer::TYPE_IDENTIFIER &&
          (token.text == ":" || token.text == "{" || token.text == "<") && before_.text != ":") {
        Start(previous_);
      }
      Step(previous_, token);
      before_ = std::move(previous_);
      previous_ = token;
      has_previous_ = true;
    }
    if (going) before(-1, -1);
  }

  void Start(const Tokenizer::Token& name) {
    Frame& f = frames_.back();
    f.field = f.type != nullptr ? f.type->FindFieldByName(name.text) : nullptr;
    f.field_name = name.text;
    int index = -1;
    if (f.field != nullptr && f.field->is_repeated()) index = Add(f, name.line);
    f.current = PathOf(f.path, name.text, index);
    f.current_line = name.line;
    f.current_column = name.column;
    f.open = true;
    f.in_list = false;
  }

  // One more element of the frame's current field; returns its index.
  int Add(Frame& f, int line) {
    Tally& count = f.counts[f.field];
    const int limit = MaxElements(f.field);
    if (count.elements == limit) count.line_over = line + 1;
    if (f.field->full_name() == "hubsim.io.Linehaul.departure") {
      if (departures_ == kMaxLinehaulDeparturesTotal) departures_line_over_ = line + 1;
      ++departures_;
    }
    return count.elements++;
  }

  void Step(const Tokenizer::Token& previous, const Tokenizer::Token& token) {
    Frame& f = frames_.back();
    if (f.in_list && f.element_expected && token.text != "]") {
      f.element_expected = false;
      if (f.field != nullptr) {
        const int index = Add(f, token.line);
        f.current = PathOf(f.path, f.field_name, index);
        f.current_line = token.line;
        f.current_column = token.column;
      }
    }
    if (token.type != Tokenizer::TYPE_SYMBOL) return;
    if (token.text == "[" && previous.text == ":" && f.open && f.field != nullptr &&
        f.field->is_repeated()) {
      // The name counted one element; the list counts its own.
      --f.counts[f.field].elements;
      if (f.field->full_name() == "hubsim.io.Linehaul.departure") --departures_;
      f.in_list = true;
      f.element_expected = true;
    } else if (token.text == "," && f.in_list) {
      f.element_expected = true;
    } else if (token.text == "]") {
      f.in_list = false;
    } else if ((token.text == "{" || token.text == "<") && frames_.size() >= kMaxDepth) {
      ++hidden_depth_;  // deeper than the parser goes (it refuses the text): not followed
    } else if ((token.text == "}" || token.text == ">") && hidden_depth_ > 0) {
      --hidden_depth_;
    } else if (token.text == "{" || token.text == "<") {
      const google::protobuf::Descriptor* type =
          f.field != nullptr && f.field->message_type() != nullptr ? f.field->message_type() : nullptr;
      std::string path = f.open ? f.current : f.path;
      frames_.emplace_back();
      frames_.back().type = type;
      frames_.back().path = std::move(path);
    } else if (token.text == "}" || token.text == ">") {
      if (frames_.size() > 1) Pop();
    }
  }

  // Closes the innermost message: its lists are complete, so their counts are final.
  void Pop() {
    Frame& f = frames_.back();
    for (const auto& [field, count] : f.counts) {
      const int limit = MaxElements(field);
      if (limit < 0 || count.elements <= limit) continue;
      if (f.path.empty()) {
        problems_.push_back({count.line_over, "too many " + field->name() + " entries: " +
                                                  std::to_string(count.elements) + " (at most " +
                                                  std::to_string(limit) + ")"});
      } else {
        problems_.push_back({count.line_over, Words(f.path) + " " + field->name() + " has " +
                                                  std::to_string(count.elements) +
                                                  " values (at most " + std::to_string(limit) + ")"});
      }
    }
    frames_.pop_back();
    if (!frames_.empty()) frames_.back().open = false;
  }

  // A path as validation's messages name a message: "linehaul[2]" as "linehaul #3",
  // "call_center" as it is, '.' as ' '.
  static std::string Words(const std::string& path) {
    std::string out;
    for (std::size_t i = 0; i < path.size(); ++i) {
      if (path[i] == '.') {
        out += ' ';
      } else if (path[i] == '[') {
        const std::size_t end = path.find(']', i);
        out += " #" + std::to_string(std::stoll(path.substr(i + 1, end - i - 1)) + 1);
        i = end;
      } else {
        out += path[i];
      }
    }
    return out;
  }

  // Messages nested deeper than protobuf's text parser allows (its default recursion limit)
  // are not followed, so that the frames held stay few whatever the text.
  static constexpr std::size_t kMaxDepth = 100;

  std::string_view text_;
  std::vector<Frame> frames_;  // never empty once walking has begun
  std::int64_t hidden_depth_ = 0;  // '{' beyond kMaxDepth not yet closed
  // Departures of all linehauls, and the line of the first over their limit.
  std::int64_t departures_ = 0;
  int departures_line_over_ = 0;
  Tokenizer::Token before_{};    // the token before previous_
  Tokenizer::Token previous_{};  // the last token read
  bool has_previous_ = false;
  std::vector<Problem> problems_;
};

// Checks one parsed scenario; collects its problems in line order (in check order when
// there is no text, so no parse-info tree).
class Validator {
 public:
  Validator(const Scenario& s, const ParseInfoTree* tree)
      : s_(s), root_{&s, tree, 1, ""} {}

  std::vector<std::pair<int, ScenarioProblem>> Run() {
    if (CheckSizes()) {
      CheckScenario();
      CheckPromises();
      CheckHubs();
      CheckOutlets();
      CheckLinehauls();
      CheckDemand();
      CheckCouriers();
      CheckHubOutages();
      CheckLinehaulDisruptions();
      CheckCallCenter();
      CheckCustomers();
      if (graph_complete_) CheckReachability();
      CheckRoutingSize();
    }
    std::stable_sort(errors_.begin(), errors_.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    if (truncated_) {
      errors_.emplace_back(0, ScenarioProblem{"", "too many errors; stopped after the first " +
                                                      std::to_string(kMaxReportedErrors)});
    }
    return std::move(errors_);
  }

 private:
  // ---- reporting and locations ----

  void Error(Where where, std::string message) {
    if (static_cast<int>(errors_.size()) >= kMaxReportedErrors) {
      truncated_ = true;
      return;
    }
    errors_.emplace_back(where.line, ScenarioProblem{std::move(where.path), std::move(message)});
  }

  // How a message refers to another place: "at line 12" in a text, "at hub[0]" without one.
  std::string Ref(const Where& where) const {
    return root_.tree != nullptr ? "at line " + std::to_string(where.line) : "at " + where.path;
  }

  // The node itself, and the scenario as a whole (or one of its lists, `field`).
  static Where At(const Node& n) { return Where{n.line, n.path}; }
  static Where Top(std::string_view field = "") { return Where{1, std::string(field)}; }

  static const google::protobuf::FieldDescriptor* Field(const Node& n, std::string_view field) {
    return n.message->GetDescriptor()->FindFieldByName(std::string(field));
  }

  // Where `field` (element `index` of a repeated field, -1 for a singular one) of node `n`
  // is: its path, and its line (the node's line when the field is not written out).
  Where Line(const Node& n, std::string_view field, int index = -1) const {
    Where where{n.line, PathOf(n.path, field, index)};
    if (n.tree != nullptr) {
      const auto* fd = Field(n, field);
      // The parser records one location per occurrence of the field, and a list written as
      // `field: [a, b, c]` is one occurrence: an element without a location of its own is on
      // the line of the last one recorded (found by bisection: locations 0..k-1 exist, none
      // after, so a long list costs no more than a short one).
      auto located = [&](int i) { return n.tree->GetLocation(fd, i).line >= 0; };
      int at = index;
      if (index > 0 && !located(index)) {
        int lo = 0;  // located, unless nothing is
        int hi = index;  // not located
        while (hi - lo > 1) {
          const int mid = lo + (hi - lo) / 2;
          (located(mid) ? lo : hi) = mid;
        }
        at = lo;
      }
      const int line = n.tree->GetLocation(fd, at).line;
      if (line >= 0) where.line = line + 1;
    }
    return where;
  }

  Node Child(const Node& n, std::string_view field, int index, const Message& child) const {
    const ParseInfoTree* tree =
        n.tree != nullptr ? n.tree->GetTreeForNested(Field(n, field), index) : nullptr;
    Where where = Line(n, field, index);
    return Node{&child, tree, where.line, std::move(where.path)};
  }

  static std::string Subject(const std::string& what, std::string_view field) {
    return what.empty() ? std::string(field) : what + " " + std::string(field);
  }

  // ---- value checks; each returns whether the value is acceptable ----

  bool Required(const Node& n, const std::string& what, std::string_view field, bool present) {
    if (!present) Error(At(n), Subject(what, field) + " is required");
    return present;
  }

  bool CheckReal(const Node& n, const std::string& what, std::string_view field, double v,
                 Range range) {
    if (!std::isfinite(v)) {
      Error(Line(n, field), Subject(what, field) + " must be a finite number (got " + Num(v) + ")");
      return false;
    }
    if (!range.Contains(v)) {
      Error(Line(n, field),
            Subject(what, field) + " must be " + range.Text() + " (got " + Num(v) + ")");
      return false;
    }
    return true;
  }

  // An element of a repeated real field.
  bool CheckRealAt(const Node& n, const std::string& what, std::string_view field, int index,
                   double v, Range range) {
    const std::string subject = Subject(what, field) + " value " + std::to_string(index + 1);
    if (!std::isfinite(v)) {
      Error(Line(n, field, index), subject + " must be a finite number (got " + Num(v) + ")");
      return false;
    }
    if (!range.Contains(v)) {
      Error(Line(n, field, index), subject + " must be " + range.Text() + " (got " + Num(v) + ")");
      return false;
    }
    return true;
  }

  bool CheckInt(const Node& n, const std::string& what, std::string_view field, std::int64_t v,
                std::int64_t lo, std::int64_t hi) {
    if (v >= lo && v <= hi) return true;
    const std::string range = hi == kNoMax ? ">= " + std::to_string(lo)
                                           : "in " + std::to_string(lo) + ".." + std::to_string(hi);
    Error(Line(n, field),
          Subject(what, field) + " must be " + range + " (got " + std::to_string(v) + ")");
    return false;
  }

  // An element of a repeated integer field; `hi` is finite.
  bool CheckIntAt(const Node& n, const std::string& what, std::string_view field, int index,
                  std::int64_t v, std::int64_t lo, std::int64_t hi) {
    if (v >= lo && v <= hi) return true;
    Error(Line(n, field, index), Subject(what, field) + " value " + std::to_string(index + 1) +
                                     " must be in " + std::to_string(lo) + ".." +
                                     std::to_string(hi) + " (got " + std::to_string(v) + ")");
    return false;
  }

  // Relative intensities per hour of the day: empty, or 24 values >= 0 with a positive sum.
  void CheckHourlyProfile(const Node& n, const std::string& what, std::string_view field,
                          const google::protobuf::RepeatedField<double>& profile) {
    if (profile.empty()) return;
    if (profile.size() != kHoursPerDay) {
      Error(Line(n, field, 0), Subject(what, field) + " must have 24 values, hour 0 first (got " +
                                   std::to_string(profile.size()) + ")");
    }
    bool all_ok = true;
    double sum = 0;
    for (int i = 0; i < profile.size(); ++i) {
      if (CheckRealAt(n, what, field, i, profile.Get(i), kNonNegative)) {
        sum += profile.Get(i);
      } else {
        all_ok = false;
      }
    }
    if (all_ok && !(sum > 0)) {
      Error(Line(n, field, 0), Subject(what, field) + " must have a positive sum");
    }
  }

  // A time of day "HH:MM". `end_of_day_ok`: "24:00" is allowed (ends of intervals only).
  std::optional<int> CheckClock(const Node& n, const std::string& what, std::string_view field,
                                int index, const std::string& text, bool end_of_day_ok) {
    std::optional<int> minutes = ParseClock(text);
    if (!minutes || (*minutes == kMinutesPerDay && !end_of_day_ok)) {
      Error(Line(n, field, index),
            Subject(what, field) + " must be a time of day \"HH:MM\" in 00:00.." +
                (end_of_day_ok ? "24:00" : "23:59") + " (got " + Quote(text) + ")");
      return std::nullopt;
    }
    return minutes;
  }

  // A list of distinct times of day, e.g. departures.
  std::vector<int> CheckClockList(const Node& n, const std::string& what, std::string_view field,
                                  const google::protobuf::RepeatedPtrField<std::string>& list) {
    std::vector<int> minutes;
    std::vector<bool> seen(kMinutesPerDay, false);
    for (int i = 0; i < list.size(); ++i) {
      std::optional<int> m = CheckClock(n, what, field, i, list.Get(i), false);
      if (!m) continue;
      if (seen[*m]) {
        Error(Line(n, field, i), Subject(what, field) + " " + ClockText(*m) + " is listed twice");
        continue;
      }
      seen[*m] = true;
      minutes.push_back(*m);
    }
    return minutes;
  }

  // An id (or a name of the same form, e.g. a call type's) in `field`: required, letters,
  // digits, '-' and '_', at most kMaxIdLength characters.
  bool CheckId(const Node& n, const std::string& what, const std::string& id,
               std::string_view field = "id") {
    const std::string subject = Subject(what, field);
    if (id.empty()) {
      Error(At(n), subject + " is required");
      return false;
    }
    const bool chars_ok = std::all_of(id.begin(), id.end(), [](char c) {
      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
             c == '-' || c == '_';
    });
    if (!chars_ok) {
      Error(Line(n, field),
            subject + " " + Quote(id) + " may contain only letters, digits, '-' and '_'");
      return false;
    }
    if (id.size() > kMaxIdLength) {
      Error(Line(n, field), subject + " " + Quote(id) + " is longer than " +
                                std::to_string(kMaxIdLength) + " characters");
      return false;
    }
    return true;
  }

  // Free text (a name): well-formed UTF-8, as reports and JSON results need it.
  void CheckText(const Node& n, const std::string& what, std::string_view field,
                 const std::string& text) {
    if (!IsUtf8(text)) {
      Error(Line(n, field), Subject(what, field) + " " + Quote(text) +
                                " is not valid UTF-8 (save the file as UTF-8)");
    }
  }

  // A reference to a hub by id: required and existing. Returns the hub's index.
  std::optional<int> CheckHubRef(const Node& n, const std::string& what, std::string_view field,
                                 bool present, const std::string& id) {
    if (!present || id.empty()) {
      Error(At(n), Subject(what, field) + " is required");
      return std::nullopt;
    }
    auto it = hub_index_.find(id);
    if (it == hub_index_.end()) {
      Error(Line(n, field), Subject(what, field) + " " + Quote(id) + " is not a hub");
      return std::nullopt;
    }
    return it->second;
  }

  static std::string Numbered(std::string_view kind, int index) {
    return std::string(kind) + " #" + std::to_string(index + 1);
  }

  // ---- the scenario, section by section ----

  // Counts that bound allocations. Nothing else is checked if one is exceeded.
  bool CheckSizes() {
    bool ok = true;
    auto limit = [&](std::string_view field, int size, int max) {
      if (size <= max) return;
      Error(Line(root_, field, max), "too many " + std::string(field) +
                                         " entries: " + std::to_string(size) + " (at most " +
                                         std::to_string(max) + ")");
      ok = false;
    };
    limit("hub", s_.hub_size(), kMaxHubs);
    limit("outlet", s_.outlet_size(), kMaxOutlets);
    limit("linehaul", s_.linehaul_size(), kMaxLinehauls);
    limit("hub_outage", s_.hub_outage_size(), kMaxHubOutages);
    limit("linehaul_disruption", s_.linehaul_disruption_size(), kMaxLinehaulDisruptions);
    auto list_limit = [&](const Node& n, const std::string& what, std::string_view field, int size,
                          int max) {
      if (size <= max) return;
      Error(Line(n, field, max), Subject(what, field) + " has " + std::to_string(size) +
                                     " values (at most " + std::to_string(max) + ")");
      ok = false;
    };
    const Node demand = Child(root_, "demand", -1, s_.demand());
    list_limit(demand, "demand", "od", s_.demand().od_size(), kMaxOdEntries);
    list_limit(demand, "demand", "day_multiplier", s_.demand().day_multiplier_size(), kMaxDays);
    // At most one entry per pair of hubs (duplicates are reported below, but a list longer
    // than every pair is refused here, whatever else is wrong with it).
    const std::int64_t pairs = static_cast<std::int64_t>(s_.hub_size()) * s_.hub_size();
    if (s_.demand().od_size() > pairs && s_.demand().od_size() <= kMaxOdEntries) {
      Error(Line(demand, "od", static_cast<int>(pairs)),
            "demand od has " + std::to_string(s_.demand().od_size()) +
                " entries, more than hubs x hubs (" + std::to_string(pairs) + ")");
      ok = false;
    }
    const Node couriers = Child(root_, "couriers", -1, s_.couriers());
    list_limit(couriers, "couriers", "outlet_to_hub_departure",
               s_.couriers().outlet_to_hub_departure_size(), kMaxDepartures);
    list_limit(couriers, "couriers", "hub_to_outlet_departure",
               s_.couriers().hub_to_outlet_departure_size(), kMaxDepartures);
    const Node call_center = Child(root_, "call_center", -1, s_.call_center());
    list_limit(call_center, "call_center", "call_type", s_.call_center().call_type_size(),
               kMaxCallTypes);
    if (ok) {
      for (int i = 0; i < s_.outlet_size(); ++i) {
        list_limit(Child(root_, "outlet", i, s_.outlet(i)), Numbered("outlet", i), "shift",
                   s_.outlet(i).shift_size(), kMaxShiftGroups);
      }
      std::int64_t departures = 0;
      for (int i = 0; i < s_.linehaul_size(); ++i) {
        const Node n = Child(root_, "linehaul", i, s_.linehaul(i));
        list_limit(n, Numbered("linehaul", i), "departure", s_.linehaul(i).departure_size(),
                   kMaxDepartures);
        const int size = s_.linehaul(i).departure_size();
        if (departures <= kMaxLinehaulDeparturesTotal && departures + size > kMaxLinehaulDeparturesTotal) {
          departures += size;
          Error(Line(n, "departure", static_cast<int>(kMaxLinehaulDeparturesTotal - (departures - size))),
                "the linehauls have more than " + std::to_string(kMaxLinehaulDeparturesTotal) +
                    " departures in total");
          ok = false;
        } else {
          departures += size;
        }
      }
    }
    return ok;
  }

  void CheckScenario() {
    CheckText(root_, "", "name", s_.name());
    if (CheckInt(root_, "", "days", s_.days(), 1, kMaxDays)) days_ = static_cast<int>(s_.days());
    // Warm-up days are simulated but not counted: at least one day must be left to count.
    if (CheckInt(root_, "", "warmup_days", s_.warmup_days(), 0, kMaxDays - 1) && days_ > 0 &&
        s_.warmup_days() >= s_.days()) {
      Error(Line(root_, "warmup_days"), "warmup_days (" + std::to_string(s_.warmup_days()) +
                                            ") must be less than days (" +
                                            std::to_string(s_.days()) +
                                            "): at least one day must be counted");
    }
    CheckReal(root_, "", "min_connection_minutes", s_.min_connection_minutes(), kConnectionMinutes);
    if (!s_.has_call_center()) {
      if (s_.hub_size() == 0) Error(Top("hub"), "the scenario has no hub (at least one is required)");
      if (s_.outlet_size() == 0) Error(Top("outlet"), "the scenario has no outlet (at least one is required)");
      return;
    }
    // With a call center the network may be left out entirely, but a network that is there
    // needs both hubs and outlets.
    if (s_.hub_size() == 0 && s_.outlet_size() > 0) {
      Error(Top(),
            "the scenario has outlets but no hub (only a call-center-only scenario, without "
            "outlets, may have no hub)");
    }
    if (s_.outlet_size() == 0 && s_.hub_size() > 0) {
      Error(Top(),
            "the scenario has hubs but no outlet (only a call-center-only scenario, without "
            "hubs, may have no outlet)");
    }
  }

  void CheckPromises() {
    const Node n = Child(root_, "promises", -1, s_.promises());
    const Promises& p = s_.promises();
    CheckReal(n, "promises", "pickup_minutes", p.pickup_minutes(), kPromiseMinutes);
    CheckReal(n, "promises", "delivery_minutes", p.delivery_minutes(), kPromiseMinutes);
    CheckInt(n, "promises", "next_day_days", p.next_day_days(), 0, kMaxPromiseDays);
    CheckReal(n, "promises", "committed_time_minutes", p.committed_time_minutes(), kPromiseMinutes);
    CheckReal(n, "promises", "eta_window_minutes", p.eta_window_minutes(), kMinutesUpToADay);
  }

  void CheckHubs() {
    hub_line_.resize(s_.hub_size());
    hub_path_.resize(s_.hub_size());
    for (int i = 0; i < s_.hub_size(); ++i) {
      const Hub& h = s_.hub(i);
      const Node n = Child(root_, "hub", i, h);
      hub_line_[i] = n.line;
      hub_path_[i] = n.path;
      const std::string what = h.id().empty() ? Numbered("hub", i) : "hub " + Quote(h.id());
      if (CheckId(n, what, h.id())) {
        auto [it, inserted] = hub_index_.emplace(h.id(), i);
        if (!inserted) {
          Error(Line(n, "id"), what + " id is already used by the hub " +
                                   Ref(Where{hub_line_[it->second], hub_path_[it->second]}));
          graph_complete_ = false;
        }
      } else {
        graph_complete_ = false;
      }
      CheckText(n, what, "name", h.name());
      if (Required(n, what, "lat", h.has_lat())) CheckReal(n, what, "lat", h.lat(), kLatitude);
      if (Required(n, what, "lon", h.has_lon())) CheckReal(n, what, "lon", h.lon(), kLongitude);
      CheckReal(n, what, "sort_rate_per_hour", h.sort_rate_per_hour(), kSortRate);
      CheckReal(n, what, "loss_probability", h.loss_probability(), kShare);
      CheckReal(n, what, "damage_probability", h.damage_probability(), kShare);
      std::optional<int> opens = CheckClock(n, what, "opens", -1, h.opens(), false);
      std::optional<int> closes = CheckClock(n, what, "closes", -1, h.closes(), true);
      if (opens && closes && *opens >= *closes) {
        Error(Line(n, "opens"), what + " opens (" + ClockText(*opens) +
                                    ") must be before closes (" + ClockText(*closes) + ")");
      }
    }
  }

  void CheckOutlets() {
    hub_has_outlets_.assign(s_.hub_size(), false);
    std::unordered_map<std::string, Where> outlet_at;
    std::int64_t couriers = 0;
    std::int64_t accounts = 0;
    double orders = 0;
    for (int i = 0; i < s_.outlet_size(); ++i) {
      const Outlet& o = s_.outlet(i);
      const Node n = Child(root_, "outlet", i, o);
      const std::string what = o.id().empty() ? Numbered("outlet", i) : "outlet " + Quote(o.id());
      if (CheckId(n, what, o.id())) {
        auto [it, inserted] = outlet_at.emplace(o.id(), At(n));
        if (!inserted) {
          Error(Line(n, "id"), what + " id is already used by the outlet " + Ref(it->second));
        }
      }
      if (std::optional<int> hub = CheckHubRef(n, what, "hub", o.has_hub(), o.hub())) {
        hub_has_outlets_[*hub] = true;
      } else {
        graph_complete_ = false;
      }
      CheckText(n, what, "name", o.name());
      if (Required(n, what, "lat", o.has_lat())) CheckReal(n, what, "lat", o.lat(), kLatitude);
      if (Required(n, what, "lon", o.has_lon())) CheckReal(n, what, "lon", o.lon(), kLongitude);
      if (CheckInt(n, what, "couriers", o.couriers(), 1, kMaxCouriersPerOutlet)) {
        couriers += o.couriers();
        if (o.couriers() < static_cast<std::uint32_t>(o.shift_size())) {
          Error(Line(n, "couriers"),
                what + " couriers (" + std::to_string(o.couriers()) + ") must be at least its " +
                    std::to_string(o.shift_size()) + " shift groups (each needs one)");
        }
      }
      if (o.shift_size() > 0) {
        CheckShiftGroups(n, what, o);
      } else {
        std::optional<int> start = CheckClock(n, what, "shift_start", -1, o.shift_start(), false);
        std::optional<int> end = CheckClock(n, what, "shift_end", -1, o.shift_end(), true);
        if (start && end && *start >= *end) {
          Error(Line(n, "shift_start"), what + " shift_start (" + ClockText(*start) +
                                            ") must be before shift_end (" + ClockText(*end) + ")");
        }
      }
      if (CheckInt(n, what, "accounts", o.accounts(), 1, kMaxAccountsPerOutlet)) {
        accounts += o.accounts();
      }
      if (CheckReal(n, what, "orders_per_day", o.orders_per_day(), kOrdersPerOutlet)) {
        orders += o.orders_per_day();
      }
      CheckReal(n, what, "zone_radius_km", o.zone_radius_km(), kZoneKm);
      CheckInt(n, what, "extra_days", o.extra_days(), 0, kMaxPromiseDays);
    }
    if (couriers > kMaxCouriersTotal) {
      Error(Top("outlet"), "the outlets have " + std::to_string(couriers) + " couriers in total (at most " +
                   std::to_string(kMaxCouriersTotal) + ")");
    }
    if (accounts > kMaxAccountsTotal) {
      Error(Top("outlet"), "the outlets have " + std::to_string(accounts) + " accounts in total (at most " +
                   std::to_string(kMaxAccountsTotal) + ")");
    }
    if (orders > kMaxOrdersTotal) {
      Error(Top("outlet"), "the outlets have " + Num(orders) + " orders_per_day in total (at most " +
                   Num(kMaxOrdersTotal) + ")");
    }
  }

  // An outlet's shift groups (REQUIRES: it has some): each complete and in range, instead of
  // the outlet's own shift, and on duty over one interval of the day.
  void CheckShiftGroups(const Node& n, const std::string& what, const Outlet& o) {
    const std::pair<const char*, bool> replaced[] = {{"shift_start", o.has_shift_start()},
                                                     {"shift_end", o.has_shift_end()}};
    for (const auto& [field, given] : replaced) {
      if (given) {
        Error(Line(n, field), what + " " + field +
                                  " must be left out when shift is given (the shift groups say "
                                  "when the couriers work)");
      }
    }
    // Problems of the groups as a whole are at the first group's line, on the list's path.
    Where groups = Line(n, "shift", 0);
    groups.path = PathOf(n.path, "shift");
    struct Span {
      int start;
      int end;
      int index;
    };
    std::vector<Span> spans;
    bool all_timed = true;
    for (int j = 0; j < o.shift_size(); ++j) {
      const ShiftGroup& g = o.shift(j);
      const Node gn = Child(n, "shift", j, g);
      const std::string gw = what + " " + Numbered("shift", j);
      std::optional<int> start;
      std::optional<int> end;
      if (Required(gn, gw, "start", g.has_start())) {
        start = CheckClock(gn, gw, "start", -1, g.start(), false);
      }
      if (Required(gn, gw, "end", g.has_end())) {
        end = CheckClock(gn, gw, "end", -1, g.end(), true);
      }
      if (start && end && *start >= *end) {
        Error(Line(gn, "start"), gw + " start (" + ClockText(*start) + ") must be before end (" +
                                     ClockText(*end) + ")");
        start.reset();
      }
      if (start && end) {
        spans.push_back({*start, *end, j});
      } else {
        all_timed = false;
      }
      CheckReal(gn, gw, "share", g.share(), kShiftShare);
    }
    // The hours on duty: one interval. Only judged when every group's hours are known.
    if (all_timed) {
      std::sort(spans.begin(), spans.end(),
                [](const Span& a, const Span& b) { return a.start < b.start; });
      int covered_to = spans.front().end;
      for (std::size_t k = 1; k < spans.size(); ++k) {
        if (spans[k].start > covered_to) {
          Error(Where{Line(n, "shift", spans[k].index).line, groups.path},
                what + " shift groups leave a gap from " + ClockText(covered_to) + " to " +
                    ClockText(spans[k].start) +
                    " when no group is on duty (the hours on duty must be one interval of the "
                    "day)");
        }
        covered_to = std::max(covered_to, spans[k].end);
      }
    }
  }

  static std::int64_t PairKey(int from, int to) {
    return static_cast<std::int64_t>(from) * kMaxHubs + to;
  }

  void CheckLinehauls() {
    adjacency_.assign(s_.hub_size(), {});
    for (int i = 0; i < s_.linehaul_size(); ++i) {
      const Linehaul& l = s_.linehaul(i);
      const Node n = Child(root_, "linehaul", i, l);
      const std::string what = l.from().empty() || l.to().empty()
                                   ? Numbered("linehaul", i)
                                   : "linehaul " + Escape(l.from()) + "->" + Escape(l.to());
      std::optional<int> from = CheckHubRef(n, what, "from", l.has_from(), l.from());
      std::optional<int> to = CheckHubRef(n, what, "to", l.has_to(), l.to());
      if (from && to) {
        if (*from == *to) {
          Error(Line(n, "to"), what + " to must differ from its from hub");
        } else {
          auto [it, inserted] = linehaul_index_.emplace(PairKey(*from, *to), i);
          if (inserted) {
            adjacency_[*from].push_back(*to);
          } else {
            Error(At(n), what + " is already defined " + Ref(Line(root_, "linehaul", it->second)) +
                              " (list all its departures there)");
          }
        }
      } else {
        graph_complete_ = false;
      }
      if (Required(n, what, "transit_minutes", l.has_transit_minutes())) {
        CheckReal(n, what, "transit_minutes", l.transit_minutes(), kTripMinutes);
      }
      if (l.departure_size() == 0) {
        Error(At(n), what + " departure is required (at least one)");
      }
      std::vector<int> departures = CheckClockList(n, what, "departure", l.departure());
      linehaul_departures_.push_back(std::move(departures));
      CheckInt(n, what, "capacity", l.capacity(), 1, kNoMax);
      CheckReal(n, what, "delay_probability", l.delay_probability(), kShare);
      CheckReal(n, what, "delay_mean_minutes", l.delay_mean_minutes(), kMinutesUpToADay);
    }
  }

  void CheckDemand() {
    const Demand& d = s_.demand();
    const Node n = Child(root_, "demand", -1, d);
    CheckHourlyProfile(n, "demand", "hourly_profile", d.hourly_profile());
    for (int i = 0; i < d.day_multiplier_size(); ++i) {
      CheckRealAt(n, "demand", "day_multiplier", i, d.day_multiplier(i), kNonNegative);
    }
    CheckReal(n, "demand", "gravity_exponent", d.gravity_exponent(), kNonNegative);
    CheckReal(n, "demand", "gravity_scale_km", d.gravity_scale_km(), kPositive);
    if (d.has_account_size_sigma()) {
      CheckReal(n, "demand", "account_size_sigma", d.account_size_sigma(), kSpread);
    }

    std::unordered_map<std::int64_t, Where> od_at;
    std::vector<bool> has_positive_row(s_.hub_size(), false);
    for (int i = 0; i < d.od_size(); ++i) {
      const OdEntry& e = d.od(i);
      const Node en = Child(n, "od", i, e);
      const std::string what = Numbered("demand od", i);
      std::optional<int> from = CheckHubRef(en, what, "from_hub", e.has_from_hub(), e.from_hub());
      std::optional<int> to = CheckHubRef(en, what, "to_hub", e.has_to_hub(), e.to_hub());
      bool weight_ok = Required(en, what, "weight", e.has_weight()) &&
                       CheckReal(en, what, "weight", e.weight(), kNonNegative);
      if (to && !hub_has_outlets_[*to]) {
        Error(Line(en, "to_hub"),
              what + " to_hub " + Quote(e.to_hub()) + " has no outlet to deliver to");
      }
      if (from && to) {
        auto [it, inserted] = od_at.emplace(PairKey(*from, *to), At(en));
        if (!inserted) {
          Error(At(en), what + " " + Escape(e.from_hub()) + "->" + Escape(e.to_hub()) +
                             " is already given " + Ref(it->second));
        }
      }
      if (from && weight_ok && e.weight() > 0) has_positive_row[*from] = true;
    }
    if (d.od_size() > 0 && graph_complete_) {
      for (int h = 0; h < s_.hub_size(); ++h) {
        if (hub_has_outlets_[h] && !has_positive_row[h]) {
          Error(Line(n, "od", 0), "demand od has no entry with a positive weight from hub " +
                                      Quote(s_.hub(h).id()) + ", which has outlets");
        }
      }
    }
  }

  void CheckCouriers() {
    const CourierModel& c = s_.couriers();
    const Node n = Child(root_, "couriers", -1, c);
    CheckReal(n, "couriers", "speed_kmh", c.speed_kmh(), kSpeed);
    CheckReal(n, "couriers", "travel_time_cv", c.travel_time_cv(), kSpread);
    CheckReal(n, "couriers", "pickup_service_minutes", c.pickup_service_minutes(), kServiceMinutes);
    CheckReal(n, "couriers", "delivery_service_minutes", c.delivery_service_minutes(),
              kServiceMinutes);
    CheckInt(n, "couriers", "run_capacity", c.run_capacity(), 1, kMaxRunCapacity);
    CheckReal(n, "couriers", "failed_delivery_probability", c.failed_delivery_probability(),
              kProbability);
    CheckReal(n, "couriers", "shuttle_minutes", c.shuttle_minutes(), kTripMinutes);
    CheckClockList(n, "couriers", "outlet_to_hub_departure", c.outlet_to_hub_departure());
    CheckClockList(n, "couriers", "hub_to_outlet_departure", c.hub_to_outlet_departure());
    CheckReal(n, "couriers", "missed_pod_probability", c.missed_pod_probability(), kShare);
    CheckReal(n, "couriers", "minutes_per_parcel", c.minutes_per_parcel(), kServiceMinutes);
    CheckReal(n, "couriers", "parcels_per_stop", c.parcels_per_stop(), kParcelsPerStop);
    // The clusters' fields only matter to a CLUSTERED layout; otherwise the spread must
    // still be a number (as an unused Distribution.stddev_seconds).
    if (c.point_layout() == CLUSTERED) {
      CheckInt(n, "couriers", "point_clusters", c.point_clusters(), 1, kMaxPointClusters);
      CheckReal(n, "couriers", "cluster_spread", c.cluster_spread(), kClusterSpread);
    } else {
      CheckReal(n, "couriers", "cluster_spread", c.cluster_spread(), kAnyFinite);
    }
    CheckReal(n, "couriers", "outlet_sort_minutes", c.outlet_sort_minutes(), kServiceMinutes);
    CheckReal(n, "couriers", "hand_in_minutes", c.hand_in_minutes(), kServiceMinutes);
    CheckReal(n, "couriers", "wave_parcels_per_courier", c.wave_parcels_per_courier(),
              kWaveParcels);
    CheckReal(n, "couriers", "circuity", c.circuity(), kCircuity);
  }

  void CheckCustomers() {
    const Customers& c = s_.customers();
    const Node n = Child(root_, "customers", -1, c);
    const std::string what = "customers";
    CheckReal(n, what, "mean_monthly_revenue", c.mean_monthly_revenue(), kRevenue);
    const bool top_ok = CheckReal(n, what, "top_accounts_share", c.top_accounts_share(), kOpenShare) &
                        CheckReal(n, what, "top_revenue_share", c.top_revenue_share(), kOpenShare);
    if (top_ok && c.top_revenue_share() < c.top_accounts_share()) {
      Error(Line(n, "top_revenue_share"),
            "customers top_revenue_share (" + Num(c.top_revenue_share()) +
                ") must be at least top_accounts_share (" + Num(c.top_accounts_share()) +
                "): the top accounts bring at least their share of the revenue");
    }
    CheckReal(n, what, "lifetime_years", c.lifetime_years(), kLifetimeYears);
    CheckReal(n, what, "key_account_share", c.key_account_share(), kShare);
    CheckReal(n, what, "feedback_minutes", c.feedback_minutes(), kReactionMinutes);

    const Satisfaction& sat = c.satisfaction();
    const Node sn = Child(n, "satisfaction", -1, sat);
    const std::string sw = "customers satisfaction";
    CheckReal(sn, sw, "initial_mean", sat.initial_mean(), kScore);
    CheckReal(sn, sw, "initial_stddev", sat.initial_stddev(), kScoreSpread);
    CheckReal(sn, sw, "memory_days", sat.memory_days(), kMemoryDays);
    CheckReal(sn, sw, "prior_weight", sat.prior_weight(), kPriorWeight);
    CheckReal(sn, sw, "negative_weight", sat.negative_weight(), kNegativeWeight);
    const std::pair<std::string_view, double> scores[] = {
        {"on_time_pickup", sat.on_time_pickup()}, {"late_pickup", sat.late_pickup()},
        {"late_pickup_per_hour", sat.late_pickup_per_hour()}, {"on_time_delivery", sat.on_time_delivery()},
        {"late_delivery", sat.late_delivery()}, {"late_delivery_per_hour", sat.late_delivery_per_hour()},
        {"next_day_missed", sat.next_day_missed()}, {"failed_delivery", sat.failed_delivery()},
        {"lost", sat.lost()}, {"damaged", sat.damaged()},
        {"call_answered_in_target", sat.call_answered_in_target()},
        {"call_wait_per_minute", sat.call_wait_per_minute()}, {"abandoned_call", sat.abandoned_call()},
        {"complaint_resolved", sat.complaint_resolved()}, {"complaint_unresolved", sat.complaint_unresolved()}};
    for (const auto& [field, value] : scores) CheckReal(sn, sw, field, value, kScore);
    const std::pair<std::string_view, double> cuts[] = {{"very_satisfied_from", sat.very_satisfied_from()},
                                                        {"satisfied_from", sat.satisfied_from()},
                                                        {"neutral_from", sat.neutral_from()},
                                                        {"dissatisfied_from", sat.dissatisfied_from()}};
    bool cuts_ok = true;
    for (const auto& [field, value] : cuts) cuts_ok &= CheckReal(sn, sw, field, value, kScore);
    for (int i = 1; cuts_ok && i < 4; ++i) {
      if (!(cuts[i].second < cuts[i - 1].second)) {
        Error(Line(sn, cuts[i].first), sw + " " + std::string(cuts[i].first) + " (" + Num(cuts[i].second) +
                                           ") must be below " + std::string(cuts[i - 1].first) + " (" +
                                           Num(cuts[i - 1].second) + "): the cut points decrease");
        break;
      }
    }

    const Complaints& comp = c.complaints();
    const Node cn = Child(n, "complaints", -1, comp);
    const std::string cw = "customers complaints";
    CheckReal(cn, cw, "dissatisfied_probability", comp.dissatisfied_probability(), kShare);
    CheckReal(cn, cw, "very_dissatisfied_probability", comp.very_dissatisfied_probability(), kShare);
    CheckReal(cn, cw, "first_contact_resolution", comp.first_contact_resolution(), kShare);
    CheckReal(cn, cw, "reopen_minutes", comp.reopen_minutes(), kOutageMinutes);
    CheckInt(cn, cw, "max_reopens", comp.max_reopens(), 0, 10);
    CheckReal(cn, cw, "quiet_days", comp.quiet_days(), kQuietDays);
    if (comp.has_call_type() && s_.has_call_center() && s_.outlet_size() > 0 &&
        (comp.dissatisfied_probability() > 0 || comp.very_dissatisfied_probability() > 0)) {
      bool found = false;
      for (const CallType& t : s_.call_center().call_type()) found |= t.name() == comp.call_type();
      if (!found) {
        Error(Line(cn, "call_type"), cw + " call_type " + Quote(comp.call_type()) +
                                         " is not the name of a call_center call_type");
      }
    }

    const Churn& churn = c.churn();
    const Node chn = Child(n, "churn", -1, churn);
    const std::string chw = "customers churn";
    CheckReal(chn, chw, "max_daily_probability", churn.max_daily_probability(), kShare);
    CheckReal(chn, chw, "midpoint", churn.midpoint(), kScore);
    CheckReal(chn, chw, "steepness", churn.steepness(), kSteepness);

    const SqiWeights& w = c.sqi_weights();
    const Node wn = Child(n, "sqi_weights", -1, w);
    const std::pair<std::string_view, double> weights[] = {
        {"right_day_late", w.right_day_late()}, {"wrong_day_late", w.wrong_day_late()},
        {"traces", w.traces()}, {"complaints_reopened", w.complaints_reopened()},
        {"missed_pod", w.missed_pod()}, {"invoice_adjustments", w.invoice_adjustments()},
        {"late_pickup_stops", w.late_pickup_stops()}, {"lost", w.lost()}, {"damaged", w.damaged()},
        {"overgoods", w.overgoods()}, {"abandoned_calls", w.abandoned_calls()},
        {"international", w.international()}};
    for (const auto& [field, value] : weights) CheckReal(wn, "customers sqi_weights", field, value, kWeight);
  }

  // The day of an outage or disruption: 1..days (only checked against `days` if it is valid).
  void CheckDay(const Node& n, const std::string& what, std::uint32_t day) {
    CheckInt(n, what, "day", day, 1, days_ > 0 ? days_ : kMaxDays);
  }

  void CheckHubOutages() {
    for (int i = 0; i < s_.hub_outage_size(); ++i) {
      const HubOutage& o = s_.hub_outage(i);
      const Node n = Child(root_, "hub_outage", i, o);
      const std::string what = Numbered("hub_outage", i);
      CheckHubRef(n, what, "hub", o.has_hub(), o.hub());
      CheckDay(n, what, o.day());
      if (Required(n, what, "start", o.has_start())) {
        CheckClock(n, what, "start", -1, o.start(), false);
      }
      if (Required(n, what, "duration_minutes", o.has_duration_minutes())) {
        CheckReal(n, what, "duration_minutes", o.duration_minutes(), kOutageMinutes);
      }
    }
  }

  void CheckLinehaulDisruptions() {
    for (int i = 0; i < s_.linehaul_disruption_size(); ++i) {
      const LinehaulDisruption& x = s_.linehaul_disruption(i);
      const Node n = Child(root_, "linehaul_disruption", i, x);
      const std::string what = Numbered("linehaul_disruption", i);
      std::optional<int> from = CheckHubRef(n, what, "from", x.has_from(), x.from());
      std::optional<int> to = CheckHubRef(n, what, "to", x.has_to(), x.to());
      const std::vector<int>* departures = nullptr;
      if (from && to) {
        auto it = linehaul_index_.find(PairKey(*from, *to));
        if (it == linehaul_index_.end()) {
          Error(Line(n, "to"),
                what + " to: there is no linehaul " + Escape(x.from()) + "->" + Escape(x.to()));
        } else {
          departures = &linehaul_departures_[it->second];
        }
      }
      CheckDay(n, what, x.day());
      if (Required(n, what, "departure", x.has_departure())) {
        std::optional<int> m = CheckClock(n, what, "departure", -1, x.departure(), false);
        if (m && departures != nullptr &&
            std::find(departures->begin(), departures->end(), *m) == departures->end()) {
          Error(Line(n, "departure"), what + " departure " + ClockText(*m) +
                                          " is not a departure of linehaul " + Escape(x.from()) +
                                          "->" + Escape(x.to()));
        }
      }
      CheckReal(n, what, "delay_minutes", x.delay_minutes(), kDelayMinutes);
    }
  }

  // A time distribution: mean required, in (0, 1 day]; stddev required for LOGNORMAL, in
  // (0, 1 day]; an unused stddev must still be a number.
  void CheckDistribution(const Node& n, const std::string& what, const Distribution& d) {
    if (Required(n, what, "mean_seconds", d.has_mean_seconds())) {
      CheckReal(n, what, "mean_seconds", d.mean_seconds(), kSecondsUpToADay);
    }
    if (d.kind() == Distribution::LOGNORMAL) {
      if (!d.has_stddev_seconds()) {
        Error(At(n), Subject(what, "stddev_seconds") + " is required for kind LOGNORMAL");
      } else {
        CheckReal(n, what, "stddev_seconds", d.stddev_seconds(), kSecondsUpToADay);
      }
    } else if (d.has_stddev_seconds()) {
      CheckReal(n, what, "stddev_seconds", d.stddev_seconds(), kAnyFinite);
    }
  }

  void CheckCallCenter() {
    if (!s_.has_call_center()) return;
    const CallCenter& c = s_.call_center();
    const Node n = Child(root_, "call_center", -1, c);
    const std::string what = "call_center";
    CheckReal(n, what, "service_level_seconds", c.service_level_seconds(), kSecondsUpToADay);
    int intervals = 0;  // per day; 0 while interval_minutes is invalid
    if (c.interval_minutes() == 15 || c.interval_minutes() == 30) {
      intervals = kMinutesPerDay / static_cast<int>(c.interval_minutes());
    } else {
      Error(Line(n, "interval_minutes"), "call_center interval_minutes must be 15 or 30 (got " +
                                             std::to_string(c.interval_minutes()) + ")");
    }

    // Call types. Every name given is recorded, well-formed or not, so that a reference to
    // a malformed name is not reported a second time.
    if (c.call_type_size() == 0) {
      Error(At(n), "call_center call_type is required (at least one)");
    }
    std::unordered_map<std::string, Where> type_at;  // name -> where its call type is
    double calls = 0;
    for (int i = 0; i < c.call_type_size(); ++i) {
      const CallType& t = c.call_type(i);
      const Node tn = Child(n, "call_type", i, t);
      const std::string tw = t.name().empty() ? Numbered("call_center call_type", i)
                                              : "call_center call_type " + Quote(t.name());
      const bool name_ok = CheckId(tn, tw, t.name(), "name");
      if (!t.name().empty()) {
        auto [it, inserted] = type_at.emplace(t.name(), At(tn));
        if (!inserted && name_ok) {
          Error(Line(tn, "name"), tw + " name is already used by the call type " + Ref(it->second));
        }
      }
      if (CheckReal(tn, tw, "calls_per_day", t.calls_per_day(), kNonNegative)) {
        calls += t.calls_per_day();
      }
      CheckHourlyProfile(tn, tw, "hourly_profile", t.hourly_profile());
      if (Required(tn, tw, "handle_time", t.has_handle_time())) {
        CheckDistribution(Child(tn, "handle_time", -1, t.handle_time()), tw + " handle_time",
                          t.handle_time());
      }
      CheckReal(tn, tw, "self_service_share", t.self_service_share(), kShare);
    }
    if (calls > kMaxCallsTotal) {
      Error(At(n), "the call types have " + Num(calls) + " calls_per_day in total (at most " +
                        Num(kMaxCallsTotal) + ")");
    }

    // Agents: one value for the whole day or one per interval; someone must answer.
    if (c.agents_size() == 0) {
      Error(At(n),
            "call_center agents is required (one value for the whole day, or one per "
            "interval)");
    } else if (intervals > 0 && c.agents_size() != 1 && c.agents_size() != intervals) {
      Error(Line(n, "agents", 0),
            "call_center agents must have 1 value (the whole day) or " + std::to_string(intervals) +
                " (one per " + std::to_string(c.interval_minutes()) +
                "-minute interval from 00:00) (got " + std::to_string(c.agents_size()) + ")");
    }
    bool anyone = false;
    for (int i = 0; i < c.agents_size(); ++i) {
      CheckIntAt(n, what, "agents", i, c.agents(i), 0, kMaxAgentsPerInterval);
      if (c.agents(i) > 0) anyone = true;
    }
    if (c.agents_size() > 0 && !anyone) {
      Error(Line(n, "agents", 0),
            "call_center agents must have at least one value > 0 (no agent would ever answer)");
    }

    if (c.has_patience()) {
      CheckDistribution(Child(n, "patience", -1, c.patience()), "call_center patience",
                        c.patience());
    }
    CheckReal(n, what, "key_account_share", c.key_account_share(), kShare);
    CheckReal(n, what, "phone_order_share", c.phone_order_share(), kShare);
    CheckReal(n, what, "late_pickup_call_probability", c.late_pickup_call_probability(), kShare);
    CheckReal(n, what, "late_delivery_call_probability", c.late_delivery_call_probability(),
              kShare);
    CheckReal(n, what, "failed_delivery_call_probability", c.failed_delivery_call_probability(),
              kShare);
    CheckReal(n, what, "reaction_minutes", c.reaction_minutes(), kReactionMinutes);
    CheckReal(n, what, "reaction_extra_minutes", c.reaction_extra_minutes(), kExtraMinutesUpToADay);
    CheckReal(n, what, "query_delay_min_minutes", c.query_delay_min_minutes(),
              kExtraMinutesUpToADay);
    CheckReal(n, what, "query_delay_max_minutes", c.query_delay_max_minutes(),
              kExtraMinutesUpToADay);
    if (c.query_delay_max_minutes() < c.query_delay_min_minutes()) {
      Error(Line(n, "query_delay_max_minutes"),
            "call_center query_delay_max_minutes " + Num(c.query_delay_max_minutes()) +
                " is below query_delay_min_minutes " + Num(c.query_delay_min_minutes()));
    }
    CheckReal(n, what, "redial_probability", c.redial_probability(), kProbability);
    CheckReal(n, what, "redial_minutes", c.redial_minutes(), kMinutesUpToADay);

    // The call types that calls caused by the network are of: needed only when such calls
    // can arise (the network has outlets and the share or a probability is > 0), and not
    // checked when there is no call type at all (already reported).
    if (s_.outlet_size() == 0 || c.call_type_size() == 0) return;
    auto check_type = [&](std::string_view field, bool given, const std::string& name,
                          const std::string& used_by) {
      if (type_at.count(name) != 0) return;
      Error(Line(n, field), "call_center " + std::string(field) + " " + Quote(name) +
                                (given ? "" : " (the default)") + " is not the name of a " +
                                "call_type; " + used_by + " need one");
    };
    if (c.phone_order_share() > 0) {
      check_type("phone_order_type", c.has_phone_order_type(), c.phone_order_type(),
                 "phone orders (phone_order_share > 0)");
    }
    const std::pair<const char*, double> failure_calls[] = {
        {"late_pickup_call_probability", c.late_pickup_call_probability()},
        {"late_delivery_call_probability", c.late_delivery_call_probability()},
        {"failed_delivery_call_probability", c.failed_delivery_call_probability()}};
    for (const auto& [field, probability] : failure_calls) {
      if (probability > 0) {
        check_type("failure_call_type", c.has_failure_call_type(), c.failure_call_type(),
                   "calls after failures (" + std::string(field) + " > 0)");
        break;
      }
    }
  }

  // The simulation's routing cache: per hub, an entry for every destination hub and every
  // slot between the hub's departure times. Checked after the lists (whose limits bound
  // the sum) and before anything is simulated.
  void CheckRoutingSize() {
    if (s_.hub_size() == 0 || linehaul_departures_.size() != static_cast<std::size_t>(s_.linehaul_size())) return;
    std::vector<std::vector<int>> slots(s_.hub_size());
    for (int i = 0; i < s_.linehaul_size(); ++i) {
      auto it = hub_index_.find(s_.linehaul(i).from());
      if (it == hub_index_.end()) continue;
      slots[it->second].insert(slots[it->second].end(), linehaul_departures_[i].begin(),
                               linehaul_departures_[i].end());
    }
    std::int64_t entries = 0;
    for (std::vector<int>& times : slots) {
      std::sort(times.begin(), times.end());
      const auto distinct = std::unique(times.begin(), times.end()) - times.begin();
      entries += static_cast<std::int64_t>(s_.hub_size()) * (distinct + 1);
    }
    if (entries > kMaxRouteCacheEntries) {
      Error(Top("linehaul"),
            "the network needs " + std::to_string(entries) + " routing entries (hubs x the " +
                "distinct departure times of each hub's linehauls, plus one per hub; at most " +
                std::to_string(kMaxRouteCacheEntries) + "): fewer hubs or fewer distinct departure times");
    }
  }

  // Every hub with outlets reaches every other one by linehauls (possibly through hubs
  // without outlets). Checked as: all of them are reachable from the first one, and the
  // first one from all of them (two BFS passes, O(hubs + linehauls)).
  void CheckReachability() {
    const int hubs = s_.hub_size();
    int first = -1;
    for (int h = 0; h < hubs && first < 0; ++h) {
      if (hub_has_outlets_[h]) first = h;
    }
    if (first < 0) return;
    std::vector<std::vector<int>> reverse(hubs);
    for (int from = 0; from < hubs; ++from) {
      for (int to : adjacency_[from]) reverse[to].push_back(from);
    }
    const std::vector<bool> forward = Reached(adjacency_, first);
    const std::vector<bool> backward = Reached(reverse, first);
    auto unreachable = [this](int to, int from) {
      std::string message = "outlet hub ";
      message += Quote(s_.hub(to).id());
      message += " cannot be reached from hub ";
      message += Quote(s_.hub(from).id());
      message += " by any linehaul";
      return message;
    };
    for (int h = 0; h < hubs; ++h) {
      if (!hub_has_outlets_[h]) continue;
      if (!forward[h]) Error(Where{hub_line_[h], hub_path_[h]}, unreachable(h, first));
      if (!backward[h]) Error(Where{hub_line_[h], hub_path_[h]}, unreachable(first, h));
    }
  }

  static std::vector<bool> Reached(const std::vector<std::vector<int>>& graph, int start) {
    std::vector<bool> seen(graph.size(), false);
    std::deque<int> queue{start};
    seen[start] = true;
    while (!queue.empty()) {
      const int at = queue.front();
      queue.pop_front();
      for (int next : graph[at]) {
        if (!seen[next]) {
          seen[next] = true;
          queue.push_back(next);
        }
      }
    }
    return seen;
  }

  const Scenario& s_;
  const Node root_;
  std::vector<std::pair<int, ScenarioProblem>> errors_;  // (line, problem)
  bool truncated_ = false;

  int days_ = 0;  // 0 while `days` is invalid
  std::unordered_map<std::string, int> hub_index_;
  std::vector<int> hub_line_;
  std::vector<std::string> hub_path_;
  std::vector<bool> hub_has_outlets_;
  // False once a hub id or a reference to a hub is bad: reachability would then report
  // consequences of errors already reported.
  bool graph_complete_ = true;
  std::vector<std::vector<int>> adjacency_;               // hub -> hubs it has linehauls to
  std::unordered_map<std::int64_t, int> linehaul_index_;  // PairKey(from, to) -> linehaul
  std::vector<std::vector<int>> linehaul_departures_;     // per linehaul: minutes of day
};

}  // namespace

ScenarioError::ScenarioError(std::vector<std::string> messages)
    : std::runtime_error(JoinLines(messages)), messages_(std::move(messages)) {}

Scenario LoadScenarioText(std::string_view text, const std::string& display_name) {
  if (text.size() > static_cast<std::size_t>(std::numeric_limits<int>::max())) {
    throw ScenarioError({display_name + ": too large to parse"});
  }
  // The lists' limits first: parsing allocates every element of every list.
  std::vector<std::pair<int, std::string>> too_many;
  for (TextScan::Problem& p : TextScan(text).Count()) too_many.emplace_back(p.line, std::move(p.message));
  if (!too_many.empty()) {
    std::stable_sort(too_many.begin(), too_many.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<std::string> messages;
    for (const auto& [line, message] : too_many) {
      messages.push_back(display_name + ":" + std::to_string(line) + ": " + message);
    }
    throw ScenarioError(std::move(messages));
  }

  Scenario scenario;
  ParseInfoTree tree;
  ParseErrorCollector collector;
  TextFormat::Parser parser;
  parser.RecordErrorsTo(&collector);
  parser.WriteLocationsTo(&tree);
  google::protobuf::io::ArrayInputStream input(text.data(), static_cast<int>(text.size()));
  if (!parser.Parse(&input, &scenario)) {
    // "FILE:LINE:COLUMN: FIELD: message", at the field's name while its value is what the
    // parser stumbled on (it reports some values' errors at the token after them).
    std::vector<std::pair<int, int>> positions;
    for (const ParseErrorCollector::Error& e : collector.errors()) positions.emplace_back(e.line, e.column);
    const std::vector<TextScan::Field> fields = TextScan(text).FieldsAt(positions);
    std::vector<std::string> messages;
    for (std::size_t i = 0; i < collector.errors().size(); ++i) {
      const ParseErrorCollector::Error& e = collector.errors()[i];
      if (e.line < 0) {
        messages.push_back(display_name + ": " + e.message);
        continue;
      }
      const TextScan::Field& field = fields[i];
      const int line = field.line >= 0 ? field.line : e.line;
      const int column = field.line >= 0 ? field.column : e.column;
      messages.push_back(display_name + ":" + std::to_string(line + 1) + ":" +
                         std::to_string(column + 1) + ": " +
                         (field.path.empty() ? "" : field.path + ": ") + Printable(e.message));
    }
    if (collector.truncated()) {
      messages.push_back(display_name + ": too many errors; stopped after the first " +
                         std::to_string(kMaxReportedErrors));
    }
    if (messages.empty()) messages.push_back(display_name + ": cannot parse");
    throw ScenarioError(std::move(messages));
  }
  std::vector<std::string> messages;
  for (auto& [line, problem] : Validator(scenario, &tree).Run()) {
    // Line 0: the closing "too many errors" note, which has no place in the text.
    std::string message = display_name;
    if (line > 0) message.append(":").append(std::to_string(line));
    messages.push_back(message.append(": ").append(problem.message));
  }
  if (!messages.empty()) throw ScenarioError(std::move(messages));
  return scenario;
}

std::vector<ScenarioProblem> FindScenarioProblems(const Scenario& scenario) {
  std::vector<ScenarioProblem> problems;
  for (auto& [line, problem] : Validator(scenario, nullptr).Run()) {
    problems.push_back(std::move(problem));
  }
  return problems;
}

void ValidateScenario(const Scenario& scenario, const std::string& display_name) {
  std::vector<std::string> messages;
  for (ScenarioProblem& problem : FindScenarioProblems(scenario)) {
    messages.push_back(display_name + ": " + std::move(problem.message));
  }
  if (!messages.empty()) throw ScenarioError(std::move(messages));
}

Scenario LoadScenarioFile(const std::string& path) {
  std::string text;
  try {
    text = ReadFileBounded(path, kMaxScenarioFileBytes, "a scenario");
  } catch (const FileReadError& e) {
    throw ScenarioError({e.what()});
  }
  return LoadScenarioText(text, path);
}

const Scenario& DefaultScenario() {
  static const Scenario scenario =
      LoadScenarioText(DefaultScenarioText(), std::string(kDefaultScenarioName));
  return scenario;
}

std::optional<int> ParseClock(std::string_view hh_mm) {
  if (hh_mm.size() != 5 || hh_mm[2] != ':') return std::nullopt;
  for (int i : {0, 1, 3, 4}) {
    if (hh_mm[i] < '0' || hh_mm[i] > '9') return std::nullopt;
  }
  const int hours = (hh_mm[0] - '0') * 10 + (hh_mm[1] - '0');
  const int minutes = (hh_mm[3] - '0') * 10 + (hh_mm[4] - '0');
  if (minutes > 59 || hours > 24 || (hours == 24 && minutes != 0)) return std::nullopt;
  return hours * 60 + minutes;
}

ScenarioTotals Totals(const Scenario& scenario) {
  ScenarioTotals t;
  t.hubs = scenario.hub_size();
  t.outlets = scenario.outlet_size();
  t.linehauls = scenario.linehaul_size();
  for (const Outlet& o : scenario.outlet()) {
    t.couriers += o.couriers();
    t.orders_per_day += o.orders_per_day();
  }
  if (scenario.has_call_center()) {
    const CallCenter& c = scenario.call_center();
    t.call_types = c.call_type_size();
    for (const CallType& type : c.call_type()) t.calls_per_day += type.calls_per_day();
    for (const std::uint32_t agents : c.agents()) {
      t.peak_agents = std::max(t.peak_agents, static_cast<int>(agents));
    }
  }
  return t;
}

}  // namespace hubsim::io

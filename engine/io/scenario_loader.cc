#include "engine/io/scenario_loader.h"

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
constexpr int kMaxOutlets = 100'000;
constexpr int kMaxLinehauls = 100'000;
constexpr int kMaxHubOutages = 10'000;
constexpr int kMaxLinehaulDisruptions = 100'000;
constexpr int kMaxOdEntries = 1'000'000;
constexpr int kMaxDepartures = 1'440;  // per list: one a minute
constexpr int kMaxDays = 366;
constexpr int kHoursPerDay = 24;
constexpr int kMinutesPerDay = 1'440;
constexpr std::size_t kMaxIdLength = 64;
constexpr std::int64_t kMaxCouriersPerOutlet = 10'000;
constexpr std::int64_t kMaxAccountsPerOutlet = 1'000'000;
constexpr double kMaxOrdersPerOutlet = 10'000'000;
constexpr std::int64_t kMaxCouriersTotal = 1'000'000;
constexpr std::int64_t kMaxAccountsTotal = 10'000'000;
constexpr double kMaxOrdersTotal = 100'000'000;
constexpr std::int64_t kMaxPromiseDays = 30;

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

// Parse errors of protobuf's text parser as "FILE:LINE:COLUMN: message".
class ParseErrorCollector : public google::protobuf::io::ErrorCollector {
 public:
  ParseErrorCollector(const std::string& name, std::vector<std::string>* messages)
      : name_(name), messages_(messages) {}

  void AddError(int line, google::protobuf::io::ColumnNumber column,
                const std::string& message) override {
    if (line < 0) {
      messages_->push_back(name_ + ": " + message);
    } else {
      messages_->push_back(name_ + ":" + std::to_string(line + 1) + ":" +
                           std::to_string(column + 1) + ": " + message);
    }
  }

 private:
  const std::string& name_;
  std::vector<std::string>* messages_;
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
constexpr Range kOrdersPerOutlet{0, kMaxOrdersPerOutlet, false, false};

// Where a message is in the text: its parse-info subtree (null when the message is not
// written out) and the 1-based line of its field name (the enclosing message's line when
// it is not written out).
struct Node {
  const Message* message;
  const ParseInfoTree* tree;
  int line;
};

// Checks one parsed scenario; collects "NAME:LINE: message" in line order.
class Validator {
 public:
  Validator(const Scenario& s, const ParseInfoTree& tree, const std::string& name)
      : s_(s), name_(name), root_{&s, &tree, 1} {}

  std::vector<std::string> Run() {
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
      if (graph_complete_) CheckReachability();
    }
    std::stable_sort(errors_.begin(), errors_.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<std::string> out;
    out.reserve(errors_.size() + 1);
    for (auto& [line, message] : errors_) {
      out.push_back(name_ + ":" + std::to_string(line) + ": " + std::move(message));
    }
    if (truncated_) {
      out.push_back(name_ + ": too many errors; stopped after the first " +
                    std::to_string(kMaxReportedErrors));
    }
    return out;
  }

 private:
  // ---- reporting and locations ----

  void Error(int line, std::string message) {
    if (static_cast<int>(errors_.size()) >= kMaxReportedErrors) {
      truncated_ = true;
      return;
    }
    errors_.emplace_back(line, std::move(message));
  }

  static const google::protobuf::FieldDescriptor* Field(const Node& n, std::string_view field) {
    return n.message->GetDescriptor()->FindFieldByName(std::string(field));
  }

  // The line of `field` (element `index` of a repeated field, -1 for a singular one) of
  // node `n`; the node's line when the field is not written out.
  int Line(const Node& n, std::string_view field, int index = -1) const {
    if (n.tree != nullptr) {
      const auto* fd = Field(n, field);
      // A list written as `field: [a, b, c]` records one location, that of its start: an
      // element without its own location is on the line of the nearest one before it.
      for (int i = index; i >= (index < 0 ? -1 : 0); --i) {
        const int at = n.tree->GetLocation(fd, i).line;
        if (at >= 0) return at + 1;
      }
    }
    return n.line;
  }

  Node Child(const Node& n, std::string_view field, int index, const Message& child) const {
    const ParseInfoTree* tree =
        n.tree != nullptr ? n.tree->GetTreeForNested(Field(n, field), index) : nullptr;
    return Node{&child, tree, Line(n, field, index)};
  }

  static std::string Subject(const std::string& what, std::string_view field) {
    return what.empty() ? std::string(field) : what + " " + std::string(field);
  }

  // ---- value checks; each returns whether the value is acceptable ----

  bool Required(const Node& n, const std::string& what, std::string_view field, bool present) {
    if (!present) Error(n.line, Subject(what, field) + " is required");
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

  // An id: required, letters, digits, '-' and '_', at most kMaxIdLength characters.
  bool CheckId(const Node& n, const std::string& what, const std::string& id) {
    if (id.empty()) {
      Error(n.line, what + " id is required");
      return false;
    }
    const bool chars_ok = std::all_of(id.begin(), id.end(), [](char c) {
      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
             c == '-' || c == '_';
    });
    if (!chars_ok) {
      Error(Line(n, "id"),
            what + " id " + Quote(id) + " may contain only letters, digits, '-' and '_'");
      return false;
    }
    if (id.size() > kMaxIdLength) {
      Error(Line(n, "id"), what + " id " + Quote(id) + " is longer than " +
                               std::to_string(kMaxIdLength) + " characters");
      return false;
    }
    return true;
  }

  // A reference to a hub by id: required and existing. Returns the hub's index.
  std::optional<int> CheckHubRef(const Node& n, const std::string& what, std::string_view field,
                                 bool present, const std::string& id) {
    if (!present || id.empty()) {
      Error(n.line, Subject(what, field) + " is required");
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
    const Node couriers = Child(root_, "couriers", -1, s_.couriers());
    list_limit(couriers, "couriers", "outlet_to_hub_departure",
               s_.couriers().outlet_to_hub_departure_size(), kMaxDepartures);
    list_limit(couriers, "couriers", "hub_to_outlet_departure",
               s_.couriers().hub_to_outlet_departure_size(), kMaxDepartures);
    if (ok) {
      for (int i = 0; i < s_.linehaul_size(); ++i) {
        const Node n = Child(root_, "linehaul", i, s_.linehaul(i));
        list_limit(n, Numbered("linehaul", i), "departure", s_.linehaul(i).departure_size(),
                   kMaxDepartures);
      }
    }
    return ok;
  }

  void CheckScenario() {
    if (CheckInt(root_, "", "days", s_.days(), 1, kMaxDays)) days_ = static_cast<int>(s_.days());
    if (s_.hub_size() == 0) Error(1, "the scenario has no hub (at least one is required)");
    if (s_.outlet_size() == 0) Error(1, "the scenario has no outlet (at least one is required)");
  }

  void CheckPromises() {
    const Node n = Child(root_, "promises", -1, s_.promises());
    const Promises& p = s_.promises();
    CheckReal(n, "promises", "pickup_minutes", p.pickup_minutes(), kPromiseMinutes);
    CheckReal(n, "promises", "delivery_minutes", p.delivery_minutes(), kPromiseMinutes);
    CheckInt(n, "promises", "next_day_days", p.next_day_days(), 0, kMaxPromiseDays);
  }

  void CheckHubs() {
    hub_line_.resize(s_.hub_size());
    for (int i = 0; i < s_.hub_size(); ++i) {
      const Hub& h = s_.hub(i);
      const Node n = Child(root_, "hub", i, h);
      hub_line_[i] = n.line;
      const std::string what = h.id().empty() ? Numbered("hub", i) : "hub " + Quote(h.id());
      if (CheckId(n, what, h.id())) {
        auto [it, inserted] = hub_index_.emplace(h.id(), i);
        if (!inserted) {
          Error(Line(n, "id"), what + " id is already used by the hub at line " +
                                   std::to_string(hub_line_[it->second]));
          graph_complete_ = false;
        }
      } else {
        graph_complete_ = false;
      }
      if (Required(n, what, "lat", h.has_lat())) CheckReal(n, what, "lat", h.lat(), kLatitude);
      if (Required(n, what, "lon", h.has_lon())) CheckReal(n, what, "lon", h.lon(), kLongitude);
      CheckReal(n, what, "sort_rate_per_hour", h.sort_rate_per_hour(), kPositive);
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
    std::unordered_map<std::string, int> outlet_line;
    std::int64_t couriers = 0;
    std::int64_t accounts = 0;
    double orders = 0;
    for (int i = 0; i < s_.outlet_size(); ++i) {
      const Outlet& o = s_.outlet(i);
      const Node n = Child(root_, "outlet", i, o);
      const std::string what = o.id().empty() ? Numbered("outlet", i) : "outlet " + Quote(o.id());
      if (CheckId(n, what, o.id())) {
        auto [it, inserted] = outlet_line.emplace(o.id(), n.line);
        if (!inserted) {
          Error(Line(n, "id"),
                what + " id is already used by the outlet at line " + std::to_string(it->second));
        }
      }
      if (std::optional<int> hub = CheckHubRef(n, what, "hub", o.has_hub(), o.hub())) {
        hub_has_outlets_[*hub] = true;
      } else {
        graph_complete_ = false;
      }
      if (Required(n, what, "lat", o.has_lat())) CheckReal(n, what, "lat", o.lat(), kLatitude);
      if (Required(n, what, "lon", o.has_lon())) CheckReal(n, what, "lon", o.lon(), kLongitude);
      if (CheckInt(n, what, "couriers", o.couriers(), 1, kMaxCouriersPerOutlet)) {
        couriers += o.couriers();
      }
      std::optional<int> start = CheckClock(n, what, "shift_start", -1, o.shift_start(), false);
      std::optional<int> end = CheckClock(n, what, "shift_end", -1, o.shift_end(), true);
      if (start && end && *start >= *end) {
        Error(Line(n, "shift_start"), what + " shift_start (" + ClockText(*start) +
                                          ") must be before shift_end (" + ClockText(*end) + ")");
      }
      if (CheckInt(n, what, "accounts", o.accounts(), 1, kMaxAccountsPerOutlet)) {
        accounts += o.accounts();
      }
      if (CheckReal(n, what, "orders_per_day", o.orders_per_day(), kOrdersPerOutlet)) {
        orders += o.orders_per_day();
      }
      CheckReal(n, what, "zone_radius_km", o.zone_radius_km(), kPositive);
      CheckInt(n, what, "extra_days", o.extra_days(), 0, kMaxPromiseDays);
    }
    if (couriers > kMaxCouriersTotal) {
      Error(1, "the outlets have " + std::to_string(couriers) + " couriers in total (at most " +
                   std::to_string(kMaxCouriersTotal) + ")");
    }
    if (accounts > kMaxAccountsTotal) {
      Error(1, "the outlets have " + std::to_string(accounts) + " accounts in total (at most " +
                   std::to_string(kMaxAccountsTotal) + ")");
    }
    if (orders > kMaxOrdersTotal) {
      Error(1, "the outlets have " + Num(orders) + " orders_per_day in total (at most " +
                   Num(kMaxOrdersTotal) + ")");
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
            Error(n.line, what + " is already defined at line " +
                              std::to_string(Line(root_, "linehaul", it->second)) +
                              " (list all its departures there)");
          }
        }
      } else {
        graph_complete_ = false;
      }
      if (Required(n, what, "transit_minutes", l.has_transit_minutes())) {
        CheckReal(n, what, "transit_minutes", l.transit_minutes(), kPositive);
      }
      if (l.departure_size() == 0) {
        Error(n.line, what + " departure is required (at least one)");
      }
      std::vector<int> departures = CheckClockList(n, what, "departure", l.departure());
      linehaul_departures_.push_back(std::move(departures));
      CheckInt(n, what, "capacity", l.capacity(), 1, kNoMax);
    }
  }

  void CheckDemand() {
    const Demand& d = s_.demand();
    const Node n = Child(root_, "demand", -1, d);
    if (d.hourly_profile_size() != 0) {
      if (d.hourly_profile_size() != kHoursPerDay) {
        Error(Line(n, "hourly_profile", 0),
              "demand hourly_profile must have 24 values, hour 0 first (got " +
                  std::to_string(d.hourly_profile_size()) + ")");
      }
      bool all_ok = true;
      double sum = 0;
      for (int i = 0; i < d.hourly_profile_size(); ++i) {
        if (CheckRealAt(n, "demand", "hourly_profile", i, d.hourly_profile(i), kNonNegative)) {
          sum += d.hourly_profile(i);
        } else {
          all_ok = false;
        }
      }
      if (all_ok && !(sum > 0)) {
        Error(Line(n, "hourly_profile", 0), "demand hourly_profile must have a positive sum");
      }
    }
    for (int i = 0; i < d.day_multiplier_size(); ++i) {
      CheckRealAt(n, "demand", "day_multiplier", i, d.day_multiplier(i), kNonNegative);
    }
    CheckReal(n, "demand", "gravity_exponent", d.gravity_exponent(), kNonNegative);
    CheckReal(n, "demand", "gravity_scale_km", d.gravity_scale_km(), kPositive);
    CheckReal(n, "demand", "account_size_sigma", d.account_size_sigma(), kNonNegative);

    std::unordered_map<std::int64_t, int> od_line;
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
        auto [it, inserted] = od_line.emplace(PairKey(*from, *to), en.line);
        if (!inserted) {
          Error(en.line, what + " " + Escape(e.from_hub()) + "->" + Escape(e.to_hub()) +
                             " is already given at line " + std::to_string(it->second));
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
    CheckReal(n, "couriers", "speed_kmh", c.speed_kmh(), kPositive);
    CheckReal(n, "couriers", "travel_time_cv", c.travel_time_cv(), kNonNegative);
    CheckReal(n, "couriers", "pickup_service_minutes", c.pickup_service_minutes(), kNonNegative);
    CheckReal(n, "couriers", "delivery_service_minutes", c.delivery_service_minutes(),
              kNonNegative);
    CheckInt(n, "couriers", "run_capacity", c.run_capacity(), 1, kNoMax);
    CheckReal(n, "couriers", "failed_delivery_probability", c.failed_delivery_probability(),
              kProbability);
    CheckReal(n, "couriers", "shuttle_minutes", c.shuttle_minutes(), kPositive);
    CheckClockList(n, "couriers", "outlet_to_hub_departure", c.outlet_to_hub_departure());
    CheckClockList(n, "couriers", "hub_to_outlet_departure", c.hub_to_outlet_departure());
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
        CheckReal(n, what, "duration_minutes", o.duration_minutes(), kPositive);
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
      CheckReal(n, what, "delay_minutes", x.delay_minutes(), kNonNegative);
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
      if (!forward[h]) Error(hub_line_[h], unreachable(h, first));
      if (!backward[h]) Error(hub_line_[h], unreachable(first, h));
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
  const std::string& name_;
  const Node root_;
  std::vector<std::pair<int, std::string>> errors_;
  bool truncated_ = false;

  int days_ = 0;  // 0 while `days` is invalid
  std::unordered_map<std::string, int> hub_index_;
  std::vector<int> hub_line_;
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
  Scenario scenario;
  ParseInfoTree tree;
  std::vector<std::string> messages;
  ParseErrorCollector collector(display_name, &messages);
  TextFormat::Parser parser;
  parser.RecordErrorsTo(&collector);
  parser.WriteLocationsTo(&tree);
  if (text.size() > static_cast<std::size_t>(std::numeric_limits<int>::max())) {
    throw ScenarioError({display_name + ": too large to parse"});
  }
  google::protobuf::io::ArrayInputStream input(text.data(), static_cast<int>(text.size()));
  if (!parser.Parse(&input, &scenario)) {
    if (messages.empty()) messages.push_back(display_name + ": cannot parse");
    throw ScenarioError(std::move(messages));
  }
  messages = Validator(scenario, tree, display_name).Run();
  if (!messages.empty()) throw ScenarioError(std::move(messages));
  return scenario;
}

Scenario LoadScenarioFile(const std::string& path) {
  auto fail = [&path](int error) {
    return ScenarioError({path + ": cannot read: " + std::strerror(error)});
  };
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"),
                                                       &std::fclose);
  if (!file) throw fail(errno);
  std::string text;
  char buffer[1 << 16];
  while (true) {
    const std::size_t n = std::fread(buffer, 1, sizeof buffer, file.get());
    text.append(buffer, n);
    if (text.size() > kMaxScenarioFileBytes) {
      throw ScenarioError({path + ": larger than " + std::to_string(kMaxScenarioFileBytes >> 20) +
                           " MiB; not a scenario?"});
    }
    if (n < sizeof buffer) break;
  }
  if (std::ferror(file.get())) throw fail(errno);
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
  return t;
}

}  // namespace hubsim::io

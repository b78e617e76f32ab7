#include "engine/study/overrides.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/io/tokenizer.h>
#include <google/protobuf/message.h>
#include <google/protobuf/text_format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <memory>
#include <optional>
#include <utility>

namespace hubsim::study {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::EnumValueDescriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

// A problem with one override; the caller prefixes the override's name.
struct Problem {
  std::string message;
};

// One step of a path: a field name and, in brackets, a selector.
struct Segment {
  std::string field;
  enum class Select { kNone, kIndex, kKey, kAll } select = Select::kNone;
  int index = 0;
  std::string key;
  std::string text;  // as written, for messages: "outlet[3]"
};

bool IsNameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Removes one pair of matching quotes around `s`, if any.
std::string_view Unquote(std::string_view s) {
  if (s.size() >= 2 && (s.front() == '"' || s.front() == '\'') && s.back() == s.front()) {
    return s.substr(1, s.size() - 2);
  }
  return s;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::vector<Segment> ParsePath(std::string_view path) {
  std::vector<Segment> segments;
  std::size_t i = 0;
  while (true) {
    Segment seg;
    const std::size_t start = i;
    while (i < path.size() && IsNameChar(path[i])) ++i;
    seg.field = std::string(path.substr(start, i - start));
    if (seg.field.empty()) {
      const std::string where =
          i < path.size() ? "'" + std::string(1, path[i]) + "' at " : "the end at ";
      throw Problem{"bad path '" + std::string(path) + "': a field name is expected, found " +
                    where + "character " + std::to_string(i + 1)};
    }
    if (i < path.size() && path[i] == '[') {
      const std::size_t open = i++;
      std::size_t close;
      if (i < path.size() && (path[i] == '"' || path[i] == '\'')) {
        const std::size_t end_quote = path.find(path[i], i + 1);
        if (end_quote == std::string_view::npos) {
          throw Problem{"bad path '" + std::string(path) + "': the quote at character " +
                        std::to_string(i + 1) + " is not closed"};
        }
        close = end_quote + 1;
        if (close >= path.size() || path[close] != ']') {
          throw Problem{"bad path '" + std::string(path) +
                        "': ']' expected after the quoted key at character " +
                        std::to_string(close + 1)};
        }
        seg.select = Segment::Select::kKey;
        seg.key = std::string(path.substr(i + 1, end_quote - i - 1));
      } else {
        close = path.find(']', i);
        if (close == std::string_view::npos) {
          throw Problem{"bad path '" + std::string(path) + "': the '[' at character " +
                        std::to_string(open + 1) + " is not closed"};
        }
        const std::string_view inside = path.substr(i, close - i);
        if (inside.empty()) {
          throw Problem{"bad path '" + std::string(path) + "': empty brackets after '" + seg.field +
                        "' (use an index, a key or *)"};
        }
        if (inside == "*") {
          seg.select = Segment::Select::kAll;
        } else if (AllDigits(inside)) {
          seg.select = Segment::Select::kIndex;
          int index = 0;
          const auto [end, ec] =
              std::from_chars(inside.data(), inside.data() + inside.size(), index);
          if (ec != std::errc() || end != inside.data() + inside.size()) {
            throw Problem{seg.field + "[" + std::string(inside) + "]: the index is too large"};
          }
          seg.index = index;
        } else if (inside[0] == '-' && AllDigits(inside.substr(1))) {
          throw Problem{seg.field + "[" + std::string(inside) +
                        "]: indices count from 0; there are no negative ones"};
        } else {
          seg.select = Segment::Select::kKey;
          seg.key = std::string(inside);
        }
      }
      i = close + 1;
      seg.text = std::string(path.substr(start, i - start));
    } else {
      seg.text = seg.field;
    }
    segments.push_back(std::move(seg));
    if (i == path.size()) return segments;
    if (path[i] != '.') {
      const bool selected = segments.back().select != Segment::Select::kNone;
      throw Problem{"bad path '" + std::string(path) + "': " + (selected ? "'.'" : "'.' or '['") +
                    " expected at character " + std::to_string(i + 1) + ", found '" +
                    std::string(1, path[i]) + "'"};
    }
    ++i;
  }
}

// Levenshtein distance, for "did you mean".
std::size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// The candidate nearest to `word`, if near enough to be a slip (or `word` is a prefix of it).
std::optional<std::string> Nearest(std::string_view word,
                                   const std::vector<std::string>& candidates) {
  std::optional<std::string> best;
  std::size_t best_distance = std::max<std::size_t>(2, word.size() / 3) + 1;
  for (const std::string& c : candidates) {
    std::size_t d = EditDistance(word, c);
    if (c.size() > word.size() && c.compare(0, word.size(), word) == 0 && word.size() >= 3) d = 1;
    if (d < best_distance) {
      best_distance = d;
      best = c;
    }
  }
  return best;
}

std::string Join(const std::vector<std::string>& items, std::size_t max_items = 40) {
  std::string out;
  for (std::size_t i = 0; i < items.size() && i < max_items; ++i) {
    if (i > 0) out += ", ";
    out += items[i];
  }
  if (items.size() > max_items) out += ", ...";
  return out;
}

// How messages name a message by its place: "the scenario", "outlet", "call_center.patience".
std::string Context(const std::string& names) {
  return names.empty() ? "the scenario" : names;
}

const FieldDescriptor* FindField(const Descriptor& d, const Segment& seg,
                                 const std::string& names) {
  const FieldDescriptor* f = d.FindFieldByName(seg.field);
  if (f != nullptr) return f;
  std::vector<std::string> fields;
  for (int i = 0; i < d.field_count(); ++i) fields.push_back(d.field(i)->name());
  std::string message = Context(names) + " has no field '" + seg.field + "'";
  if (std::optional<std::string> near = Nearest(seg.field, fields)) {
    message += "; did you mean '" + *near + "'?";
  } else {
    message += " (its fields: " + Join(fields) + ")";
  }
  throw Problem{message};
}

std::string TypeName(const FieldDescriptor& f) {
  switch (f.cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32: return "an integer (int32)";
    case FieldDescriptor::CPPTYPE_INT64: return "an integer (int64)";
    case FieldDescriptor::CPPTYPE_UINT32: return "an unsigned integer (uint32)";
    case FieldDescriptor::CPPTYPE_UINT64: return "an unsigned integer (uint64)";
    case FieldDescriptor::CPPTYPE_DOUBLE:
    case FieldDescriptor::CPPTYPE_FLOAT: return "a number";
    case FieldDescriptor::CPPTYPE_BOOL: return "a boolean";
    case FieldDescriptor::CPPTYPE_ENUM: return "one of " + f.enum_type()->name() + "'s values";
    case FieldDescriptor::CPPTYPE_STRING: return "a string";
    case FieldDescriptor::CPPTYPE_MESSAGE: return "a message (" + f.message_type()->name() + ")";
  }
  return "a value";
}

// The key elements of a list of `d` are selected by: id, name, or "FROM->TO".
std::optional<std::string> KeyOf(const Message& m) {
  const Descriptor& d = *m.GetDescriptor();
  const Reflection& r = *m.GetReflection();
  auto string_field = [&](const char* name) -> const FieldDescriptor* {
    const FieldDescriptor* f = d.FindFieldByName(name);
    return f != nullptr && !f->is_repeated() && f->cpp_type() == FieldDescriptor::CPPTYPE_STRING
               ? f
               : nullptr;
  };
  for (const char* name : {"id", "name"}) {
    if (const FieldDescriptor* f = string_field(name)) return r.GetString(m, f);
  }
  for (auto [from, to] : {std::pair{"from", "to"}, std::pair{"from_hub", "to_hub"}}) {
    const FieldDescriptor* a = string_field(from);
    const FieldDescriptor* b = string_field(to);
    if (a != nullptr && b != nullptr) return r.GetString(m, a) + "->" + r.GetString(m, b);
  }
  return std::nullopt;
}

std::string KeyKind(const Descriptor& d) {
  if (d.FindFieldByName("id") != nullptr) return "id";
  if (d.FindFieldByName("name") != nullptr) return "name";
  return "FROM->TO";
}

// The elements of list `f` of `m` that `seg` selects. REQUIRES: f is repeated.
std::vector<int> Select(const Message& m, const FieldDescriptor& f, const Segment& seg,
                        const std::string& names) {
  const int size = m.GetReflection()->FieldSize(m, &f);
  const std::string list = Context(names);
  switch (seg.select) {
    case Segment::Select::kNone:
      throw Problem{list + " is a list: select elements with " + seg.field + "[INDEX], " +
                    seg.field +
                    (f.cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE ? "[KEY], " : " ") + "or " +
                    seg.field + "[*], or set the whole list: " + seg.field + "=[...]"};
    case Segment::Select::kAll: {
      if (size == 0) throw Problem{seg.text + " selects nothing: " + list + " is empty"};
      std::vector<int> all(size);
      for (int i = 0; i < size; ++i) all[i] = i;
      return all;
    }
    case Segment::Select::kIndex:
      if (seg.index >= size) {
        throw Problem{seg.text + ": no such element: " + list + " has " + std::to_string(size) +
                      (size == 0 ? " elements" : " (indices 0.." + std::to_string(size - 1) + ")")};
      }
      return {seg.index};
    case Segment::Select::kKey: {
      if (f.cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE) {
        throw Problem{seg.text + ": " + list + " is a list of values; select by index or [*]"};
      }
      std::vector<int> found;
      std::vector<std::string> keys;
      for (int i = 0; i < size; ++i) {
        const Message& element = m.GetReflection()->GetRepeatedMessage(m, &f, i);
        std::optional<std::string> key = KeyOf(element);
        if (!key) {
          throw Problem{seg.text + ": the elements of " + list +
                        " have no key (id, name or FROM->TO); select them by index or [*]"};
        }
        if (*key == seg.key) found.push_back(i);
        keys.push_back(std::move(*key));
      }
      if (found.empty()) {
        std::string message = seg.text + ": no element of " + list + " has " +
                              KeyKind(*f.message_type()) + " '" + seg.key + "'";
        if (std::optional<std::string> near = Nearest(seg.key, keys)) {
          message += "; did you mean '" + *near + "'?";
        }
        throw Problem{message};
      }
      return found;
    }
  }
  return {};
}

// ---- values ----

template <class Int>
Int ParseInteger(std::string_view text, const FieldDescriptor& f) {
  text = Trim(text);
  Int v{};
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec == std::errc() && end == text.data() + text.size()) return v;
  // An integer that does not fit (a negative one for an unsigned field included).
  if (AllDigits(!text.empty() && text.front() == '-' ? text.substr(1) : text)) {
    throw Problem{"'" + std::string(text) + "' is out of range for " + f.name() + ", " +
                  TypeName(f) + ": " + std::to_string(std::numeric_limits<Int>::min()) + ".." +
                  std::to_string(std::numeric_limits<Int>::max())};
  }
  throw Problem{"'" + std::string(text) + "' is not " + TypeName(f) + " (" + f.name() + ")"};
}

double ParseReal(std::string_view text, const FieldDescriptor& f) {
  const std::string s(Trim(text));
  char* end = nullptr;
  const double v = s.empty() ? 0 : std::strtod(s.c_str(), &end);
  if (s.empty() || end != s.c_str() + s.size()) {
    throw Problem{"'" + s + "' is not a number (" + f.name() + ")"};
  }
  if (!std::isfinite(v)) throw Problem{"'" + s + "' is not a finite number (" + f.name() + ")"};
  if (f.cpp_type() == FieldDescriptor::CPPTYPE_FLOAT &&
      std::abs(v) > static_cast<double>(std::numeric_limits<float>::max())) {
    throw Problem{"'" + s + "' is out of range for " + f.name() + ", a float"};
  }
  return v;
}

bool ParseBool(std::string_view text, const FieldDescriptor& f) {
  text = Trim(text);
  if (text == "true" || text == "1") return true;
  if (text == "false" || text == "0") return false;
  throw Problem{"'" + std::string(text) + "' is not a boolean (" + f.name() +
                "): use true or false"};
}

const EnumValueDescriptor& ParseEnum(std::string_view text, const FieldDescriptor& f) {
  const std::string s(Trim(text));
  if (const EnumValueDescriptor* v = f.enum_type()->FindValueByName(s)) return *v;
  std::vector<std::string> names;
  for (int i = 0; i < f.enum_type()->value_count(); ++i)
    names.push_back(f.enum_type()->value(i)->name());
  throw Problem{"'" + s + "' is not a value of " + f.name() + " (" + f.enum_type()->name() +
                "): use one of " + Join(names)};
}

// Sets field `f` of `m` (element `index` of a list, or -1 for a singular field) to the
// scalar `text`; or, with `append`, adds it to the list.
void SetScalar(Message& m, const FieldDescriptor& f, int index, bool append,
               std::string_view text) {
  const Reflection& r = *m.GetReflection();
  const bool repeated = f.is_repeated();
  switch (f.cpp_type()) {
#define HUBSIM_SET(CPPTYPE, Name, value_expr) \
  case FieldDescriptor::CPPTYPE: {            \
    const auto v = value_expr;                \
    if (append) {                             \
      r.Add##Name(&m, &f, v);                 \
    } else if (repeated) {                    \
      r.SetRepeated##Name(&m, &f, index, v);  \
    } else {                                  \
      r.Set##Name(&m, &f, v);                 \
    }                                         \
    return;                                   \
  }
    HUBSIM_SET(CPPTYPE_INT32, Int32, ParseInteger<std::int32_t>(text, f))
    HUBSIM_SET(CPPTYPE_INT64, Int64, ParseInteger<std::int64_t>(text, f))
    HUBSIM_SET(CPPTYPE_UINT32, UInt32, ParseInteger<std::uint32_t>(text, f))
    HUBSIM_SET(CPPTYPE_UINT64, UInt64, ParseInteger<std::uint64_t>(text, f))
    HUBSIM_SET(CPPTYPE_DOUBLE, Double, ParseReal(text, f))
    HUBSIM_SET(CPPTYPE_FLOAT, Float, static_cast<float>(ParseReal(text, f)))
    HUBSIM_SET(CPPTYPE_BOOL, Bool, ParseBool(text, f))
    HUBSIM_SET(CPPTYPE_ENUM, Enum, &ParseEnum(text, f))
    HUBSIM_SET(CPPTYPE_STRING, String, std::string(Unquote(text)))
#undef HUBSIM_SET
    case FieldDescriptor::CPPTYPE_MESSAGE: break;
  }
  throw Problem{"internal: " + f.name() + " is not a scalar"};
}

// Collects the text parser's errors for a message.
class TextErrors : public google::protobuf::io::ErrorCollector {
 public:
  void AddError(int, google::protobuf::io::ColumnNumber, const std::string& message) override {
    if (first_.empty()) first_ = message;
  }
  const std::string& first() const { return first_; }

 private:
  std::string first_;
};

// Parses `text` (protobuf text format; braces around it optional) into `out`.
void ParseMessage(std::string_view text, Message& out, const std::string& what) {
  std::string_view body = Trim(text);
  if (body.size() >= 2 && body.front() == '{' && body.back() == '}')
    body = body.substr(1, body.size() - 2);
  TextErrors errors;
  google::protobuf::TextFormat::Parser parser;
  parser.RecordErrorsTo(&errors);
  if (!parser.ParseFromString(std::string(body), &out)) {
    throw Problem{"the value is not a valid " + what + " (" + out.GetDescriptor()->name() +
                  ", in protobuf text format): " + errors.first()};
  }
}

// Splits "[a, b, c]" (or a lone value) into its elements at the commas outside quotes.
std::vector<std::string_view> SplitList(std::string_view text) {
  text = Trim(text);
  if (text.empty() || text.front() != '[') return {text};
  if (text.back() != ']') throw Problem{"a list must end with ']'"};
  text = Trim(text.substr(1, text.size() - 2));
  std::vector<std::string_view> items;
  if (text.empty()) return items;
  char quote = 0;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    if (i < text.size() && quote != 0) {
      if (text[i] == quote) quote = 0;
      continue;
    }
    if (i < text.size() && (text[i] == '"' || text[i] == '\'')) {
      quote = text[i];
      continue;
    }
    if (i == text.size() || text[i] == ',') {
      std::string_view item = Trim(text.substr(start, i - start));
      if (item.empty()) throw Problem{"the list has an empty element"};
      items.push_back(item);
      start = i + 1;
    }
  }
  if (quote != 0) throw Problem{"a quote in the list is not closed"};
  return items;
}

// Sets field `f` of `m` as a whole to `value`; returns nothing, throws Problem.
void SetWhole(Message& m, const FieldDescriptor& f, std::string_view value,
              const std::string& what) {
  const Reflection& r = *m.GetReflection();
  if (f.cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
    // Parsed as "FIELD: VALUE" into a fresh parent, then moved over: one path for a
    // message and a list of messages.
    std::unique_ptr<Message> parent(m.New());
    std::string_view v = Trim(value);
    std::string text =
        f.name() + ": " +
        std::string(v.empty() || v.front() == '[' || v.front() == '{' ? v
                                                                      : "{" + std::string(v) + "}");
    if (f.is_repeated() && (v.empty() || v.front() != '[')) {
      throw Problem{what + " is a list of " + f.message_type()->name() +
                    ": give it as [{...}, {...}], or select an element with " + f.name() + "[...]"};
    }
    TextErrors errors;
    google::protobuf::TextFormat::Parser parser;
    parser.RecordErrorsTo(&errors);
    if (!parser.ParseFromString(text, parent.get())) {
      throw Problem{"the value is not a valid " + what + " (" + f.message_type()->name() +
                    (f.is_repeated() ? " list" : "") +
                    ", in protobuf text format): " + errors.first()};
    }
    r.SwapFields(&m, parent.get(), {&f});
    return;
  }
  if (!f.is_repeated()) {
    SetScalar(m, f, -1, false, value);
    return;
  }
  const std::vector<std::string_view> items = SplitList(value);
  r.ClearField(&m, &f);
  for (std::string_view item : items) SetScalar(m, f, -1, true, item);
}

std::vector<std::string> Apply(const Override& o, io::Scenario& scenario) {
  const std::vector<Segment> segments = ParsePath(o.path);
  // The messages reached so far, with their concrete paths ("outlet[3]").
  std::vector<std::pair<Message*, std::string>> at{{&scenario, ""}};
  std::string names;  // the field names so far, without selectors: "outlet"
  for (std::size_t s = 0; s < segments.size(); ++s) {
    const Segment& seg = segments[s];
    const bool last = s + 1 == segments.size();
    const FieldDescriptor& f = *FindField(*at.front().first->GetDescriptor(), seg, names);
    names = names.empty() ? f.name() : names + "." + f.name();
    if (!f.is_repeated() && seg.select != Segment::Select::kNone) {
      throw Problem{names + " is not a list; " + seg.text + " has a selector it cannot take"};
    }
    if (!last && f.cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE) {
      throw Problem{names + " is " + TypeName(f) + ", not a message: it has no field '" +
                    segments[s + 1].field + "'"};
    }
    if (last && f.is_repeated() && seg.select == Segment::Select::kNone) {
      std::vector<std::string> changed;
      for (auto& [m, path] : at) {
        SetWhole(*m, f, o.value, names);
        changed.push_back((path.empty() ? "" : path + ".") + f.name());
      }
      return changed;
    }
    std::vector<std::pair<Message*, std::string>> next;
    for (auto& [m, path] : at) {
      const std::string base = (path.empty() ? "" : path + ".") + f.name();
      const Reflection& r = *m->GetReflection();
      if (!f.is_repeated()) {
        if (last) {
          if (f.cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
            SetWhole(*m, f, o.value, names);
          } else {
            SetScalar(*m, f, -1, false, o.value);
          }
          next.emplace_back(nullptr, base);
        } else {
          next.emplace_back(r.MutableMessage(m, &f), base);
        }
        continue;
      }
      for (int i : Select(*m, f, seg, names)) {
        const std::string element = base + "[" + std::to_string(i) + "]";
        if (f.cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE) {
          SetScalar(*m, f, i, false, o.value);  // only as the last segment (checked above)
          next.emplace_back(nullptr, element);
        } else if (last) {
          Message& target = *r.MutableRepeatedMessage(m, &f, i);
          std::unique_ptr<Message> fresh(target.New());
          ParseMessage(o.value, *fresh, names);
          target.CopyFrom(*fresh);
          next.emplace_back(nullptr, element);
        } else {
          next.emplace_back(r.MutableRepeatedMessage(m, &f, i), element);
        }
      }
    }
    at = std::move(next);
  }
  std::vector<std::string> changed;
  for (auto& [m, path] : at) changed.push_back(path);
  return changed;
}

// Whether a validation problem at `problem` lies in what an override changed at `changed`:
// the field itself or anything inside it, or a list as a whole (its size, its totals, an
// outlet's shift groups' hours) whose element the override changed.
bool Within(const std::string& problem, const std::string& changed) {
  auto inside = [](const std::string& path, const std::string& prefix) {
    return path.size() > prefix.size() && path.compare(0, prefix.size(), prefix) == 0 &&
           (path[prefix.size()] == '.' || path[prefix.size()] == '[');
  };
  if (problem == changed || inside(problem, changed)) return true;
  if (!problem.empty() && problem.back() != ']' && problem.find('.') == std::string::npos &&
      inside(changed, problem)) {
    return true;
  }
  // A nested list as a whole ("outlet[3].shift"), when an element of it changed.
  return !problem.empty() && problem.back() != ']' && changed.size() > problem.size() &&
         changed.compare(0, problem.size(), problem) == 0 && changed[problem.size()] == '[';
}

}  // namespace

Override ParseOverride(std::string_view text, std::string flag) {
  Override o;
  o.flag = std::move(flag);
  o.text = std::string(text);
  const std::size_t eq = text.find('=');
  if (eq == std::string_view::npos) {
    throw OverrideError(
        {o.Name() + ": expected PATH=VALUE, e.g. outlet[3].couriers=12 (there is no '=')"});
  }
  o.path = std::string(Trim(text.substr(0, eq)));
  o.value = std::string(text.substr(eq + 1));
  if (o.path.empty()) throw OverrideError({o.Name() + ": the field path before '=' is empty"});
  return o;
}

Override FieldOverride(std::string flag, std::string path, std::string value) {
  Override o;
  o.flag = std::move(flag);
  o.text = value;
  o.path = std::move(path);
  o.value = std::move(value);
  return o;
}

std::vector<std::string> ApplyOverride(const Override& override, io::Scenario& scenario) {
  // On a copy, so that a failure leaves the scenario as it was (walking a path creates the
  // messages it passes through).
  io::Scenario changed = scenario;
  std::vector<std::string> paths;
  try {
    paths = Apply(override, changed);
  } catch (const Problem& p) {
    throw OverrideError({override.Name() + ": " + p.message});
  }
  scenario.Swap(&changed);
  return paths;
}

namespace {

// A run shortened by the overrides (--days, a sweep's days, --set days=) below the
// scenario's warm-up, with no override of the warm-up itself: the warm-up is dropped rather
// than fail (the default's 7 days with 3 of warm-up, run for 1 or 2 days): the run asked
// for that many days, and none would be counted.
void DropWarmupIfNoDayLeft(const std::vector<std::vector<std::string>>& changed,
                           io::Scenario& scenario) {
  bool days = false;
  for (const std::vector<std::string>& paths : changed) {
    for (const std::string& path : paths) {
      if (path == "warmup_days") return;
      days = days || path == "days";
    }
  }
  if (days && scenario.warmup_days() >= scenario.days()) scenario.set_warmup_days(0);
}

}  // namespace

void ApplyOverrides(std::span<const Override> overrides, io::Scenario& scenario,
                    const std::string& display_name) {
  std::vector<std::vector<std::string>> changed;
  std::vector<std::string> messages;
  for (const Override& o : overrides) {
    try {
      changed.push_back(ApplyOverride(o, scenario));
    } catch (const OverrideError& e) {
      messages.insert(messages.end(), e.messages().begin(), e.messages().end());
    }
  }
  if (!messages.empty()) throw OverrideError(std::move(messages));
  if (overrides.empty()) return;
  DropWarmupIfNoDayLeft(changed, scenario);

  std::string all = display_name + " with";
  for (std::size_t i = 0; i < overrides.size(); ++i) all += (i ? ", " : " ") + overrides[i].Name();
  for (const io::ScenarioProblem& p : io::FindScenarioProblems(scenario)) {
    // The last override that changed the place wins, as its value is the one that stands.
    const Override* cause = overrides.size() == 1 ? &overrides[0] : nullptr;
    for (std::size_t i = overrides.size(); cause == nullptr && i-- > 0;) {
      for (const std::string& path : changed[i]) {
        if (Within(p.path, path)) {
          cause = &overrides[i];
          break;
        }
      }
    }
    messages.push_back((cause != nullptr ? cause->Name() : all) + ": " + p.message);
  }
  if (!messages.empty()) throw OverrideError(std::move(messages));
}

}  // namespace hubsim::study

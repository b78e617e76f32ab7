#include "engine/study/sweep.h"

#include <google/protobuf/io/tokenizer.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <google/protobuf/text_format.h>

#include <charconv>
#include <filesystem>
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <utility>

#include "engine/io/read_file.h"
#include "engine/io/results_writer.h"
#include "engine/io/scenario_loader.h"
#include "engine/study/kpi_registry.h"
#include "engine/study/overrides.h"

namespace hubsim::study {
namespace {

using google::protobuf::TextFormat;
using ParseInfoTree = TextFormat::ParseInfoTree;

constexpr std::uint32_t kMaxDays = 366;

class ParseErrors : public google::protobuf::io::ErrorCollector {
 public:
  ParseErrors(const std::string& name, std::vector<std::string>* messages)
      : name_(name), messages_(messages) {}
  void AddError(int line, google::protobuf::io::ColumnNumber column,
                const std::string& message) override {
    messages_->push_back(line < 0 ? name_ + ": " + message
                                  : name_ + ":" + std::to_string(line + 1) + ":" +
                                        std::to_string(column + 1) + ": " + message);
  }

 private:
  const std::string& name_;
  std::vector<std::string>* messages_;
};

// The 1-based line of element `index` of `field` (-1: a singular field) in `tree`, or
// `fallback` when it is not written out. A list written as `field: [a, b]` records only its
// start: an element without its own location is on the line of the nearest one before it.
int LineOf(const ParseInfoTree* tree, const google::protobuf::Descriptor* type, const char* field,
           int index, int fallback) {
  if (tree == nullptr) return fallback;
  const google::protobuf::FieldDescriptor* fd = type->FindFieldByName(field);
  for (int i = index; i >= (index < 0 ? -1 : 0); --i) {
    const int at = tree->GetLocation(fd, i).line;
    if (at >= 0) return at + 1;
  }
  return fallback;
}

// Where each override of a sweep is written: "FILE:LINE:", the flag its Override carries so
// that messages name the line.
struct OverrideLines {
  std::vector<std::vector<int>> axis_value;  // [axis][value]
  std::vector<std::vector<int>> point_set;   // [point][set]
  int days = 1, warmup_days = 1, seed = 1;
};

class SweepChecker {
 public:
  SweepChecker(const io::Sweep& s, const ParseInfoTree* tree, const std::string& name)
      : s_(s), tree_(tree), name_(name) {}

  std::vector<std::string> Run(OverrideLines& lines) {
    const auto* d = io::Sweep::descriptor();
    lines.days = Line(d, "days");
    lines.warmup_days = Line(d, "warmup_days");
    lines.seed = Line(d, "seed");
    if (s_.replications() < 1 || s_.replications() > kMaxReplications) {
      Error(Line(d, "replications"), "replications must be in 1.." +
                                         std::to_string(kMaxReplications) + " (got " +
                                         std::to_string(s_.replications()) + ")");
    }
    if (s_.has_days() && (s_.days() < 1 || s_.days() > kMaxDays)) {
      Error(Line(d, "days"), "days must be in 1.." + std::to_string(kMaxDays) + " (got " +
                                 std::to_string(s_.days()) + ")");
    }
    if (s_.has_scenario() && s_.scenario().empty()) {
      Error(Line(d, "scenario"), "scenario must be a path (leave it out for the built-in default)");
    }
    std::int64_t points = 0;
    if (s_.has_grid() == (s_.point_size() > 0)) {
      Error(s_.has_grid() ? Line(d, "grid") : 1,
            s_.has_grid() ? "a sweep has a grid or points, not both"
                          : "a sweep needs a grid (grid { axis { path: ... value: [...] } }) or "
                            "points (point { name: ... set: \"PATH=VALUE\" })");
    } else if (s_.has_grid()) {
      points = CheckGrid(lines);
    } else {
      points = CheckPoints(lines);
    }
    if (points > kMaxSweepPoints) {
      Error(Line(d, s_.has_grid() ? "grid" : "point"), "the sweep has " + std::to_string(points) +
                                                           " points; at most " +
                                                           std::to_string(kMaxSweepPoints));
    } else if (points * s_.replications() > kMaxSweepItems) {
      Error(Line(d, "replications"),
            std::to_string(points) + " points x " + std::to_string(s_.replications()) +
                " replications = " + std::to_string(points * s_.replications()) +
                " runs; at most " + std::to_string(kMaxSweepItems));
    }
    std::stable_sort(errors_.begin(), errors_.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<std::string> messages;
    for (auto& [line, message] : errors_) {
      messages.push_back(name_ + ":" + std::to_string(line) + ": " + message);
    }
    return messages;
  }

 private:
  void Error(int line, std::string message) { errors_.emplace_back(line, std::move(message)); }
  int Line(const google::protobuf::Descriptor* type, const char* field, int index = -1,
           const ParseInfoTree* tree = nullptr, int fallback = 1) const {
    return LineOf(tree != nullptr ? tree : tree_, type, field, index, fallback);
  }
  const ParseInfoTree* Nested(const ParseInfoTree* parent, const google::protobuf::Descriptor* type,
                              const char* field, int index) const {
    return parent == nullptr ? nullptr
                             : parent->GetTreeForNested(type->FindFieldByName(field), index);
  }

  // REQUIRES: a path. Whether it may be swept.
  void CheckPath(int line, const std::string& what, const std::string& path) {
    if (path.empty()) {
      Error(line, what + " path is required");
    } else if (path == "seed") {
      Error(line, what +
                      " sets the seed: every point runs on the sweep's seeds (common random "
                      "numbers); set the sweep's own `seed` instead");
    }
  }

  std::int64_t CheckGrid(OverrideLines& lines) {
    const auto* d = io::Sweep::descriptor();
    const auto* g = io::SweepGrid::descriptor();
    const auto* a = io::SweepAxis::descriptor();
    const int grid_line = Line(d, "grid");
    const ParseInfoTree* grid_tree = Nested(tree_, d, "grid", -1);
    const io::SweepGrid& grid = s_.grid();
    if (grid.axis_size() < 1 || grid.axis_size() > kMaxSweepAxes) {
      Error(grid_line, "grid must have 1.." + std::to_string(kMaxSweepAxes) + " axes (got " +
                           std::to_string(grid.axis_size()) + ")");
    }
    std::int64_t points = 1;
    std::set<std::string> names;
    for (int i = 0; i < grid.axis_size(); ++i) {
      const io::SweepAxis& axis = grid.axis(i);
      const int line = Line(g, "axis", i, grid_tree, grid_line);
      const ParseInfoTree* axis_tree = Nested(grid_tree, g, "axis", i);
      const std::string what = "grid axis " + std::to_string(i + 1);
      CheckPath(axis.has_path() ? Line(a, "path", -1, axis_tree, line) : line, what, axis.path());
      const std::string name = axis.has_name() ? axis.name() : axis.path();
      if (axis.has_name() && axis.name().empty()) {
        Error(Line(a, "name", -1, axis_tree, line), what + " name must not be empty");
      } else if (!name.empty() && !names.insert(name).second) {
        Error(line, what + " '" + name + "' is the name of an earlier axis too");
      }
      if (axis.value_size() < 1 || axis.value_size() > kMaxAxisValues) {
        Error(line, what + " must have 1.." + std::to_string(kMaxAxisValues) + " values (got " +
                        std::to_string(axis.value_size()) + ")");
      }
      std::vector<int>& value_lines = lines.axis_value.emplace_back();
      for (int v = 0; v < axis.value_size(); ++v) {
        value_lines.push_back(Line(a, "value", v, axis_tree, line));
      }
      // Saturates rather than overflows: the caller only compares it with the limit.
      points = std::min<std::int64_t>(points * std::max(axis.value_size(), 1),
                                      kMaxSweepItems * kMaxAxisValues);
    }
    return points;
  }

  std::int64_t CheckPoints(OverrideLines& lines) {
    const auto* d = io::Sweep::descriptor();
    const auto* p = io::SweepPoint::descriptor();
    std::set<std::string> names;
    for (int i = 0; i < s_.point_size(); ++i) {
      const io::SweepPoint& point = s_.point(i);
      const int line = Line(d, "point", i);
      const ParseInfoTree* point_tree = Nested(tree_, d, "point", i);
      const std::string name = point.has_name() ? point.name() : "point " + std::to_string(i + 1);
      if (point.has_name() && point.name().empty()) {
        Error(Line(p, "name", -1, point_tree, line),
              "point " + std::to_string(i + 1) + " name must not be empty");
      } else if (!names.insert(name).second) {
        Error(line, "point '" + name + "': the name of an earlier point too");
      }
      std::vector<int>& set_lines = lines.point_set.emplace_back();
      for (int k = 0; k < point.set_size(); ++k) {
        const int at = Line(p, "set", k, point_tree, line);
        set_lines.push_back(at);
        try {
          const Override o = ParseOverride(point.set(k), "set");
          CheckPath(at, "point '" + name + "' set '" + point.set(k) + "'", o.path);
        } catch (const OverrideError& e) {
          for (const std::string& m : e.messages()) Error(at, "point '" + name + "': " + m);
        }
      }
    }
    return s_.point_size();
  }

  const io::Sweep& s_;
  const ParseInfoTree* tree_;
  const std::string& name_;
  std::vector<std::pair<int, std::string>> errors_;
};

// Loaded and checked, with where each override is written.
struct LoadedSweep {
  io::Sweep sweep;
  OverrideLines lines;
};

LoadedSweep Load(std::string_view text, const std::string& display_name) {
  LoadedSweep out;
  std::vector<std::string> messages;
  ParseErrors collector(display_name, &messages);
  ParseInfoTree tree;
  TextFormat::Parser parser;
  parser.RecordErrorsTo(&collector);
  parser.WriteLocationsTo(&tree);
  if (text.size() > kMaxSweepFileBytes) throw io::ScenarioError({display_name + ": too large"});
  google::protobuf::io::ArrayInputStream input(text.data(), static_cast<int>(text.size()));
  if (!parser.Parse(&input, &out.sweep)) {
    if (messages.empty()) messages.push_back(display_name + ": cannot parse");
    throw io::ScenarioError(std::move(messages));
  }
  messages = SweepChecker(out.sweep, &tree, display_name).Run(out.lines);
  if (!messages.empty()) throw io::ScenarioError(std::move(messages));
  return out;
}

LoadedSweep LoadFile(const std::string& path) {
  std::string text;
  try {
    text = io::ReadFileBounded(path, kMaxSweepFileBytes, "a sweep");
  } catch (const io::FileReadError& e) {
    throw io::ScenarioError({e.what()});
  }
  return Load(text, path);
}

// A point before it is built: its name, overrides (flags "FILE:LINE:") and cells.
struct PointSpec {
  std::string name;
  std::vector<Override> overrides;
  std::vector<std::string> cell;
};

std::string Flag(const std::string& file, int line) {
  return file + ":" + std::to_string(line) + ":";
}

// Every point of the grid, row-major, or of the list; and the columns.
std::vector<PointSpec> Expand(const io::Sweep& s, const OverrideLines& lines,
                              const std::string& file, std::vector<std::string>& columns) {
  std::vector<PointSpec> points;
  if (s.has_grid()) {
    const auto& axes = s.grid().axis();
    for (const io::SweepAxis& a : axes) columns.push_back(a.has_name() ? a.name() : a.path());
    std::vector<int> at(axes.size(), 0);
    while (true) {
      PointSpec& p = points.emplace_back();
      for (int i = 0; i < axes.size(); ++i) {
        const std::string& value = axes[i].value(at[i]);
        p.overrides.push_back(
            ParseOverride(axes[i].path() + "=" + value, Flag(file, lines.axis_value[i][at[i]])));
        p.cell.push_back(value);
        p.name += (i > 0 ? ", " : "") + columns[i] + "=" + value;
      }
      int i = axes.size() - 1;  // the last axis varies fastest
      while (i >= 0 && ++at[i] == axes[i].value_size()) at[i--] = 0;
      if (i < 0) break;
    }
    return points;
  }
  std::map<std::string, std::size_t> column_of;
  for (int i = 0; i < s.point_size(); ++i) {
    for (const std::string& text : s.point(i).set()) {
      const std::string path = ParseOverride(text).path;
      if (column_of.emplace(path, columns.size()).second) columns.push_back(path);
    }
  }
  for (int i = 0; i < s.point_size(); ++i) {
    const io::SweepPoint& sp = s.point(i);
    PointSpec& p = points.emplace_back();
    p.name = sp.has_name() ? sp.name() : "point " + std::to_string(i + 1);
    p.cell.assign(columns.size(), "");
    for (int k = 0; k < sp.set_size(); ++k) {
      Override o = ParseOverride(sp.set(k), Flag(file, lines.point_set[i][k]));
      p.cell[column_of.at(o.path)] = o.value;
      p.overrides.push_back(std::move(o));
    }
  }
  return points;
}

std::string Number(double v) {
  char buffer[32];
  const auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, v);
  return error == std::errc() ? std::string(buffer, end) : std::string("nan");
}

std::string CsvField(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace

io::Sweep LoadSweepText(std::string_view text, const std::string& display_name) {
  return Load(text, display_name).sweep;
}

io::Sweep LoadSweepFile(const std::string& path) {
  return LoadFile(path).sweep;
}

SweepPlan PlanSweep(const std::string& sweep_file) {
  LoadedSweep loaded = LoadFile(sweep_file);
  SweepPlan plan;
  plan.sweep = std::move(loaded.sweep);
  plan.sweep_file = sweep_file;
  const io::Sweep& s = plan.sweep;
  if (s.has_scenario()) {
    const std::filesystem::path given(s.scenario());
    plan.scenario_file = given.is_absolute()
                             ? given.string()
                             : (std::filesystem::path(sweep_file).parent_path() / given).string();
    plan.base = io::LoadScenarioFile(plan.scenario_file);
  } else {
    plan.scenario_file = std::string(io::kDefaultScenarioName);
    plan.base = io::DefaultScenario();
  }
  // The sweep's days, warm-up and seed, as one-field overrides named by their line.
  std::vector<Override> fields;
  auto field = [&](int line, const char* name, std::string value) {
    fields.push_back(ParseOverride(std::string(name) + "=" + value, Flag(sweep_file, line)));
  };
  if (s.has_days()) field(loaded.lines.days, "days", std::to_string(s.days()));
  if (s.has_warmup_days()) {
    field(loaded.lines.warmup_days, "warmup_days", std::to_string(s.warmup_days()));
  }
  if (s.has_seed()) field(loaded.lines.seed, "seed", std::to_string(s.seed()));
  ApplyOverrides(fields, plan.base, plan.scenario_file);
  plan.replications = static_cast<int>(s.replications());

  // Every point built and validated, one at a time (a point's scenario is built again when
  // it runs: a plan of 100,000 points of a national network must not hold them all). A
  // problem that many points share (a bad value of one axis) is reported once, with the
  // first point that has it and how many others do.
  std::vector<PointSpec> specs = Expand(s, loaded.lines, sweep_file, plan.columns);
  std::vector<std::string> order;
  std::map<std::string, std::pair<std::string, int>> problems;  // message -> first point, count
  for (PointSpec& spec : specs) {
    io::Scenario scenario = plan.base;
    try {
      ApplyOverrides(spec.overrides, scenario, plan.scenario_file);
    } catch (const OverrideError& e) {
      for (const std::string& m : e.messages()) {
        auto [it, added] = problems.emplace(m, std::make_pair(spec.name, 0));
        if (added) order.push_back(m);
        ++it->second.second;
      }
      continue;
    }
    SweepPlanPoint& point = plan.points.emplace_back();
    point.name = std::move(spec.name);
    for (const Override& o : spec.overrides) point.set.push_back(o.text);
    point.overrides = std::move(spec.overrides);
    point.cell = std::move(spec.cell);
    point.days = scenario.days();
    point.warmup_days = scenario.warmup_days();
  }
  if (!problems.empty()) {
    std::vector<std::string> messages;
    for (const std::string& m : order) {
      if (static_cast<int>(messages.size()) == io::kMaxReportedErrors) {
        messages.push_back(sweep_file + ": too many errors; stopped after the first " +
                           std::to_string(io::kMaxReportedErrors));
        break;
      }
      const auto& [first, count] = problems.at(m);
      messages.push_back(m + " (point '" + first + "'" +
                         (count > 1 ? " and " + std::to_string(count - 1) + " more" : "") + ")");
    }
    throw io::ScenarioError(std::move(messages));
  }
  return plan;
}

io::Scenario PointScenario(const SweepPlan& plan, std::size_t point) {
  io::Scenario scenario = plan.base;
  ApplyOverrides(plan.points.at(point).overrides, scenario, plan.scenario_file);
  return scenario;
}

Replication RunSweepItem(const SweepPlan& plan, std::size_t item, const SweepRunOptions& options,
                         const std::function<void(double days)>& progress_days) {
  const io::Scenario scenario = PointScenario(plan, plan.PointOf(item));
  ReplicationOptions run;
  run.threads = options.threads;
  run.queue = options.queue;
  run.stop = options.stop;
  if (progress_days) {
    run.progress = [&progress_days](int, SimTime now) {
      progress_days(static_cast<double>(now.ticks()) /
                    static_cast<double>(SimTime::Days(1).ticks()));
    };
  }
  return RunReplication(scenario, plan.ReplicationOf(item), run);
}

std::vector<Replication> RunSweepItems(const SweepPlan& plan, const SweepRunOptions& options) {
  double total = 0;
  for (std::size_t i = 0; i < plan.items(); ++i) total += plan.DaysOf(i);
  std::vector<Replication> runs;
  runs.reserve(plan.items());
  double done = 0;
  for (std::size_t i = 0; i < plan.items(); ++i) {
    std::function<void(double)> progress;
    if (options.progress) {
      progress = [&](double days) { options.progress(done + days, total); };
    }
    runs.push_back(RunSweepItem(plan, i, options, progress));
    done += plan.DaysOf(i);
    if (options.progress) options.progress(done, total);
  }
  return runs;
}

io::SweepResult AssembleSweep(const SweepPlan& plan, const std::vector<Replication>& runs) {
  if (runs.size() != plan.items()) {
    throw std::invalid_argument("AssembleSweep: " + std::to_string(runs.size()) + " runs for " +
                                std::to_string(plan.items()) + " items");
  }
  io::SweepResult result;
  const std::string file_name = std::filesystem::path(plan.sweep_file).filename().string();
  result.set_name(plan.sweep.has_name() ? plan.sweep.name() : file_name);
  result.set_sweep_file(plan.sweep_file);
  result.set_scenario_file(plan.scenario_file);
  result.set_scenario_name(plan.base.name());
  result.set_days(plan.base.days());
  result.set_warmup_days(plan.base.warmup_days());
  result.set_seed(plan.base.seed());
  result.set_replications(static_cast<std::uint32_t>(plan.replications));
  for (const std::string& c : plan.columns) result.add_column(c);
  for (std::size_t p = 0; p < plan.points.size(); ++p) {
    const SweepPlanPoint& point = plan.points[p];
    io::SweepPointResult& out = *result.add_point();
    out.set_index(static_cast<std::uint32_t>(p));
    out.set_name(point.name);
    for (const std::string& s : point.set) out.add_set(s);
    for (const std::string& c : point.cell) out.add_cell(c);
    Replications replications;
    replications.warmup_days = point.warmup_days;
    const std::size_t first = p * plan.replications;
    replications.runs.assign(runs.begin() + first, runs.begin() + first + plan.replications);
    *out.mutable_study() = Summarize(replications);
  }
  return result;
}

bool AllConserved(const std::vector<Replication>& runs) {
  for (const Replication& r : runs) {
    if (!r.conserved) return false;
  }
  return true;
}

io::ReplicationRecord ToRecord(std::size_t item, const Replication& run) {
  io::ReplicationRecord record;
  record.set_item(static_cast<std::uint32_t>(item));
  record.set_seed(run.seed);
  for (const std::optional<double>& k : run.kpis) {
    record.add_kpi(k.value_or(0));
    record.add_has_kpi(k.has_value());
  }
  record.set_conserved(run.conserved);
  record.set_events(run.events);
  record.set_parcels(run.parcels);
  record.set_calls(run.calls);
  return record;
}

Replication FromRecord(const io::ReplicationRecord& record) {
  if (record.kpi_size() != static_cast<int>(StudyKpis().size()) ||
      record.has_kpi_size() != record.kpi_size()) {
    throw std::invalid_argument("a replication record of " + std::to_string(record.kpi_size()) +
                                " KPIs; this build has " + std::to_string(StudyKpis().size()));
  }
  Replication run;
  run.seed = record.seed();
  for (int k = 0; k < record.kpi_size(); ++k) {
    run.kpis.push_back(record.has_kpi(k) ? std::optional<double>(record.kpi(k)) : std::nullopt);
  }
  run.conserved = record.conserved();
  run.events = record.events();
  run.parcels = record.parcels();
  run.calls = record.calls();
  return run;
}

std::string SweepCsv(const io::SweepResult& result) {
  // The registry's KPIs that any point has, in registry order.
  std::vector<std::string> kpis;
  for (const KpiDef& def : StudyKpis()) {
    for (const io::SweepPointResult& p : result.point()) {
      bool has = false;
      for (const io::KpiSummary& k : p.study().kpi()) has = has || k.name() == def.name;
      if (has) {
        kpis.emplace_back(def.name);
        break;
      }
    }
  }
  std::string csv = "point,name";
  for (const std::string& c : result.column()) csv.append(",").append(CsvField(c));
  for (const std::string& k : kpis) csv += "," + k + "_mean," + k + "_ci_low," + k + "_ci_high";
  csv += "\n";
  for (const io::SweepPointResult& p : result.point()) {
    csv += std::to_string(p.index() + 1) + "," + CsvField(p.name());
    // Appended piece by piece: `"," + std::string&&` trips GCC 12's -Wrestrict false
    // positive (GCC bug 105329).
    for (const std::string& c : p.cell()) csv.append(",").append(CsvField(c));
    for (const std::string& name : kpis) {
      const io::KpiSummary* found = nullptr;
      for (const io::KpiSummary& k : p.study().kpi()) {
        if (k.name() == name) found = &k;
      }
      if (found == nullptr) {
        csv += ",,,";
        continue;
      }
      csv.append(",").append(Number(found->mean()));
      csv.append(",").append(found->has_ci_low() ? Number(found->ci_low()) : std::string());
      csv.append(",").append(found->has_ci_high() ? Number(found->ci_high()) : std::string());
    }
    csv += "\n";
  }
  return csv;
}

void WriteSweep(const std::string& dir, const io::SweepResult& result) {
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) throw io::OutputError(dir + ": cannot create directory: " + error.message());
  std::string binary;
  if (!result.SerializeToString(&binary)) throw io::OutputError("cannot serialise the sweep");
  // All three complete and flushed before any takes its final name.
  io::FileSet files;
  files.Add(dir + "/sweep.pb", binary);
  files.Add(dir + "/sweep.json", io::MessageToJson(result));
  files.Add(dir + "/sweep.csv", SweepCsv(result));
  files.Commit();
}

}  // namespace hubsim::study

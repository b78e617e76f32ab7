#include "engine/study/tables.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ostream>
#include <string>
#include <vector>

#include "engine/study/kpi_registry.h"
#include "engine/study/statistics.h"

namespace hubsim::study {
namespace {

std::string Format(const char* format, auto... values) {
  char buffer[512];
  std::snprintf(buffer, sizeof buffer, format, values...);
  return buffer;
}

// The KPI's unit as the registry has it; a KPI unknown to this build (a newer file) is
// shown as a plain number.
KpiUnit UnitOf(const std::string& name) {
  const KpiDef* def = FindKpi(name);
  return def != nullptr ? def->unit : KpiUnit::kParcels;
}

std::string DisplayUnitOf(const std::string& name) {
  const KpiDef* def = FindKpi(name);
  return def != nullptr ? std::string(DisplayUnit(def->unit)) : "";
}

// "93.41 ± 0.35", or the mean alone without an interval.
std::string MeanText(const io::KpiSummary& k) {
  const KpiUnit unit = UnitOf(k.name());
  std::string text = FormatKpiNumber(unit, k.mean());
  if (k.has_ci_low()) text += " ± " + FormatKpiNumber(unit, (k.ci_high() - k.ci_low()) / 2);
  return text;
}

const io::KpiSummary* FindSummary(const io::Study& study, const std::string& name) {
  for (const io::KpiSummary& k : study.kpi()) {
    if (k.name() == name) return &k;
  }
  return nullptr;
}

std::string Percent(double confidence) {
  return Format("%g %%", 100 * confidence);
}

// Column widths.
constexpr std::size_t kLabel = 24;
constexpr std::size_t kUnit = 10;
constexpr std::size_t kMean = 20;
constexpr std::size_t kDifference = 30;
constexpr std::size_t kSweepColumn = 26;

// Pads `text` to `width` display columns ("±" is one column in two bytes).
std::string Pad(const std::string& text, std::size_t width, bool right) {
  std::size_t columns = 0;
  for (unsigned char c : text) columns += (c & 0xC0) != 0x80 ? 1 : 0;
  const std::string fill(columns < width ? width - columns : 0, ' ');
  return right ? fill + text : text + fill;
}

}  // namespace

// ", after 2 warm-up days" or nothing.
std::string Warmup(std::uint32_t days) {
  return days == 0 ? "" : Format(", after %u warm-up day%s", days, days == 1 ? "" : "s");
}

void PrintStudy(std::ostream& out, const io::Study& study) {
  out << Format("\n  study of %u replication%s%s: mean ± half-width of the %s interval\n",
                study.replications(), study.replications() == 1 ? "" : "s",
                Warmup(study.warmup_days()).c_str(), Percent(study.confidence()).c_str());
  out << "  " << Pad("KPI", kLabel, false) << Pad("unit", kUnit, false)
      << Pad("mean ± half-width", 24, true) << "\n";
  for (const io::KpiSummary& k : study.kpi()) {
    out << "  " << Pad(k.label(), kLabel, false) << Pad(DisplayUnitOf(k.name()), kUnit, false)
        << Pad(MeanText(k), 24, true) << "\n";
  }
}

void PrintComparison(std::ostream& out, const io::Comparison& c) {
  const io::Study& base = c.base();
  out << Format(
      "\n  %u replications of each on common random numbers%s: means ± half-widths, and the "
      "differences alt - base with their %s interval; * significant\n",
      base.replications(), Warmup(base.warmup_days()).c_str(), Percent(base.confidence()).c_str());
  out << "  " << Pad("KPI", kLabel, false) << Pad("unit", kUnit, false) << Pad("base", kMean, true)
      << Pad("alt", kMean, true) << "  " << Pad("alt - base [interval]", kDifference, false)
      << Pad("", 9, false) << Pad("paired/unpaired", 16, true) << "\n";
  for (const io::KpiDifference& d : c.kpi()) {
    const io::KpiSummary* b = FindSummary(base, d.name());
    const io::KpiSummary* a = FindSummary(c.alt(), d.name());
    if (b == nullptr || a == nullptr) continue;
    const KpiUnit unit = UnitOf(d.name());
    const std::string diff = FormatKpiNumber(unit, d.mean(), true) + " [" +
                             FormatKpiNumber(unit, d.ci_low(), true) + ", " +
                             FormatKpiNumber(unit, d.ci_high(), true) + "]";
    std::string mark;
    if (d.significant()) {
      mark = "*";
      const bool up = d.mean() > 0;
      if (d.direction() == io::HIGHER_IS_BETTER) mark += up ? " better" : " worse";
      if (d.direction() == io::LOWER_IS_BETTER) mark += up ? " worse" : " better";
    }
    const double unpaired = d.unpaired_ci_high() - d.unpaired_ci_low();
    const std::string ratio =
        unpaired > 0 ? Format("%.2f", (d.ci_high() - d.ci_low()) / unpaired) : std::string("-");
    out << "  " << Pad(d.label(), kLabel, false) << Pad(DisplayUnitOf(d.name()), kUnit, false)
        << Pad(MeanText(*b), kMean, true) << Pad(MeanText(*a), kMean, true) << "  "
        << Pad(diff, kDifference, false) << Pad(mark, 9, false) << Pad(ratio, 16, true) << "\n";
  }
}

void PrintSweep(std::ostream& out, const io::SweepResult& sweep) {
  constexpr const char* kShown[] = {"pickup_on_time", "delivery_on_time", "next_day_on_time",
                                    "calls_service_level"};
  std::vector<const KpiDef*> shown;
  for (const char* name : kShown) {
    for (const io::SweepPointResult& p : sweep.point()) {
      if (FindSummary(p.study(), name) != nullptr) {
        shown.push_back(FindKpi(name));
        break;
      }
    }
  }
  std::size_t name_width = 5;
  for (const io::SweepPointResult& p : sweep.point()) {
    name_width = std::max(name_width, std::min<std::size_t>(p.name().size(), 60));
  }
  out << Format("\n  %u replication%s a point%s: mean ± half-width of the %s interval\n",
                sweep.replications(), sweep.replications() == 1 ? "" : "s",
                Warmup(sweep.warmup_days()).c_str(), Percent(kConfidence).c_str());
  out << "  " << Pad("#", 6, true) << "  " << Pad("point", name_width + 2, false);
  for (const KpiDef* k : shown) {
    out << Pad(std::string(k->label) + " " + std::string(DisplayUnit(k->unit)), kSweepColumn, true);
  }
  out << "\n";
  for (const io::SweepPointResult& p : sweep.point()) {
    out << "  " << Pad(std::to_string(p.index() + 1), 6, true) << "  "
        << Pad(p.name().substr(0, 60), name_width + 2, false);
    for (const KpiDef* k : shown) {
      const io::KpiSummary* summary = FindSummary(p.study(), std::string(k->name));
      out << Pad(summary != nullptr ? MeanText(*summary) : "-", kSweepColumn, true);
    }
    out << "\n";
  }
}

}  // namespace hubsim::study

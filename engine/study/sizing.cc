#include "engine/study/sizing.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <map>
#include <ostream>
#include <stdexcept>

#include "engine/models/call_center/erlang.h"
#include "engine/study/replications.h"

namespace hubsim::study {
namespace {

// The most couriers an outlet may have (the scenario loader's limit).
constexpr std::uint32_t kMaxCouriers = 10'000;
// Steps of the courier search: doubling up to the limit and bisecting take at most
// 2 x log2(10,000) + a few; confirmations at most this many more.
constexpr int kMaxCourierSteps = 40;
constexpr int kMaxConfirmations = 4;

void CheckOptions(const SizingOptions& o) {
  if (o.replications < 1 || o.replications > kMaxReplications) {
    throw std::invalid_argument("replications must be in 1.." + std::to_string(kMaxReplications));
  }
  if (o.criterion == Criterion::kLowerBound && o.replications < 2) {
    throw std::invalid_argument("the interval's lower bound needs 2 replications or more");
  }
  if (o.max_rounds < 1) throw std::invalid_argument("max_rounds must be >= 1");
}

bool Meets(const MeanEstimate& e, double target, Criterion c) {
  return (c == Criterion::kLowerBound ? e.low() : e.mean) >= target;
}

// Runs `scenario` as a study and hands every replication's Results to `collect`.
void Evaluate(const io::Scenario& scenario, const SizingOptions& options, int evaluation,
              const std::function<void(const io::Results&)>& collect) {
  ReplicationOptions run;
  run.replications = options.replications;
  run.threads = options.threads;
  run.queue = options.queue;
  run.stop = options.stop;
  if (options.progress) {
    run.progress = [&options, evaluation](int replication, SimTime now) {
      options.progress(evaluation, replication, now);
    };
  }
  run.results = [&collect](int, const io::Results& r) { collect(r); };
  RunReplications(scenario, run);
}

std::string Number(double v) {
  char buffer[32];
  const auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, v);
  return error == std::errc() ? std::string(buffer, end) : std::string("nan");
}

std::string Format(const char* format, auto... values) {
  char buffer[256];
  std::snprintf(buffer, sizeof buffer, format, values...);
  return buffer;
}

std::string Percent(double share) {
  return Format("%.2f", 100 * share);
}

// "93.41 [92.80, 94.02]" in percent; the mean alone with one replication.
std::string EstimateText(const MeanEstimate& e) {
  if (!e.has_interval()) return Percent(e.mean);
  return Percent(e.mean) + " [" + Percent(e.low()) + ", " + Percent(e.high()) + "]";
}

const char* CriterionText(Criterion c) {
  return c == Criterion::kMean ? "the mean" : "the 95 % interval's lower bound";
}

double DistributionMean(const io::Distribution& d) {
  return d.mean_seconds();  // every kind's mean is mean_seconds (scenario.proto)
}

}  // namespace

CourierSizing SizeCouriers(const io::Scenario& scenario, const std::vector<std::string>& outlets,
                           double target, const SizingOptions& options) {
  CheckOptions(options);
  if (!(target > 0 && target <= 1)) throw std::invalid_argument("the target must be in (0, 1]");
  // The outlets sized: their index in the scenario.
  std::vector<int> index;
  if (outlets.empty()) {
    for (int i = 0; i < scenario.outlet_size(); ++i) index.push_back(i);
  } else {
    for (const std::string& id : outlets) {
      int found = -1;
      for (int i = 0; i < scenario.outlet_size(); ++i) {
        if (scenario.outlet(i).id() == id) found = i;
      }
      if (found < 0) throw std::invalid_argument("the scenario has no outlet '" + id + "'");
      if (std::find(index.begin(), index.end(), found) == index.end()) index.push_back(found);
    }
  }
  if (index.empty()) throw std::invalid_argument("the scenario has no outlets");

  const std::size_t n = index.size();
  CourierSizing out;
  out.target = target;
  out.criterion = options.criterion;
  out.replications = options.replications;
  // Per outlet: the largest number known to miss (0: none tried; 0 couriers cannot pick
  // up), the smallest known to meet (0: none yet), the number to try next, and the estimates
  // seen at each number tried.
  std::vector<std::uint32_t> miss(n, 0), meet(n, 0), next(n);
  std::vector<std::map<std::uint32_t, MeanEstimate>> seen(n);
  for (std::size_t k = 0; k < n; ++k) next[k] = scenario.outlet(index[k]).couriers();

  // One simulation with every sized outlet at `couriers`: each one's on-time estimate.
  auto evaluate = [&](const std::vector<std::uint32_t>& couriers) {
    io::Scenario s = scenario;
    for (std::size_t k = 0; k < n; ++k) s.mutable_outlet(index[k])->set_couriers(couriers[k]);
    std::vector<std::vector<double>> rates(n);
    Evaluate(s, options, ++out.simulations, [&](const io::Results& r) {
      for (std::size_t k = 0; k < n; ++k) {
        const std::string& id = scenario.outlet(index[k]).id();
        for (const io::OutletResult& o : r.outlet()) {
          // An outlet without a measured pickup kept every promise it had.
          if (o.id() == id) {
            rates[k].push_back(o.kpi().pickup().measured() > 0 ? o.kpi().pickup().on_time_rate()
                                                               : 1.0);
          }
        }
      }
    });
    std::vector<MeanEstimate> estimates;
    for (std::size_t k = 0; k < n; ++k) {
      if (rates[k].size() != static_cast<std::size_t>(options.replications)) {
        throw std::logic_error("outlet '" + scenario.outlet(index[k]).id() +
                               "' is missing from the results");
      }
      estimates.push_back(EstimateMean(rates[k]));
      seen[k][couriers[k]] = estimates.back();
    }
    return estimates;
  };

  auto resolved = [&](std::size_t k) {
    return (meet[k] != 0 && meet[k] - miss[k] <= 1) || (meet[k] == 0 && miss[k] == kMaxCouriers);
  };
  for (int step = 0; step < kMaxCourierSteps; ++step) {
    bool open = false;
    for (std::size_t k = 0; k < n; ++k) open = open || !resolved(k);
    if (!open) break;
    const std::vector<MeanEstimate> e = evaluate(next);
    for (std::size_t k = 0; k < n; ++k) {
      if (resolved(k)) continue;
      if (Meets(e[k], target, options.criterion)) {
        meet[k] = next[k];
      } else {
        miss[k] = next[k];
      }
      if (resolved(k)) {
        next[k] = meet[k] != 0 ? meet[k] : kMaxCouriers;
      } else if (meet[k] == 0) {
        next[k] = std::min(kMaxCouriers, std::max(miss[k] * 2, miss[k] + 1));
      } else {
        next[k] = miss[k] + (meet[k] - miss[k]) / 2;
      }
    }
  }
  // Confirm all together; an outlet the others' numbers pushed below the target gets one
  // more courier.
  std::vector<MeanEstimate> final_estimates;
  for (int round = 0; round < kMaxConfirmations; ++round) {
    for (std::size_t k = 0; k < n; ++k) next[k] = meet[k] != 0 ? meet[k] : kMaxCouriers;
    final_estimates = evaluate(next);
    bool all = true;
    for (std::size_t k = 0; k < n; ++k) {
      if (meet[k] != 0 && !Meets(final_estimates[k], target, options.criterion) &&
          meet[k] < kMaxCouriers) {
        miss[k] = meet[k]++;
        all = false;
      }
    }
    if (all) break;
  }
  for (std::size_t k = 0; k < n; ++k) {
    CourierRow& row = out.rows.emplace_back();
    row.outlet = scenario.outlet(index[k]).id();
    row.couriers_now = scenario.outlet(index[k]).couriers();
    row.met = meet[k] != 0 && Meets(final_estimates[k], target, options.criterion);
    row.couriers_needed = row.met ? meet[k] : 0;
    row.on_time = final_estimates[k];
    if (row.met && meet[k] > 1) {
      const auto it = seen[k].find(meet[k] - 1);
      if (it != seen[k].end()) row.on_time_one_fewer = it->second;
    }
  }
  return out;
}

AgentSizing SizeAgents(const io::Scenario& scenario, double goal, const SizingOptions& options) {
  CheckOptions(options);
  if (!(goal > 0 && goal < 1)) throw std::invalid_argument("the goal must be in (0, 1)");
  if (!scenario.has_call_center()) throw std::invalid_argument("the scenario has no call center");
  const io::CallCenter& cc = scenario.call_center();
  const int interval_minutes = static_cast<int>(cc.interval_minutes());
  const int intervals = 1440 / interval_minutes;
  const double interval_seconds = 60.0 * interval_minutes;
  const double counted_days = scenario.days() - scenario.warmup_days();

  AgentSizing out;
  out.goal = goal;
  out.target_seconds = cc.service_level_seconds();
  out.criterion = options.criterion;
  out.replications = options.replications;
  if (cc.has_patience()) out.mean_patience_seconds = DistributionMean(cc.patience());

  // Per interval, each replication's service level (an interval without calls missed
  // none: 1) and offered calls; the overall level.
  struct Measured {
    std::vector<std::vector<double>> level, offered;
    std::vector<double> overall;
    std::map<std::string, double> type_offered;
  };
  auto evaluate = [&](const std::vector<std::uint32_t>& agents) {
    io::Scenario s = scenario;
    if (!agents.empty()) {
      s.mutable_call_center()->clear_agents();
      for (std::uint32_t a : agents) s.mutable_call_center()->add_agents(a);
    }
    Measured m;
    m.level.resize(intervals);
    m.offered.resize(intervals);
    Evaluate(s, options, ++out.simulations, [&](const io::Results& r) {
      const io::CallCenterResult& c = r.call_center();
      if (c.interval_size() != intervals) {
        throw std::logic_error("the results have " + std::to_string(c.interval_size()) +
                               " intervals, the scenario " + std::to_string(intervals));
      }
      for (int i = 0; i < intervals; ++i) {
        const io::CallKpi& k = c.interval(i).kpi();
        m.level[i].push_back(k.offered() > 0 ? k.service_level() : 1.0);
        m.offered[i].push_back(static_cast<double>(k.offered()) / counted_days);
      }
      m.overall.push_back(c.total().offered() > 0 ? c.total().service_level() : 1.0);
      for (const io::CallGroup& g : c.call_type()) {
        m.type_offered[g.name()] += static_cast<double>(g.kpi().offered());
      }
    });
    return m;
  };

  // The start: the offered calls and the handle time as the scenario is staffed now.
  std::vector<std::uint32_t> now(intervals);
  for (int i = 0; i < intervals; ++i) now[i] = cc.agents(cc.agents_size() == 1 ? 0 : i);
  const Measured pilot = evaluate({});
  double calls = 0, work = 0;
  for (const io::CallType& t : cc.call_type()) {
    const auto it = pilot.type_offered.find(t.name());
    if (it == pilot.type_offered.end()) continue;
    calls += it->second;
    work += it->second * DistributionMean(t.handle_time());
  }
  // Without any call offered, the handle time of the types as given, equally weighted.
  if (calls == 0) {
    for (const io::CallType& t : cc.call_type()) {
      calls += 1;
      work += DistributionMean(t.handle_time());
    }
  }
  out.mean_handle_seconds = work / calls;

  std::vector<std::uint32_t> agents(intervals);
  out.rows.resize(intervals);
  for (int i = 0; i < intervals; ++i) {
    AgentRow& row = out.rows[i];
    const int minutes = i * interval_minutes;
    row.start = Format("%02d:%02d", minutes / 60, minutes % 60);
    row.agents_now = now[i];
    row.offered_per_day = EstimateMean(pilot.offered[i]).mean;
    const double rate = row.offered_per_day / interval_seconds;
    int staff = 0;
    if (rate > 0) {
      staff =
          out.mean_patience_seconds
              ? call_center::StaffErlangA(rate, out.mean_handle_seconds, *out.mean_patience_seconds,
                                          out.target_seconds, goal)
              : call_center::StaffErlangC(rate, out.mean_handle_seconds, out.target_seconds, goal);
      staff = std::max(staff, 1);
    }
    row.erlang_a = static_cast<std::uint32_t>(staff);
    agents[i] = row.erlang_a;
  }
  // The scenario needs an agent somewhere (the loader's rule): a call center without calls
  // keeps one in the first interval.
  if (std::all_of(agents.begin(), agents.end(), [](std::uint32_t a) { return a == 0; })) {
    agents[0] = 1;
  }

  // Rounds of simulation: every interval that misses gets one more agent.
  Measured m;
  for (int round = 0; round < options.max_rounds; ++round) {
    m = evaluate(agents);
    bool all = true;
    std::vector<std::uint32_t> more = agents;
    for (int i = 0; i < intervals; ++i) {
      const MeanEstimate e = EstimateMean(m.level[i]);
      out.rows[i].agents = agents[i];
      out.rows[i].service_level = e;
      out.rows[i].met = Meets(e, goal, options.criterion);
      if (!out.rows[i].met) {
        all = false;
        out.rows[i].agents_missed = agents[i];
        out.rows[i].service_level_missed = e;
        const double shortfall =
            goal - (options.criterion == Criterion::kLowerBound ? e.low() : e.mean);
        more[i] += std::max<std::uint32_t>(
            1, static_cast<std::uint32_t>(std::ceil(agents[i] * shortfall / 2)));
      }
    }
    out.all_met = all;
    out.overall_service_level = EstimateMean(m.overall);
    if (all) break;
    if (round + 1 < options.max_rounds) agents = more;
  }
  // A row that misses after the last round has no staffing that met.
  for (AgentRow& row : out.rows) {
    if (!row.met) {
      row.service_level_missed.reset();
      row.agents_missed = 0;
    }
  }
  return out;
}

void PrintCourierSizing(std::ostream& out, const CourierSizing& s) {
  out << Format(
      "\n  couriers for a pickup on-time rate >= %s %% by %s of %d replication%s "
      "(%d simulations); on time in %% [95 %% interval]\n",
      Percent(s.target).c_str(), CriterionText(s.criterion), s.replications,
      s.replications == 1 ? "" : "s", s.simulations);
  out << Format("  %-16s %8s %8s  %-26s %s\n", "outlet", "now", "needed", "on time at needed",
                "on time with one fewer");
  for (const CourierRow& r : s.rows) {
    out << Format("  %-16s %8u %8s  %-26s %s\n", r.outlet.c_str(), r.couriers_now,
                  r.met ? std::to_string(r.couriers_needed).c_str() : "> 10000",
                  EstimateText(r.on_time).c_str(),
                  r.on_time_one_fewer ? EstimateText(*r.on_time_one_fewer).c_str() : "-");
  }
}

std::string CourierSizingCsv(const CourierSizing& s) {
  std::string csv =
      "outlet,couriers_now,couriers_needed,met,on_time_mean,on_time_ci_low,on_time_ci_high,"
      "one_fewer_mean,one_fewer_ci_low,one_fewer_ci_high\n";
  auto estimate = [](const MeanEstimate& e) {
    return Number(e.mean) + "," +
           (e.has_interval() ? Number(e.low()) + "," + Number(e.high()) : std::string(","));
  };
  for (const CourierRow& r : s.rows) {
    csv += r.outlet + "," + std::to_string(r.couriers_now) + "," +
           (r.met ? std::to_string(r.couriers_needed) : std::string()) + "," +
           (r.met ? "true" : "false") + "," + estimate(r.on_time) + "," +
           (r.on_time_one_fewer ? estimate(*r.on_time_one_fewer) : std::string(",,")) + "\n";
  }
  return csv;
}

void PrintAgentSizing(std::ostream& out, const AgentSizing& s) {
  out << Format(
             "\n  agents per interval for SL(%gs) >= %s %% by %s of %d replication%s "
             "(%d simulations); mean handle time %.0f s, ",
             s.target_seconds, Percent(s.goal).c_str(), CriterionText(s.criterion), s.replications,
             s.replications == 1 ? "" : "s", s.simulations, s.mean_handle_seconds)
      << (s.mean_patience_seconds
              ? Format("mean patience %.0f s (Erlang A)\n", *s.mean_patience_seconds)
              : std::string("no abandonment (Erlang C)\n"));
  out << Format("  %-8s %14s %6s %9s %10s  %s\n", "interval", "calls offered", "now", "Erlang A",
                "simulated", "SL % [95 % interval]");
  std::uint64_t now = 0, erlang = 0, simulated = 0;
  for (const AgentRow& r : s.rows) {
    now += r.agents_now;
    erlang += r.erlang_a;
    simulated += r.agents;
    out << Format("  %-8s %14.1f %6u %9u %10u  %s%s\n", r.start.c_str(), r.offered_per_day,
                  r.agents_now, r.erlang_a, r.agents, EstimateText(r.service_level).c_str(),
                  r.met ? "" : "  (misses)");
  }
  const double hours = 24.0 / static_cast<double>(s.rows.size());
  out << Format("  agent-hours a day: now %.1f, Erlang A %.1f, simulated %.1f; all calls: SL %s\n",
                static_cast<double>(now) * hours, static_cast<double>(erlang) * hours,
                static_cast<double>(simulated) * hours,
                EstimateText(s.overall_service_level).c_str());
  if (!s.all_met) {
    out << "  some intervals still miss the goal after the last round (more rounds: --rounds)\n";
  }
}

std::string AgentSizingCsv(const AgentSizing& s) {
  std::string csv =
      "interval,calls_offered_per_day,agents_now,erlang_a_agents,agents,met,sl_mean,sl_ci_low,"
      "sl_ci_high\n";
  for (const AgentRow& r : s.rows) {
    const MeanEstimate& e = r.service_level;
    csv += r.start + "," + Number(r.offered_per_day) + "," + std::to_string(r.agents_now) + "," +
           std::to_string(r.erlang_a) + "," + std::to_string(r.agents) + "," +
           (r.met ? "true" : "false") + "," + Number(e.mean) + "," +
           (e.has_interval() ? Number(e.low()) + "," + Number(e.high()) : std::string(",")) + "\n";
  }
  return csv;
}

}  // namespace hubsim::study

#include "engine/cli/run_command.h"

#include <chrono>
#include <cstdio>
#include <exception>
#include <iostream>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "engine/cli/interrupt.h"
#include "engine/cli/progress.h"
#include "engine/cli/report_command.h"
#include "engine/io/results_writer.h"
#include "engine/io/scenario_loader.h"
#include "engine/models/parcel_network/network_model.h"
#include "engine/report/report.h"
#include "engine/study/replications.h"
#include "engine/study/tables.h"
#include "engine/tracking/digest.h"
#include "engine/tracking/scan_log.h"

namespace hubsim::cli {
namespace {

std::string Format(const char* format, auto... values) {
  char buffer[256];
  std::snprintf(buffer, sizeof buffer, format, values...);
  return buffer;
}

std::string Percent(const io::PromiseKpi& k) {
  return k.measured() ? Format("%6.2f %%", 100.0 * k.on_time_rate()) : std::string("     - ");
}

void PrintPromise(std::ostream& out, const char* label, const io::PromiseKpi& k) {
  out << Format("  %-22s %10llu  %s  %7.0f %7.0f %7.0f\n", label,
                static_cast<unsigned long long>(k.measured()), Percent(k).c_str(), k.p50_minutes(),
                k.p90_minutes(), k.p99_minutes());
}

void PrintNetwork(std::ostream& out, const io::Scenario& scenario, const io::Results& r);

void PrintCalls(std::ostream& out, const char* label, const io::CallKpi& k) {
  out << Format("  %-22s %9llu %9llu  %6.2f %%  %7.1f  %6.2f %%  %7.0f\n", label,
                static_cast<unsigned long long>(k.offered()), static_cast<unsigned long long>(k.answered()),
                100.0 * k.service_level(), k.asa_seconds(), 100.0 * k.abandonment_rate(),
                k.longest_wait_seconds());
}

void PrintCallCenter(std::ostream& out, const io::CallCenterResult& c) {
  out << Format("\n  call center           %9s %9s  %8s  %7s  %8s  %7s\n", "offered", "answered",
                Format("SL(%.0fs)", c.target_seconds()).c_str(), "ASA s", "abandon", "longest");
  PrintCalls(out, "all calls", c.total());
  for (const io::CallGroup& g : c.call_type()) PrintCalls(out, ("type " + g.name()).c_str(), g.kpi());
  PrintCalls(out, "caused by failures", c.failure_calls());
  const io::CallKpi& t = c.total();
  out << Format("  occupancy %.1f %%, %.1f agents on average, %.2f calls waiting on average (peak %llu);"
                " %llu calls served by self-service\n",
                100.0 * t.occupancy(), t.mean_agents(), t.mean_waiting(),
                static_cast<unsigned long long>(t.max_waiting()), static_cast<unsigned long long>(t.deflected()));
}

// Customers: the survey per segment, churn and value at risk, and the SQI.
void PrintCustomers(std::ostream& out, const io::CustomerResult& c) {
  out << Format("\n  customers     accounts  revenue   v.sat    sat  neutral  dissat  v.dissat  complaints  churned  LTV lost   LTV at risk\n");
  for (const io::SegmentResult& g : c.segment()) {
    const io::SurveyLevels& s = g.survey();
    const double n = static_cast<double>(s.very_satisfied() + s.satisfied() + s.neutral() + s.dissatisfied() +
                                         s.very_dissatisfied());
    auto pct = [&](std::uint64_t v) { return n > 0 ? 100.0 * static_cast<double>(v) / n : 0.0; };
    out << Format("  %-12s %9llu  %5.1f %%  %5.1f %% %5.1f %%  %5.1f %%  %5.1f %%   %5.1f %%  %10llu  %7llu  %8.0f  %12.0f\n",
                  g.name().c_str(), static_cast<unsigned long long>(g.accounts()), 100.0 * g.revenue_share(),
                  pct(s.very_satisfied()), pct(s.satisfied()), pct(s.neutral()), pct(s.dissatisfied()),
                  pct(s.very_dissatisfied()), static_cast<unsigned long long>(g.complaints()),
                  static_cast<unsigned long long>(g.churned()), g.churned_lifetime_value(),
                  g.at_risk_lifetime_value());
  }
  // Both definitions (the scenario's first), when the results have them.
  std::vector<std::pair<const char*, const io::SqiSummary*>> sqis;
  if (c.has_sqi_minute_promises() && c.has_sqi_day_level()) {
    const bool day_level = c.sqi_definition() == "day_level";
    sqis.emplace_back(day_level ? "SQI (day level)" : "SQI (minute promises)",
                      day_level ? &c.sqi_day_level() : &c.sqi_minute_promises());
    sqis.emplace_back(day_level ? "SQI (minute promises)" : "SQI (day level)",
                      day_level ? &c.sqi_minute_promises() : &c.sqi_day_level());
  } else {
    sqis.emplace_back("SQI", &c.sqi());
  }
  for (const auto& [label, q] : sqis) {
    out << Format(
        "  %s: %llu failures, %.0f points on %llu shipments = %.1f per 100,000 (%.4f %%)\n", label,
        static_cast<unsigned long long>(q->failures()), q->points(),
        static_cast<unsigned long long>(q->shipments()), q->points_per_100k(),
        q->percent_of_shipments());
  }
  std::string not_modeled;
  for (const io::SqiComponent& component : c.sqi().component()) {
    if (!component.modeled()) not_modeled += (not_modeled.empty() ? "" : ", ") + component.name();
  }
  out << "  SQI components not modeled: " << not_modeled << "\n";
}

void PrintTable(std::ostream& out, const io::Scenario& scenario, const study::Replications& replications,
                const RunArgs& args, double wall_seconds) {
  const io::Results& r = replications.first;
  std::uint64_t couriers = 0;
  for (const io::Outlet& o : scenario.outlet()) couriers += o.couriers();
  out << "hubsim run: " << (scenario.name().empty() ? "(unnamed scenario)" : scenario.name()) << "\n"
      << Format("  %d hubs, %d outlets, %llu couriers, %d linehauls; %u day(s)%s, seed %llu, %d thread(s)\n",
                scenario.hub_size(), scenario.outlet_size(), static_cast<unsigned long long>(couriers),
                scenario.linehaul_size(), r.days(),
                scenario.warmup_days() > 0 ? Format(" (%u warm-up day%s not counted)", scenario.warmup_days(),
                                                    scenario.warmup_days() == 1 ? "" : "s")
                                                 .c_str()
                                           : "",
                static_cast<unsigned long long>(r.seed()), args.threads);
  if (replications.runs.size() > 1) {
    out << Format("  replication 1 of %zu (the scenario's own seed); the study of all follows\n",
                  replications.runs.size());
  }
  if (scenario.outlet_size() > 0) PrintNetwork(out, scenario, r);
  if (r.has_call_center()) PrintCallCenter(out, r.call_center());
  if (r.has_customers()) PrintCustomers(out, r.customers());
  const io::Conservation& c = r.conservation();
  if (scenario.outlet_size() > 0) {
    out << Format("  parcels: created %llu = delivered %llu + in flight %llu + lost %llu (%s)\n",
                  static_cast<unsigned long long>(c.created()), static_cast<unsigned long long>(c.delivered()),
                  static_cast<unsigned long long>(c.in_flight()), static_cast<unsigned long long>(c.lost()),
                  c.holds() ? "holds" : "VIOLATED");
  }
  if (r.has_study()) study::PrintStudy(out, r.study());
  // Throughput over every replication.
  std::uint64_t events = 0, parcels = 0, calls = 0;
  for (const study::Replication& rep : replications.runs) {
    events += rep.events;
    parcels += rep.parcels;
    calls += rep.calls;
  }
  out << Format("  engine: %llu events in %.2f s (%.2f M events/s, %.0f parcels/s, %.0f calls/s)\n",
                static_cast<unsigned long long>(events), wall_seconds,
                wall_seconds > 0 ? static_cast<double>(events) / wall_seconds / 1e6 : 0.0,
                wall_seconds > 0 ? static_cast<double>(parcels) / wall_seconds : 0.0,
                wall_seconds > 0 ? static_cast<double>(calls) / wall_seconds : 0.0);
}

void PrintNetwork(std::ostream& out, const io::Scenario& scenario, const io::Results& r) {
  out << "\n  promise                  measured   on time      p50     p90     p99  (minutes)\n";
  const io::Promises& p = scenario.promises();
  PrintPromise(out, Format("pickup <= %.0f min", p.pickup_minutes()).c_str(), r.kpi().pickup());
  PrintPromise(out, Format("delivery <= %.0f min", p.delivery_minutes()).c_str(), r.kpi().delivery());
  PrintPromise(out, Format("next-day (D+%u)", p.next_day_days()).c_str(), r.kpi().next_day());

  out << "\n  hub        pickup  delivery  next-day    sorted  sorter util  max backlog\n";
  for (const io::HubResult& h : r.hub()) {
    out << Format("  %-8s %s  %s  %s  %8llu  %9.1f %%  %11llu\n", h.id().c_str(),
                  Percent(h.kpi().pickup()).c_str(), Percent(h.kpi().delivery()).c_str(),
                  Percent(h.kpi().next_day()).c_str(), static_cast<unsigned long long>(h.sorted()),
                  100.0 * h.sorter_utilization(), static_cast<unsigned long long>(h.max_backlog()));
  }
  double worst_load = 0;
  std::string worst;
  std::uint64_t rolled = 0;
  for (const io::LinehaulResult& l : r.linehaul()) {
    rolled += l.rolled_parcels();
    if (l.mean_load_factor() > worst_load) {
      worst_load = l.mean_load_factor();
      worst = l.from() + "->" + l.to();
    }
  }
  if (r.has_courier_day()) {
    const io::CourierDay& c = r.courier_day();
    out << Format(
        "\n  couriers: %.0f stops a courier-day (%.1f parcels), %.1f km a day, %.2f km and %.1f "
        "min a stop, "
        "utilization %.0f %% (travel %.0f %%, deliveries %.0f %%, pickups %.0f %%)\n",
        c.stops_per_day(), c.parcels_per_day(), c.km_per_day(), c.km_per_stop(),
        c.minutes_per_stop(), 100.0 * c.utilization(), 100.0 * c.share_travel(),
        100.0 * c.share_delivery(), 100.0 * c.share_pickup());
  }
  if (r.linehaul_size() > 0) {
    out << Format("\n  linehauls: busiest %s at %.0f %% mean load; %llu parcels rolled to a later departure\n",
                  worst.c_str(), 100.0 * worst_load, static_cast<unsigned long long>(rolled));
  }
}

}  // namespace

int RunScenario(const RunArgs& args, std::ostream& out, std::ostream& err) {
  io::Scenario scenario;
  try {
    scenario = LoadScenario(args.scenario, args.scenario_options);
  } catch (const io::ScenarioError& e) {
    err << e.what() << "\n";
    return 2;
  }
  if (args.report) {
    const std::string problem = args.out.empty() ? "--report needs an output directory (--out DIR)"
                                                 : report::CheckOptions(args.report_options);
    if (!problem.empty()) {
      err << "hubsim run: " << problem << "\n";
      return 2;
    }
  }
  if (!args.tracking.empty() && !(args.tracking_sample > 0 && args.tracking_sample <= 1)) {
    err << "hubsim run: --tracking-sample must be in (0, 1], got " << args.tracking_sample << "\n";
    return 2;
  }
  study::ReplicationOptions options;
  options.replications = args.replications;
  options.threads = args.threads;
  options.stop = args.stop;
  try {
    options.queue = ChooseQueue(args.queue, scenario);
  } catch (const std::invalid_argument& e) {
    err << "hubsim run: " << e.what() << "\n";
    return 2;
  }
  // The first replication's spec (the scenario as given), compiled here: a scenario the
  // model refuses is bad input, and the tracking log needs it.
  parcel_network::NetworkSpec spec;
  try {
    spec = parcel_network::CompileScenario(scenario);
  } catch (const std::invalid_argument& e) {
    err << "hubsim run: " << e.what() << "\n";
    return 2;
  }
  options.first_spec = &spec;
  // The tracking log (of the first replication) makes its spill files now, so an
  // unwritable place fails before the run.
  std::unique_ptr<tracking::ScanLogWriter> tracking;
  if (!args.tracking.empty()) {
    try {
      tracking = std::make_unique<tracking::ScanLogWriter>(
          args.tracking, parcel_network::TrackingHeaderFor(spec, scenario.seed(), args.tracking_sample),
          spec.hubs.size() + (spec.call_center ? 1 : 0));
    } catch (const tracking::TrackingError& e) {
      err << "hubsim run: " << e.what() << "\n";
      return 1;
    }
    options.first_tracking = tracking.get();
  }

  if (!args.out.empty()) {
    try {
      io::CheckOutputDirectory(args.out, "results.pb");
    } catch (const io::OutputError& e) {
      err << "hubsim run: " << e.what() << "\n";
      return 1;
    }
  }

  study::Replications replications;
  double wall_seconds = 0;
  {
    const double days = scenario.days();
    ProgressLine progress(days * args.replications);
    if (progress.enabled()) {
      options.progress = [&progress, &args, days](int replication, SimTime now) {
        progress.Show(replication * days + ProgressLine::Days(now), [&] {
          return args.replications == 1 ? std::string("hubsim run:")
                                        : Format("hubsim run: replication %d of %d", replication + 1,
                                                 args.replications);
        });
      };
    }
    try {
      const auto start = std::chrono::steady_clock::now();
      replications = study::RunReplications(scenario, options);
      wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    } catch (const tracking::TrackingError& e) {  // a spill could not be written (disk full)
      err << "hubsim run: " << e.what() << "\n";
      return 1;
    } catch (const Interrupted&) {
      throw;  // main reports it
    } catch (const std::exception& e) {
      err << "hubsim run: internal error (a bug in hubsim, please report it): " << e.what() << "\n";
      return 3;
    }
  }
  io::Results& results = replications.first;
  if (args.replications > 1 || scenario.warmup_days() > 0) {
    *results.mutable_study() = study::Summarize(replications);
  }
  PrintTable(out, scenario, replications, args, wall_seconds);
  if (!replications.all_conserved()) {
    err << "hubsim run: internal error: parcel conservation violated (a bug in the model); "
           "no results written\n";
    return 3;
  }
  // A signal that came after the last event still means "write nothing".
  ThrowIfInterrupted(args.stop);
  if (tracking) {
    try {
      const auto start = std::chrono::steady_clock::now();
      const tracking::LogStats t = tracking->Finish(args.threads, args.stop);
      const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      out << Format("  tracking: %llu scans of %llu parcels in %s (%.1f MB, %.2f bytes per scan; merged in %.2f s)\n",
                    static_cast<unsigned long long>(t.scans), static_cast<unsigned long long>(t.parcels),
                    args.tracking.c_str(), static_cast<double>(t.log_bytes) / 1e6, t.bytes_per_scan(), seconds);
    } catch (const tracking::TrackingError& e) {
      err << "hubsim run: " << e.what() << "\n";
      return 1;
    }
  }
  if (!args.out.empty()) {
    try {
      // The results and the report appear together, or neither does.
      io::FileSet files;
      io::AddResults(files, args.out, results);
      if (args.report) {
        std::optional<io::TrackingDigest> digest;
        if (tracking) {
          digest = tracking::MakeDigest(tracking::ScanLogReader(args.tracking), args.tracking, kReportLookupParcels);
        }
        files.Add(args.out + "/report.html",
                  report::RenderReport(results, args.report_options,
                                       report::ReportExtras{digest ? &*digest : nullptr, nullptr}));
      }
      files.Commit();
    } catch (const io::OutputError& e) {
      err << "hubsim run: " << e.what() << "\n";
      return 1;
    } catch (const tracking::TrackingError& e) {  // the log just written cannot be read back
      err << "hubsim run: " << e.what() << "\n";
      return 1;
    }
    out << "  results: " << args.out << "/results.pb, " << args.out << "/results.json"
        << (args.report ? ", " + args.out + "/report.html\n" : "\n");
  }
  return 0;
}

}  // namespace hubsim::cli

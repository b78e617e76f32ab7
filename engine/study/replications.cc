#include "engine/study/replications.h"

#include <stdexcept>
#include <string>

#include "engine/models/parcel_network/network_model.h"
#include "engine/study/kpi_registry.h"
#include "hubsim/rng.h"

namespace hubsim::study {
namespace {

// The stream whose draws are the seeds of replications 1, 2, ... ("REPL"): far from the
// model's stream ids (LP numbers, and the tagged ranges of the call center and customers).
constexpr std::uint64_t kReplicationSeedStream = 0x5245'504C'0000'0000ULL;

void SetSummary(const KpiDef& def, const std::vector<double>& values, double confidence,
                io::KpiSummary& out) {
  const MeanEstimate e = EstimateMean(values, confidence);
  out.set_name(std::string(def.name));
  out.set_label(std::string(def.label));
  out.set_unit(std::string(UnitName(def.unit)));
  out.set_direction(def.direction);
  out.set_n(static_cast<std::uint32_t>(e.n));
  out.set_mean(e.mean);
  if (e.has_interval()) {
    out.set_sd(e.sd);
    out.set_ci_low(e.low());
    out.set_ci_high(e.high());
  }
  for (double v : values) out.add_value(v);
}

}  // namespace

std::uint64_t ReplicationSeed(std::uint64_t scenario_seed, int index) {
  if (index < 0) throw std::invalid_argument("ReplicationSeed: negative replication");
  if (index == 0) return scenario_seed;
  RngStream stream(scenario_seed, kReplicationSeedStream);
  stream.Seek(static_cast<std::uint64_t>(index - 1));
  return stream.NextU64();
}

bool Replications::all_conserved() const {
  for (const Replication& r : runs) {
    if (!r.conserved) return false;
  }
  return true;
}

Replication RunReplication(const io::Scenario& scenario, int index,
                           const ReplicationOptions& options, io::Results* full) {
  io::Scenario replica = scenario;
  replica.set_seed(ReplicationSeed(scenario.seed(), index));
  // Compiled per replication: the accounts are drawn from the seed.
  std::optional<parcel_network::NetworkSpec> compiled;
  if (index > 0 || options.first_spec == nullptr) {
    compiled = parcel_network::CompileScenario(replica);
  }
  const parcel_network::NetworkSpec& spec = compiled ? *compiled : *options.first_spec;
  RunOptions run;
  run.seed = replica.seed();
  run.threads = options.threads;
  run.queue = options.queue;
  run.stop = options.stop;
  if (options.progress) {
    run.progress = [&options, index](SimTime now) { options.progress(index, now); };
  }
  io::Results results =
      parcel_network::RunNetwork(spec, run, index == 0 ? options.first_tracking : nullptr);
  if (options.results) options.results(index, results);
  Replication r;
  r.seed = replica.seed();
  r.kpis = ExtractKpis(results, scenario.warmup_days());
  r.conserved = results.conservation().holds();
  r.events = results.events();
  r.parcels = results.conservation().created();
  r.calls = results.call_center().total().arrived();
  if (full != nullptr) *full = std::move(results);
  return r;
}

Replications RunReplications(const io::Scenario& scenario, const ReplicationOptions& options) {
  if (options.replications < 1 || options.replications > kMaxReplications) {
    throw std::invalid_argument("replications must be in 1.." + std::to_string(kMaxReplications) +
                                " (got " + std::to_string(options.replications) + ")");
  }
  Replications out;
  out.warmup_days = scenario.warmup_days();
  for (int i = 0; i < options.replications; ++i) {
    out.runs.push_back(RunReplication(scenario, i, options, i == 0 ? &out.first : nullptr));
  }
  return out;
}

io::Study Summarize(const Replications& replications, double confidence) {
  io::Study study;
  study.set_replications(static_cast<std::uint32_t>(replications.runs.size()));
  study.set_warmup_days(replications.warmup_days);
  study.set_confidence(confidence);
  for (const Replication& r : replications.runs) study.add_seed(r.seed);
  const std::span<const KpiDef> kpis = StudyKpis();
  for (std::size_t k = 0; k < kpis.size(); ++k) {
    std::vector<double> values;
    for (const Replication& r : replications.runs) {
      if (!r.kpis.at(k)) break;
      values.push_back(*r.kpis[k]);
    }
    if (values.empty() || values.size() != replications.runs.size()) continue;
    SetSummary(kpis[k], values, confidence, *study.add_kpi());
  }
  return study;
}

}  // namespace hubsim::study

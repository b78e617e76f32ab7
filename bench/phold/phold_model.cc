#include "bench/phold/phold_model.h"

#include <sys/resource.h>

#include <cmath>
#include <cstdio>
#include <ostream>
#include <stdexcept>

namespace hubsim::phold {

void Validate(const PholdConfig& c) {
  auto fail = [](const std::string& what) { throw std::invalid_argument("phold: " + what); };
  if (c.lps < 1 || c.lps > kMaxLps) fail("--nlp must be between 1 and " + std::to_string(kMaxLps));
  if (!(c.remote >= 0 && c.remote <= 1)) fail("--remote must be in [0, 1]");
  if (!(c.lookahead > 0)) fail("--lookahead must be > 0");
  if (!(c.mean >= c.lookahead)) fail("--mean must be >= --lookahead");
  if (!(c.end >= 0) || c.end * kTicksPerUnit > 9e18) fail("--end must be >= 0 and < 9e12");
  if (std::llround(c.lookahead * kTicksPerUnit) < 1) fail("--lookahead is below one tick");
  if (std::uint64_t{c.lps} * c.start_events > (std::uint64_t{1} << 32)) {
    fail("--nlp x --start-events must be at most 2^32");
  }
}

PholdModel::PholdModel(const PholdConfig& config)
    : config_(config),
      lookahead_(SimTime::FromTicks(std::llround(config.lookahead * kTicksPerUnit))),
      exp_mean_ticks_((config.mean - config.lookahead) * kTicksPerUnit) {}

SimTime PholdModel::Delay(RngStream& rng) const {
  return lookahead_ + SimTime::FromTicks(std::llround(rng.Exponential(exp_mean_ticks_)));
}

void PholdModel::Init(LpContext& ctx) {
  for (std::uint32_t i = 0; i < config_.start_events; ++i) ctx.Schedule(Delay(ctx.rng()), 0);
}

void PholdModel::Handle(LpContext& ctx, const Event& /*event*/) {
  RngStream& rng = ctx.rng();
  LpId target = ctx.lp();
  if (config_.remote > 0 && rng.Bernoulli(config_.remote)) {
    target = static_cast<LpId>(rng.UniformInt(config_.lps));
  }
  ctx.Send(target, Delay(rng), 0);
}

PholdReport RunPhold(const PholdConfig& config, RunOptions options) {
  Validate(config);
  PholdModel model(config);
  options.end_time = SimTime::FromTicks(std::llround(config.end * kTicksPerUnit));
  PholdReport report;
  report.config = config;
  report.options = options;
  report.result = Simulation(model, options).Run();
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  report.peak_rss_kib = usage.ru_maxrss;
  return report;
}

void PrintReport(std::ostream& out, const PholdReport& r, bool json) {
  const double events_per_second =
      r.result.wall_seconds > 0 ? static_cast<double>(r.result.committed_events) / r.result.wall_seconds : 0;
  char fingerprint[17];
  std::snprintf(fingerprint, sizeof fingerprint, "%016llx",
                static_cast<unsigned long long>(r.result.fingerprint));
  if (json) {
    out << "{\"model\":\"phold\",\"nlp\":" << r.config.lps << ",\"start_events\":"
        << r.config.start_events << ",\"remote\":" << r.config.remote << ",\"mean\":"
        << r.config.mean << ",\"lookahead\":" << r.config.lookahead << ",\"end\":" << r.config.end
        << ",\"executor\":\"" << Name(r.options.executor) << "\",\"queue\":\""
        << Name(r.options.queue) << "\",\"threads\":" << r.options.threads
        << ",\"committed_events\":" << r.result.committed_events << ",\"windows\":"
        << r.result.windows << ",\"fingerprint\":\"" << fingerprint << "\",\"wall_seconds\":"
        << r.result.wall_seconds << ",\"events_per_second\":" << events_per_second
        << ",\"peak_rss_kib\":" << r.peak_rss_kib << "}\n";
    return;
  }
  out << "model:             phold (nlp " << r.config.lps << ", start events "
      << r.config.start_events << ", remote " << r.config.remote << ", mean " << r.config.mean
      << ", lookahead " << r.config.lookahead << ", end " << r.config.end << ")\n"
      << "executor:          " << Name(r.options.executor) << ", " << Name(r.options.queue)
      << ", " << r.options.threads << " thread(s)\n"
      << "committed events:  " << r.result.committed_events << "\n"
      << "windows:           " << r.result.windows << "\n"
      << "fingerprint:       " << fingerprint << "\n"
      << "wall seconds:      " << r.result.wall_seconds << "\n"
      << "events/s:          " << events_per_second << "\n"
      << "peak RSS (KiB):    " << r.peak_rss_kib << "\n";
}

}  // namespace hubsim::phold

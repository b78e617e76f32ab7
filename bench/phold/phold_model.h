// PHOLD, the standard benchmark of parallel discrete-event simulators, with ROSS's
// parameters and meaning (ROSS models/phold), so figures compare with ROSS's:
// - `lps` LPs, each starting with `start_events` events;
// - handling an event sends one new event: with probability `remote` to an LP drawn
//   uniformly from all LPs (possibly itself), otherwise to itself;
// - every delay is lookahead + Exp(mean - lookahead), so its mean is `mean`;
// - events with time < `end` are committed.
// With 16,384 LPs, one event each, mean 1.0 and end 1500, about 16,384 x 1,500 =
// 24.58 M events are committed.
//
// PHOLD time is unit-less; one PHOLD time unit is kTicksPerUnit engine ticks.
#ifndef HUBSIM_BENCH_PHOLD_PHOLD_MODEL_H_
#define HUBSIM_BENCH_PHOLD_PHOLD_MODEL_H_

#include <cstdint>
#include <iosfwd>
#include <string>

#include "hubsim/model.h"
#include "hubsim/simulation.h"

namespace hubsim::phold {

inline constexpr SimTime::Rep kTicksPerUnit = 1'000'000;

struct PholdConfig {
  LpId lps = 16'384;
  std::uint32_t start_events = 1;
  double remote = 0.1;     // probability that an event goes to a random LP
  double mean = 1.0;       // mean delay, PHOLD time units
  double lookahead = 0.1;  // minimum delay, PHOLD time units
  double end = 1'500;      // end time, PHOLD time units
};

// Checks the configuration; throws std::invalid_argument naming the bad parameter.
void Validate(const PholdConfig& config);

class PholdModel final : public Model {
 public:
  // REQUIRES: Validate(config) passes.
  explicit PholdModel(const PholdConfig& config);

  LpId lp_count() const override { return config_.lps; }
  SimTime lookahead() const override { return lookahead_; }
  void Init(LpContext& ctx) override;
  void Handle(LpContext& ctx, const Event& event) override;

 private:
  SimTime Delay(RngStream& rng) const;

  PholdConfig config_;
  SimTime lookahead_;
  double exp_mean_ticks_;
};

struct PholdReport {
  PholdConfig config;
  RunOptions options;
  RunResult result;
  long peak_rss_kib = 0;
};

// Runs PHOLD to config.end with the given executor settings (options.end_time is set
// from config.end).
PholdReport RunPhold(const PholdConfig& config, RunOptions options);

// Prints the report as "key: value" lines, or as one JSON object.
void PrintReport(std::ostream& out, const PholdReport& report, bool json);

}  // namespace hubsim::phold

#endif  // HUBSIM_BENCH_PHOLD_PHOLD_MODEL_H_

// Customer accounts and what service does to them: revenue and segments, satisfaction
// (expectation-disconfirmation with a decaying memory), the five survey levels,
// complaints, churn and lifetime value. The formulas and every parameter are documented
// in engine/io/scenario.proto (message Customers); this header gives them as code, free
// of the engine, so they can be tested exactly.
//
// Thread safety: the specs are immutable after compilation and shared read-only; an
// AccountState is written by the one LP that owns the account.
#ifndef HUBSIM_ENGINE_MODELS_CUSTOMERS_CUSTOMERS_H_
#define HUBSIM_ENGINE_MODELS_CUSTOMERS_CUSTOMERS_H_

#include <array>
#include <cstdint>
#include <vector>

#include "hubsim/rng.h"
#include "hubsim/sim_time.h"

namespace hubsim::customers {

// Survey levels, best first.
enum class Level : std::uint8_t {
  kVerySatisfied = 0,
  kSatisfied,
  kNeutral,
  kDissatisfied,
  kVeryDissatisfied,
};
inline constexpr int kLevels = 5;

// Revenue segments Q1 (top fifth) .. Q5, and the key accounts as a sixth group.
inline constexpr int kSegments = 5;
inline constexpr int kKeyGroup = 5;
inline constexpr int kGroups = 6;

// Scores of experiences, satisfaction units (Satisfaction in scenario.proto).
struct Scores {
  double on_time_pickup = 0.1;
  double late_pickup = -0.6;
  double late_pickup_per_hour = -0.2;
  double on_time_delivery = 0.1;
  double late_delivery = -0.5;
  double late_delivery_per_hour = -0.1;
  double next_day_missed = -1.0;
  double failed_delivery = -0.4;
  double lost = -4.0;
  double damaged = -3.0;
  double call_answered_in_target = 0.1;
  double call_wait_per_minute = -0.1;
  double abandoned_call = -0.8;
  double complaint_resolved = 0.8;
  double complaint_unresolved = -1.2;
};

struct SatisfactionModel {
  double initial_mean = 0.6;
  double initial_stddev = 0.4;
  SimTime memory = SimTime::Days(30);
  double prior_weight = 2;  // the baseline counts as this many experiences
  Scores scores;
  // Survey cut points, strictly decreasing: very satisfied, satisfied, neutral, dissatisfied.
  std::array<double, 4> cut = {1.0, 0.25, -0.25, -1.0};

  Level LevelOf(double satisfaction) const;
  // `late`: completion time minus the promise deadline (<= 0: on time).
  double PickupScore(SimTime late) const;
  double DeliveryScore(SimTime late, bool next_day_missed, bool damaged) const;
  // `beyond_target`: the wait beyond the service-level target (<= 0: within it).
  double CallScore(SimTime beyond_target) const;
};

struct ChurnModel {
  double max_daily_probability = 0.05;
  double midpoint = -1.0;
  double steepness = 4.0;
  // p(S) = max / (1 + exp(steepness * (S - midpoint))).
  double DailyProbability(double satisfaction) const;
};

struct ComplaintModel {
  double dissatisfied_probability = 0.1;
  double very_dissatisfied_probability = 0.3;
  double first_contact_resolution = 0.7;
  SimTime reopen = SimTime::Days(1);
  std::uint32_t max_reopens = 2;
  SimTime quiet = SimTime::Days(1);  // no new complaint this soon after the last
  // Probability of a complaint from an account at `level` after a negative experience.
  double Probability(Level level) const;
};

// An account's satisfaction record. With f_e = exp(-(t - t_e) / memory) the weight of an
// experience of age t - t_e,
//   S(t) = baseline + sum(d_e f_e) / (prior_weight + sum(f_e)):
// the baseline shrinks towards the recency-weighted mean score of the experiences, as much
// as they outweigh the prior, and returns to the baseline as they fade. A customer who
// ships a hundred parcels a day is judged by the share that go wrong, not by their count.
struct AccountState {
  double scores = 0;   // sum(d_e f_e) at `last`
  double weight = 0;   // sum(f_e) at `last`
  SimTime last;
  SimTime last_complaint;  // when `complained`
  std::uint32_t draws = 0;  // draws made from the account's decision stream
  bool churned = false;
  bool complained = false;

  double At(double baseline, SimTime t, const SatisfactionModel& model) const;
  // Adds an experience of score `score` at t >= last.
  void Add(double score, SimTime t, const SatisfactionModel& model);
};

// The accounts of the network, compiled once: revenue, segment, key flag, baseline.
// Account a of outlet o has the global index outlet_offset[o] + a.
struct Accounts {
  std::vector<std::uint32_t> outlet_offset;  // size outlets + 1
  std::vector<double> monthly_revenue;
  std::vector<double> baseline;              // baseline satisfaction
  std::vector<std::uint8_t> segment;         // 0 = Q1 .. 4 = Q5
  std::vector<std::uint8_t> key;             // 1: key account
  double top20_revenue_share = 0;

  std::uint32_t size() const { return static_cast<std::uint32_t>(monthly_revenue.size()); }
  // The outlet of a global account. REQUIRES: account < size().
  std::uint32_t OutletOf(std::uint32_t account) const;
};

struct AccountOptions {
  std::uint64_t seed = 1;
  double mean_monthly_revenue = 1500;
  double sigma = 1.683;          // lognormal spread of revenue
  double key_account_share = 0.01;
  double initial_mean = 0.6;
  double initial_stddev = 0.4;
};

// Draws every outlet's accounts (outlet o's from its own random streams, so adding an
// outlet never changes another's) and ranks them into segments and key accounts.
// `accounts_per_outlet[o]` >= 1.
Accounts BuildAccounts(const std::vector<std::uint32_t>& accounts_per_outlet, const AccountOptions& options);

// Lognormal sigma such that the top `top_accounts` share of accounts brings the
// `top_revenue` share of revenue: z(1 - top_accounts) + z(top_revenue).
// REQUIRES: 0 < top_accounts < 1, top_accounts <= top_revenue < 1.
double CalibratedSigma(double top_accounts, double top_revenue);

// Share of the total held by the largest `top` fraction of `values` (rounded to whole
// accounts, at least one).
double TopShare(std::vector<double> values, double top);

// A uniform draw on (0, 1) that is a pure function of (seed, stream, index): decisions of
// one account (or parcel) stay the same when the rest of the run changes (common random
// numbers between scenarios).
double UniformAt(std::uint64_t seed, std::uint64_t stream, std::uint64_t index);

// Stream ids of the per-account and per-parcel decisions, far from the LPs' (0..n) and
// the other models' bases.
inline constexpr std::uint64_t kRevenueStream = 0x5245'5600'0000'0000ULL;   // "REV"
inline constexpr std::uint64_t kBaselineStream = 0x4241'5300'0000'0000ULL;  // "BAS"
inline constexpr std::uint64_t kDecisionStream = 0x4445'4300'0000'0000ULL;  // "DEC"
inline constexpr std::uint64_t kChurnStream = 0x4348'5500'0000'0000ULL;     // "CHU"
inline constexpr std::uint64_t kParcelStream = 0x5041'0000'0000'0000ULL;    // "PA"

}  // namespace hubsim::customers

#endif  // HUBSIM_ENGINE_MODELS_CUSTOMERS_CUSTOMERS_H_

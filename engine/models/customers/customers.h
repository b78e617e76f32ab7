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

// Scores of experiences, satisfaction units (Satisfaction in scenario.proto, which gives
// the same defaults). A score is the disconfirmation of the account's expectation: > 0
// better than expected, < 0 worse. The negative scores have fixed severities relative to
// a late delivery (1): late pickup 1.2, failed attempt 0.2, next day missed 2, damaged 6,
// lost 8, abandoned call 1.6, unresolved complaint 2.4, a minute on hold beyond the target
// 0.2; late_delivery itself, hence their common scale, is set by the calibration under
// SatisfactionModel. The per-hour lateness terms are small beside the broken promise.
struct Scores {
  double on_time_pickup = 0.1;
  double late_pickup = -8.4;
  double late_pickup_per_hour = -0.2;
  double on_time_delivery = 0.1;
  double late_delivery = -7.0;
  double late_delivery_per_hour = -0.1;
  double next_day_missed = -14.0;
  double failed_delivery = -1.4;
  double lost = -56.0;
  double damaged = -42.0;
  double call_answered_in_target = 0.1;
  double call_wait_per_minute = -1.4;
  double abandoned_call = -11.2;
  double complaint_resolved = 0.8;
  double complaint_unresolved = -16.8;
};

// Satisfaction: the baseline shrunk towards the recency-weighted mean score (AccountState).
// An experience of negative score weighs negative_weight times as much as one of
// non-negative score, in the mean and in the weight that outweighs the prior: negative
// disconfirmation moves satisfaction about twice as much as positive (Anderson & Sullivan
// 1993, "The antecedents and consequences of customer satisfaction for firms"; Mittal,
// Ross & Baldasare 1998, "The asymmetric impact of negative and positive attribute-level
// performance"; loss aversion 2.25 in Tversky & Kahneman 1992). At a small share p of bad
// experiences the mean moves by p x negative_weight x (score - mean), the asymmetric slope
// of those studies; at a large share it saturates at the bad score itself, so a score keeps
// its meaning: where an account with only that experience ends, above its baseline.
//
// Calibration (the defaults). A stream of parcels, each a pickup on time (+0.1) and a
// delivery, a share p of them late by h hours (d = -7 - 0.1 h; h = 0.75: -7.075), the rest
// on time (+0.1); memory long against the volume (the prior weighs little). With w = 2:
//   S = 0.6 + (0.1 + 0.1 (1 - p) + w p d) / (1 + (1 - p) + w p)
//     = 0.6 + (0.2 - 14.25 p) / (2 + p)                       (h = 0.75)
//   p =  0 %: S =  0.70  satisfied
//   p =  2 %: S =  0.56  satisfied
//   p =  6.5 %: S = 0.25  crosses satisfied_from into neutral
//   p = 10 %: S =  0.02  neutral (its middle: what late_delivery was set for)
//   p = 14.2 %: S = -0.25 crosses neutral_from into dissatisfied
//   p = 26.9 %: S = -1.0  crosses dissatisfied_from into very dissatisfied
//   p = 30 %: S = -1.17 very dissatisfied
// The level follows the share of late parcels, not their count: an account of one parcel a
// day swings by about 0.3 between its late parcels (at 10 %: from about -0.15 to 0.15), one
// of twenty a day by 0.01. 30 or 60 min instead of 45 moves S by 0.003 at 10 %: the broken
// promise weighs, not the minutes. Any late share p costs about 0.07 per percent at first.
struct SatisfactionModel {
  double initial_mean = 0.6;
  double initial_stddev = 0.4;
  SimTime memory = SimTime::Days(30);
  double prior_weight = 2;  // the baseline counts as this many experiences
  double negative_weight = 2;  // an experience of negative score counts as this many
  Scores scores;
  // Survey cut points, strictly decreasing: very satisfied, satisfied, neutral, dissatisfied.
  std::array<double, 4> cut = {1.0, 0.25, -0.25, -1.0};

  Level LevelOf(double satisfaction) const;
  // The weight of an experience of score `score`: negative_weight if it is negative, else 1.
  double Weight(double score) const { return score < 0 ? negative_weight : 1; }
  // `late`: completion time minus the promise deadline (<= 0: on time).
  double PickupScore(SimTime late) const;
  double DeliveryScore(SimTime late, bool next_day_missed, bool damaged) const;
  // `beyond_target`: the wait beyond the service-level target (<= 0: within it).
  double CallScore(SimTime beyond_target) const;
};

struct ChurnModel {
  double max_daily_probability = 0.02;
  double midpoint = -2.0;
  double steepness = 2.0;
  // p(S) = max / (1 + exp(steepness * (S - midpoint))).
  double DailyProbability(double satisfaction) const;
};

struct ComplaintModel {
  double dissatisfied_probability = 0.02;
  double very_dissatisfied_probability = 0.05;
  double first_contact_resolution = 0.7;
  SimTime reopen = SimTime::Days(1);
  std::uint32_t max_reopens = 2;
  SimTime quiet = SimTime::Days(7);  // no new complaint this soon after the last
  // Probability of a complaint from an account at `level` after a negative experience.
  double Probability(Level level) const;
};

// An account's satisfaction record. With f_e = exp(-(t - t_e) / memory) the decay of an
// experience of age t - t_e and w_e = SatisfactionModel::Weight(d_e) its weight,
//   S(t) = baseline + sum(w_e d_e f_e) / (prior_weight + sum(w_e f_e)):
// the baseline shrinks towards the recency-weighted mean score of the experiences, as much
// as they outweigh the prior, and returns to the baseline as they fade. A customer who
// ships a hundred parcels a day is judged by the share that go wrong, not by their count.
// O(1) per experience: the two sums decay together, by one factor.
struct AccountState {
  double scores = 0;  // sum(w_e d_e f_e) at `last`
  double weight = 0;  // sum(w_e f_e) at `last`
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

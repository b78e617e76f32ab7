#include "engine/models/customers/customers.h"

#include <boost/math/distributions/normal.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

namespace hubsim::customers {

Level SatisfactionModel::LevelOf(double s) const {
  for (int i = 0; i < 4; ++i) {
    if (s >= cut[i]) return static_cast<Level>(i);
  }
  return Level::kVeryDissatisfied;
}

double SatisfactionModel::PickupScore(SimTime late) const {
  if (late <= SimTime::Zero()) return scores.on_time_pickup;
  return scores.late_pickup + scores.late_pickup_per_hour * late.seconds() / 3600.0;
}

double SatisfactionModel::DeliveryScore(SimTime late, bool next_day_missed, bool damaged) const {
  double score = late <= SimTime::Zero()
                     ? scores.on_time_delivery
                     : scores.late_delivery + scores.late_delivery_per_hour * late.seconds() / 3600.0;
  if (next_day_missed) score += scores.next_day_missed;
  if (damaged) score += scores.damaged;
  return score;
}

double SatisfactionModel::CallScore(SimTime beyond_target) const {
  if (beyond_target <= SimTime::Zero()) return scores.call_answered_in_target;
  return scores.call_wait_per_minute * beyond_target.seconds() / 60.0;
}

double ChurnModel::DailyProbability(double s) const {
  // Written with exp of a non-positive argument on both branches, so it never overflows.
  const double x = steepness * (s - midpoint);
  if (x >= 0) {
    const double e = std::exp(-x);
    return max_daily_probability * e / (1 + e);
  }
  return max_daily_probability / (1 + std::exp(x));
}

double ComplaintModel::Probability(Level level) const {
  switch (level) {
    case Level::kDissatisfied: return dissatisfied_probability;
    case Level::kVeryDissatisfied: return very_dissatisfied_probability;
    default: return 0;
  }
}

namespace {
double Decay(SimTime age, SimTime memory) {
  return std::exp(-static_cast<double>(age.ticks()) / static_cast<double>(memory.ticks()));
}
}  // namespace

double AccountState::At(double baseline, SimTime t, const SatisfactionModel& model) const {
  if (weight == 0) return baseline;
  const double f = t > last ? Decay(t - last, model.memory) : 1.0;
  return baseline + scores * f / (model.prior_weight + weight * f);
}

void AccountState::Add(double score, SimTime t, const SatisfactionModel& model) {
  if (weight != 0 && t > last) {
    const double f = Decay(t - last, model.memory);
    scores *= f;
    weight *= f;
  }
  const double w = model.Weight(score);
  scores += w * score;
  weight += w;
  last = std::max(last, t);
}

std::uint32_t Accounts::OutletOf(std::uint32_t account) const {
  const auto it = std::upper_bound(outlet_offset.begin(), outlet_offset.end(), account);
  return static_cast<std::uint32_t>(it - outlet_offset.begin()) - 1;
}

double CalibratedSigma(double top_accounts, double top_revenue) {
  if (!(top_accounts > 0 && top_accounts < 1 && top_revenue >= top_accounts && top_revenue < 1)) {
    throw std::invalid_argument("customers: the revenue calibration needs 0 < top_accounts_share <= top_revenue_share < 1");
  }
  // For a lognormal, the top fraction q holds 1 - Phi(z(1 - q) - sigma) of the total.
  const boost::math::normal standard;
  return boost::math::quantile(standard, 1 - top_accounts) + boost::math::quantile(standard, top_revenue);
}

double TopShare(std::vector<double> values, double top) {
  if (values.empty()) return 0;
  const auto n = std::max<std::size_t>(1, static_cast<std::size_t>(std::llround(top * static_cast<double>(values.size()))));
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(n - 1), values.end(), std::greater<>());
  const double total = std::accumulate(values.begin(), values.end(), 0.0);
  const double head = std::accumulate(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(n), 0.0);
  return total > 0 ? head / total : 0;
}

double UniformAt(std::uint64_t seed, std::uint64_t stream, std::uint64_t index) {
  RngStream rng(seed, stream);
  rng.Seek(index);
  return rng.Uniform01();
}

Accounts BuildAccounts(const std::vector<std::uint32_t>& accounts_per_outlet, const AccountOptions& options) {
  Accounts out;
  out.outlet_offset.reserve(accounts_per_outlet.size() + 1);
  out.outlet_offset.push_back(0);
  std::uint64_t total = 0;
  for (std::uint32_t n : accounts_per_outlet) {
    total += n;
    if (total > 0xffff'fff0u) throw std::invalid_argument("customers: too many accounts");
    out.outlet_offset.push_back(static_cast<std::uint32_t>(total));
  }
  out.monthly_revenue.resize(total);
  out.baseline.resize(total);
  // mean of a lognormal = exp(mu + sigma^2 / 2).
  const double mu = std::log(options.mean_monthly_revenue) - options.sigma * options.sigma / 2;
  for (std::size_t o = 0; o < accounts_per_outlet.size(); ++o) {
    RngStream revenue(options.seed, kRevenueStream + o);
    RngStream baseline(options.seed, kBaselineStream + o);
    for (std::uint32_t a = out.outlet_offset[o]; a < out.outlet_offset[o + 1]; ++a) {
      out.monthly_revenue[a] = options.sigma > 0 ? revenue.LognormalMuSigma(mu, options.sigma)
                                                 : options.mean_monthly_revenue;
      out.baseline[a] = options.initial_stddev > 0 ? baseline.Normal(options.initial_mean, options.initial_stddev)
                                                   : options.initial_mean;
    }
  }
  // Rank by revenue, largest first; ties by index, so the ranking is a pure function of
  // the draws.
  std::vector<std::uint32_t> rank(total);
  std::iota(rank.begin(), rank.end(), 0u);
  std::sort(rank.begin(), rank.end(), [&](std::uint32_t a, std::uint32_t b) {
    const double ra = out.monthly_revenue[a], rb = out.monthly_revenue[b];
    return ra > rb || (ra == rb && a < b);
  });
  out.segment.resize(total);
  out.key.assign(total, 0);
  const auto keys = static_cast<std::size_t>(std::llround(options.key_account_share * static_cast<double>(total)));
  const std::size_t top20 = std::max<std::size_t>(1, static_cast<std::size_t>(std::llround(0.2 * static_cast<double>(total))));
  double sum = 0, head = 0;
  for (std::size_t i = 0; i < total; ++i) {
    const std::uint32_t a = rank[i];
    out.segment[a] = static_cast<std::uint8_t>(std::min<std::size_t>(i * kSegments / total, kSegments - 1));
    if (i < keys) out.key[a] = 1;
    sum += out.monthly_revenue[a];
    if (i < top20) head += out.monthly_revenue[a];
  }
  out.top20_revenue_share = sum > 0 ? head / sum : 0;
  return out;
}

}  // namespace hubsim::customers

#include "engine/generate/apportion.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

namespace hubsim::generate {
namespace {

// Indices 0..n-1 ordered by `key` (ascending), ties by index.
template <typename Key>
std::vector<std::size_t> OrderBy(std::size_t n, Key key) {
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return key(a) < key(b); });
  return order;
}

void CheckArguments(const std::vector<double>& weights, std::int64_t total,
                    const std::vector<std::int64_t>& minimum, double weight_sum) {
  if (!minimum.empty() && minimum.size() != weights.size()) {
    throw std::invalid_argument("Apportion: weights and minimum differ in size");
  }
  for (double w : weights) {
    if (!std::isfinite(w) || w < 0) throw std::invalid_argument("Apportion: a weight is < 0");
  }
  std::int64_t minimum_sum = 0;
  for (std::int64_t m : minimum) {
    if (m < 0) throw std::invalid_argument("Apportion: a minimum is < 0");
    minimum_sum += m;
  }
  if (total < minimum_sum) throw std::invalid_argument("Apportion: total < sum of the minimums");
  if (!(weight_sum > 0) && total != minimum_sum) {
    throw std::invalid_argument("Apportion: no positive weight");
  }
}

}  // namespace

std::vector<std::int64_t> Apportion(const std::vector<double>& weights, std::int64_t total,
                                    const std::vector<std::int64_t>& minimum) {
  const double weight_sum = std::accumulate(weights.begin(), weights.end(), 0.0);
  CheckArguments(weights, total, minimum, weight_sum);
  const std::size_t n = weights.size();
  std::vector<double> quota(n, 0.0);
  std::vector<std::int64_t> parts(n, 0);
  std::int64_t assigned = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (weight_sum > 0) quota[i] = static_cast<double>(total) * (weights[i] / weight_sum);
    const std::int64_t least = minimum.empty() ? 0 : minimum[i];
    parts[i] = std::max(least, static_cast<std::int64_t>(std::floor(quota[i])));
    assigned += parts[i];
  }
  auto shortfall = [&](std::size_t i) { return quota[i] - static_cast<double>(parts[i]); };
  // Too little: at most n - 1 parts short (each floor loses < 1), one more each.
  if (assigned < total) {
    const auto order = OrderBy(n, [&](std::size_t i) { return -shortfall(i); });
    for (std::size_t k = 0; assigned < total; ++k, ++assigned) ++parts[order[k % n]];
  }
  // Too much (the minimums raised some parts): take from the most over-served parts that
  // are above their minimum, one per pass.
  while (assigned > total) {
    const auto order = OrderBy(n, shortfall);
    for (std::size_t i : order) {
      if (assigned == total) break;
      if (parts[i] > (minimum.empty() ? 0 : minimum[i])) {
        --parts[i];
        --assigned;
      }
    }
  }
  return parts;
}

}  // namespace hubsim::generate

#include "engine/study/statistics.h"

#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

namespace hubsim::study {
namespace {

double Mean(std::span<const double> values) {
  double sum = 0;
  for (double v : values) sum += v;
  return sum / static_cast<double>(values.size());
}

// Sample variance (divisor n - 1) by two passes: the sum of squared deviations from the
// mean, not the difference of two large sums. REQUIRES: values.size() >= 2.
double Variance(std::span<const double> values, double mean) {
  double sum = 0;
  for (double v : values) sum += (v - mean) * (v - mean);
  return sum / static_cast<double>(values.size() - 1);
}

void RequireFinite(std::span<const double> values, const char* what) {
  for (double v : values) {
    if (!std::isfinite(v))
      throw std::invalid_argument(std::string(what) + ": a value is not finite");
  }
}

}  // namespace

double StudentTQuantile(double p, double dof) {
  if (!(p > 0 && p < 1) || !(dof > 0)) {
    throw std::invalid_argument("StudentTQuantile: needs 0 < p < 1 and dof > 0");
  }
  return boost::math::quantile(boost::math::students_t_distribution<double>(dof), p);
}

double StudentTCritical(double confidence, double dof) {
  if (!(confidence > 0 && confidence < 1)) {
    throw std::invalid_argument("StudentTCritical: needs 0 < confidence < 1");
  }
  return StudentTQuantile(1 - (1 - confidence) / 2, dof);
}

MeanEstimate EstimateMean(std::span<const double> values, double confidence) {
  if (values.empty()) throw std::invalid_argument("EstimateMean: no values");
  RequireFinite(values, "EstimateMean");
  MeanEstimate e;
  e.n = static_cast<int>(values.size());
  e.mean = Mean(values);
  if (e.n < 2) return e;
  e.sd = std::sqrt(Variance(values, e.mean));
  e.half_width = StudentTCritical(confidence, e.n - 1) * e.sd / std::sqrt(static_cast<double>(e.n));
  return e;
}

DifferenceEstimate EstimateDifference(std::span<const double> base, std::span<const double> alt,
                                      double confidence) {
  if (base.size() != alt.size() || base.size() < 2) {
    throw std::invalid_argument(
        "EstimateDifference: needs two samples of the same size, at least 2");
  }
  RequireFinite(base, "EstimateDifference");
  RequireFinite(alt, "EstimateDifference");
  std::vector<double> differences(base.size());
  for (std::size_t i = 0; i < base.size(); ++i) differences[i] = alt[i] - base[i];
  DifferenceEstimate d;
  d.paired = EstimateMean(differences, confidence);

  const auto n = static_cast<double>(base.size());
  const double base_se2 = Variance(base, Mean(base)) / n;
  const double alt_se2 = Variance(alt, Mean(alt)) / n;
  const double se2 = base_se2 + alt_se2;
  if (se2 > 0) {
    d.unpaired_dof = se2 * se2 / (base_se2 * base_se2 / (n - 1) + alt_se2 * alt_se2 / (n - 1));
  } else {
    d.unpaired_dof = 2 * n - 2;
  }
  d.unpaired_half_width = StudentTCritical(confidence, d.unpaired_dof) * std::sqrt(se2);
  return d;
}

}  // namespace hubsim::study

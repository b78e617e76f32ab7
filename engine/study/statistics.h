// The statistics of a study: the mean of independent replications with its Student t
// confidence interval, and the difference of two studies' means, paired (common random
// numbers) and unpaired (Welch).
//
// The t quantiles come from Boost.Math (students_t_distribution), not an approximation.
// Sums are taken in the order of the values, so equal inputs give bit-identical outputs.
//
// Thread safety: pure functions.
#ifndef HUBSIM_ENGINE_STUDY_STATISTICS_H_
#define HUBSIM_ENGINE_STUDY_STATISTICS_H_

#include <span>

namespace hubsim::study {

// The confidence level of every interval hubsim reports.
inline constexpr double kConfidence = 0.95;

// The p-quantile of Student's t distribution with `dof` degrees of freedom.
// REQUIRES: 0 < p < 1, dof > 0 (not necessarily an integer: Welch's are not).
double StudentTQuantile(double p, double dof);

// The two-sided critical value t(1 - (1 - confidence) / 2, dof).
// REQUIRES: 0 < confidence < 1, dof > 0.
double StudentTCritical(double confidence, double dof);

// The mean of a sample and its t interval.
struct MeanEstimate {
  int n = 0;
  double mean = 0;
  // Sample standard deviation (divisor n - 1) and the interval's half-width
  // t(1 - (1 - confidence) / 2, n - 1) x sd / sqrt(n). Both 0 when n < 2: check
  // has_interval() before using them.
  double sd = 0;
  double half_width = 0;

  bool has_interval() const { return n >= 2; }
  double low() const { return mean - half_width; }
  double high() const { return mean + half_width; }
};

// REQUIRES: values not empty, all finite.
MeanEstimate EstimateMean(std::span<const double> values, double confidence = kConfidence);

// alt - base, from two studies of equal size run on common random numbers (pair i is
// replication i of each).
struct DifferenceEstimate {
  // The mean of the paired differences alt[i] - base[i] and its t interval (n - 1 degrees
  // of freedom): the interval that answers "is ALT better than BASE, and by how much".
  MeanEstimate paired;
  // mean(alt) - mean(base) with Welch's interval, as if the studies were independent
  // (Welch-Satterthwaite degrees of freedom; n + n - 2 when both variances are 0).
  // Reported to show what the common random numbers gained: the paired interval is
  // narrower when the pairs are positively correlated.
  double unpaired_half_width = 0;
  double unpaired_dof = 0;

  // Whether the paired interval excludes 0. REQUIRES: paired.has_interval().
  bool significant() const { return paired.low() > 0 || paired.high() < 0; }
};

// REQUIRES: base.size() == alt.size() >= 2, all finite.
DifferenceEstimate EstimateDifference(std::span<const double> base, std::span<const double> alt,
                                      double confidence = kConfidence);

}  // namespace hubsim::study

#endif  // HUBSIM_ENGINE_STUDY_STATISTICS_H_

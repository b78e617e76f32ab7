// Splitting a whole number into parts proportional to weights, exactly: outlets over cities,
// couriers and parcels over outlets.
#ifndef HUBSIM_ENGINE_GENERATE_APPORTION_H_
#define HUBSIM_ENGINE_GENERATE_APPORTION_H_

#include <cstdint>
#include <vector>

namespace hubsim::generate {

// Parts a[i] >= minimum[i] with sum(a) == total, each as close to its quota
// q[i] = total * weights[i] / sum(weights) as the minimums allow: the largest-remainder
// (Hamilton) method. Every a[i] starts at max(minimum[i], floor(q[i])); what is left goes
// one by one to the largest q[i] - a[i], or, when the minimums took too much, is taken one
// by one from the smallest q[i] - a[i] among the parts above their minimum. Ties go to the
// lower index, so the result is a pure function of the arguments.
// `minimum` may be empty (all 0).
// REQUIRES (checked: throws std::invalid_argument): weights finite and >= 0; minimum empty
// or of the same size, each >= 0; total >= sum(minimum); sum(weights) > 0 unless
// total == sum(minimum).
std::vector<std::int64_t> Apportion(const std::vector<double>& weights, std::int64_t total,
                                    const std::vector<std::int64_t>& minimum = {});

}  // namespace hubsim::generate

#endif  // HUBSIM_ENGINE_GENERATE_APPORTION_H_

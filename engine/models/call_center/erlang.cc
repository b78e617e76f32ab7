#include "engine/models/call_center/erlang.h"

#include <algorithm>
#include <boost/math/policies/policy.hpp>
#include <boost/math/special_functions/gamma.hpp>
#include <cmath>
#include <cstddef>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

namespace hubsim::call_center {
namespace {

// Double precision throughout (no promotion to long double): the results feed staffing
// decisions and tests at 1e-9, far coarser than the ~1e-15 Boost reaches in double, and the
// promotion makes the gamma evaluations ~5x slower (measured: 2.3 us against 0.5 us for the
// published Erlang A example). Underflow returns 0 (handled by the caller).
using GammaPolicy = boost::math::policies::policy<
    boost::math::policies::promote_double<false>,
    boost::math::policies::underflow_error<boost::math::policies::ignore_error>>;

// Relative size below which the remaining tail of a positive series is dropped.
constexpr double kSeriesTolerance = 1e-17;
// Staffing searches give up (std::overflow_error) beyond this many agents.
constexpr int kMaxAgents = 1 << 30;

[[noreturn]] void Invalid(const char* function, const std::string& what) {
  throw std::invalid_argument(std::string(function) + ": " + what);
}

void CheckCommon(const char* function, double arrival_rate, double mean_handle, double target) {
  if (!std::isfinite(arrival_rate) || arrival_rate < 0) {
    Invalid(function, "arrival_rate must be finite and >= 0, got " + std::to_string(arrival_rate));
  }
  if (!std::isfinite(mean_handle) || mean_handle <= 0) {
    Invalid(function, "mean_handle must be finite and > 0, got " + std::to_string(mean_handle));
  }
  if (!std::isfinite(arrival_rate * mean_handle)) {
    Invalid(function, "the offered load arrival_rate * mean_handle overflows");
  }
  if (std::isnan(target) || target < 0) {
    Invalid(function, "target must be >= 0, got " + std::to_string(target));
  }
}

void CheckAgents(const char* function, int agents) {
  if (agents < 1) Invalid(function, "agents must be >= 1, got " + std::to_string(agents));
}

void CheckPatience(const char* function, double mean_patience) {
  if (!std::isfinite(mean_patience) || mean_patience <= 0) {
    Invalid(function,
            "mean_patience must be finite and > 0 (use Erlang C for infinite "
            "patience), got " +
                std::to_string(mean_patience));
  }
}

void CheckGoal(const char* function, double goal) {
  if (!(goal >= 0 && goal < 1)) {
    Invalid(function,
            "goal must be in [0, 1) (no finite staff answers every call within the "
            "target), got " +
                std::to_string(goal));
  }
}

// Erlang B by the recursion of erlang.h in its reciprocal form, 1/B(k) = 1 + (k/a) / B(k-1):
// the same all-positive (hence stable: relative error < k eps) recursion, but its dependency
// chain is a multiply-add instead of a division: ~3x faster (4.5 us at 3,000 agents).
// When B underflows 1/B overflows to infinity and B becomes exactly 0, as it should.
double ErlangB(int n, double load) {
  double inv_b = 1.0;
  for (int k = 1; k <= n; ++k) inv_b = 1.0 + static_cast<double>(k) / load * inv_b;
  return 1.0 / inv_b;
}

// Erlang B(n, a) for n = 0, 1, 2, ..., grown on demand so that a staffing search pays
// O(largest n) once. Same arithmetic as ErlangB, so both give bit-identical values.
class ErlangBTable {
 public:
  explicit ErlangBTable(double load) : load_(load), inv_b_(1.0), b_{1.0} {}
  double operator()(int n) {
    while (static_cast<int>(b_.size()) <= n) {
      inv_b_ = 1.0 + static_cast<double>(b_.size()) / load_ * inv_b_;
      b_.push_back(1.0 / inv_b_);
    }
    return b_[static_cast<std::size_t>(n)];
  }

 private:
  double load_;
  double inv_b_;  // 1 / B(b_.size() - 1)
  std::vector<double> b_;
};

// P(W > 0) of Erlang C from Erlang B: C = B / (1 - rho (1 - B)). REQUIRES rho < 1.
double ErlangCFromB(double b, int n, double load) {
  return b / (1.0 - load / n * (1.0 - b));
}

// SL(t) = 1 - C e^-(n mu - lambda) t, shared by ErlangC and StaffErlangC so that the search
// and the metrics agree to the bit.
double ServiceLevelC(double c, int n, double load, double mean_handle, double target) {
  return 1 - c * std::exp(-((n - load) / mean_handle) * target);
}

// log A(a, z), where A(a, z) = sum_{m>=0} z^m / ((a+1)(a+2)...(a+m)) = 1F1(1; a+1; z)
//                            = a e^z z^-a gamma(a, z)            (Mandelbaum & Zeltyn's A).
// REQUIRES a >= 1, z >= 0. A >= 1, and A overflows a double once z exceeds a by a few
// hundred sqrt(a), hence the logarithm.
// With Boost's regularised P(a, z) and its derivative d = e^-z z^(a-1) / Gamma(a) (both to
// ~1e-15 relative), A = a P / (z d). Where d underflows: for z < a the series itself, whose
// term ratio z / (a+m) < 1 - 37 / sqrt(a) there, so it needs at most ~sqrt(a) terms (and a
// handful when z << a); for z > a, log d in closed form with P ~ 1 (A is then > e^600 and
// only its reciprocal, ~0, matters).
double LogKummer1(double a, double z) {
  if (z == 0) return 0;
  if (z < 0.25 * a) {  // the series converges at least as fast as 4^-m
    double term = 1, sum = 1;
    for (double m = 1;; ++m) {
      term *= z / (a + m);
      sum += term;
      if (term < kSeriesTolerance * sum) break;
    }
    return std::log(sum);
  }
  const GammaPolicy policy;
  const double d = boost::math::gamma_p_derivative(a, z, policy);
  const double p = boost::math::gamma_p(a, z, policy);
  constexpr double kSafe = 1e-290;  // far from the denormals, where precision fades
  if (d > kSafe && p > kSafe) return std::log(p) + std::log(a) - std::log(z) - std::log(d);
  if (z < a) {
    double term = 1, sum = 1;
    for (double m = 1;; ++m) {
      const double ratio = z / (a + m + 1);
      term *= z / (a + m);
      sum += term;
      // Ratios decrease, so the tail is below term * ratio / (1 - ratio).
      if (term * ratio < kSeriesTolerance * sum * (1 - ratio)) break;
    }
    return std::log(sum);
  }
  return std::log(p) + std::log(a) + z - a * std::log(z) + boost::math::lgamma(a, policy);
}

// psi(z + m) - psi(z) = sum_{k=0}^{m-1} 1 / (z + k) for z > 0 and integer m >= 0, without
// the cancellation of subtracting two digammas when m << z: short sums directly, long ones
// by the asymptotic expansion of psi (Abramowitz & Stegun 6.3.18) written as differences,
// after shifting z to >= 16, where the terms kept (to z^-12) leave an error below 1e-18.
double DigammaDifference(double z, double m) {
  if (m <= 32) {
    double sum = 0;
    for (double k = 0; k < m; ++k) sum += 1 / (z + k);
    return sum;
  }
  double sum = 0;
  while (z < 16) {
    sum += 1 / z;
    z += 1;
    m -= 1;
  }
  const double z2 = z + m;
  // S(z) = psi(z) - ln z + 1 / (2z), in powers of 1 / z^2.
  const auto s = [](double v) {
    const double w = 1 / (v * v);
    return w * (-1.0 / 12 +
                w * (1.0 / 120 +
                     w * (-1.0 / 252 + w * (1.0 / 240 + w * (-1.0 / 132 + w * 691.0 / 32760)))));
  };
  return sum + std::log1p(m / z) + m / (2 * z * z2) + (s(z2) - s(z));
}

// Erlang A's scale-free parameters: x = n mu / theta, y = lambda / theta.
struct ErlangAParams {
  double x;
  double y;
};

// Bound on x and y. Boost 1.74 evaluates P(a, z) near a ~ z > 1000 by a series of
// ~9 sqrt(z) terms and gives up (boost::math::evaluation_error) past 10^6 of them, i.e. for
// z beyond ~1e10; the wait series here costs ~sqrt(x) too. At 1e9 both stay below ~3e5
// terms (a few ms). 1e9 is patience of 3e7 handle times per agent (at 3,000 agents and a
// 3-minute handle time: patience up to ~2 years), far beyond any use of Erlang A.
constexpr double kMaxScaledPatience = 1e9;

ErlangAParams ParamsA(double arrival_rate, double mean_handle, double mean_patience, int n,
                      const char* function) {
  const ErlangAParams p{n * mean_patience / mean_handle, arrival_rate * mean_patience};
  if (!(p.x <= kMaxScaledPatience && p.y <= kMaxScaledPatience)) {
    Invalid(function,
            "mean_patience too long for these rates: agents * mean_patience / mean_handle = " +
                std::to_string(p.x) + " and arrival_rate * mean_patience = " + std::to_string(p.y) +
                " must be <= 1e9 (use Erlang C if the load allows)");
  }
  return p;
}

// What the service level of Erlang A needs, all O(1) given Erlang B.
struct ServiceLevelA {
  double p_wait;
  double service_level;
};

// K = A(x+1, y) carries everything: A(x, y) = 1 + y / (x+1) K, so
//   1 / A(x, y) = (x+1) / K / ((x+1) / K + y),
//   P(answered | W > 0) = (A - 1) / (rho A) = x / ((x+1) / K + y),
// forms that stay exact when K is tiny (light load) or overflows (1 / K = 0).
// SL(t) = P(W = 0) + P(W > 0) P(answered | W > 0) [1 - gamma(x+1, z) / gamma(x+1, y)],
// z = y e^-theta t, where gamma(x+1, z) / gamma(x+1, y) = e^-(x+1) theta t e^(y - z)
// A(x+1, z) / K by the definition of A (or see below for z >= x+1). REQUIRES
// arrival_rate > 0.
ServiceLevelA ComputeServiceLevelA(ErlangAParams p, double erlang_b, double theta_t) {
  const double a1 = p.x + 1;
  const double log_k = LogKummer1(a1, p.y);
  const double inv_k = std::exp(-log_k);
  const double inv_a = a1 * inv_k / (a1 * inv_k + p.y);
  const double p_wait = erlang_b == 0 ? 0.0 : erlang_b / (erlang_b + (1 - erlang_b) * inv_a);
  const double served_given_wait = std::min(1.0, p.x / (a1 * inv_k + p.y));
  double answered_by_t = 0;  // P(W <= t | answered, W > 0)
  if (std::isinf(theta_t)) {
    answered_by_t = 1;
  } else if (theta_t > 0) {
    const double z = p.y * std::exp(-theta_t);
    if (z >= a1) {
      // Both points right of the gamma(x+1) median region: [Q(z) - Q(y)] / P(y) with the
      // regularised upper Q, accurate where 1 - ratio would cancel (overload, where the
      // logarithms below are ~a ln a and the true answer may be ~e^-900).
      const GammaPolicy policy;
      const double q_z = boost::math::gamma_q(a1, z, policy);
      const double q_y = boost::math::gamma_q(a1, p.y, policy);
      answered_by_t = (q_z - q_y) / boost::math::gamma_p(a1, p.y, policy);
    } else {
      const double log_ratio =
          -a1 * theta_t - p.y * std::expm1(-theta_t) + LogKummer1(a1, z) - log_k;
      answered_by_t = -std::expm1(std::min(0.0, log_ratio));
    }
    answered_by_t = std::clamp(answered_by_t, 0.0, 1.0);
  }
  return {p_wait, (1 - p_wait) + p_wait * served_given_wait * answered_by_t};
}

// Sums over the number M of calls a waiting arrival finds in queue, with weights
// t_m = y^m / ((x+1)...(x+m)) (P(M = m | W > 0) = t_m / A), scaled by an arbitrary common
// factor:
//   all    = sum_{m>=0} t_m           waited = sum_{m>=1} t_m
//   moment = sum_m m t_m              harmonic = sum_{m>=1} t_m H_m,  H_m = sum_{k=1}^m 1/(x+k)
// A call that finds m waiting has offered wait V = sum_{k=0}^m Exp(n mu + k theta), so
// E[e^-theta V] = x / (x+m+1) (the product telescopes) and E[V e^-theta V] = that times
// H_{m+1} / theta. With t_m x / (x+m+1) = t_{m+1} x / y this gives
//   P(Ab | W > 0)              = moment / (y all)         (= theta E[queue] / lambda)
//   P(answered | W > 0)        = x waited / (y all)
//   E[W | answered, W > 0]     = harmonic / (theta waited).
// The terms rise while m < y - x and then fall faster than geometrically, so the sum starts
// at the peak m0 = max(0, floor(y - x)) with t_m0 = 1 and walks both ways until the tails,
// bounded by geometric series, are below kSeriesTolerance of the sums. H at the peak comes
// from DigammaDifference; all sums are of positive terms. Only H below the peak is H_m0
// minus positive steps: its rounding error is relative to H_m0 and matters only far below
// the peak, where the weights are small (measured: ASA within 4e-10 of a brute-force sum
// over 9e7 states at 3,000 agents, patience 1e7 s, overloaded).
struct WaitSeries {
  double all = 0;
  double waited = 0;
  double moment = 0;
  double harmonic = 0;
  void Add(double m, double t, double h) {
    all += t;
    if (m > 0) {
      waited += t;
      moment += m * t;
      harmonic += t * h;
    }
  }
};

WaitSeries SumWaitSeries(ErlangAParams p) {
  const double x = p.x, y = p.y;
  const double m0 = y > x + 1 ? std::floor(y - x) : 0;
  // The tails are checked every kCheckEvery terms only: a check costs two divisions.
  constexpr int kCheckEvery = 32;
  WaitSeries s;
  const double h0 = DigammaDifference(x + 1, m0);
  s.Add(m0, 1, h0);
  // Upward: t_{m+1} = t_m y / (x+m+1), H_{m+1} = H_m + 1 / (x+m+1).
  double t = 1, h = h0;
  for (double m = m0 + 1;; ++m) {
    const double inv = 1 / (x + m);
    t *= y * inv;
    h += inv;
    s.Add(m, t, h);
    if (static_cast<long long>(m - m0) % kCheckEvery != 0) continue;
    if (t == 0) break;
    const double r = y / (x + m + 1);  // the next ratio; later ones are smaller
    if (r < 1) {
      const double tail = t * r / (1 - r);            // >= sum of t_k, k > m
      const double spread = r / ((1 - r) * (1 - r));  // sum_j j r^j, per unit of t
      if (tail <= kSeriesTolerance * s.all &&
          m * tail + t * spread <= kSeriesTolerance * s.moment &&
          h * tail + t * spread / (x + m + 1) <= kSeriesTolerance * s.harmonic) {
        break;
      }
    }
  }
  // Downward: t_{m-1} = t_m (x+m) / y, H_{m-1} = H_m - 1 / (x+m); m and H fall too, so the
  // plain tail bound covers the weighted sums.
  const double inv_y = 1 / y;
  t = 1, h = h0;
  for (double m = m0; m > 0; --m) {
    t *= (x + m) * inv_y;
    h -= 1 / (x + m);
    s.Add(m - 1, t, std::max(0.0, h));
    if (static_cast<long long>(m0 - m) % kCheckEvery != 0) continue;
    const double next_q = (x + m - 1) * inv_y;  // t_{m-2} / t_{m-1}; earlier ones smaller
    if (t == 0 || (next_q < 1 && t * next_q <= kSeriesTolerance * s.all * (1 - next_q))) break;
  }
  return s;
}

// The smallest n >= n_lo with meets(n), given that every n < n_lo fails and (assumed)
// meets is monotone in n: doubling steps up from n_lo, then bisection.
template <typename Meets>
int SmallestMeeting(int n_lo, Meets meets) {
  if (meets(n_lo)) return n_lo;
  int fail = n_lo;
  int step = 1;
  int pass = 0;
  while (true) {
    if (step > kMaxAgents - fail) {
      throw std::overflow_error("staffing: the goal needs more than 2^30 agents");
    }
    const int n = fail + step;
    if (meets(n)) {
      pass = n;
      break;
    }
    fail = n;
    step *= 2;
  }
  while (pass - fail > 1) {
    const int mid = fail + (pass - fail) / 2;
    (meets(mid) ? pass : fail) = mid;
  }
  return pass;
}

QueueMetrics NoCalls() {
  QueueMetrics m;
  m.service_level = 1;
  return m;
}

}  // namespace

QueueMetrics ErlangC(double arrival_rate, double mean_handle, int agents, double target) {
  constexpr const char* kFn = "ErlangC";
  CheckCommon(kFn, arrival_rate, mean_handle, target);
  CheckAgents(kFn, agents);
  const double load = arrival_rate * mean_handle;
  if (!(load < agents)) {
    Invalid(kFn, "offered load " + std::to_string(load) + " Erlangs >= " + std::to_string(agents) +
                     " agents: the queue grows without bound");
  }
  if (arrival_rate == 0) return NoCalls();
  const double c = ErlangCFromB(ErlangB(agents, load), agents, load);
  const double drain_rate = (agents - load) / mean_handle;  // n mu - lambda
  QueueMetrics m;
  m.p_wait = c;
  m.service_level = ServiceLevelC(c, agents, load, mean_handle, target);
  m.asa_seconds = c / drain_rate;
  m.mean_wait_seconds = m.asa_seconds;
  m.abandonment = 0;
  m.occupancy = load / agents;
  return m;
}

QueueMetrics ErlangA(double arrival_rate, double mean_handle, double mean_patience, int agents,
                     double target) {
  constexpr const char* kFn = "ErlangA";
  CheckCommon(kFn, arrival_rate, mean_handle, target);
  CheckPatience(kFn, mean_patience);
  CheckAgents(kFn, agents);
  const ErlangAParams p = ParamsA(arrival_rate, mean_handle, mean_patience, agents, kFn);
  if (arrival_rate == 0) return NoCalls();
  const double load = arrival_rate * mean_handle;
  const ServiceLevelA sl = ComputeServiceLevelA(p, ErlangB(agents, load), target / mean_patience);
  const WaitSeries s = SumWaitSeries(p);
  const double abandon_given_wait = s.moment / (p.y * s.all);
  const double served_given_wait = p.x * s.waited / (p.y * s.all);
  const double answered = (1 - sl.p_wait) + sl.p_wait * served_given_wait;
  QueueMetrics m;
  m.p_wait = sl.p_wait;
  m.service_level = sl.service_level;
  m.abandonment = sl.p_wait * abandon_given_wait;
  m.mean_wait_seconds = m.abandonment * mean_patience;
  m.asa_seconds = s.waited > 0 ? sl.p_wait * served_given_wait *
                                     (mean_patience * s.harmonic / s.waited) / answered
                               : 0.0;
  m.occupancy = std::min(1.0, load * answered / agents);  // rounding can pass 1 in overload
  return m;
}

int StaffErlangC(double arrival_rate, double mean_handle, double target, double goal) {
  constexpr const char* kFn = "StaffErlangC";
  CheckCommon(kFn, arrival_rate, mean_handle, target);
  CheckGoal(kFn, goal);
  if (arrival_rate == 0) return 0;
  const double load = arrival_rate * mean_handle;
  if (load >= kMaxAgents) throw std::overflow_error("StaffErlangC: load exceeds 2^30 agents");
  ErlangBTable erlang_b(load);
  const int n_lo = static_cast<int>(std::floor(load)) + 1;  // smallest n > load
  return SmallestMeeting(n_lo, [&](int n) {
    return ServiceLevelC(ErlangCFromB(erlang_b(n), n, load), n, load, mean_handle, target) >= goal;
  });
}

int StaffErlangA(double arrival_rate, double mean_handle, double mean_patience, double target,
                 double goal) {
  constexpr const char* kFn = "StaffErlangA";
  CheckCommon(kFn, arrival_rate, mean_handle, target);
  CheckPatience(kFn, mean_patience);
  CheckGoal(kFn, goal);
  if (arrival_rate == 0) return 0;
  const double load = arrival_rate * mean_handle;
  if (goal * load >= kMaxAgents) {
    throw std::overflow_error("StaffErlangA: the goal needs more than 2^30 agents");
  }
  ErlangBTable erlang_b(load);
  // SL <= P(answered) = occupancy * n / load <= n / load, so every n < goal * load fails.
  const int n_lo = std::max(1, static_cast<int>(std::floor(goal * load)));
  return SmallestMeeting(n_lo, [&](int n) {
    const ErlangAParams p = ParamsA(arrival_rate, mean_handle, mean_patience, n, kFn);
    return ComputeServiceLevelA(p, erlang_b(n), target / mean_patience).service_level >= goal;
  });
}

}  // namespace hubsim::call_center

// Queueing theory of a single call-center queue: Erlang C (M/M/n) and Erlang A (M/M/n+M),
// their service level, waits, abandonment and occupancy, and the staffing that meets a
// service-level goal. The call-center simulation is held against these numbers in its tests;
// a staffing helper builds on the Staff* functions.
//
// Model and notation. Calls arrive as a Poisson process of rate lambda (arrival_rate), handle
// times are exponential with mean 1/mu (mean_handle), n identical agents serve one FCFS queue.
// The offered load is a = lambda / mu Erlangs, rho = a / n. In Erlang A every waiting call
// abandons after an exponential patience of mean 1/theta (mean_patience), independently of
// everything else; a call whose patience runs out before an agent takes it leaves unanswered.
// All rates are per second, all times in seconds.
//
// Sources.
//  - Erlang B by its recursion B(0) = 1, B(k) = a B(k-1) / (k + a B(k-1)), evaluated as
//    1/B(k) = 1 + (k/a) / B(k-1): all terms positive, so it loses no precision (relative
//    error < k eps) and, unlike a^n / n!, never overflows; O(n).
//  - Erlang C: C = n B / (n - a (1 - B)), P(W > t) = C exp(-(n mu - lambda) t),
//    E[W] = C / (n mu - lambda) (any queueing text, e.g. Gross & Harris, "Fundamentals of
//    Queueing Theory", the M/M/c queue).
//  - Erlang A: Mandelbaum & Zeltyn, "The M/M/n+G queue: summary of performance measures"
//    (Technion, 2009), specialised to exponential patience as in Garnett, Mandelbaum &
//    Reiman, "Designing a call center with impatient customers", MSOM 4(3), 2002. With
//    x = n mu / theta, y = lambda / theta and A(x, y) = x e^y y^-x gamma(x, y) (gamma the
//    lower incomplete gamma function; A = sum_m y^m / ((x+1)...(x+m)) = 1F1(1; x+1; y)):
//      P(W > 0)      = A B / (1 + (A - 1) B)
//      P(Ab | W > 0) = 1 / (rho A) + 1 - 1 / rho
//      P(answered, 0 < W <= t) = P(answered, W > 0) *
//                      [1 - gamma(x+1, y e^-theta t) / gamma(x+1, y)]
//    The last one follows from the density of the offered wait V (the wait of a call with
//    infinite patience), f_V(s) = n mu pi_n exp(lambda (1 - e^-theta s)/theta - n mu s) for
//    s > 0 (Baccelli & Hebuterne 1981), times P(patience > s) = e^-theta s.
//    The mean wait of answered calls needs E[V e^-theta V], which has no closed form with
//    the incomplete gamma function (it is a derivative in its first argument); it is summed
//    over the number of calls found waiting (see erlang.cc).
//
// Definitions (these reproduce the published Erlang A example, see the tests):
//  - service_level = SL(t) = P(the call is answered AND its wait <= t). A call that abandons
//    is a miss even if it hung up before t; so SL(infinity) = 1 - abandonment. Counting
//    early hang-ups as hits, or conditioning on answered calls, gives other (larger)
//    numbers that do not match the published ones.
//  - p_wait = P(an arriving call finds every agent busy) = P(W > 0); in Erlang A this
//    includes calls that later abandon.
//  - asa_seconds = E[W | answered]; mean_wait_seconds = E[W] over all calls, where an
//    abandoned call's wait is its time in queue until it hung up (Erlang A: = abandonment /
//    theta by Little's law, since abandonments happen at rate theta * E[queue]).
//  - occupancy = lambda (1 - abandonment) / (n mu) = E[busy agents] / n.
//
// Cost (measured, -O2, one core): Erlang B is O(n), ~4.5 us at 3,000 agents, which is
// nearly all of ErlangC. ErlangA adds two or three regularised incomplete gamma evaluations
// and, for asa_seconds, abandonment and occupancy, a series of about
// min(40 / |ln rho|, 9 sqrt(x)) terms (about 18 sqrt(y) when overloaded). Both are cheap
// unless x and y are huge and close (Boost 1.74 then sums ~9 sqrt(y) terms as well). At
// 3,000 agents, load 2,500..3,100: 5-8 us for patience <= 300 s, <= 18 us for 3,000 s,
// <= 100 us for 1e5 s; at Erlang-C-like patience (1e7 s) with load within a few percent of
// the agents, or overloaded, 0.2-0.7 ms; at the patience limit below, up to 2 ms. The Staff*
// searches evaluate only the service level: 12-30 us at load 2,900 for realistic patience,
// 0.3 ms for patience 1e7 s.
//
// Thread safety: pure functions, no shared state; callable from any number of threads.
#ifndef HUBSIM_ENGINE_MODELS_CALL_CENTER_ERLANG_H_
#define HUBSIM_ENGINE_MODELS_CALL_CENTER_ERLANG_H_

namespace hubsim::call_center {

// All rates per second, times in seconds.
struct QueueMetrics {
  double p_wait = 0;             // P(an arriving call waits > 0)
  double service_level = 0;      // SL(t) = P(answered within t); abandoned calls count as misses
  double asa_seconds = 0;        // mean wait of ANSWERED calls (average speed of answer)
  double mean_wait_seconds = 0;  // mean wait of all calls (answered or abandoned)
  double abandonment = 0;        // P(abandon); 0 for Erlang C
  double occupancy = 0;          // busy agents / agents
};

// Common REQUIRES of every function below (checked: throws std::invalid_argument naming
// the argument): arrival_rate finite and >= 0; mean_handle finite and > 0; agents >= 1;
// target >= 0 (not NaN; +infinity allowed: SL(infinity) = P(answered)); mean_patience finite
// and > 0 (for infinite patience use the Erlang C functions) and not absurdly long:
// agents * mean_patience / mean_handle <= 1e9 and arrival_rate * mean_patience <= 1e9
// (patience of ~2 years at 3,000 agents and a 3-minute handle time; beyond, Boost's
// incomplete gamma gives up; for the Staff* functions this holds for every staff the search
// visits, at most twice the answer). With arrival_rate == 0 every measure is 0 except
// service_level = 1.

// M/M/n (Erlang C). REQUIRES load = arrival_rate * mean_handle < agents (else throws
// std::invalid_argument with the reason: the queue would grow without bound).
QueueMetrics ErlangC(double arrival_rate, double mean_handle, int agents, double target);

// M/M/n+M (Erlang A, Palm's model with exponential patience), after Mandelbaum & Zeltyn
// (2009) / Garnett, Mandelbaum & Reiman (2002): stable for any load. mean_patience > 0.
QueueMetrics ErlangA(double arrival_rate, double mean_handle, double mean_patience, int agents,
                     double target);

// The smallest number of agents whose service level for `target` is >= `goal` (and, for C,
// load < agents). REQUIRES 0 <= goal < 1 (no finite staff answers every call within a
// target; checked) and the common REQUIRES above. With arrival_rate == 0 the answer is 0.
// Method: an exponential then binary search upward from a lower bound (C: floor(load) + 1;
// A: floor(goal * load), since SL <= P(answered) <= agents / load), relying on SL being
// non-decreasing in agents (classical for C; for A checked numerically across loads and
// patience shorter and longer than the handle time in the tests). Throws
// std::overflow_error if the answer would exceed 2^30 agents.
int StaffErlangC(double arrival_rate, double mean_handle, double target, double goal);
int StaffErlangA(double arrival_rate, double mean_handle, double mean_patience, double target,
                 double goal);

}  // namespace hubsim::call_center

#endif  // HUBSIM_ENGINE_MODELS_CALL_CENTER_ERLANG_H_

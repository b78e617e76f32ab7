// Simulation time: an integer count of ticks. One tick is one microsecond.
//
// Why integer time: every executor, every thread count and every platform must order
// events identically; floating-point sums do not. Why microseconds: the network model
// spans days (a day is 8.64e10 ticks, and int64 holds ~292,000 years) while the call
// center needs sub-second waits (the 13 s promise) and exponential draws with means of
// seconds lose nothing visible when rounded to 1 us.
#ifndef HUBSIM_SIM_TIME_H_
#define HUBSIM_SIM_TIME_H_

#include <cmath>
#include <compare>
#include <cstdint>
#include <limits>
#include <string>

namespace hubsim {

class SimTime {
 public:
  using Rep = std::int64_t;
  static constexpr Rep kTicksPerSecond = 1'000'000;

  constexpr SimTime() = default;

  static constexpr SimTime FromTicks(Rep ticks) { return SimTime(ticks); }
  static constexpr SimTime Microseconds(Rep us) { return SimTime(us); }
  static constexpr SimTime Milliseconds(Rep ms) { return SimTime(ms * 1'000); }
  static constexpr SimTime Seconds(Rep s) { return SimTime(s * kTicksPerSecond); }
  static constexpr SimTime Minutes(Rep m) { return Seconds(m * 60); }
  static constexpr SimTime Hours(Rep h) { return Seconds(h * 3'600); }
  static constexpr SimTime Days(Rep d) { return Seconds(d * 86'400); }
  // Rounds to the nearest tick; saturates at +-Max() beyond what int64 ticks hold (and
  // for infinities). REQUIRES: !isnan(seconds).
  static SimTime FromSeconds(double seconds) {
    const double ticks = seconds * kTicksPerSecond;
    if (ticks >= 9.2e18) return Max();
    if (ticks <= -9.2e18) return SimTime(-std::numeric_limits<Rep>::max());
    return SimTime(static_cast<Rep>(std::llround(ticks)));
  }
  static constexpr SimTime Zero() { return SimTime(0); }
  // "Never": later than any reachable time.
  static constexpr SimTime Max() { return SimTime(std::numeric_limits<Rep>::max()); }

  constexpr Rep ticks() const { return ticks_; }
  constexpr double seconds() const { return static_cast<double>(ticks_) / kTicksPerSecond; }

  constexpr auto operator<=>(const SimTime&) const = default;
  constexpr SimTime operator+(SimTime o) const { return SimTime(ticks_ + o.ticks_); }
  constexpr SimTime operator-(SimTime o) const { return SimTime(ticks_ - o.ticks_); }
  constexpr SimTime& operator+=(SimTime o) { ticks_ += o.ticks_; return *this; }
  constexpr SimTime& operator-=(SimTime o) { ticks_ -= o.ticks_; return *this; }
  constexpr SimTime operator*(Rep k) const { return SimTime(ticks_ * k); }

  // Seconds with microsecond digits, e.g. "12.500000 s".
  std::string ToString() const;

 private:
  constexpr explicit SimTime(Rep ticks) : ticks_(ticks) {}
  Rep ticks_ = 0;
};

}  // namespace hubsim

#endif  // HUBSIM_SIM_TIME_H_

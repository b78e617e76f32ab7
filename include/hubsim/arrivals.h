// Arrivals of a non-homogeneous Poisson process whose rate is constant within each hour
// (a time-of-day profile): the demand of the network and the baseline of the call center.
#ifndef HUBSIM_ARRIVALS_H_
#define HUBSIM_ARRIVALS_H_

#include "hubsim/rng.h"
#include "hubsim/sim_time.h"

namespace hubsim {

// The first arrival after `from` and before `end`, or SimTime::Max() if there is none;
// `per_hour(t)` is the rate (arrivals per hour) in the hour containing t, >= 0.
// Method: an exponential gap at the hour's rate, redrawn at each hour boundary it crosses
// (exact, by memorylessness). The gap is compared in seconds before it becomes a SimTime,
// so a tiny rate (a gap beyond what SimTime holds) simply moves on to the next hour.
// REQUIRES: from >= 0.
template <class PerHour>
SimTime NextHourlyPoissonArrival(RngStream& rng, SimTime from, SimTime end, PerHour&& per_hour) {
  constexpr SimTime::Rep kHour = SimTime::Hours(1).ticks();
  SimTime t = from;
  while (t < end) {
    const SimTime hour_end = SimTime::FromTicks((t.ticks() / kHour + 1) * kHour);
    const double rate = per_hour(t);
    if (rate > 0) {
      const double gap = rng.Exponential(3600.0 / rate);
      if (gap < (hour_end - t).seconds()) {
        const SimTime at = t + SimTime::FromSeconds(gap);
        if (at < hour_end) return at < end ? at : SimTime::Max();
      }
    }
    t = hour_end;
  }
  return SimTime::Max();
}

}  // namespace hubsim

#endif  // HUBSIM_ARRIVALS_H_

#include "hubsim/sim_time.h"

#include <cinttypes>
#include <cstdio>
#include <cstdlib>

namespace hubsim {

std::string SimTime::ToString() const {
  char buffer[48];
  const Rep whole = ticks_ / kTicksPerSecond;
  const Rep frac = std::llabs(ticks_ % kTicksPerSecond);
  std::snprintf(buffer, sizeof buffer, "%s%" PRId64 ".%06" PRId64 " s",
                (ticks_ < 0 && whole == 0) ? "-" : "", static_cast<std::int64_t>(whole),
                static_cast<std::int64_t>(frac));
  return buffer;
}

}  // namespace hubsim

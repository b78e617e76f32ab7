// An outlet's couriers whatever way the scenario gives them: `couriers` for its one shift,
// or the sum over its shift groups (Outlet.shift). One rule for every tool that reads or
// changes the number (the run's summary, sizing, the generator).
#ifndef HUBSIM_ENGINE_IO_OUTLET_COURIERS_H_
#define HUBSIM_ENGINE_IO_OUTLET_COURIERS_H_

#include <cstdint>

#include "engine/io/scenario.pb.h"

namespace hubsim::io {

// The outlet's couriers over all its shift groups.
std::int64_t OutletCouriers(const Outlet& outlet);

// Sets the outlet's couriers to `couriers`. With shift groups, the number is shared among
// them in proportion to their present sizes (largest remainder, ties to the earlier group),
// every group keeping at least one courier. REQUIRES: couriers >= the number of groups
// (and >= 1).
void SetOutletCouriers(Outlet& outlet, std::uint32_t couriers);

}  // namespace hubsim::io

#endif  // HUBSIM_ENGINE_IO_OUTLET_COURIERS_H_

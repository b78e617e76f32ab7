#include "engine/io/outlet_couriers.h"

#include <algorithm>
#include <numeric>
#include <stdexcept>
#include <vector>

namespace hubsim::io {

std::int64_t OutletCouriers(const Outlet& outlet) {
  if (outlet.shift_size() == 0) return outlet.couriers();
  std::int64_t total = 0;
  for (const ShiftGroup& g : outlet.shift()) total += g.couriers();
  return total;
}

void SetOutletCouriers(Outlet& outlet, std::uint32_t couriers) {
  const int groups = outlet.shift_size();
  if (groups == 0) {
    outlet.set_couriers(couriers);
    return;
  }
  if (couriers < static_cast<std::uint32_t>(groups)) {
    throw std::invalid_argument("outlet '" + outlet.id() + "' has " + std::to_string(groups) +
                                " shift groups: it needs at least as many couriers");
  }
  const double now = static_cast<double>(std::max<std::int64_t>(OutletCouriers(outlet), 1));
  // One courier per group first, the rest in proportion, by largest remainder.
  const std::uint32_t spare = couriers - static_cast<std::uint32_t>(groups);
  std::vector<std::uint32_t> share(static_cast<std::size_t>(groups), 1);
  std::vector<double> remainder(static_cast<std::size_t>(groups));
  std::uint32_t given = 0;
  for (int g = 0; g < groups; ++g) {
    const double exact = spare * static_cast<double>(outlet.shift(g).couriers()) / now;
    const auto whole = static_cast<std::uint32_t>(exact);
    share[static_cast<std::size_t>(g)] += whole;
    remainder[static_cast<std::size_t>(g)] = exact - whole;
    given += whole;
  }
  std::vector<int> order(static_cast<std::size_t>(groups));
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
    return remainder[static_cast<std::size_t>(a)] > remainder[static_cast<std::size_t>(b)];
  });
  for (std::size_t i = 0; given < spare; i = (i + 1) % order.size(), ++given) {
    ++share[static_cast<std::size_t>(order[i])];
  }
  for (int g = 0; g < groups; ++g) outlet.mutable_shift(g)->set_couriers(share[static_cast<std::size_t>(g)]);
}

}  // namespace hubsim::io

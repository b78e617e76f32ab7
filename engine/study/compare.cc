#include "engine/study/compare.h"

#include <algorithm>
#include <stdexcept>
#include <vector>

namespace hubsim::study {

io::Comparison Compare(const io::Study& base, const io::Study& alt, double confidence) {
  if (base.seed_size() < 2) {
    throw std::invalid_argument("a comparison needs at least 2 replications");
  }
  if (!std::equal(base.seed().begin(), base.seed().end(), alt.seed().begin(), alt.seed().end())) {
    throw std::invalid_argument(
        "the studies were not run on the same seeds, so their replications are not pairs");
  }
  io::Comparison out;
  *out.mutable_base() = base;
  *out.mutable_alt() = alt;
  for (const io::KpiSummary& b : base.kpi()) {
    const auto a = std::find_if(alt.kpi().begin(), alt.kpi().end(),
                                [&](const io::KpiSummary& k) { return k.name() == b.name(); });
    if (a == alt.kpi().end()) continue;
    const std::vector<double> base_values(b.value().begin(), b.value().end());
    const std::vector<double> alt_values(a->value().begin(), a->value().end());
    const DifferenceEstimate d = EstimateDifference(base_values, alt_values, confidence);
    io::KpiDifference& k = *out.add_kpi();
    k.set_name(b.name());
    k.set_label(b.label());
    k.set_unit(b.unit());
    k.set_direction(b.direction());
    k.set_n(static_cast<std::uint32_t>(d.paired.n));
    k.set_mean(d.paired.mean);
    k.set_sd(d.paired.sd);
    k.set_ci_low(d.paired.low());
    k.set_ci_high(d.paired.high());
    k.set_significant(d.significant());
    k.set_unpaired_ci_low(d.paired.mean - d.unpaired_half_width);
    k.set_unpaired_ci_high(d.paired.mean + d.unpaired_half_width);
    k.set_unpaired_dof(d.unpaired_dof);
    for (std::size_t i = 0; i < base_values.size(); ++i)
      k.add_difference(alt_values[i] - base_values[i]);
  }
  return out;
}

}  // namespace hubsim::study

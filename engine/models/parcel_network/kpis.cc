#include "engine/models/parcel_network/kpis.h"

#include <algorithm>
#include <cmath>

namespace hubsim::parcel_network {

void DurationHistogram::Add(SimTime duration) {
  const SimTime::Rep minutes = std::max<SimTime::Rep>(0, duration.ticks() / SimTime::Minutes(1).ticks());
  const std::size_t bin = static_cast<std::size_t>(std::min<SimTime::Rep>(minutes, kMaxMinutes));
  if (bin >= bins_.size()) bins_.resize(bin + 1, 0);
  ++bins_[bin];
  ++count_;
  total_ticks_ += duration.ticks();
}

void DurationHistogram::Merge(const DurationHistogram& other) {
  if (other.bins_.size() > bins_.size()) bins_.resize(other.bins_.size(), 0);
  for (std::size_t i = 0; i < other.bins_.size(); ++i) bins_[i] += other.bins_[i];
  count_ += other.count_;
  total_ticks_ += other.total_ticks_;
}

double DurationHistogram::MeanMinutes() const {
  if (count_ == 0) return 0;
  return static_cast<double>(total_ticks_) / static_cast<double>(count_) /
         static_cast<double>(SimTime::Minutes(1).ticks());
}

double DurationHistogram::QuantileMinutes(double q) const {
  if (count_ == 0) return 0;
  const auto rank = static_cast<std::uint64_t>(std::ceil(q * static_cast<double>(count_)));
  std::uint64_t seen = 0;
  for (std::size_t i = 0; i < bins_.size(); ++i) {
    seen += bins_[i];
    if (seen >= std::max<std::uint64_t>(rank, 1)) return static_cast<double>(i);
  }
  return static_cast<double>(bins_.size() - 1);
}

void PromiseAccumulator::Merge(const PromiseAccumulator& other) {
  measured_ += other.measured_;
  on_time_ += other.on_time_;
  durations_.Merge(other.durations_);
}

void PromiseAccumulator::ToProto(io::PromiseKpi& out) const {
  out.set_measured(measured_);
  out.set_on_time(on_time_);
  out.set_on_time_rate(measured_ ? static_cast<double>(on_time_) / static_cast<double>(measured_) : 0);
  out.set_p50_minutes(durations_.QuantileMinutes(0.50));
  out.set_p90_minutes(durations_.QuantileMinutes(0.90));
  out.set_p99_minutes(durations_.QuantileMinutes(0.99));
  out.set_mean_minutes(durations_.MeanMinutes());
}

}  // namespace hubsim::parcel_network

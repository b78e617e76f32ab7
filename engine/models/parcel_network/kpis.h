// Promise KPI accumulators: counts and duration histograms that merge exactly (integers
// only), so the figures do not depend on the order in which LPs are combined.
#ifndef HUBSIM_ENGINE_MODELS_PARCEL_NETWORK_KPIS_H_
#define HUBSIM_ENGINE_MODELS_PARCEL_NETWORK_KPIS_H_

#include <cstdint>
#include <vector>

#include "engine/io/results.pb.h"
#include "hubsim/sim_time.h"

namespace hubsim::parcel_network {

// Durations in whole minutes (rounded down): one bin per minute up to 14 days, then one
// overflow bin. Bins are allocated as far as the longest duration seen.
class DurationHistogram {
 public:
  static constexpr std::uint32_t kMaxMinutes = 14 * 24 * 60;

  void Add(SimTime duration);
  void Merge(const DurationHistogram& other);
  std::uint64_t count() const { return count_; }
  double MeanMinutes() const;
  // The q-quantile (0 < q <= 1) in whole minutes, rounded down (the lower edge of the bin
  // holding it; 14 days for anything longer).
  double QuantileMinutes(double q) const;

 private:
  std::vector<std::uint64_t> bins_;
  std::uint64_t count_ = 0;
  // Sum of all durations. 128 bits: a national week (1e8 parcels of about a day each)
  // already passes 2^63 microseconds.
  __extension__ __int128 total_ticks_ = 0;
};

class PromiseAccumulator {
 public:
  // A completed promise: its duration and whether it was kept.
  void Completed(SimTime duration, bool on_time) {
    ++measured_;
    on_time_ += on_time ? 1 : 0;
    durations_.Add(duration);
  }
  // Not completed by the end of the run, and already past due.
  void MissedOpen() { ++measured_; }
  void Merge(const PromiseAccumulator& other);
  void ToProto(io::PromiseKpi& out) const;
  std::uint64_t measured() const { return measured_; }
  std::uint64_t on_time() const { return on_time_; }

 private:
  std::uint64_t measured_ = 0;
  std::uint64_t on_time_ = 0;
  DurationHistogram durations_;
};

struct KpiAccumulator {
  PromiseAccumulator pickup;
  PromiseAccumulator delivery;
  PromiseAccumulator next_day;

  void Merge(const KpiAccumulator& other) {
    pickup.Merge(other.pickup);
    delivery.Merge(other.delivery);
    next_day.Merge(other.next_day);
  }
  void ToProto(io::KpiSet& out) const {
    pickup.ToProto(*out.mutable_pickup());
    delivery.ToProto(*out.mutable_delivery());
    next_day.ToProto(*out.mutable_next_day());
  }
};

}  // namespace hubsim::parcel_network

#endif  // HUBSIM_ENGINE_MODELS_PARCEL_NETWORK_KPIS_H_

// Pending-event-set benchmark: the classic hold model (Vaucher and Duval 1975; Jones 1986).
//
// A queue is prefilled with N events whose times are exponential; each hold operation
// then takes the least event and puts it back at its time plus an exponential increment,
// so the population stays at N while the queue drifts forward in time, as in a
// simulation in steady state. Items per second are hold operations per second.
//
// - BM_Hold<Q>/N: Top() then ReplaceTop(), the form executors use.
// - BM_HoldPopPush<Q>/N: Top(), Pop(), Push(): what a queue without a fused step costs.
// - BM_HoldZeroDelays<Q>/N: as BM_Hold with every other increment zero, so many events
//   tie on time (zero-delay messages); the case that breaks calendars with sorted buckets.
//
// Increments come from a precomputed table (32 KiB, read in order) so the generator's cost
// is not measured. Before timing, 2 N holds bring the population's time distribution to
// its steady state (a fresh exponential prefill is not it). Order keys are a 64-bit
// counter, so keys stay unique however long the run.
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <random>
#include <vector>

#include "engine/kernel/queues/binary_heap_queue.h"
#include "engine/kernel/queues/calendar_queue.h"
#include "engine/kernel/queues/quaternary_heap.h"
#include "hubsim/event.h"

namespace hubsim {
namespace {

constexpr double kMeanIncrementTicks = 1'000'000;  // 1 s
constexpr std::size_t kTableSize = std::size_t{1} << 12;

// Exponential draws rounded to ticks; with zero_delays, every other one is zero instead.
std::vector<std::int64_t> ExponentialTicks(std::size_t count, std::uint64_t seed,
                                           bool zero_delays = false) {
  std::mt19937_64 rng(seed);
  std::exponential_distribution<double> draw(1.0 / kMeanIncrementTicks);
  std::vector<std::int64_t> ticks(count);
  for (std::size_t i = 0; i < count; ++i) {
    ticks[i] = zero_delays && i % 2 == 0 ? 0 : std::llround(draw(rng));
  }
  return ticks;
}

// A hold driver: the queue, its increment table and the key counter.
template <class Q>
class Hold {
 public:
  explicit Hold(std::size_t n, bool zero_delays = false)
      : increments_(ExponentialTicks(kTableSize, 2, zero_delays)) {
    for (const std::int64_t t : ExponentialTicks(n, 1)) queue_.Push(Make(t));
    for (std::size_t i = 0; i < 2 * n; ++i) Replace();
  }

  void Replace() {
    const std::int64_t t = queue_.Top().time.ticks() + NextIncrement();
    queue_.ReplaceTop(Make(t));
  }
  void PopPush() {
    const std::int64_t t = queue_.Top().time.ticks() + NextIncrement();
    queue_.Pop();
    queue_.Push(Make(t));
  }
  const Event& Top() const { return queue_.Top(); }

 private:
  std::int64_t NextIncrement() { return increments_[next_increment_++ & (kTableSize - 1)]; }
  Event Make(std::int64_t ticks) {
    Event e;
    e.time = SimTime::FromTicks(ticks);
    e.order = next_order_++;
    e.payload = e.order;
    return e;
  }

  Q queue_;
  std::vector<std::int64_t> increments_;
  std::size_t next_increment_ = 0;
  std::uint64_t next_order_ = 0;
};

template <class Q>
void BM_Hold(benchmark::State& state) {
  Hold<Q> hold(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) hold.Replace();
  benchmark::DoNotOptimize(hold.Top());
  state.SetItemsProcessed(state.iterations());
}

template <class Q>
void BM_HoldPopPush(benchmark::State& state) {
  Hold<Q> hold(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) hold.PopPush();
  benchmark::DoNotOptimize(hold.Top());
  state.SetItemsProcessed(state.iterations());
}

template <class Q>
void BM_HoldZeroDelays(benchmark::State& state) {
  Hold<Q> hold(static_cast<std::size_t>(state.range(0)), /*zero_delays=*/true);
  for (auto _ : state) hold.Replace();
  benchmark::DoNotOptimize(hold.Top());
  state.SetItemsProcessed(state.iterations());
}

// 256 .. 16,384 is the range of a per-block queue; 262,144 shows the queue out of cache.
void Sizes(benchmark::internal::Benchmark* b) {
  b->Arg(256)->Arg(1024)->Arg(16384)->Arg(262144);
}

BENCHMARK_TEMPLATE(BM_Hold, BinaryHeapQueue)->Apply(Sizes);
BENCHMARK_TEMPLATE(BM_Hold, QuaternaryHeap)->Apply(Sizes);
BENCHMARK_TEMPLATE(BM_Hold, CalendarQueue)->Apply(Sizes);
BENCHMARK_TEMPLATE(BM_HoldPopPush, BinaryHeapQueue)->Apply(Sizes);
BENCHMARK_TEMPLATE(BM_HoldPopPush, QuaternaryHeap)->Apply(Sizes);
BENCHMARK_TEMPLATE(BM_HoldPopPush, CalendarQueue)->Apply(Sizes);
BENCHMARK_TEMPLATE(BM_HoldZeroDelays, BinaryHeapQueue)->Apply(Sizes);
BENCHMARK_TEMPLATE(BM_HoldZeroDelays, QuaternaryHeap)->Apply(Sizes);
BENCHMARK_TEMPLATE(BM_HoldZeroDelays, CalendarQueue)->Apply(Sizes);

}  // namespace
}  // namespace hubsim

BENCHMARK_MAIN();

// One suite, run against every EventQueue: each must pop exactly in EventBefore order.
#include "engine/kernel/queues/event_queue.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <limits>
#include <random>
#include <set>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "engine/kernel/queues/binary_heap_queue.h"
#include "engine/kernel/queues/calendar_queue.h"
#include "engine/kernel/queues/quaternary_heap.h"
#include "hubsim/event.h"

namespace hubsim {
namespace {

using Key = std::pair<std::int64_t, std::uint64_t>;  // (ticks, order): EventBefore as <

// The non-key fields are a function of the key, so a queue that pairs a key with another
// event's payload is caught.
std::uint64_t Mix(std::int64_t ticks, std::uint64_t order) {
  std::uint64_t x = static_cast<std::uint64_t>(ticks) * 0x9E3779B97F4A7C15u ^ order;
  x ^= x >> 31;
  x *= 0xBF58476D1CE4E5B9u;
  return x ^ (x >> 29);
}

Event MakeEvent(std::int64_t ticks, std::uint64_t order) {
  Event e;
  e.time = SimTime::FromTicks(ticks);
  e.order = order;
  const std::uint64_t mix = Mix(ticks, order);
  e.target = static_cast<LpId>(mix % kMaxLps);
  e.kind = static_cast<std::uint32_t>(mix >> 40);
  e.payload = mix;
  return e;
}

Key KeyOf(const Event& e) {
  return {e.time.ticks(), e.order};
}

::testing::AssertionResult IsEvent(const Event& actual, const Key& expected) {
  const Event want = MakeEvent(expected.first, expected.second);
  if (actual.time == want.time && actual.order == want.order && actual.target == want.target &&
      actual.kind == want.kind && actual.payload == want.payload) {
    return ::testing::AssertionSuccess();
  }
  return ::testing::AssertionFailure()
         << "got (" << actual.time.ticks() << ", " << actual.order << ", payload " << actual.payload
         << "), want (" << expected.first << ", " << expected.second << ")";
}

template <class Q>
std::vector<Key> Drain(Q& q) {
  std::vector<Key> keys;
  while (!q.Empty()) {
    keys.push_back(KeyOf(q.Top()));
    q.Pop();
  }
  return keys;
}

template <class Q>
class EventQueueTest : public ::testing::Test {
  static_assert(EventQueue<Q>);
};

class QueueNames {
 public:
  template <class Q>
  static std::string GetName(int) {
    if constexpr (std::is_same_v<Q, BinaryHeapQueue>) return "BinaryHeapQueue";
    if constexpr (std::is_same_v<Q, QuaternaryHeap>) return "QuaternaryHeap";
    if constexpr (std::is_same_v<Q, CalendarQueue>) return "CalendarQueue";
    return "Unknown";
  }
};

using QueueTypes = ::testing::Types<BinaryHeapQueue, QuaternaryHeap, CalendarQueue>;
TYPED_TEST_SUITE(EventQueueTest, QueueTypes, QueueNames);

TYPED_TEST(EventQueueTest, EmptyAndSize) {
  TypeParam q;
  EXPECT_TRUE(q.Empty());
  EXPECT_EQ(q.Size(), 0u);
  q.Push(MakeEvent(30, 1));
  q.Push(MakeEvent(10, 2));
  q.Push(MakeEvent(20, 3));
  EXPECT_FALSE(q.Empty());
  EXPECT_EQ(q.Size(), 3u);
  q.ReplaceTop(MakeEvent(40, 4));
  EXPECT_EQ(q.Size(), 3u);
  q.Pop();
  EXPECT_EQ(q.Size(), 2u);
  q.Pop();
  q.Pop();
  EXPECT_TRUE(q.Empty());
  EXPECT_EQ(q.Size(), 0u);
  // Usable again once drained, at an earlier time than anything seen before.
  q.Push(MakeEvent(5, 5));
  EXPECT_EQ(q.Size(), 1u);
  EXPECT_TRUE(IsEvent(q.Top(), {5, 5}));
}

TYPED_TEST(EventQueueTest, PopsInTotalOrder) {
  std::mt19937_64 rng(7);
  std::vector<Key> keys;
  // Few distinct times, so most events tie on time and the order key decides.
  for (std::uint32_t seq = 0; seq < 5000; ++seq) {
    const auto ticks = static_cast<std::int64_t>(rng() % 700);
    const auto priority = static_cast<std::uint8_t>(rng() % 3);
    const auto origin = static_cast<LpId>(rng() % 5);
    keys.emplace_back(ticks, Event::OrderKey(priority, origin, seq));
  }
  TypeParam q;
  for (const Key& k : keys) q.Push(MakeEvent(k.first, k.second));
  EXPECT_EQ(q.Size(), keys.size());

  std::sort(keys.begin(), keys.end());
  std::vector<Key> popped;
  while (!q.Empty()) {
    ASSERT_TRUE(IsEvent(q.Top(), keys[popped.size()])) << "pop " << popped.size();
    popped.push_back(KeyOf(q.Top()));
    q.Pop();
  }
  EXPECT_EQ(popped, keys);
}

TYPED_TEST(EventQueueTest, TiesBrokenByPriorityThenOriginThenSequence) {
  constexpr std::int64_t kT = 1'000'000;
  const std::uint8_t priorities[] = {0, 1, 255};
  const LpId origins[] = {0, 5, kMaxLps - 1};
  const std::uint32_t sequences[] = {0, 1, std::numeric_limits<std::uint32_t>::max()};
  std::vector<Key> expected;
  expected.emplace_back(kT - 1, Event::OrderKey(255, kMaxLps - 1, 9));  // time comes first
  for (const std::uint8_t p : priorities) {
    for (const LpId o : origins) {
      for (const std::uint32_t s : sequences) expected.emplace_back(kT, Event::OrderKey(p, o, s));
    }
  }
  expected.emplace_back(kT + 1, Event::OrderKey(0, 0, 0));

  std::vector<Key> shuffled = expected;
  std::shuffle(shuffled.begin(), shuffled.end(), std::mt19937_64(11));
  TypeParam q;
  for (const Key& k : shuffled) q.Push(MakeEvent(k.first, k.second));
  EXPECT_EQ(Drain(q), expected);
}

TYPED_TEST(EventQueueTest, ReplaceTopEqualsPopThenPush) {
  std::mt19937_64 rng(13);
  TypeParam replaced;
  TypeParam popped_pushed;
  std::uint32_t seq = 0;
  for (int i = 0; i < 2000; ++i) {
    const Event e = MakeEvent(static_cast<std::int64_t>(rng() % 100'000), seq++);
    replaced.Push(e);
    popped_pushed.Push(e);
  }
  for (int step = 0; step < 20'000; ++step) {
    const std::int64_t now = replaced.Top().time.ticks();
    std::int64_t ticks = now + static_cast<std::int64_t>(rng() % 50'000);
    switch (rng() % 4) {
      case 0: ticks = now; break;                                          // ties the top
      case 1: ticks = now - static_cast<std::int64_t>(rng() % 10); break;  // becomes the top
      default: break;
    }
    const Event e = MakeEvent(ticks, seq++);
    replaced.ReplaceTop(e);
    popped_pushed.Pop();
    popped_pushed.Push(e);
    ASSERT_EQ(replaced.Size(), popped_pushed.Size());
    ASSERT_EQ(KeyOf(replaced.Top()), KeyOf(popped_pushed.Top())) << "step " << step;
  }
  EXPECT_EQ(Drain(replaced), Drain(popped_pushed));
}

TYPED_TEST(EventQueueTest, ExtremeAndFarFutureTimes) {
  constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
  constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();
  constexpr std::int64_t kFar = 1'000'000'000'000'000;  // ~31 years of microseconds
  const std::int64_t times[] = {kMin, kMin + 1, -1'000'000, -1,           0,        1,   2, 1'000,
                                kFar, kFar + 1, 4 * kFar,   kFar * 4'000, kMax - 1, kMax};
  std::vector<Key> expected;
  std::uint32_t seq = 0;
  for (const std::int64_t t : times) {
    for (int copies = 0; copies < 3; ++copies) expected.emplace_back(t, seq++);
  }
  std::vector<Key> shuffled = expected;
  std::shuffle(shuffled.begin(), shuffled.end(), std::mt19937_64(19));
  TypeParam q;
  for (const Key& k : shuffled) q.Push(MakeEvent(k.first, k.second));
  EXPECT_EQ(Drain(q), expected);

  // A lone far-future event behind a dense near-term crowd: it must not be reached by
  // scanning the time in between, and must come out last.
  q.Push(MakeEvent(kFar, seq++));
  for (int i = 0; i < 3000; ++i) q.Push(MakeEvent(i, seq++));
  std::int64_t last = kMin;
  while (q.Size() > 1) {
    const std::int64_t t = q.Top().time.ticks();
    ASSERT_LE(last, t);
    last = t;
    q.Pop();
  }
  EXPECT_EQ(q.Top().time.ticks(), kFar);
}

TYPED_TEST(EventQueueTest, BurstAtOneTimeThenSparse) {
  // A calendar that sizes its days on a burst (gaps of zero) must still drain the sparse
  // events behind it in order, and in reasonable time.
  std::mt19937_64 rng(17);
  TypeParam q;
  std::vector<Key> expected;
  expected.reserve(40'000);
  std::uint32_t seq = 0;
  for (int i = 0; i < 20'000; ++i) expected.emplace_back(500, seq++);
  for (int i = 0; i < 20'000; ++i) {
    expected.emplace_back(static_cast<std::int64_t>(rng() % 1'000'000'000'000) + 501, seq++);
  }
  std::shuffle(expected.begin(), expected.end(), rng);
  for (const Key& k : expected) q.Push(MakeEvent(k.first, k.second));
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(Drain(q), expected);
}

// Random operation sequences checked step by step against std::set. The population
// grows to thousands and shrinks to a handful, over and over, so a calendar queue
// resizes both ways; the time scale changes between phases, so its day width must
// follow; equal times, bursts at one time, far-future outliers and pushes before the
// current minimum are all mixed in.
class ShadowRun {
 public:
  explicit ShadowRun(std::uint64_t seed) : rng_(seed) {}

  template <class Q>
  void Run(Q& q, int total_ops) {
    // Grow to a random population, hold there, shrink to a handful; repeat.
    enum class Phase { kGrow, kHold, kShrink };
    Phase phase = Phase::kGrow;
    std::size_t target = 1 + rng_() % 20'000;
    int hold_ops = 0;
    NewScale();
    for (int op = 0; op < total_ops; ++op) {
      if (phase == Phase::kGrow && shadow_.size() >= target) {
        phase = Phase::kHold;
        hold_ops = 2'000;
      } else if (phase == Phase::kHold && --hold_ops <= 0) {
        phase = Phase::kShrink;
        target = rng_() % 50;
      } else if (phase == Phase::kShrink && shadow_.size() <= target) {
        phase = Phase::kGrow;
        target = 1 + rng_() % 20'000;
        NewScale();
      }
      // Percentages of pushes and pops; the rest are ReplaceTop.
      const unsigned push_pct = phase == Phase::kGrow ? 75 : 10;
      const unsigned pop_pct = phase == Phase::kShrink ? 75 : 10;
      const auto roll = static_cast<unsigned>(rng_() % 100);
      if (shadow_.empty() || roll < push_pct) {
        if (rng_() % 50 == 0) {  // a burst at one time
          const std::int64_t t = NextTime();
          for (std::uint64_t n = 1 + rng_() % 400; n > 0; --n) Push(q, t);
        } else {
          Push(q, NextTime());
        }
      } else if (roll < push_pct + pop_pct) {
        q.Pop();
        last_popped_ = shadow_.begin()->first;
        shadow_.erase(shadow_.begin());
      } else {
        const Key k = NewKey(NextTime());
        q.ReplaceTop(MakeEvent(k.first, k.second));
        last_popped_ = shadow_.begin()->first;
        shadow_.erase(shadow_.begin());
        shadow_.insert(k);
      }
      ASSERT_TRUE(Matches(q)) << "op " << op;
    }
    while (!shadow_.empty()) {
      q.Pop();
      shadow_.erase(shadow_.begin());
      ASSERT_TRUE(Matches(q));
    }
  }

 private:
  template <class Q>
  ::testing::AssertionResult Matches(const Q& q) const {
    if (q.Size() != shadow_.size() || q.Empty() != shadow_.empty()) {
      return ::testing::AssertionFailure() << "size " << q.Size() << ", shadow " << shadow_.size();
    }
    if (shadow_.empty()) return ::testing::AssertionSuccess();
    return IsEvent(q.Top(), *shadow_.begin());
  }

  template <class Q>
  void Push(Q& q, std::int64_t t) {
    const Key k = NewKey(t);
    q.Push(MakeEvent(k.first, k.second));
    shadow_.insert(k);
  }

  Key NewKey(std::int64_t t) {
    const auto priority = static_cast<std::uint8_t>(rng_() % 4);
    const auto origin = static_cast<LpId>(rng_() % 8);
    return {t, Event::OrderKey(priority, origin, sequence_++)};
  }

  void NewScale() {
    constexpr double kScales[] = {1, 100, 10'000, 1'000'000, 1'000'000'000};
    mean_ = kScales[rng_() % std::size(kScales)];
  }

  // Relative to the current minimum: 60% exponential at the phase's scale, 10% equal to
  // it, 5% far future, 5% before it, 20% uniform over ten means.
  std::int64_t NextTime() {
    constexpr std::int64_t kFarFuture = 1'000'000'000'000'000;
    const std::int64_t now = shadow_.empty() ? last_popped_ : shadow_.begin()->first;
    const auto kind = static_cast<unsigned>(rng_() % 100);
    if (kind < 60) {
      std::exponential_distribution<double> draw(1 / mean_);
      return now + static_cast<std::int64_t>(draw(rng_));
    }
    if (kind < 70) return now;
    if (kind < 75) return now + kFarFuture + static_cast<std::int64_t>(rng_() % 1'000'000);
    if (kind < 80) return now - static_cast<std::int64_t>(rng_() % 1'000);
    return now + static_cast<std::int64_t>(rng_() % (static_cast<std::uint64_t>(mean_) * 10));
  }

  std::mt19937_64 rng_;
  std::set<Key> shadow_;
  std::uint32_t sequence_ = 0;
  std::int64_t last_popped_ = 0;
  double mean_ = 1;
};

TYPED_TEST(EventQueueTest, StressAgainstShadow) {
  for (const std::uint64_t seed : {1u, 2u, 3u, 4u}) {
    SCOPED_TRACE(::testing::Message() << "seed " << seed);
    TypeParam q;
    ShadowRun run(seed);
    run.Run(q, 60'000);
    if (::testing::Test::HasFatalFailure()) return;
  }
}

}  // namespace
}  // namespace hubsim

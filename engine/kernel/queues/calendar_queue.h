// Calendar queue of events, after R. Brown, "Calendar queues: a fast O(1) priority queue
// implementation for the simulation event set problem", CACM 31(10):1220-1227, 1988.
//
// The algorithm. Time is cut into "days" of a fixed width w, and a ring of nb buckets
// holds one day each; nb consecutive days make a "year". An event of time t lives in
// bucket floor(t / w) mod nb, so a bucket holds the events of its day in this year and
// of the same day in later years. The search for the next event walks the ring from the
// current day and stops at the first bucket holding an event of the day being visited;
// after a whole year of misses (the next event is more than a year away) it falls back
// to a direct search over the buckets, as Brown prescribes, so a far-future event costs
// O(nb) once instead of a year-by-year walk. When the population passes 2 nb the ring
// doubles, below nb / 2 it halves, and on each resize the day width is re-estimated from
// the events nearest the head: Brown's sample of min(25, 5 + n / 10) events, the mean gap
// between consecutive ones, the mean again over the gaps below twice that (so a few
// outliers do not inflate it), times three.
//
// Departures from Brown, and why:
// - Buckets are unsorted, and the current day's events sit in a small 4-ary heap (the
//   "open day"). Brown keeps each bucket as a sorted list, which costs O(run) per
//   insertion into a run of events at one time, and no width can split such a run:
//   zero-delay events make long runs common (with sorted buckets, a hold loop with half
//   its delays zero did not finish its warm-up in 20 s at n = 262,144). Here an event for
//   a later day is prepended in O(1); opening a day moves its events into the heap, and
//   an event pushed into the open day (or before it) goes straight to the heap, so a run
//   of ties costs O(log run) per operation, as in a heap, instead of O(run).
// - Each bucket keeps two lists: `now`, the events of its one day in the coming year, and
//   `later`, those a year or more ahead when pushed, with their least time. Opening a day
//   takes `now` whole, without a test per event, and looks into `later` only when its
//   least time has come, so an event far in the future is touched on arrival and on
//   maturing, not each time the ring passes its bucket.
// - The width is a power of two ticks (the estimate rounded in log scale), so a day
//   number is t >> shift: no division per operation, exact on integer ticks, defined
//   for every int64 (C++20 right shift of a negative value floors).
// - Brown re-estimates the width only when the population crosses a threshold, so a
//   width that fit a burst at one time (gaps of zero give one-tick days) stays while the
//   rest of the events are sparse, and every day opening then pays a year of empty
//   buckets plus a direct search. Here the work beyond kCheapSteps per day opening
//   (empty buckets walked, `later` events passed over) is counted, and once it exceeds
//   the cost of a rebuild (size + nb) the width is re-estimated at the same nb; a rebuild
//   thus costs no more than the waste that triggered it.
// - Bucketed events live by value in one pool of nodes linked by 32-bit indices, with a
//   free list. Memory is allocated only when the pool, the open day or the ring outgrows
//   its largest size so far, so a steady state soon allocates nothing.
//
// Cost, with n events whose spacing near the head is representative (Brown's premise),
// and d events in the open day (about three by the width rule, unless times tie):
// | operation  | expected                              | worst case                       |
// | Top        | O(1)                                  | O(1)                             |
// | Push       | O(1) to a later day; O(log d) today   | O(log n): all in one day         |
// | Pop        | O(log d) + O(1) amortised day opening | O(nb) walk, amortised by rebuilds|
// | ReplaceTop | one sift if the event lands today; else as Pop + Push                    |
// | resize     | O(n + nb + d log d) after n / 2 pushes or pops (or as much waste): O(1)  |
// Memory: 40 bytes per bucketed event, 32 per open-day event, 16 per bucket; nb is
// between n / 2 and 2 n.
//
// Thread safety: as a standard container (const calls may run concurrently; anything else
// needs the caller's synchronisation). REQUIRES: fewer than 2^32 - 1 events pending.
#ifndef HUBSIM_ENGINE_KERNEL_QUEUES_CALENDAR_QUEUE_H_
#define HUBSIM_ENGINE_KERNEL_QUEUES_CALENDAR_QUEUE_H_

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

#include "engine/kernel/queues/quaternary_heap.h"
#include "hubsim/event.h"

namespace hubsim {

class CalendarQueue {
 public:
  CalendarQueue() { buckets_.assign(kMinBuckets, Bucket{}); }

  void Push(const Event& e) {
    if (size_ == 0) cur_day_ = DayOf(e.time.ticks());
    Settle(e);
    if (++size_ > 2 * buckets_.size()) {
      Resize(buckets_.size() * 2);
    } else if (rebuild_due_) {
      Resize(buckets_.size());
    }
  }

  // REQUIRES: !Empty().
  const Event& Top() const { return today_.Top(); }

  // REQUIRES: !Empty().
  void Pop() {
    today_.Pop();
    --size_;
    if (today_.Empty() && bucketed_ > 0) OpenNextDay();
    if (size_ < buckets_.size() / 2 && buckets_.size() > kMinBuckets) {
      Resize(buckets_.size() / 2);
    } else if (rebuild_due_) {
      Resize(buckets_.size());
    }
  }

  // REQUIRES: !Empty(). Pop() then Push(e); the population does not change, so no
  // resize, and an event for the open day costs one sift.
  void ReplaceTop(const Event& e) {
    if (DayOf(e.time.ticks()) <= cur_day_) {
      today_.ReplaceTop(e);
      return;
    }
    today_.Pop();
    Bucketize(NewNode(e));
    if (today_.Empty()) OpenNextDay();
    if (rebuild_due_) Resize(buckets_.size());
  }

  bool Empty() const { return size_ == 0; }
  std::size_t Size() const { return size_; }

 private:
  using Index = std::uint32_t;
  static constexpr Index kNil = std::numeric_limits<Index>::max();
  static constexpr std::int64_t kEmptyTime = std::numeric_limits<std::int64_t>::max();
  static constexpr std::size_t kMinBuckets = 16;  // a power of two
  // Brown's sample of the events nearest the head and his width factor.
  static constexpr std::size_t kMaxSample = 25;
  static constexpr double kWidthFactor = 3.0;
  // Steps per day opening that are free of the rebuild rule: well above the few empty
  // buckets and `later` events a well-sized calendar meets, so it never counts them.
  static constexpr std::size_t kCheapSteps = 16;

  struct Node {
    Event event;
    Index next = kNil;  // in its bucket's list, or in the free list
  };
  // The days cur_day_ + 1 .. cur_day_ + nb (the window) fall one in each bucket. `now`
  // holds only events of the bucket's window day; `later` holds events of its later days
  // (they may mature into the window while they wait there). Both lists are unsorted.
  struct Bucket {
    Index now = kNil;
    Index later = kNil;
    std::int64_t later_min = kEmptyTime;  // least time in `later`; kEmptyTime if empty
  };

  std::int64_t DayOf(std::int64_t ticks) const { return ticks >> shift_; }
  std::size_t BucketOf(std::int64_t day) const {
    return static_cast<std::size_t>(day) & (buckets_.size() - 1);
  }
  // REQUIRES: cur_day_ < day <= cur_day_ + nb, so `day` is the bucket's window day.
  // kEmptyTime of an empty `later` can alias a real day only when that day contains
  // kEmptyTime itself, hence the test of the list (rarely reached).
  bool HoldsDay(const Bucket& b, std::int64_t day) const {
    return b.now != kNil || (DayOf(b.later_min) == day && b.later != kNil);
  }
  // REQUIRES: day > cur_day_. Unsigned difference: no overflow at the ends of int64.
  bool InWindow(std::int64_t day) const {
    return static_cast<std::uint64_t>(day) - static_cast<std::uint64_t>(cur_day_) <=
           buckets_.size();
  }

  // Puts an event in the open day if its day is open, else in its bucket.
  void Settle(const Event& e) {
    if (DayOf(e.time.ticks()) <= cur_day_) {
      today_.Push(e);
    } else {
      Bucketize(NewNode(e));
    }
  }

  Index NewNode(const Event& e) {
    if (free_ == kNil) {
      nodes_.push_back(Node{e, kNil});
      return static_cast<Index>(nodes_.size() - 1);
    }
    const Index n = free_;
    free_ = nodes_[n].next;
    nodes_[n].event = e;
    return n;
  }
  void FreeNode(Index n) {
    nodes_[n].next = free_;
    free_ = n;
  }

  // REQUIRES: the node's day > cur_day_.
  void Bucketize(Index n) {
    const std::int64_t t = nodes_[n].event.time.ticks();
    const std::int64_t day = DayOf(t);
    Bucket& bucket = buckets_[BucketOf(day)];
    if (InWindow(day)) {
      nodes_[n].next = bucket.now;
      bucket.now = n;
    } else {
      nodes_[n].next = bucket.later;
      bucket.later = n;
      bucket.later_min = std::min(bucket.later_min, t);
    }
    ++bucketed_;
  }

  // REQUIRES: the open day is empty and bucketed_ > 0. Brown's walk to the next day
  // holding events, then the direct search.
  void OpenNextDay() {
    const std::size_t nb = buckets_.size();
    std::int64_t day = cur_day_;
    // The walk cannot pass the last representable day: it stops at the least event's.
    for (std::size_t step = 1; step <= nb; ++step) {
      ++day;
      if (HoldsDay(buckets_[BucketOf(day)], day)) {
        Charge(step);
        OpenDay(day);
        return;
      }
    }
    // A whole year without an event, so every `now` is empty: open the day of the least
    // `later` time. Events of one day share a bucket, so that day is the least.
    std::size_t best = 0;
    for (std::size_t b = 1; b < nb; ++b) {
      if (buckets_[b].later_min < buckets_[best].later_min) best = b;
    }
    while (buckets_[best].later == kNil) ++best;  // only if every time is kEmptyTime
    Charge(2 * nb);
    OpenDay(DayOf(buckets_[best].later_min));
  }

  // REQUIRES: no bucketed event before `day`. Moves the events of `day` into the open day.
  void OpenDay(std::int64_t day) {
    cur_day_ = day;
    Bucket& bucket = buckets_[BucketOf(day)];
    for (Index n = bucket.now; n != kNil;) {
      const Index next = nodes_[n].next;
      today_.Push(nodes_[n].event);
      FreeNode(n);
      --bucketed_;
      n = next;
    }
    bucket.now = kNil;
    if (bucket.later == kNil || DayOf(bucket.later_min) != day) return;
    // Some later event has matured: take the day's events, and move those of the
    // bucket's next window day to `now` so they are not scanned again.
    std::int64_t later_min = kEmptyTime;
    std::size_t passed = 0;
    Index* link = &bucket.later;
    for (Index n = bucket.later; n != kNil;) {
      Node& node = nodes_[n];
      const Index next = node.next;
      const std::int64_t t = node.event.time.ticks();
      const std::int64_t node_day = DayOf(t);
      if (node_day == day) {
        today_.Push(node.event);
        *link = next;
        FreeNode(n);
        --bucketed_;
      } else if (InWindow(node_day)) {
        *link = next;
        node.next = bucket.now;
        bucket.now = n;
      } else {
        later_min = std::min(later_min, t);
        link = &node.next;
        ++passed;
      }
      n = next;
    }
    bucket.later_min = later_min;
    Charge(passed);
  }

  void Charge(std::size_t steps) {
    if (steps <= kCheapSteps) return;
    excess_ += steps;
    if (excess_ > size_ + buckets_.size()) rebuild_due_ = true;
  }

  // Rebuilds the ring with nb buckets (a power of two) and a width re-estimated from the
  // events nearest the head (Brown's resize()).
  void Resize(std::size_t nb) {
    const std::size_t samples = std::min(kMaxSample, size_ <= 5 ? size_ : 5 + size_ / 10);
    std::array<Event, kMaxSample> sample;
    for (std::size_t i = 0; i < samples; ++i) {  // taken out in order
      sample[i] = today_.Top();
      today_.Pop();
      if (today_.Empty() && bucketed_ > 0) OpenNextDay();
    }
    if (samples >= 2) shift_ = EstimateShift(sample.data(), samples);
    if (samples > 0) cur_day_ = DayOf(sample[0].time.ticks());  // the least event's day

    // Every event is settled again against the new ring and open day.
    while (!today_.Empty()) {
      scratch_.push_back(today_.Top());
      today_.Pop();
    }
    spare_.swap(buckets_);
    buckets_.assign(nb, Bucket{});
    bucketed_ = 0;
    for (const Bucket& old : spare_) {
      for (const Index head : {old.now, old.later}) {
        for (Index n = head; n != kNil;) {
          const Index next = nodes_[n].next;
          if (DayOf(nodes_[n].event.time.ticks()) <= cur_day_) {
            today_.Push(nodes_[n].event);
            FreeNode(n);
          } else {
            Bucketize(n);
          }
          n = next;
        }
      }
    }
    for (const Event& e : scratch_) Settle(e);
    scratch_.clear();
    for (std::size_t i = 0; i < samples; ++i) Settle(sample[i]);
    excess_ = 0;
    rebuild_due_ = false;
  }

  // Brown's width estimate, rounded to the nearest power of two in log scale.
  // REQUIRES: 2 <= count, sample sorted.
  static int EstimateShift(const Event* sample, std::size_t count) {
    // Gaps as unsigned differences: a sorted pair of int64 never overflows that way.
    std::array<double, kMaxSample> gaps;
    double total = 0;
    for (std::size_t i = 1; i < count; ++i) {
      gaps[i - 1] = static_cast<double>(static_cast<std::uint64_t>(sample[i].time.ticks()) -
                                        static_cast<std::uint64_t>(sample[i - 1].time.ticks()));
      total += gaps[i - 1];
    }
    const std::size_t m = count - 1;
    const double mean = total / static_cast<double>(m);
    double kept = 0;
    std::size_t kept_count = 0;
    for (std::size_t i = 0; i < m; ++i) {
      if (gaps[i] < 2 * mean) {
        kept += gaps[i];
        ++kept_count;
      }
    }
    if (kept == 0) return 0;  // a burst at one time: one-tick days
    const double width = kWidthFactor * kept / static_cast<double>(kept_count);
    return static_cast<int>(std::clamp(std::round(std::log2(width)), 0.0, 62.0));
  }

  QuaternaryHeap today_;  // the open day: every event whose day is <= cur_day_
  std::vector<Node> nodes_;
  Index free_ = kNil;
  std::vector<Bucket> buckets_;  // the ring, size a power of two; days above cur_day_
  std::vector<Bucket> spare_;    // the previous ring, kept for its capacity
  std::vector<Event> scratch_;   // the open day's events during Resize, kept likewise
  std::size_t size_ = 0;
  std::size_t bucketed_ = 0;  // events in buckets_, i.e. size_ - today_.Size()
  std::int64_t cur_day_ = 0;  // the open day
  int shift_ = 0;             // the day width is 2^shift_ ticks
  std::size_t excess_ = 0;    // work beyond kCheapSteps since the last rebuild
  bool rebuild_due_ = false;
};

}  // namespace hubsim

#endif  // HUBSIM_ENGINE_KERNEL_QUEUES_CALENDAR_QUEUE_H_

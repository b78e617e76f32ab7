// Implicit 4-ary min-heap of events.
//
// Why 4-ary: a binary heap's pop walks log2(n) levels with one comparison each and a cache
// miss per level at large n; a 4-ary heap walks half as many levels, and the four children
// of a node are adjacent (128 bytes, two cache lines), so the extra comparisons are cheap.
// Sift operations move a hole instead of swapping (one copy per level).
// Cost: Push O(log4 n), Pop and ReplaceTop O(4 log4 n) comparisons.
#ifndef HUBSIM_ENGINE_KERNEL_QUEUES_QUATERNARY_HEAP_H_
#define HUBSIM_ENGINE_KERNEL_QUEUES_QUATERNARY_HEAP_H_

#include <cstddef>
#include <vector>

#include "hubsim/event.h"

namespace hubsim {

class QuaternaryHeap {
 public:
  void Push(const Event& e) {
    heap_.push_back(e);
    SiftUp(heap_.size() - 1, e);
  }
  const Event& Top() const { return heap_.front(); }
  void Pop() {
    const Event last = heap_.back();
    heap_.pop_back();
    if (!heap_.empty()) SiftDown(0, last);
  }
  void ReplaceTop(const Event& e) { SiftDown(0, e); }
  bool Empty() const { return heap_.empty(); }
  std::size_t Size() const { return heap_.size(); }
  void Reserve(std::size_t n) { heap_.reserve(n); }

 private:
  static constexpr std::size_t kArity = 4;

  void SiftUp(std::size_t hole, const Event& e) {
    while (hole > 0) {
      const std::size_t parent = (hole - 1) / kArity;
      if (!EventBefore(e, heap_[parent])) break;
      heap_[hole] = heap_[parent];
      hole = parent;
    }
    heap_[hole] = e;
  }

  void SiftDown(std::size_t hole, const Event& e) {
    const std::size_t n = heap_.size();
    for (;;) {
      const std::size_t first = hole * kArity + 1;
      if (first >= n) break;
      std::size_t best = first;
      const std::size_t end = first + kArity < n ? first + kArity : n;
      for (std::size_t c = first + 1; c < end; ++c) {
        if (EventBefore(heap_[c], heap_[best])) best = c;
      }
      if (!EventBefore(heap_[best], e)) break;
      heap_[hole] = heap_[best];
      hole = best;
    }
    heap_[hole] = e;
  }

  std::vector<Event> heap_;
};

}  // namespace hubsim

#endif  // HUBSIM_ENGINE_KERNEL_QUEUES_QUATERNARY_HEAP_H_

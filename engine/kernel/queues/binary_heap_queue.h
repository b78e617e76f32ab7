// std::priority_queue over events: the baseline every other queue is measured against.
#ifndef HUBSIM_ENGINE_KERNEL_QUEUES_BINARY_HEAP_QUEUE_H_
#define HUBSIM_ENGINE_KERNEL_QUEUES_BINARY_HEAP_QUEUE_H_

#include <cstddef>
#include <queue>
#include <vector>

#include "hubsim/event.h"

namespace hubsim {

class BinaryHeapQueue {
 public:
  void Push(const Event& e) { queue_.push(e); }
  const Event& Top() const { return queue_.top(); }
  void Pop() { queue_.pop(); }
  void ReplaceTop(const Event& e) {
    queue_.pop();
    queue_.push(e);
  }
  bool Empty() const { return queue_.empty(); }
  std::size_t Size() const { return queue_.size(); }

 private:
  struct Later {
    bool operator()(const Event& a, const Event& b) const { return EventBefore(b, a); }
  };
  std::priority_queue<Event, std::vector<Event>, Later> queue_;
};

}  // namespace hubsim

#endif  // HUBSIM_ENGINE_KERNEL_QUEUES_BINARY_HEAP_QUEUE_H_

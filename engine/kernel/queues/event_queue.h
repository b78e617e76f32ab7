// The pending-event set, as a data structure apart from any executor.
//
// Every queue satisfies the EventQueue concept and pops events in the total order of
// EventBefore (event.h). Keys are unique, so the pop order is fully determined by the set
// of keys, never by the order of insertion.
//
// | queue             | Push      | Pop        | notes                                       |
// | BinaryHeapQueue   | O(log n)  | O(log n)   | std::priority_queue, the baseline           |
// | QuaternaryHeap    | O(log4 n) | O(4 log4 n)| half the depth, children share cache lines  |
// | CalendarQueue     | O(1) avg  | O(1) avg   | Brown 1988; resizes with the population     |
//
// Executors are templates over the queue type (no virtual call per event); the queue is
// chosen at run time through QueueKind.
#ifndef HUBSIM_ENGINE_KERNEL_QUEUES_EVENT_QUEUE_H_
#define HUBSIM_ENGINE_KERNEL_QUEUES_EVENT_QUEUE_H_

#include <concepts>
#include <cstddef>

#include "hubsim/event.h"

namespace hubsim {

template <class Q>
concept EventQueue = requires(Q q, const Q cq, const Event& e) {
  q.Push(e);
  // REQUIRES: !Empty(). The least event.
  { cq.Top() } -> std::same_as<const Event&>;
  // REQUIRES: !Empty(). Removes the least event.
  q.Pop();
  // REQUIRES: !Empty(). Same as Pop() then Push(e), often in one pass (the "hold" step).
  q.ReplaceTop(e);
  { cq.Empty() } -> std::convertible_to<bool>;
  { cq.Size() } -> std::convertible_to<std::size_t>;
};

}  // namespace hubsim

#endif  // HUBSIM_ENGINE_KERNEL_QUEUES_EVENT_QUEUE_H_

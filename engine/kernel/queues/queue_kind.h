// From the run-time choice of queue (QueueKind) to the queue type executors are compiled
// for: the one place that lists every queue.
#ifndef HUBSIM_ENGINE_KERNEL_QUEUES_QUEUE_KIND_H_
#define HUBSIM_ENGINE_KERNEL_QUEUES_QUEUE_KIND_H_

#include <stdexcept>
#include <type_traits>

#include "engine/kernel/queues/binary_heap_queue.h"
#include "engine/kernel/queues/calendar_queue.h"
#include "engine/kernel/queues/quaternary_heap.h"
#include "hubsim/simulation.h"

namespace hubsim {

// Calls f(std::type_identity<Q>{}) with the queue type Q that `kind` names.
template <class F>
decltype(auto) WithQueue(QueueKind kind, F&& f) {
  switch (kind) {
    case QueueKind::kBinaryHeap: return f(std::type_identity<BinaryHeapQueue>{});
    case QueueKind::kQuaternaryHeap: return f(std::type_identity<QuaternaryHeap>{});
    case QueueKind::kCalendar: return f(std::type_identity<CalendarQueue>{});
  }
  throw std::invalid_argument("unknown queue kind");
}

}  // namespace hubsim

#endif  // HUBSIM_ENGINE_KERNEL_QUEUES_QUEUE_KIND_H_

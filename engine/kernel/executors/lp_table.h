// Bookkeeping shared by the executors: per-LP records, the per-event fingerprint step,
// handing an event (and its attachment) to the model, the "deferred pop" that turns
// pop-then-push into one heap pass, and the run result.
#ifndef HUBSIM_ENGINE_KERNEL_EXECUTORS_LP_TABLE_H_
#define HUBSIM_ENGINE_KERNEL_EXECUTORS_LP_TABLE_H_

#include <cstdint>
#include <vector>

#include "engine/kernel/executors/attachment_pool.h"
#include "engine/kernel/queues/event_queue.h"
#include "hubsim/model.h"
#include "hubsim/simulation.h"

namespace hubsim::internal {

// splitmix64's finalizer (Steele, Lea, Flood 2014): a full-avalanche 64-bit mix.
constexpr std::uint64_t Mix64(std::uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return x;
}

// Folds one handled event into its LP's record.
inline void RecordHandled(LpRecord& record, const Event& e) {
  const std::uint64_t h =
      Mix64(static_cast<std::uint64_t>(e.time.ticks()) ^ Mix64(e.order ^ (std::uint64_t{e.kind} << 40)));
  record.fingerprint = Mix64(record.fingerprint ^ h ^ e.payload);
  ++record.processed;
}

// Folds one handled event with an attachment into its LP's record: as RecordHandled, but
// hashing the attachment's bytes instead of the payload (the engine's handle, which
// depends on the executor), so that a change in attached data changes the fingerprint.
void RecordHandledWith(LpRecord& record, const Event& e, const std::byte* bytes, std::size_t size);

// Fills in a context the attachment of the event it handles.
struct AttachmentHandover {
  static void Set(LpContext& ctx, const Event& event, const std::byte* bytes, std::size_t size) {
    ctx.attachment_ = bytes;
    ctx.attachment_order_ = event.order;
    ctx.attachment_size_ = size;
  }
};

// Handles an event that carries an attachment in `pool`: fingerprint, the model's handler
// (seeing the kind without kAttachmentFlag and payload 0), then the slot's release.
void HandleAttached(Model& model, LpContext& ctx, LpRecord& record, const Event& pending,
                    AttachmentPool& pool);

// Records and handles one event popped from a queue whose attachments live in `pool`.
// The path for events without an attachment is the one it always was, plus one bit test.
inline void HandleEvent(Model& model, LpContext& ctx, LpRecord& record, const Event& event,
                        AttachmentPool& pool) {
  if (!HasAttachmentFlag(event)) [[likely]] {
    RecordHandled(record, event);
    model.Handle(ctx, event);
  } else {
    HandleAttached(model, ctx, record, event, pool);
  }
}

// Validates the model's declaration; throws std::invalid_argument with the reason.
void CheckModel(const Model& model, const RunOptions& options);

// One record per LP, RNG streams keyed (seed, lp).
std::vector<LpRecord> MakeRecords(LpId lp_count, std::uint64_t seed);

// Fills the per-LP and combined fingerprints of `result` from `records`.
void Summarize(const std::vector<LpRecord>& records, RunResult& result);

// A sink for Finish handlers, which may not send.
class FinishSink final : public EventSink {
 public:
  void Deliver(const Event& event) override;
  void DeliverWith(const Event& event, const void* bytes, std::size_t size) override;
};

// Sends events into one queue, turning the first push after a pop into ReplaceTop.
// Usage per handled event: Arm(); copy Top(); handle (pushes go through Deliver);
// Settle() pops if nothing replaced the top.
template <EventQueue Q>
class DeferredPopQueue {
 public:
  explicit DeferredPopQueue(Q& queue) : queue_(queue) {}
  void Arm() { pop_pending_ = true; }
  void Push(const Event& e) {
    if (pop_pending_) {
      queue_.ReplaceTop(e);
      pop_pending_ = false;
    } else {
      queue_.Push(e);
    }
  }
  void Settle() {
    if (pop_pending_) {
      queue_.Pop();
      pop_pending_ = false;
    }
  }

 private:
  Q& queue_;
  bool pop_pending_ = false;
};

}  // namespace hubsim::internal

#endif  // HUBSIM_ENGINE_KERNEL_EXECUTORS_LP_TABLE_H_

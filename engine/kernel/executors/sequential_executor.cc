// The sequential executor: one queue holding every pending event, popped in total order.
// It is the reference: simple enough to trust, and every parallel executor must reproduce
// its per-LP event sequences exactly. Attachments live in one pool, owned by the run.
#include <chrono>

#include "engine/kernel/executors/executor.h"
#include "engine/kernel/executors/lp_table.h"
#include "engine/kernel/queues/queue_kind.h"

namespace hubsim {
namespace {

template <EventQueue Q>
class QueueSink final : public EventSink {
 public:
  QueueSink(internal::DeferredPopQueue<Q>& queue, internal::AttachmentPool& attachments)
      : queue_(queue), attachments_(attachments) {}
  // Not inlined into DeliverWith, so the queue's push is inlined here alone.
  [[gnu::noinline]] void Deliver(const Event& event) override { queue_.Push(event); }
  void DeliverWith(const Event& event, const void* bytes, std::size_t size) override {
    Event e = event;
    e.payload = attachments_.Store(bytes, size);
    Deliver(e);
  }

 private:
  internal::DeferredPopQueue<Q>& queue_;
  internal::AttachmentPool& attachments_;
};

template <EventQueue Q>
RunResult Run(Model& model, const RunOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  const LpId n = model.lp_count();
  const SimTime lookahead = model.lookahead();
  std::vector<LpRecord> records = internal::MakeRecords(n, options.seed);
  Q queue;
  // Pending events' attachments; those past the end time are released with it.
  internal::AttachmentPool attachments;
  internal::DeferredPopQueue<Q> deferred(queue);
  QueueSink<Q> sink(deferred, attachments);

  for (LpId lp = 0; lp < n; ++lp) {
    LpContext ctx(lp, SimTime::Zero(), lookahead, n, records[lp], sink);
    model.Init(ctx);
  }
  SimTime last = SimTime::Zero();
  std::uint64_t handled = 0;
  while (!queue.Empty() && queue.Top().time < options.end_time) {
    const Event event = queue.Top();
    deferred.Arm();
    LpRecord& record = records[event.target];
    LpContext ctx(event.target, event.time, lookahead, n, record, sink);
    internal::HandleEvent(model, ctx, record, event, attachments);
    deferred.Settle();
    last = event.time;
    if ((++handled & 0xfff) == 0) {
      if (options.stop != nullptr && options.stop->load(std::memory_order_relaxed)) {
        throw Interrupted("run interrupted");
      }
      if (options.progress && (handled & 0xffff) == 0) options.progress(last);
    }
  }
  const SimTime finish_time = options.end_time == SimTime::Max() ? last : options.end_time;
  internal::FinishSink finish_sink;
  for (LpId lp = 0; lp < n; ++lp) {
    LpContext ctx(lp, finish_time, lookahead, n, records[lp], finish_sink);
    model.Finish(ctx);
  }

  RunResult result;
  internal::Summarize(records, result);
  result.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

}  // namespace

RunResult RunSequential(Model& model, const RunOptions& options) {
  return WithQueue(options.queue,
                   [&]<class Q>(std::type_identity<Q>) { return Run<Q>(model, options); });
}

}  // namespace hubsim

// The windowed executor: conservative synchronous windows on oneTBB.
//
// Algorithm. Let L be the model's lookahead (every message between two different LPs is
// sent at least L after its send time) and T the earliest pending event time. No event
// in [T, T+L) can be caused by another LP's event in the same window, so all LPs process
// their events in [T, T+L) independently, in parallel. Messages to other LPs are buffered
// and handed over at the window's end; then T moves to the next earliest event.
//
// Partition. LPs are cut into a fixed number of contiguous blocks (RunOptions::blocks,
// never the thread count). A block owns one event queue and is processed by one task in a
// window. An event for an LP of the same block goes straight into that block's queue (for
// another LP it is >= T+L, so it cannot be handled in this window); an event for another
// block goes into the mailbox mail[parity][target block][source block].
//
// Hand-over without locks. Mailboxes are double-buffered by window parity: in window w a
// block first drains mail[(w-1)%2][itself][*] (written last window, now read only by
// it), then writes only mail[w%2][*][itself]. A block's incoming row is contiguous, so
// the drain scans one short array. One parallel_for per window; the next T
// is the minimum over blocks of their queue head and the earliest message they sent.
//
// Attachments. Each block owns an AttachmentPool holding the attachments of the events in
// its queue; only the task running the block touches it. A send within the block stores
// the bytes in the block's pool. A send to another block cannot use either pool (the
// receiver's belongs to another thread, and the sender's could not be told when the
// receiver is done), so the bytes travel in the mailbox beside the event, in a slot of
// mail[parity][target][source].attachments, and the receiving block copies them into its
// own pool when it drains the mailbox in the next window, after the barrier. A slot in a
// pool is freed by the block that handles its event, after the handler returns. Mailbox
// vectors are cleared, not shrunk, and freed slots are reused, so once the run has reached
// its peak nothing is allocated per event. Attachments of events still pending at the end
// are released with the blocks and the mailboxes.
//
// Determinism. Keys are unique and totally ordered (event.h), so a queue pops the same
// sequence whatever order messages were inserted in; every LP therefore handles exactly
// the event sequence of the sequential executor, on any thread or block count.
#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/partitioner.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <memory>

#include "engine/kernel/executors/executor.h"
#include "engine/kernel/executors/lp_table.h"
#include "engine/kernel/queues/queue_kind.h"

namespace hubsim {
namespace {

// Default block count: enough blocks per thread for load balance at any thread count we
// run, few enough that the per-window scan of the mailbox matrix stays small (measured on
// PHOLD, 16,384 LPs: 16-64 blocks run alike, 128 is slower).
constexpr LpId kDefaultBlocks = 64;

template <EventQueue Q>
class WindowRun {
 public:
  WindowRun(Model& model, const RunOptions& options)
      : model_(model),
        options_(options),
        lp_count_(model.lp_count()),
        lookahead_(model.lookahead()),
        block_count_(std::min(lp_count_, options.blocks ? options.blocks : kDefaultBlocks)),
        records_(internal::MakeRecords(lp_count_, options.seed)),
        block_of_(lp_count_),
        blocks_(block_count_) {
    for (auto& parity : mail_) parity.resize(std::size_t{block_count_} * block_count_);
    for (LpId b = 0; b < block_count_; ++b) {
      Block& block = blocks_[b];
      block.first = BlockStart(b);
      block.last = BlockStart(b + 1);
      for (LpId lp = block.first; lp < block.last; ++lp) block_of_[lp] = b;
    }
  }

  RunResult Run() {
    const auto start = std::chrono::steady_clock::now();
    tbb::task_arena arena(options_.threads);
    RunResult result;
    arena.execute([&] {
      ForEachBlock([&](Block& block) { InitBlock(block); });
      SimTime t = NextWindowStart();
      while (t < options_.end_time) {
        ++window_;
        const SimTime bound = std::min(options_.end_time, t > SimTime::Max() - lookahead_
                                                              ? SimTime::Max()
                                                              : t + lookahead_);
        ForEachBlock([&](Block& block) { RunWindow(block, bound); });
        result.windows++;
        t = NextWindowStart();
        if (options_.progress) options_.progress(bound);
        if (options_.stop != nullptr && options_.stop->load(std::memory_order_relaxed)) {
          throw Interrupted("run interrupted");
        }
      }
      if (options_.end_time != SimTime::Max()) last_time_ = options_.end_time;
      ForEachBlock([&](Block& block) { FinishBlock(block); });
    });
    internal::Summarize(records_, result);
    result.wall_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return result;
  }

 private:
  struct Block;

  // Routes a block's sends: own block -> its queue, other blocks -> this window's mailboxes.
  class BlockSink final : public EventSink {
   public:
    BlockSink(WindowRun& run, Block& block, LpId index)
        : run_(run), block_(block), index_(index), deferred_(block.queue) {}
    // Not inlined into DeliverWith (its only direct caller; Send calls it virtually), so
    // the queue's push is inlined here alone, as before attachments existed.
    [[gnu::noinline]] void Deliver(const Event& event) override {
      const LpId target_block = run_.block_of_[event.target];
      if (target_block == index_) {
        deferred_.Push(event);
      } else {
        run_.Mailbox(run_.window_ & 1, target_block, index_).events.push_back(event);
        block_.sent_min = std::min(block_.sent_min, event.time);
      }
    }
    // The bytes go to this block's pool, or beside the event in the mailbox.
    void DeliverWith(const Event& event, const void* bytes, std::size_t size) override {
      Event e = event;
      const LpId target_block = run_.block_of_[event.target];
      if (target_block == index_) {
        e.payload = block_.attachments.Store(bytes, size);
      } else {
        auto& slots = run_.Mailbox(run_.window_ & 1, target_block, index_).attachments;
        e.payload = internal::PackAttachment(static_cast<std::uint32_t>(slots.size()), size);
        std::memcpy(slots.emplace_back().bytes, bytes, size);
      }
      Deliver(e);
    }
    internal::DeferredPopQueue<Q>& deferred() { return deferred_; }

   private:
    WindowRun& run_;
    Block& block_;
    LpId index_;
    internal::DeferredPopQueue<Q> deferred_;
  };

  struct alignas(64) Block {  // aligned: blocks run on different threads
    LpId first = 0;  // LPs [first, last)
    LpId last = 0;
    Q queue;
    internal::AttachmentPool attachments;  // of the events in `queue`
    SimTime sent_min = SimTime::Max();     // earliest event sent to other blocks this window
    SimTime last_handled = SimTime::Zero();
  };

  LpId BlockStart(LpId b) const {
    return static_cast<LpId>(std::uint64_t{lp_count_} * b / block_count_);
  }
  // What one block sent another in one window: events in sending order and, for those with
  // kAttachmentFlag, their attachments' bytes (the payload indexes `attachments`).
  struct Mail {
    std::vector<Event> events;
    std::vector<internal::AttachmentSlot> attachments;
  };

  // Events sent by `source` to `target` in windows of this parity.
  Mail& Mailbox(unsigned parity, LpId target, LpId source) {
    return mail_[parity][std::size_t{target} * block_count_ + source];
  }
  LpId IndexOf(const Block& block) const { return static_cast<LpId>(&block - blocks_.data()); }

  template <class F>
  void ForEachBlock(F&& f) {
    if (options_.threads == 1) {
      for (Block& block : blocks_) f(block);
      return;
    }
    tbb::parallel_for(
        tbb::blocked_range<LpId>(0, block_count_, 1),
        [&](const tbb::blocked_range<LpId>& r) {
          for (LpId b = r.begin(); b != r.end(); ++b) f(blocks_[b]);
        },
        affinity_);
  }

  void InitBlock(Block& block) {
    BlockSink sink(*this, block, IndexOf(block));
    for (LpId lp = block.first; lp < block.last; ++lp) {
      LpContext ctx(lp, SimTime::Zero(), lookahead_, lp_count_, records_[lp], sink);
      model_.Init(ctx);
    }
  }

  void RunWindow(Block& block, SimTime bound) {
    const LpId index = IndexOf(block);
    // Hand-over: the messages other blocks sent to this one in the previous window.
    const unsigned previous = (window_ - 1) & 1;
    for (LpId source = 0; source < block_count_; ++source) {
      Mail& inbox = Mailbox(previous, index, source);
      if (inbox.events.empty()) continue;
      if (!inbox.attachments.empty()) [[unlikely]] {
        TakeAttachments(block, inbox);
      }
      for (const Event& e : inbox.events) block.queue.Push(e);
      inbox.events.clear();
    }
    block.sent_min = SimTime::Max();
    BlockSink sink(*this, block, index);
    Q& queue = block.queue;
    SimTime handled_time = block.last_handled;
    while (!queue.Empty() && queue.Top().time < bound) {
      const Event event = queue.Top();
      handled_time = event.time;
      sink.deferred().Arm();
      LpRecord& record = records_[event.target];
      LpContext ctx(event.target, event.time, lookahead_, lp_count_, record, sink);
      internal::HandleEvent(model_, ctx, record, event, block.attachments);
      sink.deferred().Settle();
    }
    block.last_handled = handled_time;
  }

  // Moves the attachments of `inbox` into the block's pool and points their events at them.
  [[gnu::noinline]] static void TakeAttachments(Block& block, Mail& inbox) {
    for (Event& e : inbox.events) {
      if (internal::HasAttachmentFlag(e)) {
        const internal::AttachmentSlot& sent =
            inbox.attachments[internal::AttachmentHandle(e.payload)];
        e.payload = block.attachments.Store(sent.bytes, internal::AttachmentSize(e.payload));
      }
    }
    inbox.attachments.clear();
  }

  void FinishBlock(Block& block) {
    internal::FinishSink sink;
    for (LpId lp = block.first; lp < block.last; ++lp) {
      LpContext ctx(lp, last_time_, lookahead_, lp_count_, records_[lp], sink);
      model_.Finish(ctx);
    }
  }

  // The earliest pending event anywhere: queue heads and messages still in mailboxes.
  // Also advances last_time_, the latest event handled so far.
  SimTime NextWindowStart() {
    SimTime t = SimTime::Max();
    for (const Block& block : blocks_) {
      if (!block.queue.Empty()) t = std::min(t, block.queue.Top().time);
      t = std::min(t, block.sent_min);
      last_time_ = std::max(last_time_, block.last_handled);
    }
    return t;
  }

  Model& model_;
  const RunOptions& options_;
  const LpId lp_count_;
  const SimTime lookahead_;
  const LpId block_count_;
  std::vector<LpRecord> records_;
  std::vector<LpId> block_of_;
  std::vector<Block> blocks_;
  // Replays last window's block-to-thread mapping, so a block's queue and LP records stay
  // in the cache of the core that ran it (measured on PHOLD, 16,384 LPs: 2 threads ran
  // 1.42x faster than 1 with the default partitioner, 1.99x with this one).
  tbb::affinity_partitioner affinity_;
  // mail_[parity][target * block_count_ + source], see Mailbox().
  std::vector<Mail> mail_[2];
  // Windows started so far; its parity selects the mailboxes being written. Written only
  // between parallel phases.
  std::uint64_t window_ = 0;
  // Time given to Finish: the end time, or the last event handled when there is none.
  SimTime last_time_ = SimTime::Zero();
};

template <EventQueue Q>
RunResult Run(Model& model, const RunOptions& options) {
  auto run = std::make_unique<WindowRun<Q>>(model, options);
  return run->Run();
}

}  // namespace

RunResult RunWindowed(Model& model, const RunOptions& options) {
  return WithQueue(options.queue,
                   [&]<class Q>(std::type_identity<Q>) { return Run<Q>(model, options); });
}

}  // namespace hubsim

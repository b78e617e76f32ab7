// The narrow interface between a model and the engine.
//
// A model is a table of handlers (Init, Handle, Finish) over logical processes (LPs). It
// declares how many LPs it has and the smallest delay of any message between two
// different LPs (the lookahead); it never sees a queue, a thread or the thread count.
//
// Contract for implementers:
// - Handlers for one LP never run concurrently with each other. Handlers for different LPs
//   may run concurrently, so a handler touches only the state of ctx.lp() (and immutable
//   shared data).
// - Another LP is reached only through LpContext::Send or SendWith with delay >=
//   lookahead(). An LP may schedule events for itself with any delay >= 0.
// - State that moves to another LP (a parcel's record) travels as an attachment
//   (SendWith): the receiver gets its own copy, never a pointer into the sender's memory.
// - Randomness comes from ctx.rng() or from RngStreams the model keys itself.
#ifndef HUBSIM_MODEL_H_
#define HUBSIM_MODEL_H_

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <type_traits>

#include "hubsim/event.h"
#include "hubsim/rng.h"
#include "hubsim/sim_time.h"

namespace hubsim {

// A message to another LP was sent with a delay below the model's lookahead: a bug in the
// model (its declared lookahead is wrong), never a user error.
class LookaheadViolation : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

// Largest attachment, bytes.
inline constexpr std::size_t kMaxAttachmentBytes = 128;

// Engine-owned bookkeeping of one LP. Models do not use it directly.
struct LpRecord {
  std::uint32_t next_sequence = 0;
  std::uint64_t processed = 0;  // events handled
  // Running hash of the handled event sequence: each event's time, order key, kind and
  // payload, or for an event with an attachment the attachment's bytes instead of the payload.
  std::uint64_t fingerprint = 0;
  RngStream rng;  // keyed (seed, lp id)
};

namespace internal {
struct AttachmentHandover;
}  // namespace internal

// Where sent events go; implemented by each executor.
class EventSink {
 public:
  virtual void Deliver(const Event& event) = 0;
  // `event` has kAttachmentFlag set; the sink copies `size` bytes from `bytes` into engine
  // storage before returning and sets the payload to its handle.
  virtual void DeliverWith(const Event& event, const void* bytes, std::size_t size) = 0;

 protected:
  ~EventSink() = default;
};

// What a handler may do. Created by the executor for each handler call.
//
// Attachments. SendWith sends an event together with a copy of a small trivially copyable
// value (a record of up to kMaxAttachmentBytes). Ownership and lifetime:
// - The value is copied into engine-owned storage when SendWith returns; the sender keeps
//   no reference to it and may change its own copy at once.
// - While the event is pending the engine owns the attachment. The receiving LP reads it,
//   by value, with Attached<T>(event) during the handler call for that event and only then;
//   after the handler returns, the engine reclaims the storage for reuse. To keep the data,
//   the receiver copies it into its own state or sends it on with SendWith.
// - An attachment is never shared: the receiver gets bytes no other LP can reach, so a model
//   that moves state only through attachments has no data shared between LPs.
// - Handlers see the event's kind as sent (without kAttachmentFlag) and payload 0: the
//   engine's handle depends on the executor and is not shown, so what a handler sees is the
//   same on every executor. HasAttachment(event) tells an attached event apart.
// - Pending attachments of events past the end time are released with the run.
// Thread safety (internal): attachment storage is owned by one executor partition (the
// sequential executor's pool, or one block's pool in the windowed executor) and touched only
// by the thread running that partition. A message to another block carries its bytes in
// the window's mailbox, which the receiving block copies into its own pool when it takes
// the mail in the next window, after the barrier between the two (window_executor.cc).
// Cost: SendWith copies sizeof(T) bytes (twice when crossing blocks), and handling an
// attached event hashes them into the LP's fingerprint. An event without an attachment
// pays one bit test and one store (PHOLD, callgrind: +0.3% instructions sequential, +1.0%
// windowed).
class LpContext {
 public:
  LpContext(LpId lp, SimTime now, SimTime lookahead, LpId lp_count, LpRecord& record,
            EventSink& sink)
      : lp_(lp), lp_count_(lp_count), now_(now), lookahead_(lookahead), record_(record),
        sink_(sink) {}

  LpId lp() const { return lp_; }
  SimTime now() const { return now_; }
  RngStream& rng() { return record_.rng; }

  // Sends an event to `target`, to fire after `delay`. Ties at equal time are broken by
  // priority (lower first), then by sender and its sending order.
  // Throws LookaheadViolation if target != lp() and delay < lookahead, and
  // std::out_of_range for an unknown target, a negative delay or kind > kMaxEventKind.
  void Send(LpId target, SimTime delay, std::uint32_t kind, std::uint64_t payload = 0,
            std::uint8_t priority = 0) {
    CheckSend(target, delay, kind);
    Event e;
    e.time = now_ + delay;
    e.order = Event::OrderKey(priority, lp_, record_.next_sequence++);
    e.target = target;
    e.kind = kind;
    e.payload = payload;
    sink_.Deliver(e);
  }
  // Schedules an event for this LP itself.
  void Schedule(SimTime delay, std::uint32_t kind, std::uint64_t payload = 0,
                std::uint8_t priority = 0) {
    Send(lp_, delay, kind, payload, priority);
  }

  // Sends an event to `target` carrying a copy of `value` (trivially copyable, at most
  // kMaxAttachmentBytes). Same rules and order as Send. While the event is pending its
  // payload is the engine's handle (the handler sees 0); the receiving handler reads the
  // value with Attached<T>(event) while it handles that event (and only then: the engine
  // reclaims the attachment after the handler returns). target == lp() is allowed, with
  // any delay >= 0.
  // REQUIRES: T has no padding bytes (std::has_unique_object_representations_v<T>, or a
  // struct of floating-point fields without gaps): the fingerprint hashes every byte of
  // the value, and padding would make it differ from run to run.
  // Throws as Send does; std::logic_error when called from Finish.
  template <class T>
  void SendWith(LpId target, SimTime delay, std::uint32_t kind, const T& value,
                std::uint8_t priority = 0) {
    static_assert(std::is_trivially_copyable_v<T>, "an attachment is copied as bytes");
    static_assert(sizeof(T) <= kMaxAttachmentBytes, "attachments are at most 128 bytes");
    CheckSend(target, delay, kind);
    Event e;
    e.time = now_ + delay;
    e.order = Event::OrderKey(priority, lp_, record_.next_sequence++);
    e.target = target;
    e.kind = kind | kAttachmentFlag;
    sink_.DeliverWith(e, &value, sizeof(T));
  }

  // True iff `event`, the event being handled, carries an attachment.
  bool HasAttachment(const Event& event) const {
    return attachment_ != nullptr && event.order == attachment_order_ && event.time == now_;
  }

  // The value sent with `event` by SendWith<T>.
  // REQUIRES: event carries an attachment of type T, being handled now.
  // Throws std::logic_error when `event` is not the attached event being handled or the
  // attachment's size is not sizeof(T).
  template <class T>
  T Attached(const Event& event) const {
    static_assert(std::is_trivially_copyable_v<T>, "an attachment is copied as bytes");
    static_assert(sizeof(T) <= kMaxAttachmentBytes, "attachments are at most 128 bytes");
    if (!HasAttachment(event) || attachment_size_ != sizeof(T)) [[unlikely]] {
      ThrowNotAttached(event, sizeof(T));
    }
    std::array<std::byte, sizeof(T)> raw;
    std::memcpy(raw.data(), attachment_, sizeof(T));
    return std::bit_cast<T>(raw);
  }

 private:
  friend struct internal::AttachmentHandover;

  void CheckSend(LpId target, SimTime delay, std::uint32_t kind) const {
    if (target != lp_ && delay < lookahead_) [[unlikely]]
      ThrowLookahead(target, delay);
    if (target >= lp_count_ || delay < SimTime::Zero() || kind > kMaxEventKind) [[unlikely]] {
      ThrowBadSend(target, delay, kind);
    }
  }
  [[noreturn]] void ThrowLookahead(LpId target, SimTime delay) const;
  [[noreturn]] void ThrowBadSend(LpId target, SimTime delay, std::uint32_t kind) const;
  [[noreturn]] void ThrowNotAttached(const Event& event, std::size_t size) const;

  LpId lp_;
  LpId lp_count_;
  SimTime now_;
  SimTime lookahead_;
  LpRecord& record_;
  EventSink& sink_;
  // The attachment of the event being handled, if any (set by the executor). The order
  // and size are set with it and read only when it is not null: left uninitialised, so a
  // context for an event without an attachment costs one store more than before.
  const std::byte* attachment_ = nullptr;
  std::uint64_t attachment_order_;  // NOLINT(cppcoreguidelines-pro-type-member-init)
  std::size_t attachment_size_;     // NOLINT(cppcoreguidelines-pro-type-member-init)
};

class Model {
 public:
  virtual ~Model() = default;
  // Number of LPs, fixed for the run. REQUIRES: 1 <= lp_count() <= kMaxLps.
  virtual LpId lp_count() const = 0;
  // Smallest delay of any message between two different LPs. REQUIRES: > 0.
  virtual SimTime lookahead() const = 0;
  // Called once per LP at time 0, before any event; schedules the LP's first events.
  virtual void Init(LpContext& ctx) = 0;
  // Handles one event addressed to ctx.lp().
  virtual void Handle(LpContext& ctx, const Event& event) = 0;
  // Called once per LP after the run ends (ctx.now() is the end time).
  virtual void Finish(LpContext& /*ctx*/) {}
};

}  // namespace hubsim

#endif  // HUBSIM_MODEL_H_

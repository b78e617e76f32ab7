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
// - Another LP is reached only through LpContext::Send with delay >= lookahead().
//   An LP may schedule events for itself with any delay >= 0.
// - Randomness comes from ctx.rng() or from RngStreams the model keys itself.
#ifndef HUBSIM_MODEL_H_
#define HUBSIM_MODEL_H_

#include <cstdint>
#include <stdexcept>
#include <string>

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

// Engine-owned bookkeeping of one LP. Models do not use it directly.
struct LpRecord {
  std::uint32_t next_sequence = 0;
  std::uint64_t processed = 0;    // events handled
  std::uint64_t fingerprint = 0;  // running hash of the handled event sequence
  RngStream rng;                  // keyed (seed, lp id)
};

// Where sent events go; implemented by each executor.
class EventSink {
 public:
  virtual void Deliver(const Event& event) = 0;

 protected:
  ~EventSink() = default;
};

// What a handler may do. Created by the executor for each handler call.
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
  // std::out_of_range for an unknown target or a negative delay.
  void Send(LpId target, SimTime delay, std::uint32_t kind, std::uint64_t payload = 0,
            std::uint8_t priority = 0) {
    if (target != lp_ && delay < lookahead_) [[unlikely]] ThrowLookahead(target, delay);
    if (target >= lp_count_ || delay < SimTime::Zero()) [[unlikely]] ThrowBadSend(target, delay);
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

 private:
  [[noreturn]] void ThrowLookahead(LpId target, SimTime delay) const;
  [[noreturn]] void ThrowBadSend(LpId target, SimTime delay) const;

  LpId lp_;
  LpId lp_count_;
  SimTime now_;
  SimTime lookahead_;
  LpRecord& record_;
  EventSink& sink_;
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

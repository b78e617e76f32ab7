// Events and their one total order.
//
// An Event is a 32-byte value: it is copied into queues and outboxes, never allocated on
// its own. A model that needs to send more than its 8-byte payload (a parcel's record
// crossing to another LP) sends it as an attachment (LpContext::SendWith, model.h).
//
// The total order (defined here and nowhere else) is
//   (time, priority, origin LP, origin sequence)
// packed as (time, order) where order = priority << 56 | origin << 32 | sequence.
// `origin` is the LP that sent the event and `sequence` counts the events that LP has
// sent (mod 2^32). Every field is fixed by the sender's own history, never by which
// thread ran first, so the order is the same on every executor and thread count; and
// (origin, sequence) makes every key unique while fewer than 2^32 events of one origin
// are pending at once, so a queue's pop order never depends on insertion order.
#ifndef HUBSIM_EVENT_H_
#define HUBSIM_EVENT_H_

#include <cstdint>

#include "hubsim/sim_time.h"

namespace hubsim {

// Logical process id: dense, 0 .. lp_count-1.
using LpId = std::uint32_t;

// Largest number of LPs a model may declare (the origin field of the order key is 24 bits).
inline constexpr LpId kMaxLps = LpId{1} << 24;

// Model-defined kinds are at most kMaxEventKind. The top bit of Event::kind is the
// engine's: kAttachmentFlag marks a pending event that carries an attachment, whose payload
// is then the engine's handle to it. Handlers never see the flag (model.h).
inline constexpr std::uint32_t kMaxEventKind = (std::uint32_t{1} << 31) - 1;
inline constexpr std::uint32_t kAttachmentFlag = std::uint32_t{1} << 31;

struct Event {
  SimTime time;               // when the event fires
  std::uint64_t order = 0;    // tie-break key, see OrderKey()
  LpId target = 0;            // the LP that handles it
  std::uint32_t kind = 0;     // model-defined, <= kMaxEventKind (plus kAttachmentFlag)
  std::uint64_t payload = 0;  // model-defined (a value or a handle into a model pool)

  static constexpr std::uint64_t OrderKey(std::uint8_t priority, LpId origin,
                                          std::uint32_t sequence) {
    return std::uint64_t{priority} << 56 | std::uint64_t{origin} << 32 | sequence;
  }
  constexpr std::uint8_t priority() const { return static_cast<std::uint8_t>(order >> 56); }
  constexpr LpId origin() const { return static_cast<LpId>((order >> 32) & (kMaxLps - 1)); }
  constexpr std::uint32_t sequence() const { return static_cast<std::uint32_t>(order); }
};
static_assert(sizeof(Event) == 32, "events are kept small: two per cache line");

// The total event order. `a` is processed before `b` iff EventBefore(a, b).
constexpr bool EventBefore(const Event& a, const Event& b) {
  return a.time < b.time || (a.time == b.time && a.order < b.order);
}

}  // namespace hubsim

#endif  // HUBSIM_EVENT_H_

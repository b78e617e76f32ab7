#include "hubsim/model.h"

#include <stdexcept>
#include <string>

namespace hubsim {

void LpContext::ThrowLookahead(LpId target, SimTime delay) const {
  throw LookaheadViolation("lookahead violated: LP " + std::to_string(lp_) + " at t=" +
                           now_.ToString() + " sent an event to LP " + std::to_string(target) +
                           " with delay " + delay.ToString() + ", below the model's lookahead " +
                           lookahead_.ToString() +
                           "; a message between LPs must be delayed by at least the lookahead");
}

void LpContext::ThrowBadSend(LpId target, SimTime delay, std::uint32_t kind) const {
  if (kind > kMaxEventKind) {
    throw std::out_of_range("LP " + std::to_string(lp_) + " sent an event of kind " +
                            std::to_string(kind) + "; model kinds must be at most " +
                            std::to_string(kMaxEventKind) +
                            " (the top bit is the engine's attachment flag)");
  }
  if (target >= lp_count_) {
    throw std::out_of_range("LP " + std::to_string(lp_) + " sent an event to LP " +
                            std::to_string(target) + ", but the model has only " +
                            std::to_string(lp_count_) + " LPs");
  }
  throw std::out_of_range("LP " + std::to_string(lp_) + " scheduled an event with negative delay " +
                          delay.ToString());
}

void LpContext::ThrowNotAttached(const Event& event, std::size_t size) const {
  if (!HasAttachment(event)) {
    throw std::logic_error("LP " + std::to_string(lp_) + " at t=" + now_.ToString() +
                           " read an attachment from an event of kind " +
                           std::to_string(event.kind) +
                           " that is not an attached event being handled");
  }
  throw std::logic_error("LP " + std::to_string(lp_) + " at t=" + now_.ToString() + " read a " +
                         std::to_string(size) + "-byte attachment from an event of kind " +
                         std::to_string(event.kind) + " that carries " +
                         std::to_string(attachment_size_) + " bytes");
}

}  // namespace hubsim

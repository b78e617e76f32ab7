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

void LpContext::ThrowBadSend(LpId target, SimTime delay) const {
  if (target >= lp_count_) {
    throw std::out_of_range("LP " + std::to_string(lp_) + " sent an event to LP " +
                            std::to_string(target) + ", but the model has only " +
                            std::to_string(lp_count_) + " LPs");
  }
  throw std::out_of_range("LP " + std::to_string(lp_) + " scheduled an event with negative delay " +
                          delay.ToString());
}

}  // namespace hubsim

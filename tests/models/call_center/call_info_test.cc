// What a call and its outcome carry survives the trip through an event payload.
#include <gtest/gtest.h>

#include "engine/models/call_center/call_center.h"

namespace hubsim::call_center {
namespace {

TEST(CallInfoTest, RoundTripsEveryField) {
  CallInfo info;
  info.type = 99;
  info.cause = Cause::kComplaintReopened;
  info.key = true;
  info.redial = true;
  info.reopens = 15;
  info.account = 0xfffffff0u;
  const CallInfo back = CallInfo::Decode(info.Encode());
  EXPECT_EQ(back.type, 99u);
  EXPECT_EQ(back.cause, Cause::kComplaintReopened);
  EXPECT_TRUE(back.key);
  EXPECT_TRUE(back.redial);
  EXPECT_EQ(back.reopens, 15);
  ASSERT_TRUE(back.account.has_value());
  EXPECT_EQ(*back.account, 0xfffffff0u);
  CallInfo anonymous;
  anonymous.type = 3;
  EXPECT_FALSE(CallInfo::Decode(anonymous.Encode()).account.has_value());
  CallInfo zero = anonymous;
  zero.account = 0;  // account 0 is an account, not "none"
  ASSERT_TRUE(CallInfo::Decode(zero.Encode()).account.has_value());
}

TEST(CallOutcomeTest, RoundTripsWithTheWaitInWholeSecondsRoundedUp) {
  CallOutcome o;
  o.account = 123456;
  o.abandoned = false;
  o.beyond_target = SimTime::Milliseconds(61'200);
  o.cause = Cause::kComplaint;
  o.reopens = 2;
  const CallOutcome back = CallOutcome::Decode(o.Encode());
  EXPECT_EQ(back.account, 123456u);
  EXPECT_FALSE(back.abandoned);
  EXPECT_EQ(back.beyond_target, SimTime::Seconds(62));
  EXPECT_EQ(back.cause, Cause::kComplaint);
  EXPECT_EQ(back.reopens, 2);
  o.beyond_target = SimTime::Zero() - SimTime::Seconds(5);  // within the target
  o.abandoned = true;
  EXPECT_EQ(CallOutcome::Decode(o.Encode()).beyond_target, SimTime::Zero());
  EXPECT_TRUE(CallOutcome::Decode(o.Encode()).abandoned);
  o.beyond_target = SimTime::Days(100);  // saturates rather than wrapping
  EXPECT_EQ(CallOutcome::Decode(o.Encode()).beyond_target, SimTime::Seconds(0xfffff));
}

}  // namespace
}  // namespace hubsim::call_center

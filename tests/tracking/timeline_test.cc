// A parcel's timeline as the customer sees it: the status follows the last scan, and each
// promise is kept, missed, open or pending by the model's clock rules.
#include "engine/tracking/timeline.h"

#include <gtest/gtest.h>

#include <vector>

namespace hubsim::tracking {
namespace {

constexpr std::int64_t kMin = 60'000'000;
constexpr std::int64_t kDay = 1440 * kMin;

io::TrackingHeader Header(std::uint32_t days = 3) {
  io::TrackingHeader h;
  h.set_days(days);
  h.set_pickup_promise_minutes(60);
  h.set_delivery_promise_minutes(120);
  h.set_next_day_days(1);
  for (int i = 0; i < 2; ++i) {
    io::TrackingHeader::Hub& hub = *h.add_hub();
    hub.set_id(i == 0 ? "AAA" : "BBB");
    hub.set_name(i == 0 ? "Alpha" : "Beta");
    io::TrackingHeader::Outlet& o = *h.add_outlet();
    o.set_id(i == 0 ? "AAA-01" : "BBB-01");
    o.set_hub(static_cast<std::uint32_t>(i));
    o.set_shift_start_minutes(8 * 60);
    o.set_shift_end_minutes(20 * 60);
    o.set_extra_days(0);
  }
  io::TrackingHeader::Linehaul& l = *h.add_linehaul();
  l.set_from(0);
  l.set_to(1);
  return h;
}

io::Scan At(std::int64_t t, io::ScanType type) {
  io::Scan s;
  s.set_parcel(5);
  s.set_time_us(t);
  s.set_type(type);
  return s;
}
io::Scan AtOutlet(std::int64_t t, io::ScanType type, std::uint32_t outlet) {
  io::Scan s = At(t, type);
  s.set_outlet(outlet);
  return s;
}
io::Scan AtHub(std::int64_t t, io::ScanType type, std::uint32_t hub) {
  io::Scan s = At(t, type);
  s.set_hub(hub);
  return s;
}

const io::Timeline::Promise& PromiseNamed(const io::Timeline& t, const std::string& prefix) {
  for (const auto& p : t.promise()) {
    if (p.name().rfind(prefix, 0) == 0) return p;
  }
  ADD_FAILURE() << "no promise " << prefix;
  return t.promise(0);
}

TEST(Timeline, ADeliveredParcelKeepsItsPromisesByTheClockRules) {
  // Ordered at 06:00, before the shift: the pickup clock starts at 08:00.
  io::Scan order = AtOutlet(6 * 60 * kMin, io::ORDER_PLACED, 0);
  order.set_to_outlet(1);
  io::Scan pick = AtOutlet(8 * 60 * kMin + 50 * kMin, io::PICKED_UP, 0);
  pick.set_courier(2);
  io::Scan dep = AtHub(13 * 60 * kMin, io::LINEHAUL_DEPARTED, 0);
  dep.set_linehaul(0);
  io::Scan arr = AtOutlet(kDay + 7 * 60 * kMin, io::ARRIVED_AT_OUTLET, 1);  // clock at 08:00 of day 2
  io::Scan done = AtOutlet(kDay + 8 * 60 * kMin + 130 * kMin, io::DELIVERED, 1);
  done.set_courier(1);
  const io::Timeline t = MakeTimeline(Header(), 5, {order, pick, dep, arr, done});
  EXPECT_EQ(t.status(), "delivered");
  EXPECT_EQ(t.from().id(), "AAA-01");
  EXPECT_EQ(t.to().id(), "BBB-01");
  ASSERT_EQ(t.event_size(), 5);
  EXPECT_EQ(t.event(0).time(), "day 1 06:00:00");
  EXPECT_EQ(t.event(2).status(), "Left on the linehaul AAA->BBB");
  EXPECT_EQ(t.event(2).place().id(), "AAA");
  EXPECT_EQ(t.event(4).courier(), 1u);
  const auto& pickup = PromiseNamed(t, "pickup");
  EXPECT_EQ(pickup.state(), "kept");
  EXPECT_DOUBLE_EQ(pickup.minutes(), 50);
  EXPECT_EQ(pickup.deadline(), "day 1 09:00");
  const auto& delivery = PromiseNamed(t, "delivery");
  EXPECT_EQ(delivery.state(), "missed");
  EXPECT_DOUBLE_EQ(delivery.minutes(), 130);
  EXPECT_EQ(PromiseNamed(t, "next-day").state(), "kept");
  EXPECT_EQ(PromiseNamed(t, "next-day").deadline(), "day 3 00:00");
}

TEST(Timeline, TheModelsRecordedVerdictWins) {
  io::Scan order = AtOutlet(9 * 60 * kMin, io::ORDER_PLACED, 0);
  io::Scan pick = AtOutlet(9 * 60 * kMin + 10 * kMin, io::PICKED_UP, 0);
  pick.set_promise_kept(false);
  const io::Timeline t = MakeTimeline(Header(), 5, {order, pick});
  EXPECT_EQ(PromiseNamed(t, "pickup").state(), "missed");
  EXPECT_EQ(t.status(), "picked up");
}

TEST(Timeline, OpenPendingAndMissedPromisesOfAParcelOnItsWay) {
  // Ordered at 19:30 of the last day: its pickup deadline (20:30) is within the run (3
  // days) and it was not picked up: missed. Delivery and next-day have not started.
  const io::Timeline late = MakeTimeline(Header(3), 5, {AtOutlet(2 * kDay + 19 * 60 * kMin + 30 * kMin, io::ORDER_PLACED, 0)});
  EXPECT_EQ(late.status(), "ordered");
  EXPECT_EQ(PromiseNamed(late, "pickup").state(), "missed");
  EXPECT_EQ(PromiseNamed(late, "delivery").state(), "pending");
  EXPECT_EQ(PromiseNamed(late, "next-day").state(), "pending");
  // Ordered at 23:30 of the last day: due at 09:00 on day 4, after the run: open.
  const io::Timeline open = MakeTimeline(Header(3), 5, {AtOutlet(2 * kDay + 23 * 60 * kMin + 30 * kMin, io::ORDER_PLACED, 0)});
  EXPECT_EQ(PromiseNamed(open, "pickup").state(), "open");
}

TEST(Timeline, ALostParcelMissesWhatItCanNoLongerKeep) {
  io::Scan order = AtOutlet(9 * 60 * kMin, io::ORDER_PLACED, 0);
  order.set_to_outlet(1);
  const io::Timeline t = MakeTimeline(Header(), 5, {order, AtOutlet(9 * 60 * kMin + 5 * kMin, io::PICKED_UP, 0),
                                                    AtHub(11 * 60 * kMin, io::DAMAGED, 0),
                                                    AtHub(11 * 60 * kMin, io::LOST, 0)});
  EXPECT_EQ(t.status(), "lost");
  EXPECT_EQ(PromiseNamed(t, "delivery").state(), "missed");
  EXPECT_EQ(PromiseNamed(t, "next-day").state(), "missed");
}

TEST(Timeline, IndicesOutsideTheHeaderAreShownNotTrusted) {
  io::Scan order = AtOutlet(9 * 60 * kMin, io::ORDER_PLACED, 77);
  order.set_to_outlet(1'000'000);
  io::Scan dep = AtHub(10 * 60 * kMin, io::LINEHAUL_DEPARTED, 9);
  dep.set_linehaul(12);
  const io::Timeline t = MakeTimeline(Header(), 5, {order, dep, At(11 * 60 * kMin, static_cast<io::ScanType>(0))});
  EXPECT_EQ(t.from().id(), "#77");
  EXPECT_EQ(t.to().id(), "#1000000");
  EXPECT_EQ(t.event(1).place().id(), "#9");
  EXPECT_EQ(t.event(1).linehaul(), "#12");
  EXPECT_EQ(PromiseNamed(t, "pickup").state(), "pending");  // no shift known for outlet #77
  EXPECT_FALSE(TimelineText(t).empty());
  EXPECT_NE(TimelineJson(t).find("\"#77\""), std::string::npos);
}

TEST(Timeline, TimesReadAsDayAndClock) {
  EXPECT_EQ(FormatTime(0), "day 1 00:00:00");
  EXPECT_EQ(FormatTime(kDay + 13 * 60 * kMin + 5 * kMin + 7'000'000), "day 2 13:05:07");
}

}  // namespace
}  // namespace hubsim::tracking

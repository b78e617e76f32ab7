#include "engine/tracking/timeline.h"

#include <google/protobuf/util/json_util.h>

#include <cinttypes>
#include <cstdio>
#include <optional>

namespace hubsim::tracking {
namespace {

constexpr std::int64_t kMinuteUs = 60'000'000;
constexpr std::int64_t kDayUs = 1440 * kMinuteUs;

std::int64_t DayStart(std::int64_t t) { return t - t % kDayUs; }

// The start of a promise clock at `t` for a shift [start, end) (minutes after midnight).
std::int64_t ClockStart(std::int64_t t, std::int64_t start_min, std::int64_t end_min) {
  const std::int64_t tod = t % kDayUs;
  const std::int64_t start = start_min * kMinuteUs, end = end_min * kMinuteUs;
  if (tod >= start && tod < end) return t;
  return tod < start ? DayStart(t) + start : DayStart(t) + kDayUs + start;
}

std::string Format(const char* format, auto... values) {
  char buffer[256];
  std::snprintf(buffer, sizeof buffer, format, values...);
  return buffer;
}

class Builder {
 public:
  Builder(const io::TrackingHeader& header, io::Timeline& out) : h_(header), out_(out) {}

  io::Timeline::Place Outlet(std::uint32_t i) const { return PlaceOf("outlet", h_.outlet(), i); }
  io::Timeline::Place Hub(std::uint32_t i) const { return PlaceOf("hub", h_.hub(), i); }
  // The place at index `i` of the header's list, or "#i" when the list has none.
  template <typename List>
  static io::Timeline::Place PlaceOf(const char* kind, const List& list, std::uint32_t i) {
    io::Timeline::Place p;
    p.set_kind(kind);
    if (i < static_cast<std::uint32_t>(list.size())) {
      p.set_id(list[static_cast<int>(i)].id());
      p.set_name(list[static_cast<int>(i)].name());
    } else {
      p.set_id(Format("#%u", i));
    }
    return p;
  }
  std::string HubId(std::uint32_t i) const { return Hub(i).id(); }
  std::string Linehaul(std::uint32_t l) const {
    if (l >= static_cast<std::uint32_t>(h_.linehaul_size())) return Format("#%u", l);
    const auto& line = h_.linehaul(static_cast<int>(l));
    return HubId(line.from()) + "->" + HubId(line.to());
  }
  const io::TrackingHeader::Outlet* OutletSpec(std::uint32_t i) const {
    return i < static_cast<std::uint32_t>(h_.outlet_size()) ? &h_.outlet(static_cast<int>(i)) : nullptr;
  }

  std::string Words(const io::Scan& s) const {
    const std::string courier = s.has_courier() ? " (courier " + std::to_string(s.courier()) + ")" : "";
    switch (s.type()) {
      case io::ORDER_PLACED: return "Order placed";
      case io::PICKED_UP: return "Picked up" + courier;
      case io::OUTLET_IN: return "At the outlet";
      case io::OUTLET_OUT: return "Left the outlet for the hub";
      case io::HUB_IN: return "Arrived at the hub";
      case io::SORTED: return "Sorted";
      case io::LINEHAUL_DEPARTED: return "Left on the linehaul " + Linehaul(s.linehaul());
      case io::LINEHAUL_ARRIVED: return "Arrived by linehaul " + Linehaul(s.linehaul());
      case io::HUB_OUT: return "Left the hub for the delivery outlet";
      case io::ARRIVED_AT_OUTLET: return "Arrived at the delivery outlet";
      case io::OUT_FOR_DELIVERY: return "Out for delivery" + courier;
      case io::DELIVERY_FAILED: return "Delivery attempt failed: nobody at home" + courier;
      case io::BACK_AT_OUTLET: return "Back at the outlet for another attempt";
      case io::DELIVERED: return "Delivered" + courier;
      case io::LOST: return "Lost at the hub";
      case io::DAMAGED: return "Damaged at the hub";
      default: return "Scan of unknown type " + std::to_string(static_cast<int>(s.type()));
    }
  }

  static const char* Status(io::ScanType type, const char* previous) {
    switch (type) {
      case io::ORDER_PLACED: return "ordered";
      case io::PICKED_UP: return "picked up";
      case io::OUTLET_IN:
      case io::OUTLET_OUT:
      case io::HUB_IN:
      case io::SORTED:
      case io::LINEHAUL_DEPARTED:
      case io::LINEHAUL_ARRIVED:
      case io::HUB_OUT: return "in transit";
      case io::ARRIVED_AT_OUTLET:
      case io::DELIVERY_FAILED:
      case io::BACK_AT_OUTLET: return "at the delivery outlet";
      case io::OUT_FOR_DELIVERY: return "out for delivery";
      case io::DELIVERED: return "delivered";
      case io::LOST: return "lost";
      default: return previous;  // damage does not change where the parcel is
    }
  }

  void Promise(const char* name, double limit_minutes, std::optional<std::int64_t> clock,
               std::optional<std::int64_t> deadline, std::optional<std::int64_t> done,
               std::optional<bool> recorded_kept, bool lost) {
    io::Timeline::Promise& p = *out_.add_promise();
    p.set_name(name);
    if (limit_minutes > 0) p.set_limit_minutes(limit_minutes);
    if (!deadline) {
      p.set_state(lost ? "missed" : "pending");
      return;
    }
    p.set_deadline(FormatTime(*deadline).substr(0, FormatTime(*deadline).size() - 3));
    p.set_deadline_us(*deadline);
    if (done) {
      // The model's verdict where it recorded one; the same rule otherwise.
      const bool kept = recorded_kept.value_or(*done <= *deadline);
      p.set_state(kept ? "kept" : "missed");
      if (clock) p.set_minutes(static_cast<double>(*done - *clock) / static_cast<double>(kMinuteUs));
    } else if (lost || *deadline <= static_cast<std::int64_t>(h_.days()) * kDayUs) {
      p.set_state("missed");
    } else {
      p.set_state("open");
    }
  }

 private:
  const io::TrackingHeader& h_;
  io::Timeline& out_;
};

}  // namespace

std::string FormatTime(std::int64_t us) {
  if (us < 0) us = 0;
  const std::int64_t seconds = us / 1'000'000;
  return Format("day %" PRId64 " %02d:%02d:%02d", seconds / 86400 + 1, static_cast<int>(seconds % 86400 / 3600),
                static_cast<int>(seconds % 3600 / 60), static_cast<int>(seconds % 60));
}

io::Timeline MakeTimeline(const io::TrackingHeader& header, std::uint64_t parcel,
                          const std::vector<io::Scan>& scans) {
  io::Timeline t;
  t.set_parcel(parcel);
  Builder b(header, t);
  const char* status = "unknown";
  std::optional<std::int64_t> ordered, picked_up, arrived, delivered;
  std::optional<bool> pickup_kept, delivery_kept, next_day_kept;
  std::optional<std::uint32_t> origin, destination;
  bool lost = false;
  for (const io::Scan& s : scans) {
    io::Timeline::Event& e = *t.add_event();
    e.set_time(FormatTime(s.time_us()));
    e.set_time_us(s.time_us());
    e.set_type(s.type());
    e.set_status(b.Words(s));
    *e.mutable_place() = s.has_hub() ? b.Hub(s.hub()) : b.Outlet(s.outlet());
    if (s.has_courier()) e.set_courier(s.courier());
    if (s.has_linehaul()) e.set_linehaul(b.Linehaul(s.linehaul()));
    status = Builder::Status(s.type(), status);
    switch (s.type()) {
      case io::ORDER_PLACED:
        ordered = s.time_us();
        origin = s.outlet();
        if (s.has_to_outlet()) destination = s.to_outlet();
        break;
      case io::PICKED_UP:
        picked_up = s.time_us();
        if (s.has_promise_kept()) pickup_kept = s.promise_kept();
        break;
      case io::ARRIVED_AT_OUTLET:
        if (!arrived) arrived = s.time_us();
        destination = s.outlet();
        break;
      case io::DELIVERED:
        delivered = s.time_us();
        if (s.has_promise_kept()) delivery_kept = s.promise_kept();
        if (s.has_next_day_kept()) next_day_kept = s.next_day_kept();
        break;
      case io::LOST: lost = true; break;
      default: break;
    }
  }
  t.set_status(status);
  if (origin) *t.mutable_from() = b.Outlet(*origin);
  if (destination) *t.mutable_to() = b.Outlet(*destination);

  const io::TrackingHeader::Outlet* from = origin ? b.OutletSpec(*origin) : nullptr;
  const io::TrackingHeader::Outlet* to = destination ? b.OutletSpec(*destination) : nullptr;
  const auto pickup_limit = static_cast<std::int64_t>(header.pickup_promise_minutes() * kMinuteUs);
  const auto delivery_limit = static_cast<std::int64_t>(header.delivery_promise_minutes() * kMinuteUs);

  std::optional<std::int64_t> pickup_clock, pickup_deadline;
  if (ordered && from) {
    pickup_clock = ClockStart(*ordered, from->shift_start_minutes(), from->shift_end_minutes());
    pickup_deadline = *pickup_clock + pickup_limit;
  }
  b.Promise("pickup", header.pickup_promise_minutes(), pickup_clock, pickup_deadline, picked_up, pickup_kept, false);

  std::optional<std::int64_t> delivery_clock, delivery_deadline;
  if (arrived && to) {
    // Ready for dispatch once received and sorted at the outlet (the model's rule).
    const auto ready =
        *arrived + static_cast<std::int64_t>(header.outlet_sort_minutes() * kMinuteUs);
    delivery_clock = ClockStart(ready, to->shift_start_minutes(), to->shift_end_minutes());
    delivery_deadline = *delivery_clock + delivery_limit;
  }
  b.Promise("delivery", header.delivery_promise_minutes(), delivery_clock, delivery_deadline, delivered,
            delivery_kept, lost);

  std::optional<std::int64_t> next_day_deadline;
  if (picked_up && to) {
    next_day_deadline = DayStart(*picked_up) + kDayUs * (1 + header.next_day_days() + to->extra_days());
  }
  b.Promise(("next-day (D+" + std::to_string(header.next_day_days()) + ")").c_str(), 0, picked_up,
            next_day_deadline, delivered, next_day_kept, lost);
  return t;
}

std::string TimelineText(const io::Timeline& t) {
  auto place = [](const io::Timeline::Place& p) {
    return p.name().empty() ? p.id() : p.id() + " " + p.name();
  };
  std::string out = "parcel " + std::to_string(t.parcel());
  if (t.has_from()) out += " from " + place(t.from());
  if (t.has_to()) out += " to " + place(t.to());
  out += "\nstatus: " + t.status() + "\n\n";
  for (const io::Timeline::Event& e : t.event()) {
    out += Format("  %-19s  %-52s %s %s\n", e.time().c_str(), e.status().c_str(), e.place().kind().c_str(),
                  place(e.place()).c_str());
  }
  out += "\npromises\n";
  for (const io::Timeline::Promise& p : t.promise()) {
    const std::string name =
        p.has_limit_minutes() ? p.name() + Format(" within %.0f min", p.limit_minutes()) : p.name();
    std::string detail;
    if (p.has_minutes()) detail += Format("took %.0f min; ", p.minutes());
    if (p.has_deadline()) detail += "due " + p.deadline();
    out += Format("  %-26s %-8s %s\n", name.c_str(), p.state().c_str(), detail.c_str());
  }
  return out;
}

std::string TimelineJson(const io::Timeline& t) {
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  options.preserve_proto_field_names = true;
  std::string json;
  const auto status = google::protobuf::util::MessageToJsonString(t, &json, options);
  if (!status.ok()) return "{}";
  return json;
}

}  // namespace hubsim::tracking

#include "engine/study/overrides.h"

#include <gtest/gtest.h>

#include <string>
#include <tuple>
#include <vector>

namespace hubsim::study {
namespace {

using io::Scenario;

// The default scenario with `texts` applied as --set overrides.
Scenario With(const std::vector<std::string>& texts) {
  Scenario s = io::DefaultScenario();
  std::vector<Override> overrides;
  for (const std::string& t : texts) overrides.push_back(ParseOverride(t));
  ApplyOverrides(overrides, s, "<built-in default>");
  return s;
}

// The messages of the error that `texts` cause.
std::vector<std::string> Errors(const std::vector<std::string>& texts) {
  try {
    With(texts);
  } catch (const OverrideError& e) {
    return e.messages();
  }
  ADD_FAILURE() << "no error for " << texts.front();
  return {};
}

std::string Error(const std::string& text) {
  const std::vector<std::string> messages = Errors({text});
  EXPECT_EQ(messages.size(), 1u) << text;
  return messages.empty() ? "" : messages.front();
}

int OutletIndex(const Scenario& s, const std::string& id) {
  for (int i = 0; i < s.outlet_size(); ++i) {
    if (s.outlet(i).id() == id) return i;
  }
  return -1;
}

// ---- paths and values ----

TEST(ParseOverride, SplitsAtTheFirstEquals) {
  const Override o = ParseOverride("name=a=b");
  EXPECT_EQ(o.flag, "--set");
  EXPECT_EQ(o.path, "name");
  EXPECT_EQ(o.value, "a=b");
  EXPECT_EQ(o.Name(), "--set name=a=b");
  EXPECT_EQ(ParseOverride(" days =4", "--set-alt").path, "days");
}

TEST(ParseOverride, NeedsAPathAndAnEquals) {
  try {
    ParseOverride("days");
    FAIL();
  } catch (const OverrideError& e) {
    EXPECT_EQ(e.messages().front(),
              "--set days: expected PATH=VALUE, e.g. outlet[3].couriers=12 (there is no '=')");
  }
  EXPECT_THROW(ParseOverride("=3"), OverrideError);
}

TEST(Overrides, EveryScalarType) {
  const Scenario s = With({"days=5",                              // uint32
                           "seed=18446744073709551615",           // uint64, its largest
                           "promises.pickup_minutes=45.5",        // double
                           "demand.gravity_scale_km=2.5e1",       // double, scientific
                           "couriers.key_accounts_first=false",   // bool
                           "call_center.patience.kind=CONSTANT",  // enum
                           "name=PRD with more couriers",         // string
                           "hub[0].name=\"  Canton  \""});        // string, quoted
  EXPECT_EQ(s.days(), 5u);
  EXPECT_EQ(s.seed(), 18446744073709551615ull);
  EXPECT_EQ(s.promises().pickup_minutes(), 45.5);
  EXPECT_EQ(s.demand().gravity_scale_km(), 25);
  EXPECT_FALSE(s.couriers().key_accounts_first());
  EXPECT_EQ(s.call_center().patience().kind(), io::Distribution::CONSTANT);
  EXPECT_EQ(s.name(), "PRD with more couriers");
  EXPECT_EQ(s.hub(0).name(), "  Canton  ");
  EXPECT_TRUE(With({"couriers.key_accounts_first=0"}).couriers().has_key_accounts_first());
  EXPECT_TRUE(With({"couriers.key_accounts_first=true"}).couriers().key_accounts_first());
}

TEST(Overrides, AnElementByIndexByKeyOrAll) {
  const Scenario& base = io::DefaultScenario();
  const int szx1 = OutletIndex(base, "SZX-01");
  ASSERT_GE(szx1, 0);
  const Scenario s =
      With({"outlet[3].couriers=5", "outlet[SZX-01].couriers=31", "hub[*].sort_rate_per_hour=3000",
            "linehaul[CAN->SZX].capacity=900", "call_center.call_type[tracking].calls_per_day=2000",
            "outlet[\"CAN-02\"].accounts=150"});
  EXPECT_EQ(s.outlet(3).couriers(), 5u);
  EXPECT_EQ(s.outlet(szx1).couriers(), 31u);
  for (const io::Hub& h : s.hub()) EXPECT_EQ(h.sort_rate_per_hour(), 3000) << h.id();
  int lanes = 0;
  for (const io::Linehaul& l : s.linehaul()) {
    if (l.from() == "CAN" && l.to() == "SZX") {
      EXPECT_EQ(l.capacity(), 900u);
      ++lanes;
    } else {
      EXPECT_NE(l.capacity(), 900u);
    }
  }
  EXPECT_EQ(lanes, 1);
  EXPECT_EQ(s.call_center().call_type(1).calls_per_day(), 2000);
  EXPECT_EQ(s.outlet(OutletIndex(base, "CAN-02")).accounts(), 150u);
  // Nothing else moved.
  Scenario back = s;
  for (int i = 0; i < back.outlet_size(); ++i) *back.mutable_outlet(i) = base.outlet(i);
  for (int i = 0; i < back.hub_size(); ++i) *back.mutable_hub(i) = base.hub(i);
  for (int i = 0; i < back.linehaul_size(); ++i) *back.mutable_linehaul(i) = base.linehaul(i);
  *back.mutable_call_center() = base.call_center();
  EXPECT_EQ(back.SerializeAsString(), base.SerializeAsString());
}

TEST(Overrides, ListsOfValuesByElementOrWhole) {
  const Scenario s =
      With({"linehaul[0].departure[0]=05:00", "linehaul[1].departure=[06:00, \"22:00\"]",
            "demand.day_multiplier=[1, 3.5]", "call_center.agents=30",
            "call_center.call_type[tracking].hourly_profile[*]=1"});
  EXPECT_EQ(s.linehaul(0).departure(0), "05:00");
  ASSERT_EQ(s.linehaul(1).departure_size(), 2);
  EXPECT_EQ(s.linehaul(1).departure(1), "22:00");
  ASSERT_EQ(s.demand().day_multiplier_size(), 2);
  EXPECT_EQ(s.demand().day_multiplier(1), 3.5);
  ASSERT_EQ(s.call_center().agents_size(), 1);  // one value: the same all day
  EXPECT_EQ(s.call_center().agents(0), 30u);
  for (double w : s.call_center().call_type(1).hourly_profile()) EXPECT_EQ(w, 1);
  EXPECT_EQ(With({"demand.day_multiplier=[]"}).demand().day_multiplier_size(), 0);
}

TEST(Overrides, MessagesInTextFormat) {
  const Scenario s =
      With({"call_center.patience={kind: LOGNORMAL mean_seconds: 120 stddev_seconds: 60}",
            "call_center.call_type[order].handle_time=mean_seconds: 90",
            "hub_outage=[{hub: \"SZX\" start: \"08:00\" duration_minutes: 60}, "
            "{hub: \"CAN\" day: 2 start: \"09:00\" duration_minutes: 30}]"});
  EXPECT_EQ(s.call_center().patience().kind(), io::Distribution::LOGNORMAL);
  EXPECT_EQ(s.call_center().patience().stddev_seconds(), 60);
  // A message given is the whole message: the kind is back to its default.
  EXPECT_FALSE(s.call_center().call_type(0).handle_time().has_kind());
  EXPECT_EQ(s.call_center().call_type(0).handle_time().mean_seconds(), 90);
  ASSERT_EQ(s.hub_outage_size(), 2);
  EXPECT_EQ(s.hub_outage(1).hub(), "CAN");
  EXPECT_EQ(s.hub_outage(1).day(), 2u);
}

TEST(Overrides, TheCouriersDayAndTransitDelays) {
  const Scenario s =
      With({"couriers.dispatch_policy=EARLIEST_DEADLINE_FIRST",  // enums
            "couriers.point_layout=UNIFORM", "couriers.retry_policy=NEXT_DAY",
            "couriers.run_capacity=80", "couriers.parcels_per_stop=2.5",
            "couriers.help_neighbours=false", "couriers.circuity=1.45",
            "couriers.outlet_sort_minutes=0", "min_connection_minutes=30",
            "linehaul[CAN->SZX].delay_probability=0.2", "linehaul[*].delay_mean_minutes=60"});
  const io::CourierModel& c = s.couriers();
  EXPECT_EQ(c.dispatch_policy(), io::EARLIEST_DEADLINE_FIRST);
  EXPECT_EQ(c.point_layout(), io::UNIFORM);
  EXPECT_EQ(c.retry_policy(), io::NEXT_DAY);
  EXPECT_EQ(c.run_capacity(), 80u);
  EXPECT_EQ(c.parcels_per_stop(), 2.5);
  EXPECT_FALSE(c.help_neighbours());
  EXPECT_EQ(c.circuity(), 1.45);
  EXPECT_TRUE(c.has_outlet_sort_minutes());
  EXPECT_EQ(c.outlet_sort_minutes(), 0);
  EXPECT_EQ(s.min_connection_minutes(), 30);
  for (const io::Linehaul& l : s.linehaul()) {
    EXPECT_EQ(l.delay_probability(), l.from() == "CAN" && l.to() == "SZX" ? 0.2 : 0.05);
    EXPECT_EQ(l.delay_mean_minutes(), 60);
  }
}

// The default scenario with SZX-01's 30 couriers in two shift groups of its own, 06:00-14:00
// (share 2) and 12:00-21:00 (share 3), instead of the default's two.
Scenario WithShiftGroups() {
  Scenario s = io::DefaultScenario();
  io::Outlet& o = *s.mutable_outlet(OutletIndex(s, "SZX-01"));
  o.set_couriers(30);
  o.clear_shift();
  for (const auto& [start, end, share] :
       {std::tuple{"06:00", "14:00", 2.0}, std::tuple{"12:00", "21:00", 3.0}}) {
    io::ShiftGroup& g = *o.add_shift();
    g.set_start(start);
    g.set_end(end);
    g.set_share(share);
  }
  EXPECT_TRUE(io::FindScenarioProblems(s).empty());
  return s;
}

std::vector<std::string> ErrorsOn(Scenario s, const std::vector<std::string>& texts) {
  std::vector<Override> overrides;
  for (const std::string& t : texts) overrides.push_back(ParseOverride(t));
  try {
    ApplyOverrides(overrides, s, "shifts");
  } catch (const OverrideError& e) {
    return e.messages();
  }
  return {};
}

TEST(Overrides, ShiftGroupsByIndex) {
  Scenario s = WithShiftGroups();
  const int szx1 = OutletIndex(s, "SZX-01");
  ApplyOverrides(std::vector<Override>{ParseOverride("outlet[SZX-01].shift[0].share=2.5"),
                                       ParseOverride("outlet[SZX-01].shift[1].end=24:00"),
                                       ParseOverride("outlet[SZX-01].shift[*].start=07:00")},
                 s, "shifts");
  const io::Outlet& o = s.outlet(szx1);
  EXPECT_EQ(o.shift(0).share(), 2.5);
  EXPECT_EQ(o.shift(1).share(), 3);
  EXPECT_EQ(o.shift(1).end(), "24:00");
  EXPECT_EQ(o.shift(0).start(), "07:00");
  EXPECT_EQ(o.shift(1).start(), "07:00");
  EXPECT_EQ(o.couriers(), 30u);  // the groups' shares change, not the outlet's couriers
  // The whole list, in text format; a share left out is 1.
  ApplyOverrides(std::vector<Override>{ParseOverride(
                     "outlet[SZX-01].shift=[{start: \"05:00\" end: \"13:00\" share: 7}, "
                     "{start: \"09:00\" end: \"18:00\"}]")},
                 s, "shifts");
  ASSERT_EQ(s.outlet(szx1).shift_size(), 2);
  EXPECT_EQ(s.outlet(szx1).shift(0).share(), 7);
  EXPECT_FALSE(s.outlet(szx1).shift(1).has_share());
  EXPECT_EQ(s.outlet(szx1).shift(1).share(), 1);
  EXPECT_TRUE(io::FindScenarioProblems(s).empty());
}

TEST(Overrides, TheDefaultScenariosShiftGroups) {
  // Every outlet of the default has two groups, 07:00-17:00 (share 0.6) and 10:00-20:00
  // (0.4): their shares and hours are set like any field, of one outlet or all.
  const Scenario& base = io::DefaultScenario();
  const int szx1 = OutletIndex(base, "SZX-01");
  ASSERT_EQ(base.outlet(szx1).shift_size(), 2);
  const Scenario s = With({"outlet[SZX-01].shift[0].share=2", "outlet[*].shift[1].end=21:00"});
  EXPECT_EQ(s.outlet(szx1).shift(0).share(), 2);
  EXPECT_EQ(s.outlet(szx1).shift(1).share(), 0.4);
  EXPECT_EQ(s.outlet(0).shift(0).share(), 0.6);
  for (const io::Outlet& o : s.outlet()) EXPECT_EQ(o.shift(1).end(), "21:00") << o.id();
  // The outlet's couriers stay the one number to change: with its groups, and shared among
  // them by the model.
  const Scenario more = With({"outlet[SZX-01].couriers=40"});
  EXPECT_EQ(more.outlet(szx1).couriers(), 40u);
  EXPECT_EQ(more.outlet(szx1).shift_size(), 2);
  EXPECT_EQ(io::Totals(more).couriers,
            io::Totals(base).couriers - base.outlet(szx1).couriers() + 40);
  // A single shift instead: the groups cleared, the outlet's own hours given.
  const Scenario one = With({"outlet[SZX-02].shift=[]", "outlet[SZX-02].shift_start=09:00"});
  EXPECT_EQ(one.outlet(OutletIndex(base, "SZX-02")).shift_size(), 0);
  EXPECT_EQ(one.outlet(OutletIndex(base, "SZX-02")).shift_start(), "09:00");
}

TEST(OverrideErrors, TheCouriersDayFields) {
  EXPECT_EQ(Error("couriers.dispatch_policy=FASTEST"),
            "--set couriers.dispatch_policy=FASTEST: 'FASTEST' is not a value of dispatch_policy "
            "(DispatchPolicy): use one of SAVABLE_FIRST, EARLIEST_DEADLINE_FIRST");
  EXPECT_EQ(Error("couriers.run_capacity=0"),
            "--set couriers.run_capacity=0: couriers run_capacity must be in 1..10000 (got 0)");
  EXPECT_EQ(Error("couriers.circuity=0.5"),
            "--set couriers.circuity=0.5: couriers circuity must be in [1, 5] (got 0.5)");
  // The default scenario's outlets have two shift groups each: there is no third to select.
  EXPECT_EQ(Error("outlet[SZX-01].shift[2].share=5"),
            "--set outlet[SZX-01].shift[2].share=5: shift[2]: no such element: outlet.shift "
            "has 2 (indices 0..1)");
  // A group has no couriers of its own any more: the outlet's are shared by `share`.
  EXPECT_EQ(Error("outlet[SZX-01].shift[0].couriers=5"),
            "--set outlet[SZX-01].shift[0].couriers=5: outlet.shift has no field 'couriers' (its "
            "fields: start, end, share)");
  // The default's outlets have shift groups: their own hours cannot be added by --set alone.
  EXPECT_EQ(Error("outlet[SZX-02].shift_end=21:00"),
            "--set outlet[SZX-02].shift_end=21:00: outlet 'SZX-02' shift_end must be left out "
            "when shift is given (the shift groups say when the couriers work)");
}

TEST(OverrideValidation, ShiftGroupProblemsAreTracedToTheirOverride) {
  EXPECT_EQ(ErrorsOn(WithShiftGroups(), {"days=5", "outlet[SZX-01].shift[1].share=0"}),
            std::vector<std::string>{"--set outlet[SZX-01].shift[1].share=0: outlet 'SZX-01' "
                                     "shift #2 share must be in (0, 1000000] (got 0)"});
  EXPECT_EQ(ErrorsOn(WithShiftGroups(), {"days=5", "outlet[SZX-01].shift[0].share=-1"}),
            std::vector<std::string>{"--set outlet[SZX-01].shift[0].share=-1: outlet 'SZX-01' "
                                     "shift #1 share must be in (0, 1000000] (got -1)"});
  EXPECT_EQ(ErrorsOn(WithShiftGroups(), {"days=5", "outlet[SZX-01].shift[0].share=1e7"}),
            std::vector<std::string>{"--set outlet[SZX-01].shift[0].share=1e7: outlet 'SZX-01' "
                                     "shift #1 share must be in (0, 1000000] (got 10000000)"});
  // A gap is a problem of the groups as a whole, caused by the group that moved.
  EXPECT_EQ(
      ErrorsOn(WithShiftGroups(), {"days=5", "outlet[SZX-01].shift[1].start=15:00"}),
      std::vector<std::string>{"--set outlet[SZX-01].shift[1].start=15:00: outlet 'SZX-01' "
                               "shift groups leave a gap from 14:00 to 15:00 when no group is "
                               "on duty (the hours on duty must be one interval of the day)"});
  // The outlet's couriers go with groups, but one at least for each.
  EXPECT_EQ(ErrorsOn(WithShiftGroups(), {"days=5", "outlet[SZX-01].couriers=2"}),
            std::vector<std::string>{});
  EXPECT_EQ(ErrorsOn(WithShiftGroups(), {"days=5", "outlet[SZX-01].couriers=1"}),
            std::vector<std::string>{"--set outlet[SZX-01].couriers=1: outlet 'SZX-01' couriers "
                                     "(1) must be at least its 2 shift groups (each needs one)"});
  // Two couriers and a third group, given as a list in text format: too few, and the
  // problem (at the outlet's couriers) is traced to the override that set them.
  const std::string three_groups =
      "outlet[SZX-01].shift=[{start: \"06:00\" end: \"14:00\"}, {start: \"12:00\" end: "
      "\"21:00\"}, {start: \"08:00\" end: \"16:00\"}]";
  EXPECT_EQ(ErrorsOn(WithShiftGroups(), {three_groups, "outlet[SZX-01].couriers=3"}),
            std::vector<std::string>{});
  EXPECT_EQ(ErrorsOn(WithShiftGroups(), {three_groups, "outlet[SZX-01].couriers=2"}),
            std::vector<std::string>{"--set outlet[SZX-01].couriers=2: outlet 'SZX-01' couriers "
                                     "(2) must be at least its 3 shift groups (each needs one)"});
  // The hours of a single shift cannot join the groups.
  EXPECT_EQ(ErrorsOn(WithShiftGroups(), {"days=5", "outlet[SZX-01].shift_start=06:00"}),
            std::vector<std::string>{"--set outlet[SZX-01].shift_start=06:00: outlet 'SZX-01' "
                                     "shift_start must be left out when shift is given (the "
                                     "shift groups say when the couriers work)"});
}

TEST(Overrides, LaterOnesWin) {
  EXPECT_EQ(With({"outlet[*].couriers=9", "outlet[0].couriers=12"}).outlet(0).couriers(), 12u);
  EXPECT_EQ(With({"outlet[*].couriers=9", "outlet[0].couriers=12"}).outlet(1).couriers(), 9u);
}

TEST(ApplyOverride, ReportsWhatItChanged) {
  Scenario s = io::DefaultScenario();
  EXPECT_EQ(ApplyOverride(ParseOverride("outlet[CAN-02].couriers=3"), s),
            std::vector<std::string>{"outlet[1].couriers"});
  EXPECT_EQ(ApplyOverride(ParseOverride("call_center.patience={mean_seconds: 60}"), s),
            std::vector<std::string>{"call_center.patience"});
  EXPECT_EQ(ApplyOverride(ParseOverride("linehaul[2].departure=[10:00]"), s),
            std::vector<std::string>{"linehaul[2].departure"});
  EXPECT_EQ(ApplyOverride(ParseOverride("hub[*].opens=01:00"), s).size(), 6u);
}

// ---- errors: each names the override and the offending part ----

TEST(OverrideErrors, UnknownFieldsWithTheNearestName) {
  EXPECT_EQ(Error("outlet[3].courier=5"),
            "--set outlet[3].courier=5: outlet has no field 'courier'; did you mean 'couriers'?");
  EXPECT_EQ(Error("dayz=3"),
            "--set dayz=3: the scenario has no field 'dayz'; did you mean 'days'?");
  EXPECT_EQ(
      Error("call_center.patience.mean=60"),
      "--set call_center.patience.mean=60: call_center.patience has no field 'mean'; did you mean "
      "'mean_seconds'?");
  const std::string far = Error("frobnicate=1");
  EXPECT_EQ(far.rfind("--set frobnicate=1: the scenario has no field 'frobnicate' (its fields: "
                      "name, days, seed,",
                      0),
            0u)
      << far;
}

TEST(OverrideErrors, SelectorsThatDoNotFit) {
  EXPECT_EQ(
      Error("outlet[36].couriers=5"),
      "--set outlet[36].couriers=5: outlet[36]: no such element: outlet has 36 (indices 0..35)");
  EXPECT_EQ(
      Error("outlet[SZX-1].couriers=5"),
      "--set outlet[SZX-1].couriers=5: outlet[SZX-1]: no element of outlet has id 'SZX-1'; did you "
      "mean 'SZX-01'?");
  EXPECT_EQ(Error("linehaul[CAN->ZUX].capacity=5"),
            "--set linehaul[CAN->ZUX].capacity=5: linehaul[CAN->ZUX]: no element of linehaul has "
            "FROM->TO "
            "'CAN->ZUX'; did you mean 'CAN->ZUH'?");
  EXPECT_EQ(Error("linehaul[PEK->SHA].capacity=5"),
            "--set linehaul[PEK->SHA].capacity=5: linehaul[PEK->SHA]: no element of linehaul has "
            "FROM->TO "
            "'PEK->SHA'");
  EXPECT_EQ(Error("outlet.couriers=5"),
            "--set outlet.couriers=5: outlet is a list: select elements with outlet[INDEX], "
            "outlet[KEY], or "
            "outlet[*], or set the whole list: outlet=[...]");
  EXPECT_EQ(Error("promises[0].pickup_minutes=5"),
            "--set promises[0].pickup_minutes=5: promises is not a list; promises[0] has a "
            "selector it cannot take");
  EXPECT_EQ(
      Error("outlet[-1].couriers=5"),
      "--set outlet[-1].couriers=5: outlet[-1]: indices count from 0; there are no negative ones");
  EXPECT_EQ(
      Error("hub_outage[*].duration_minutes=5"),
      "--set hub_outage[*].duration_minutes=5: hub_outage[*] selects nothing: hub_outage is empty");
  EXPECT_EQ(Error("call_center.agents[tracking]=5"),
            "--set call_center.agents[tracking]=5: agents[tracking]: call_center.agents is a list "
            "of values; "
            "select by index or [*]");
  EXPECT_EQ(Error("days.value=5"),
            "--set days.value=5: days is an unsigned integer (uint32), not a message: it has no "
            "field 'value'");
  EXPECT_EQ(Error("outlet[3.couriers=5"),
            "--set outlet[3.couriers=5: bad path 'outlet[3.couriers': the '[' at character 7 is "
            "not closed");
  EXPECT_EQ(Error("outlet[3]couriers=5"),
            "--set outlet[3]couriers=5: bad path 'outlet[3]couriers': '.' expected at character "
            "10, found "
            "'c'");
  EXPECT_EQ(Error("outlet-3=5"),
            "--set outlet-3=5: bad path 'outlet-3': '.' or '[' expected at character 7, found '-'");
  EXPECT_EQ(Error("outlet..couriers=5"),
            "--set outlet..couriers=5: bad path 'outlet..couriers': a field name is expected, "
            "found '.' at "
            "character 8");
}

TEST(OverrideErrors, ValuesThatDoNotFitTheType) {
  EXPECT_EQ(Error("days=three"),
            "--set days=three: 'three' is not an unsigned integer (uint32) (days)");
  EXPECT_EQ(
      Error("days=-1"),
      "--set days=-1: '-1' is out of range for days, an unsigned integer (uint32): 0..4294967295");
  EXPECT_EQ(
      Error("outlet[0].couriers=4294967296"),
      "--set outlet[0].couriers=4294967296: '4294967296' is out of range for couriers, an unsigned "
      "integer (uint32): 0..4294967295");
  EXPECT_EQ(Error("days=2.5"), "--set days=2.5: '2.5' is not an unsigned integer (uint32) (days)");
  EXPECT_EQ(Error("promises.pickup_minutes=fast"),
            "--set promises.pickup_minutes=fast: 'fast' is not a number (pickup_minutes)");
  EXPECT_EQ(Error("promises.pickup_minutes=nan"),
            "--set promises.pickup_minutes=nan: 'nan' is not a finite number (pickup_minutes)");
  EXPECT_EQ(Error("promises.pickup_minutes="),
            "--set promises.pickup_minutes=: '' is not a number (pickup_minutes)");
  EXPECT_EQ(Error("couriers.key_accounts_first=maybe"),
            "--set couriers.key_accounts_first=maybe: 'maybe' is not a boolean "
            "(key_accounts_first): use true or false");
  EXPECT_EQ(Error("call_center.patience.kind=lognormal"),
            "--set call_center.patience.kind=lognormal: 'lognormal' is not a value of kind (Kind): "
            "use one of "
            "EXPONENTIAL, LOGNORMAL, CONSTANT");
  EXPECT_EQ(Error("call_center.patience={mean: 60}"),
            "--set call_center.patience={mean: 60}: the value is not a valid call_center.patience "
            "(Distribution, "
            "in protobuf text format): Message type \"hubsim.io.Distribution\" has no field named "
            "\"mean\".");
  EXPECT_EQ(Error("linehaul[0].departure=[06:00,,07:00]"),
            "--set linehaul[0].departure=[06:00,,07:00]: the list has an empty element");
  EXPECT_EQ(Error("hub_outage={hub: \"SZX\"}"),
            "--set hub_outage={hub: \"SZX\"}: hub_outage is a list of HubOutage: give it as "
            "[{...}, {...}], or "
            "select an element with hub_outage[...]");
}

TEST(OverrideErrors, AFailedOverrideLeavesTheScenarioAlone) {
  Scenario s = io::DefaultScenario();
  s.clear_call_center();
  const std::string before = s.SerializeAsString();
  EXPECT_THROW(ApplyOverride(ParseOverride("call_center.patience.mean=5"), s), OverrideError);
  EXPECT_FALSE(s.has_call_center());  // walking the path created nothing
  EXPECT_EQ(s.SerializeAsString(), before);
}

TEST(OverrideErrors, EveryBadOverrideIsReported) {
  const std::vector<std::string> messages = Errors({"dayz=3", "days=2", "outlet[99].couriers=1"});
  ASSERT_EQ(messages.size(), 2u);
  EXPECT_EQ(messages[0].rfind("--set dayz=3: ", 0), 0u);
  EXPECT_EQ(messages[1].rfind("--set outlet[99].couriers=1: ", 0), 0u);
}

// ---- validation after the overrides ----

TEST(OverrideValidation, AProblemIsTracedToTheOverrideThatCausedIt) {
  EXPECT_EQ(
      Errors({"outlet[3].couriers=0"}),
      std::vector<std::string>{
          "--set outlet[3].couriers=0: outlet 'CAN-04' couriers must be in 1..10000 (got 0)"});
  // Among several: by the field each one changed.
  EXPECT_EQ(
      Errors({"days=2", "outlet[CAN-04].shift[1].start=21:00", "promises.pickup_minutes=0"}),
      (std::vector<std::string>{
          "--set promises.pickup_minutes=0: promises pickup_minutes must be in (0, 1440] (got 0)",
          "--set outlet[CAN-04].shift[1].start=21:00: outlet 'CAN-04' shift #2 start (21:00) must "
          "be before end (20:00)"}));
  // Inside a message that an override replaced.
  EXPECT_EQ(Errors({"days=2", "call_center.patience={kind: LOGNORMAL mean_seconds: 60}"}),
            std::vector<std::string>{
                "--set call_center.patience={kind: LOGNORMAL mean_seconds: 60}: "
                "call_center patience stddev_seconds is required for kind LOGNORMAL"});
  // A list's total.
  EXPECT_EQ(Errors({"days=2", "outlet[*].accounts=1000000"}),
            std::vector<std::string>{
                "--set outlet[*].accounts=1000000: the outlets have 36000000 accounts in "
                "total (at most 10000000)"});
}

TEST(OverrideValidation, ConsequencesElsewhereNameTheScenarioAndItsOverrides) {
  // Renaming a hub breaks the outlets and linehauls that refer to it.
  const std::vector<std::string> one = Errors({"hub[0].id=GZ"});
  ASSERT_FALSE(one.empty());
  EXPECT_EQ(one.front().rfind("--set hub[0].id=GZ: outlet 'CAN-01' hub 'CAN' is not a hub", 0), 0u)
      << one.front();
  const std::vector<std::string> two = Errors({"days=2", "hub[0].id=GZ"});
  ASSERT_FALSE(two.empty());
  EXPECT_EQ(
      two.front(),
      "<built-in default> with --set days=2, --set hub[0].id=GZ: outlet 'CAN-01' hub 'CAN' is "
      "not a hub");
}

TEST(OverrideValidation, AFlagThatSetsOneFieldIsNamedAsGiven) {
  Scenario s = io::DefaultScenario();
  const Override days = FieldOverride("--days", "days", "0");
  EXPECT_EQ(days.Name(), "--days 0");
  try {
    ApplyOverrides(std::vector<Override>{days}, s, "prd");
    FAIL();
  } catch (const OverrideError& e) {
    EXPECT_EQ(e.messages(), std::vector<std::string>{"--days 0: days must be in 1..366 (got 0)"});
  }
  s = io::DefaultScenario();
  try {
    ApplyOverrides(std::vector<Override>{FieldOverride("--warmup-days", "warmup_days", "7")}, s,
                   "prd");
    FAIL();
  } catch (const OverrideError& e) {
    EXPECT_EQ(e.messages(),
              std::vector<std::string>{"--warmup-days 7: warmup_days (7) must be less than days "
                                       "(7): at least one day must be counted"});
  }
}

// A run shortened below its warm-up (the default's 7 days with 3 of warm-up, run for 2)
// drops the warm-up; one that keeps a counted day keeps it; a warm-up set with the days is
// judged as given.
TEST(OverrideValidation, DaysShorterThanTheWarmupDropIt) {
  Scenario s = io::DefaultScenario();
  ASSERT_EQ(s.warmup_days(), 3u);
  ApplyOverrides(std::vector<Override>{FieldOverride("--days", "days", "2")}, s, "prd");
  EXPECT_EQ(s.days(), 2u);
  EXPECT_EQ(s.warmup_days(), 0u);
  s = io::DefaultScenario();
  ApplyOverrides(std::vector<Override>{ParseOverride("days=5")}, s, "prd");
  EXPECT_EQ(s.warmup_days(), 3u);
  s = io::DefaultScenario();
  EXPECT_THROW(
      ApplyOverrides(std::vector<Override>{FieldOverride("--days", "days", "2"),
                                           FieldOverride("--warmup-days", "warmup_days", "2")},
                     s, "prd"),
      OverrideError);
}

TEST(OverrideValidation, AValidResultPasses) {
  // The outlet's couriers with the default's shift groups: shared among them.
  const Scenario s = With({"days=4", "warmup_days=1", "outlet[SZX-01].couriers=40"});
  EXPECT_TRUE(io::FindScenarioProblems(s).empty());
  EXPECT_EQ(s.warmup_days(), 1u);
  EXPECT_EQ(s.outlet(OutletIndex(s, "SZX-01")).couriers(), 40u);
  EXPECT_EQ(s.outlet(OutletIndex(s, "SZX-01")).shift_size(), 2);
}

}  // namespace
}  // namespace hubsim::study

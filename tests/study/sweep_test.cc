#include "engine/study/sweep.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "engine/io/scenario_loader.h"
#include "engine/study/kpi_registry.h"

namespace hubsim::study {
namespace {

// Two outlets on one hub, small enough that a point of 3 replications takes milliseconds.
constexpr char kBase[] = R"pb(
  name: "two outlets"
  days: 2
  seed: 7
  hub { id: "H" lat: 22.5 lon: 114.0 }
  outlet { id: "A" hub: "H" lat: 22.5 lon: 114.0 couriers: 4 accounts: 10 orders_per_day: 150 }
  outlet { id: "B" hub: "H" lat: 22.6 lon: 114.1 couriers: 4 accounts: 10 orders_per_day: 120 }
)pb";

class SweepTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ =
        std::filesystem::temp_directory_path() /
        ("hubsim-sweep-test-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
         "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
    Write("base.textproto", kBase);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string Write(const std::string& name, const std::string& text) {
    const std::string path = (dir_ / name).string();
    std::ofstream(path) << text;
    return path;
  }

  std::filesystem::path dir_;
};

std::string Errors(const std::string& text) {
  try {
    LoadSweepText(text, "s.textproto");
  } catch (const io::ScenarioError& e) {
    return e.what();
  }
  return "";
}

TEST(LoadSweep, ReportsEachProblemWithItsLineAndField) {
  EXPECT_NE(Errors("replications: 3\ncourier: 1\n")
                .find("s.textproto:2:8: Message type \"hubsim.io.Sweep\" has no field named "
                      "\"courier\""),
            std::string::npos)
      << Errors("replications: 3\ncourier: 1\n");
  const std::string bad = Errors(
      "replications: 0\n"
      "grid {\n"
      "  axis { path: \"seed\" value: \"2\" }\n"
      "  axis { path: \"days\" }\n"
      "}\n");
  EXPECT_NE(bad.find("s.textproto:1: replications must be in 1..10000 (got 0)"), std::string::npos)
      << bad;
  EXPECT_NE(bad.find("s.textproto:3: grid axis 1 sets the seed"), std::string::npos) << bad;
  EXPECT_NE(bad.find("s.textproto:4: grid axis 2 must have 1..10000 values (got 0)"),
            std::string::npos)
      << bad;
  EXPECT_NE(Errors("replications: 2\n").find("a sweep needs a grid"), std::string::npos);
  EXPECT_NE(Errors("grid { axis { path: \"days\" value: \"1\" } }\npoint { }\n")
                .find("a grid or points, not both"),
            std::string::npos);
  EXPECT_NE(Errors("point { name: \"x\" }\npoint {\n  name: \"x\"\n  set: \"couriers\"\n}\n")
                .find("s.textproto:2: point 'x': the name of an earlier point too"),
            std::string::npos);
  EXPECT_NE(Errors("point { name: \"x\" }\npoint {\n  name: \"y\"\n  set: \"couriers\"\n}\n")
                .find("s.textproto:4: point 'y':"),
            std::string::npos);
}

TEST(LoadSweep, LimitsTheRunsBeforeExpanding) {
  std::string text = "replications: 10000\ngrid {\n";
  for (int a = 0; a < 3; ++a) {
    text += "  axis { name: \"a" + std::to_string(a) + "\" path: \"days\" value: [";
    for (int v = 0; v < 100; ++v) text += (v ? ", \"" : "\"") + std::to_string(v + 1) + "\"";
    text += "] }\n";
  }
  text += "}\n";
  EXPECT_NE(Errors(text).find("1000000 points; at most 100000"), std::string::npos) << Errors(text);
  EXPECT_NE(Errors("replications: 101\ngrid { axis { path: \"days\" value: [" +
                   [] {
                     std::string v;
                     for (int i = 0; i < 10000; ++i) v += (i ? ",\"1\"" : "\"1\"");
                     return v;
                   }() +
                   "] } }\n")
                .find("10000 points x 101 replications = 1010000 runs; at most 1000000"),
            std::string::npos);
}

TEST_F(SweepTest, AGridIsTheCrossProductRowMajor) {
  const std::string file = Write("s.textproto", R"pb(
    scenario: "base.textproto"
    replications: 2
    grid {
      axis {
        name: "A couriers"
        path: "outlet[A].couriers"
        value: [ "3", "5" ]
      }
      axis {
        path: "outlet[B].couriers"
        value: [ "2", "4", "6" ]
      }
    }
  )pb");
  const SweepPlan plan = PlanSweep(file);
  ASSERT_EQ(plan.points.size(), 6u);
  EXPECT_EQ(plan.items(), 12u);
  EXPECT_EQ(plan.columns, (std::vector<std::string>{"A couriers", "outlet[B].couriers"}));
  EXPECT_EQ(plan.points[0].name, "A couriers=3, outlet[B].couriers=2");
  EXPECT_EQ(plan.points[1].cell, (std::vector<std::string>{"3", "4"}));
  EXPECT_EQ(plan.points[5].cell, (std::vector<std::string>{"5", "6"}));
  EXPECT_EQ(plan.points[4].set,
            (std::vector<std::string>{"outlet[A].couriers=5", "outlet[B].couriers=4"}));
  const io::Scenario s = PointScenario(plan, 4);
  EXPECT_EQ(s.outlet(0).couriers(), 5u);
  EXPECT_EQ(s.outlet(1).couriers(), 4u);
  EXPECT_EQ(plan.PointOf(5), 2u);
  EXPECT_EQ(plan.ReplicationOf(5), 1);
}

TEST_F(SweepTest, EveryPointsProblemIsReportedBeforeAnyRunWithItsLine) {
  const std::string file = Write("s.textproto",
                                 "scenario: \"base.textproto\"\n"
                                 "point { name: \"ok\" set: \"outlet[A].couriers=2\" }\n"
                                 "point {\n"
                                 "  name: \"zero\"\n"
                                 "  set: \"outlet[A].couriers=0\"\n"
                                 "}\n"
                                 "point { name: \"typo\" set: \"outlet[A].courier=2\" }\n");
  try {
    PlanSweep(file);
    FAIL() << "no error";
  } catch (const io::ScenarioError& e) {
    const std::string text = e.what();
    ASSERT_EQ(e.messages().size(), 2u) << text;
    EXPECT_NE(e.messages()[0].find(file + ":5: outlet[A].couriers=0:"), std::string::npos) << text;
    EXPECT_NE(e.messages()[0].find("(point 'zero')"), std::string::npos) << text;
    EXPECT_NE(e.messages()[1].find(file + ":7: outlet[A].courier=2:"), std::string::npos) << text;
    EXPECT_NE(e.messages()[1].find("did you mean 'couriers'"), std::string::npos) << text;
  }
  // A missing base scenario names its resolved path.
  const std::string missing = Write("m.textproto", "scenario: \"nope.textproto\"\npoint {}\n");
  try {
    PlanSweep(missing);
    FAIL() << "no error";
  } catch (const io::ScenarioError& e) {
    EXPECT_NE(std::string(e.what()).find("nope.textproto: cannot read"), std::string::npos)
        << e.what();
  }
}

TEST_F(SweepTest, ResultsAreThoseOfSeparateStudiesOnEveryThreadCount) {
  const std::string file = Write("s.textproto", R"pb(
    name: "couriers at A"
    scenario: "base.textproto"
    replications: 3
    days: 1
    point { name: "few" set: "outlet[A].couriers=2" }
    point { name: "base" }
    point {
      name: "many"
      set: [ "outlet[A].couriers=6", "outlet[B].couriers=6" ]
    }
  )pb");
  const SweepPlan plan = PlanSweep(file);
  EXPECT_EQ(plan.columns, (std::vector<std::string>{"outlet[A].couriers", "outlet[B].couriers"}));
  SweepRunOptions options;
  const io::SweepResult one = AssembleSweep(plan, RunSweepItems(plan, options));
  options.threads = 2;
  const io::SweepResult two = AssembleSweep(plan, RunSweepItems(plan, options));
  EXPECT_EQ(one.SerializeAsString(), two.SerializeAsString());
  EXPECT_EQ(SweepCsv(one), SweepCsv(two));

  ASSERT_EQ(one.point_size(), 3);
  EXPECT_EQ(one.days(), 1u);
  EXPECT_EQ(one.seed(), 7u);
  EXPECT_EQ(one.point(1).cell(0), "");
  EXPECT_EQ(one.point(2).cell(1), "6");
  for (int p = 0; p < 3; ++p) {
    ReplicationOptions alone;
    alone.replications = 3;
    const io::Study expected = Summarize(RunReplications(PointScenario(plan, p), alone));
    EXPECT_EQ(one.point(p).study().SerializeAsString(), expected.SerializeAsString()) << p;
    // Common random numbers: every point runs on the same seeds.
    EXPECT_EQ(one.point(p).study().seed(0), 7u);
    EXPECT_EQ(one.point(p).study().seed(2), ReplicationSeed(7, 2));
  }
  // More couriers at A: pickups on time at least as often, on the same orders.
  EXPECT_LT(one.point(0).study().kpi(0).mean(), one.point(2).study().kpi(0).mean());

  const std::string csv = SweepCsv(one);
  EXPECT_EQ(csv.find("point,name,outlet[A].couriers,outlet[B].couriers,pickup_on_time_mean,"
                     "pickup_on_time_ci_low,pickup_on_time_ci_high,"),
            0u)
      << csv;
  EXPECT_NE(csv.find("\n2,base,,,"), std::string::npos) << csv;
}

TEST_F(SweepTest, ARecordCarriesARunExactly) {
  Replication run;
  run.seed = 99;
  run.conserved = true;
  run.events = 12;
  run.parcels = 3;
  run.calls = 4;
  for (std::size_t k = 0; k < StudyKpis().size(); ++k) {
    run.kpis.push_back(k % 3 == 0 ? std::nullopt : std::optional<double>(0.1 * static_cast<double>(k) + 1e-17));
  }
  const io::ReplicationRecord record = ToRecord(41, run);
  EXPECT_EQ(record.item(), 41u);
  io::ReplicationRecord back;
  ASSERT_TRUE(back.ParseFromString(record.SerializeAsString()));
  const Replication copy = FromRecord(back);
  EXPECT_EQ(copy.kpis, run.kpis);
  EXPECT_EQ(copy.seed, 99u);
  EXPECT_EQ(copy.events, 12u);
  EXPECT_TRUE(copy.conserved);
  back.mutable_kpi()->RemoveLast();
  EXPECT_THROW(FromRecord(back), std::invalid_argument);
}

}  // namespace
}  // namespace hubsim::study

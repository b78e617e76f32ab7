#include "engine/report/report.h"

#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <regex>
#include <sstream>
#include <string>

#include "engine/cli/report_command.h"
#include "engine/io/results_writer.h"

namespace hubsim::report {
namespace {

namespace fs = std::filesystem;

// A small results message with every part the page draws, including customers.
io::Results SampleResults() {
  io::Results r;
  r.set_scenario("Sample network");
  r.set_seed(42);
  r.set_days(2);
  r.set_events(123456789);
  io::PromiseKpi* pickup = r.mutable_kpi()->mutable_pickup();
  pickup->set_measured(1000);
  pickup->set_on_time(970);
  pickup->set_on_time_rate(0.97);
  io::HubResult* hub = r.add_hub();
  hub->set_id("CAN");
  hub->set_name("Guangzhou");
  hub->set_lat(23.11667);
  hub->set_lon(113.25);
  io::OutletResult* outlet = r.add_outlet();
  outlet->set_id("CAN-01");
  outlet->set_hub("CAN");
  outlet->set_lat(23.129);
  outlet->set_lon(113.26);
  io::SegmentResult* q1 = r.mutable_customers()->add_segment();
  q1->set_name("Q1");
  q1->set_churned(3);
  q1->mutable_survey()->set_satisfied(17);
  return r;
}

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void Spit(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

// A fresh directory for one test, removed at its end.
class ReportFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = (fs::temp_directory_path() /
            ("hubsim-report-test-" + std::to_string(::getpid()) + "-" + info->name()))
               .string();
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string Path(const std::string& name) const { return dir_ + "/" + name; }

  std::string dir_;
};

TEST(ReportPage, EmbedsTheResultsAsTheirJsonMapping) {
  const io::Results results = SampleResults();
  google::protobuf::util::JsonPrintOptions print;
  print.always_print_primitive_fields = true;
  print.preserve_proto_field_names = true;
  std::string json;
  ASSERT_TRUE(google::protobuf::util::MessageToJsonString(results, &json, print).ok());
  const std::string html = RenderReport(results, ReportOptions{});
  EXPECT_NE(html.find("\"results\":" + json + "}"), std::string::npos);
  EXPECT_NE(html.find("\"scenario\":\"Sample network\""), std::string::npos);
  EXPECT_NE(html.find("\"customers\":{"), std::string::npos);
  // The data element is the page's one JSON script, and the marker is gone.
  EXPECT_NE(html.find("<script type=\"application/json\" id=\"hubsim-data\">{\"options\""),
            std::string::npos);
  EXPECT_EQ(html.find("{{DATA}}"), std::string::npos);
}

TEST(ReportPage, EmbedsTheTargets) {
  ReportOptions options;
  options.target_pickup = 0.9;
  options.target_calls = 0.85;
  const std::string data = ReportData(SampleResults(), options);
  EXPECT_EQ(data.rfind("{\"options\":{\"targets\":{\"pickup\":0.9,\"delivery\":0.95,"
                       "\"next_day\":0.95,\"calls\":0.85}},\"results\":{",
                       0),
            0u);
}

TEST(ReportPage, TextFromTheScenarioCannotCloseTheDataElement) {
  io::Results results = SampleResults();
  results.set_scenario("</script><script>alert(1)</script><!--");
  const std::string html = RenderReport(results, ReportOptions{});
  EXPECT_EQ(html.find("alert(1)</script>"), std::string::npos);
  EXPECT_EQ(html.find("<!--\""), std::string::npos);
  // The JSON printer escapes '>' too; '<' is escaped whatever it does.
  EXPECT_NE(html.find(R"("scenario":"\u003c/script)"), std::string::npos);
}

TEST(ReportPage, IsSelfContained) {
  const std::string html = RenderReport(SampleResults(), ReportOptions{});
  // No reference to anything outside the file: no http(s) or protocol-relative src or href,
  // no stylesheet link, no external script.
  const std::regex external(R"re((src|href)\s*=\s*["']?\s*(https?:|//))re", std::regex::icase);
  EXPECT_FALSE(std::regex_search(html, external));
  EXPECT_EQ(html.find("<link"), std::string::npos);
  EXPECT_EQ(html.find("<script src"), std::string::npos);
  EXPECT_EQ(html.find("@import"), std::string::npos);
  EXPECT_EQ(html.find("url(http"), std::string::npos);
  // The library and the script are inlined, and a CSP forbids network access.
  EXPECT_NE(html.find("Chart.js v"), std::string::npos);
  EXPECT_NE(html.find("window.hubsimReport"), std::string::npos);
  EXPECT_NE(html.find("default-src 'none'"), std::string::npos);
}

TEST(ReportPage, HasEverySection) {
  const std::string html = RenderReport(SampleResults(), ReportOptions{});
  for (const char* id :
       {"header", "promises", "through-the-day", "network", "customers", "comparison", "tracking",
        "footer", "chart-hourly", "chart-calls", "chart-service-level", "chart-map", "chart-survey",
        "chart-sqi", "customers-table"}) {
    EXPECT_NE(html.find("id=\"" + std::string(id) + "\""), std::string::npos) << id;
  }
}

TEST(ReportPage, IsDeterministic) {
  EXPECT_EQ(RenderReport(SampleResults(), ReportOptions{}),
            RenderReport(SampleResults(), ReportOptions{}));
}

TEST(ReportPage, ChecksTheTargets) {
  EXPECT_EQ(CheckOptions(ReportOptions{}), "");
  ReportOptions options;
  options.target_calls = 80;
  EXPECT_NE(CheckOptions(options).find("--target-calls"), std::string::npos);
  options = {};
  options.target_next_day = -0.1;
  EXPECT_NE(CheckOptions(options).find("--target-next-day"), std::string::npos);
  options = {};
  options.target_pickup = std::numeric_limits<double>::quiet_NaN();
  EXPECT_NE(CheckOptions(options).find("--target-pickup"), std::string::npos);
}

TEST_F(ReportFiles, ReadsWhatRunWrites) {
  const io::Results results = SampleResults();
  io::WriteResults(dir_, results);
  for (const char* name : {"results.pb", "results.json"}) {
    // (The JSON form prints absent fields as their defaults, so compare the JSON forms.)
    EXPECT_EQ(io::ResultsToJson(LoadResults(Path(name))), io::ResultsToJson(results)) << name;
  }
  // Another name: told apart by the content.
  fs::copy_file(Path("results.json"), Path("copy.data"));
  fs::copy_file(Path("results.pb"), Path("copy.bin"));
  EXPECT_EQ(LoadResults(Path("copy.data")).scenario(), "Sample network");
  EXPECT_EQ(LoadResults(Path("copy.bin")).scenario(), "Sample network");
}

// Every bad input is an InputError whose message names the file.
TEST_F(ReportFiles, RefusesBadInputNamingTheFile) {
  Spit(Path("empty.pb"), "");
  Spit(Path("garbage.json"), "{\"scenario\": \"x\", ");
  Spit(Path("other.json"), "{\"no_such_field\": 1}");
  Spit(Path("nodays.json"), "{\"scenario\": \"x\"}");
  Spit(Path("garbage.pb"), "\xff\xff\xff\xff not a protobuf");
  Spit(Path("text.txt"), "hello");
  for (const char* name : {"missing.json", "empty.pb", "garbage.json", "other.json", "nodays.json",
                           "garbage.pb", "text.txt"}) {
    try {
      LoadResults(Path(name));
      ADD_FAILURE() << name << " was accepted";
    } catch (const InputError& e) {
      EXPECT_NE(std::string(e.what()).find(Path(name)), std::string::npos) << e.what();
    }
  }
}

TEST_F(ReportFiles, WritesAtomically) {
  WriteReport(Path("report.html"), SampleResults(), ReportOptions{});
  EXPECT_EQ(Slurp(Path("report.html")), RenderReport(SampleResults(), ReportOptions{}));
  for (const auto& entry : fs::directory_iterator(dir_)) {
    EXPECT_EQ(entry.path().filename(), "report.html") << "left behind: " << entry.path();
  }
  EXPECT_THROW(WriteReport(Path("no-such-dir/report.html"), SampleResults(), ReportOptions{}),
               io::OutputError);
}

// `hubsim report`: 0 written, 2 bad input, 1 cannot write; nothing written on failure.
TEST_F(ReportFiles, CommandExitCodes) {
  io::WriteResults(dir_, SampleResults());
  Spit(Path("bad.json"), "not json at all");
  std::ostringstream out;
  std::ostringstream err;

  cli::ReportArgs args;
  args.results = Path("results.pb");
  args.output = Path("report.html");
  EXPECT_EQ(cli::MakeReport(args, out, err), 0) << err.str();
  EXPECT_TRUE(fs::exists(Path("report.html")));

  args.results = Path("missing.pb");
  args.output = Path("missing.html");
  err.str("");
  EXPECT_EQ(cli::MakeReport(args, out, err), 2);
  EXPECT_NE(err.str().find(Path("missing.pb")), std::string::npos) << err.str();

  args.results = Path("bad.json");
  err.str("");
  EXPECT_EQ(cli::MakeReport(args, out, err), 2);
  EXPECT_NE(err.str().find(Path("bad.json")), std::string::npos) << err.str();
  EXPECT_FALSE(fs::exists(Path("missing.html")));

  args.results = Path("results.json");
  args.options.target_delivery = 95;
  err.str("");
  EXPECT_EQ(cli::MakeReport(args, out, err), 2);
  EXPECT_NE(err.str().find("--target-delivery"), std::string::npos) << err.str();
  EXPECT_FALSE(fs::exists(Path("missing.html")));

  args.options = {};
  args.output = Path("no-such-dir/report.html");
  err.str("");
  EXPECT_EQ(cli::MakeReport(args, out, err), 1);
  EXPECT_NE(err.str().find(Path("no-such-dir/report.html")), std::string::npos) << err.str();
}

}  // namespace
}  // namespace hubsim::report

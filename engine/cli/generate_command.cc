#include "engine/cli/generate_command.h"

#include <CLI/CLI.hpp>
#include <cmath>
#include <ostream>
#include <string>

#include "engine/generate/city_table.h"
#include "engine/io/results_writer.h"
#include "engine/io/scenario_loader.h"

namespace hubsim::cli {
namespace {

void PrintSummary(std::ostream& out, const std::string& path, const io::Scenario& scenario) {
  const io::ScenarioTotals t = io::Totals(scenario);
  out << "hubsim generate: wrote " << path << " (" << t.hubs << " hubs, " << t.outlets
      << " outlets, " << t.linehauls << " linehauls, " << t.couriers << " couriers, "
      << std::llround(t.orders_per_day) << " orders/day";
  if (t.call_types > 0) out << "; call center: up to " << t.peak_agents << " agents";
  out << ")\n";
}

}  // namespace

void AddGenerateOptions(CLI::App& command, GenerateArgs& args) {
  generate::GenerateOptions& o = args.options;
  command.add_option("--country", o.country, "country of the built-in city table")
      ->check(CLI::IsMember(generate::BuiltInCountries()))
      ->capture_default_str();
  command.add_option("--cities", o.cities_file,
                     "a city table (CSV: geonames_id,name,country,admin1,population,lat,lon) "
                     "instead of the built-in one");
  command.add_option("--hubs", o.hubs, "hubs, in the largest cities")->capture_default_str();
  command.add_option("--outlets", o.outlets, "outlets, over the cities by population")
      ->capture_default_str();
  command.add_option("--couriers", o.couriers, "couriers, over the outlets by orders")
      ->capture_default_str();
  command
      .add_option("--parcels", o.parcels, "pickup orders per day, over the outlets by population")
      ->capture_default_str();
  command.add_option("--days", o.days, "days the scenario simulates")->capture_default_str();
  command.add_option("--seed", o.seed, "seed of the generator's random stream and of the scenario")
      ->capture_default_str();
  command.add_option("--name", o.name, "the scenario's name (default: country, hubs, outlets)");
  command.add_flag("--call-center,!--no-call-center", o.call_center,
                   "add a call center sized to the demand (default: on)");
  command.add_option("-o,--output", args.out, "the .textproto to write (default: standard output)");
}

int GenerateScenario(const GenerateArgs& args, std::ostream& out, std::ostream& err) {
  const generate::GenerateOptions& o = args.options;
  io::Scenario scenario;
  std::string text;
  try {
    const generate::CityTable table = o.cities_file.empty() ? generate::BuiltInCityTable(o.country)
                                                            : generate::LoadCityFile(o.cities_file);
    scenario = generate::GenerateNetwork(o, table);
    text = generate::ScenarioText(scenario, o);
  } catch (const generate::CityTableError& e) {
    err << e.what() << "\n";
    return 2;
  } catch (const generate::GenerateError& e) {
    err << "hubsim generate: " << e.what() << "\n";
    return 2;
  }
  try {
    io::LoadScenarioText(text, "<generated>");
  } catch (const io::ScenarioError& e) {
    err << "hubsim generate: internal error (a bug in hubsim, please report it): the generated "
           "scenario does not validate:\n"
        << e.what() << "\n";
    return 3;
  }
  if (args.out.empty()) {
    out << text << std::flush;
    if (!out) {
      err << "hubsim generate: cannot write the scenario to standard output\n";
      return 1;
    }
    return 0;
  }
  try {
    io::WriteFileAtomically(args.out, text);
  } catch (const io::OutputError& e) {
    err << "hubsim generate: " << e.what() << "\n";
    return 1;
  }
  PrintSummary(out, args.out, scenario);
  return 0;
}

}  // namespace hubsim::cli

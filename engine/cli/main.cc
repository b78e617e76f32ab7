// The hubsim command.
//
// Until the network model lands, `hubsim run` runs the PHOLD benchmark model as its main
// job (the ROSS comparison configuration by default).
#include <CLI/CLI.hpp>

#include <exception>
#include <iostream>

#include "bench/phold/phold_cli.h"

int main(int argc, char** argv) {
  CLI::App app{"hubsim: parallel discrete-event simulation of an express-parcel network"};
  app.require_subcommand(1);
  CLI::App* run = app.add_subcommand("run", "run the default job (PHOLD for now)");
  hubsim::phold::PholdCli phold;
  phold.AddOptions(*run);
  CLI11_PARSE(app, argc, argv);
  try {
    if (*run) hubsim::phold::PrintReport(std::cout, phold.Run(), phold.json);
  } catch (const std::exception& e) {
    std::cerr << "hubsim: " << e.what() << "\n";
    return 2;
  }
  return 0;
}

// hubsim-phold: runs PHOLD once and prints committed events, fingerprint, wall time,
// events/s and peak RSS. Example (the ROSS comparison configuration):
//   hubsim-phold --nlp 16384 --remote 0.1 --mean 1.0 --lookahead 0.1 --end 1500 --threads 2
#include <exception>
#include <iostream>

#include "bench/phold/phold_cli.h"

int main(int argc, char** argv) {
  CLI::App app{"PHOLD benchmark on the hubsim engine"};
  hubsim::phold::PholdCli cli;
  cli.AddOptions(app);
  CLI11_PARSE(app, argc, argv);
  try {
    hubsim::phold::PrintReport(std::cout, cli.Run(), cli.json);
  } catch (const std::exception& e) {
    std::cerr << "hubsim-phold: " << e.what() << "\n";
    return 2;
  }
  return 0;
}

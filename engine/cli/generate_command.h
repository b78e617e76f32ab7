// `hubsim generate`: a national network built from a real city table (engine/generate/),
// written as a .textproto scenario.
#ifndef HUBSIM_ENGINE_CLI_GENERATE_COMMAND_H_
#define HUBSIM_ENGINE_CLI_GENERATE_COMMAND_H_

#include <iosfwd>
#include <string>

#include "engine/generate/network_generator.h"

namespace CLI {
class App;
}  // namespace CLI

namespace hubsim::cli {

struct GenerateArgs {
  generate::GenerateOptions options;  // options.cities_file: --cities, empty: built in
  std::string out;                    // -o FILE; empty: the scenario goes to `out`
};

// Registers the subcommand's options on `command`, storing into `args` (which must outlive
// the parse).
void AddGenerateOptions(CLI::App& command, GenerateArgs& args);

// Generates the scenario, checks it as `hubsim validate` would, and writes it to args.out
// (through a temporary file and a rename: never half a file) with a one-line summary on
// `out`, or, without args.out, the scenario itself to `out`. Returns the exit code: 0 done;
// 2 bad input (options, a city table that cannot be read or parsed; messages name the file,
// line and column); 1 the file cannot be written (nothing is left behind); 3 an internal
// error (the generated scenario does not validate: a bug).
int GenerateScenario(const GenerateArgs& args, std::ostream& out, std::ostream& err);

}  // namespace hubsim::cli

#endif  // HUBSIM_ENGINE_CLI_GENERATE_COMMAND_H_

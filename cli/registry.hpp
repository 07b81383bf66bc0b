#pragma once
// The verbs of the envgrid program. Each cli/commands/<group>_<verb>.cpp
// defines one Command and registers it with a static CommandRegistrar.

#include <functional>
#include <string>
#include <vector>

#include "options.hpp"

namespace envgrid::cli {

struct Command {
  std::string path;     // "crs transform", "init", "grid assign"
  std::string summary;  // one line for `envgrid --help`
  std::string usage;    // synopsis after "envgrid <path>"
  std::vector<OptionSpec> options;
  // Returns the exit code; throws gis::Error for failures.
  std::function<int(const ParsedArgs&)> run;
};

void register_command(Command command);
[[nodiscard]] const std::vector<Command>& registered_commands();

struct CommandRegistrar {
  explicit CommandRegistrar(Command command) { register_command(std::move(command)); }
};

// Prints the verb's usage and options to the stream.
void print_usage(const Command& command, std::ostream& out);

}  // namespace envgrid::cli

#include "registry.hpp"

#include <algorithm>
#include <ostream>

namespace envgrid::cli {

namespace {
std::vector<Command>& commands() {
  static std::vector<Command> all;
  return all;
}
}  // namespace

void register_command(Command command) {
  auto& all = commands();
  auto at = std::lower_bound(all.begin(), all.end(), command.path,
                             [](const Command& c, const std::string& p) { return c.path < p; });
  all.insert(at, std::move(command));
}

const std::vector<Command>& registered_commands() { return commands(); }

void print_usage(const Command& command, std::ostream& out) {
  out << "usage: envgrid " << command.path << ' ' << command.usage << "\n\n"
      << command.summary << "\n";
  if (command.options.empty()) return;
  out << "\noptions:\n";
  for (const auto& o : command.options) {
    std::string names = o.name;
    if (!o.alias.empty()) names = o.alias + ", " + names;
    if (o.takes_value) names += " VALUE";
    out << "  " << names;
    if (names.size() < 28)
      out << std::string(28 - names.size(), ' ');
    else
      out << "\n" << std::string(30, ' ');
    out << o.help << "\n";
  }
}

}  // namespace envgrid::cli

// envgrid <group> <verb> [options]: finds the verb, parses the global options
// (--quiet, --progress, --verbose, --config KEY VALUE), runs it, and turns
// envgrid::gis::Error into a message on stderr and an exit code, in one place.
// Built twice (cli/CMakeLists.txt): envgrid-full with every verb, and envgrid
// with the light verbs (ENVGRID_RUNS_FULL_PROGRAM), running envgrid-full for
// the others.

#include <cpl_conv.h>

#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include "envgrid/gis/error.hpp"
#include "envgrid/gis/log.hpp"
#include "envgrid/gis/progress.hpp"
#include "registry.hpp"
#ifdef ENVGRID_RUNS_FULL_PROGRAM
#include "full_program.hpp"
#endif

namespace {

using envgrid::cli::Command;
using envgrid::gis::ExitCode;

void print_overview(std::ostream& out) {
  out << "usage: envgrid [--quiet|--progress|--verbose] [--config KEY VALUE] <verb> [options]\n\n"
         "verbs:\n";
  for (const auto& c : envgrid::cli::registered_commands()) {
    std::string name = c.path;
    out << "  " << name << std::string(name.size() < 20 ? 20 - name.size() : 1, ' ') << c.summary
        << "\n";
  }
  out << "\n`envgrid <verb> --help` shows a verb's options. Exit codes: 0 done, 1 done with data\n"
         "problems reported, 2 usage error, 100 input, 101 output, 102 internal failure.\n";
}

// Longest registered command path that prefixes the words.
const Command* find_command(const std::vector<std::string>& words, std::size_t& consumed) {
  const Command* best = nullptr;
  for (const auto& c : envgrid::cli::registered_commands()) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    for (std::size_t space; (space = c.path.find(' ', start)) != std::string::npos;
         start = space + 1) {
      parts.push_back(c.path.substr(start, space - start));
    }
    parts.push_back(c.path.substr(start));
    if (parts.size() > words.size()) continue;
    bool match = true;
    for (std::size_t i = 0; i < parts.size() && match; ++i) match = parts[i] == words[i];
    if (match && (!best || parts.size() > consumed)) {
      best = &c;
      consumed = parts.size();
    }
  }
  return best;
}

// Consumes the global options, which may appear anywhere.
std::vector<std::string> take_global_options(int argc, char** argv) {
  std::vector<std::string> rest;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--quiet" || arg == "-q") {
      envgrid::gis::set_progress_mode(envgrid::gis::ProgressMode::never);
      envgrid::gis::set_log_level(envgrid::gis::LogLevel::warning);
    } else if (arg == "--progress") {
      envgrid::gis::set_progress_mode(envgrid::gis::ProgressMode::always);
    } else if (arg == "--verbose") {
      envgrid::gis::set_log_level(envgrid::gis::LogLevel::debug);
    } else if (arg == "--config" && i + 2 < argc) {
      CPLSetConfigOption(argv[i + 1], argv[i + 2]);
      i += 2;
    } else {
      rest.push_back(arg);
    }
  }
  return rest;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    std::vector<std::string> words = take_global_options(argc, argv);
    const bool overview =
        words.empty() || words[0] == "--help" || words[0] == "-h" || words[0] == "help";
    if (!overview && words[0] == "--version") {
      std::cout << "envgrid " << ENVGRID_VERSION << "\n";
      return 0;
    }
#ifdef ENVGRID_RUNS_FULL_PROGRAM
    std::size_t held = 0;
    if (overview || !find_command(words, held)) return envgrid::cli::run_full_program(argv);
#endif
    if (overview) {
      print_overview(words.empty() ? std::cerr : std::cout);
      return words.empty() ? static_cast<int>(ExitCode::usage) : 0;
    }
    std::size_t consumed = 0;
    const Command* command = find_command(words, consumed);
    if (!command) {
      std::cerr << "envgrid: unknown verb '" << words[0] << "'\n\n";
      print_overview(std::cerr);
      return static_cast<int>(ExitCode::usage);
    }
    std::vector<std::string> args(words.begin() + static_cast<long>(consumed), words.end());
    for (const auto& a : args) {
      if (a == "--help" || a == "-h") {
        envgrid::cli::print_usage(*command, std::cout);
        return 0;
      }
    }
    envgrid::gis::initialize_gdal();
    try {
      return command->run(envgrid::cli::parse_args(args, command->options));
    } catch (const envgrid::gis::Error& e) {
      if (e.code() == ExitCode::usage) {
        std::cerr << "envgrid " << command->path << ": " << e.what() << "\n";
        envgrid::cli::print_usage(*command, std::cerr);
        return static_cast<int>(ExitCode::usage);
      }
      throw;
    }
  } catch (const envgrid::gis::Error& e) {
    std::cerr << "envgrid: error: " << e.what() << "\n";
    return static_cast<int>(e.code());
  } catch (const std::bad_alloc&) {
    std::cerr << "envgrid: error: out of memory\n";
    return static_cast<int>(ExitCode::internal);
  } catch (const std::exception& e) {
    std::cerr << "envgrid: internal error: " << e.what() << "\n";
    return static_cast<int>(ExitCode::internal);
  }
}

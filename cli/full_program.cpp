#include "full_program.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <system_error>

#include "envgrid/gis/error.hpp"

namespace envgrid::cli {

int run_full_program(char** argv) {
  std::error_code error;
  // Beside this program wherever it was started from (not found through PATH,
  // so that a build directory's envgrid never runs an installed envgrid-full).
  const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", error);
  const std::filesystem::path full = self.parent_path() / "envgrid-full";
  if (!error) execv(full.c_str(), argv);
  std::cerr << "envgrid: error: cannot run " << full.string() << " (the program with the "
            << "verbs needing imagery, tasks or the viewer): "
            << (error ? error.message() : std::strerror(errno)) << "\n";
  return static_cast<int>(gis::ExitCode::internal);
}

}  // namespace envgrid::cli

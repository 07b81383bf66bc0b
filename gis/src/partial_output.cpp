#include "partial_output.hpp"

#include <filesystem>

#include "envgrid/gis/error.hpp"
#include "envgrid/gis/log.hpp"

namespace envgrid::gis::detail {

namespace fs = std::filesystem;

std::string partial_output_path(const std::string& path) {
  const fs::path target(path);
  return (target.parent_path() / (".partial-" + target.filename().string())).string();
}

void publish_partial_output(const std::string& partial, const std::string& path) {
  std::error_code error;
  fs::rename(partial, path, error);
  if (error) {
    throw_output_error("cannot rename " + partial + ": " + error.message(),
                       {.step = current_step(), .dataset = path});
  }
}

}  // namespace envgrid::gis::detail

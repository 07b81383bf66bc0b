// Output-path guard: compares paths by what they resolve to, not by spelling.

#include "envgrid/gis/output_guard.hpp"

#include <sys/stat.h>

#include <array>
#include <filesystem>
#include <optional>

#include "envgrid/gis/error.hpp"

namespace envgrid::gis {

namespace fs = std::filesystem;

namespace {

constexpr std::array<const char*, 3> sqlite_companions = {"-wal", "-shm", "-journal"};

bool is_file_path(const std::string& path) {
  return !path.empty() && path != "-" && path.rfind("PG:", 0) != 0 && path.rfind("/vsi", 0) != 0;
}

// Symbolic links and ".." resolved as far as the path exists.
fs::path resolved(const std::string& path) {
  std::error_code error;
  fs::path out = fs::weakly_canonical(fs::absolute(path, error), error);
  if (error) return fs::absolute(path).lexically_normal();
  return out;
}

struct FileIdentity {
  dev_t device;
  ino_t inode;
  bool operator==(const FileIdentity&) const = default;
};

std::optional<FileIdentity> identity(const fs::path& path) {
  struct stat status {};
  if (::stat(path.c_str(), &status) != 0) return std::nullopt;
  return FileIdentity{status.st_dev, status.st_ino};
}

bool same_file(const fs::path& a, const fs::path& b) {
  if (a == b) return true;
  auto ia = identity(a);
  return ia && ia == identity(b);
}

}  // namespace

bool output_would_overwrite(const std::string& output, const std::string& input) {
  if (!is_file_path(output) || !is_file_path(input)) return false;
  const fs::path out = resolved(output);
  const fs::path in = resolved(input);
  if (same_file(out, in)) return true;
  for (const char* suffix : sqlite_companions) {
    if (same_file(out, fs::path(in.string() + suffix))) return true;
  }
  return false;
}

void refuse_outputs_onto_inputs(std::span<const NamedPath> outputs,
                                std::span<const NamedPath> inputs) {
  for (std::size_t i = 0; i < outputs.size(); ++i) {
    const NamedPath& output = outputs[i];
    for (const NamedPath& input : inputs) {
      if (!output_would_overwrite(output.path, input.path)) continue;
      throw_usage_error(output.option + " '" + output.path + "' is the input " + input.option +
                        " '" + input.path +
                        "' (or part of it): writing it would destroy the input; choose another "
                        "output path");
    }
    for (std::size_t j = i + 1; j < outputs.size(); ++j) {
      if (!output_would_overwrite(output.path, outputs[j].path)) continue;
      throw_usage_error(output.option + " '" + output.path + "' and " + outputs[j].option + " '" +
                        outputs[j].path + "' are the same file: give each output its own path");
    }
  }
}

}  // namespace envgrid::gis

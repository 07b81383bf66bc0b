#pragma once
// The one output-path guard: before anything is opened for writing, an output
// that is one of the command's inputs (the project store, a source file, a
// raster being read) by any spelling is refused. "Any spelling" covers
// symbolic links, "..", hard links (same device and inode) and the SQLite
// companions of a GeoPackage store (-wal, -shm, -journal), whose loss
// corrupts the store as surely as overwriting it.

#include <span>
#include <string>

namespace envgrid::gis {

// A path a command writes, with what the user called it ("--output").
struct NamedPath {
  std::string option;
  std::string path;
};

// True when a and b are the same file (or b a SQLite companion of a's) under
// any spelling. Paths that are not files ("-", "PG:...", "/vsi...") are never
// the same as anything.
[[nodiscard]] bool output_would_overwrite(const std::string& output, const std::string& input);

// Throws Error(usage) naming both when an output would overwrite an input or
// another output. Touches nothing on disk.
void refuse_outputs_onto_inputs(std::span<const NamedPath> outputs,
                                std::span<const NamedPath> inputs);

}  // namespace envgrid::gis

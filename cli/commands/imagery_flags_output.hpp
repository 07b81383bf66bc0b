#pragma once
// Where `imagery changes` and `imagery outfalls` put their flags and chips:
// a vector file (replaced; chips in OUT.chips, emptied first), or a project
// store (GeoPackage project or PG:): flags appended to its `flags` layer with
// status `new` and the cell from its `cells`, chips kept across runs in
// PROJECT.chips (or --chips) and recorded in its `chips` layer.

#include <optional>
#include <string>
#include <vector>

#include "envgrid/imagery/chips.hpp"
#include "envgrid/imagery/flags.hpp"

namespace envgrid::cli {

class FlagsOutput {
 public:
  // Decides file or store and checks what can be checked before the slow
  // step: a store needs georeferenced images, a PostGIS store an explicit
  // chips folder (a connection string is no place for files).
  FlagsOutput(const std::string& target, const std::optional<std::string>& chips_dir,
              bool georeferenced);

  [[nodiscard]] imagery::ChipWriter& chips() { return chips_; }
  [[nodiscard]] bool is_store() const { return store_; }
  // Writes the flags (call after the chips); returns a summary for stdout.
  [[nodiscard]] std::string write(std::vector<imagery::Flag>& flags, const std::string& crs_wkt);

 private:
  std::string target_;
  bool store_ = false;
  imagery::ChipWriter chips_;
};

}  // namespace envgrid::cli

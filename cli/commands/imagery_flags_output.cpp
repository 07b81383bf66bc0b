#include "imagery_flags_output.hpp"

#include "envgrid/gis/error.hpp"
#include "envgrid/gis/log.hpp"
#include "envgrid/gis/store.hpp"
#include "envgrid/grid/assign_store.hpp"
#include "envgrid/imagery/flags_store.hpp"

namespace envgrid::cli {

namespace {

bool checked_store(const std::string& target, const std::optional<std::string>& chips_dir,
                   bool georeferenced) {
  gis::initialize_gdal();
  if (!gis::is_store_location(target)) return false;
  if (!georeferenced) {
    gis::throw_usage_error(
        "flags in pixel space (--gsd) have no position: they cannot go into the store " + target);
  }
  if (gis::is_postgis_location(target) && !chips_dir) {
    gis::throw_usage_error("give --chips DIR for the chips of flags written to a PostGIS store");
  }
  return true;
}

std::string chips_folder(const std::string& target, const std::optional<std::string>& chips_dir) {
  return chips_dir ? *chips_dir : target + ".chips";
}

}  // namespace

FlagsOutput::FlagsOutput(const std::string& target, const std::optional<std::string>& chips_dir,
                         bool georeferenced)
    : target_(target),
      store_(checked_store(target, chips_dir, georeferenced)),
      chips_(chips_folder(target, chips_dir), store_) {}

std::string FlagsOutput::write(std::vector<imagery::Flag>& flags, const std::string& crs_wkt) {
  const std::string chips_summary =
      "; chips: " + std::to_string(chips_.written()) + " in " + chips_.dir();
  if (!store_) {
    imagery::write_flags(target_, flags, crs_wkt);
    return "flags written: " + std::to_string(flags.size()) + " to " + target_ + chips_summary;
  }
  OGRSpatialReference srs;
  srs.importFromWkt(crs_wkt.c_str());
  const gis::Crs crs = gis::Crs::from_ogr(srs);
  std::vector<std::vector<unsigned char>> footprints;
  for (const auto& flag : flags) {
    const OGRPolygon polygon = imagery::flag_polygon(flag);
    footprints.emplace_back(polygon.WkbSize());
    polygon.exportToWkb(wkbNDR, footprints.back().data(), wkbVariantIso);
  }
  const auto cells = grid::footprint_cells_in_store(target_, footprints, crs);
  std::size_t in_cells = 0;
  for (std::size_t i = 0; cells && i < flags.size(); ++i) {
    flags[i].cell_id = (*cells)[i];
    in_cells += !flags[i].cell_id.empty();
  }
  gis::Store store = gis::Store::open(target_, true);
  const auto report = imagery::append_flags_to_store(store, flags, crs, chips_.records());
  std::string summary = "flags added to the store " + target_ + ": " +
                        std::to_string(report.added) + " (" +
                        std::to_string(report.already_in_store.size()) + " already there); ";
  summary +=
      cells ? "in a cell: " + std::to_string(in_cells)
            : std::string("the store has no cells (run `grid assign PROJECT` after adding them)");
  summary += chips_summary + ", recorded in the store: " + std::to_string(report.chips_recorded);
  if (!report.chips_layer) summary += " (the store has no chips layer)";
  return summary;
}

}  // namespace envgrid::cli

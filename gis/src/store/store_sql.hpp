#pragma once
// Small helpers shared by the store sources (private to gis/src/store).

#include <string>

#include "envgrid/gis/gdal_handles.hpp"

namespace envgrid::gis::detail {

// Runs a statement that returns no rows; throws Error(output) naming the
// store and GDAL's reason when it fails.
void execute_sql(GDALDataset& dataset, const std::string& location, const std::string& sql);

// Current UTC time as ISO 8601, e.g. "2026-11-28T16:34:01Z".

}  // namespace envgrid::gis::detail

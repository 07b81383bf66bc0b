#pragma once
// Feature access shared by the store files of envgrid::tasks (*_store.cpp),
// which alone touch OGR layers.

#include <functional>
#include <optional>
#include <string>

#include "envgrid/gis/store.hpp"
#include "envgrid/gis/store_tables.hpp"

namespace envgrid::tasks::rows {

using gis::sql_quote;
// "" when the field is missing or null.
[[nodiscard]] std::string text(const OGRFeature& feature, const char* name);
[[nodiscard]] std::optional<double> real(const OGRFeature& feature, const char* name);
// The point of a feature's geometry (a polygon's centroid) in its CRS.
void point_of(const OGRFeature& feature, std::optional<double>& x, std::optional<double>& y);

// Calls row() for each feature matching the attribute filter ("" = all);
// the filter is cleared afterwards.
void for_each(OGRLayer& layer, const std::string& where,
              const std::function<void(OGRFeature&)>& row);
// Throws Error(output) naming the layer with GDAL's reason.
void insert(gis::Store& store, OGRLayer& layer, OGRFeature& feature);
void update(gis::Store& store, OGRLayer& layer, OGRFeature& feature);

}  // namespace envgrid::tasks::rows

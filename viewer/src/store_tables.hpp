#pragma once
// Small helpers over OGR layers of the store used by the viewer.

#include <ogrsf_frmts.h>

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "envgrid/gis/gdal_handles.hpp"
#include "envgrid/gis/store.hpp"

namespace envgrid::viewer::detail {

// Creates a plain table (no geometry) with these fields when missing.
// REQUIRES: called inside a store transaction.
void create_table_if_missing(gis::Store& store, const std::string& name,
                             const std::vector<std::pair<std::string, OGRFieldType>>& fields);

// 'text' with single quotes doubled, for OGR SQL attribute filters.
[[nodiscard]] std::string sql_quote(const std::string& text);

// Visits the features of the layer matching an OGR SQL filter ("" for all),
// then clears the filter.
void for_each_feature(OGRLayer& layer, const std::string& filter,
                      const std::function<void(OGRFeature&)>& visit);

// The first feature whose field equals value, or nullptr.
[[nodiscard]] gis::FeaturePtr find_feature(OGRLayer& layer, const std::string& field,
                                           const std::string& value);

// Writes a feature back, throwing Error(output) naming the layer on failure.
void update_feature(gis::Store& store, OGRLayer& layer, OGRFeature& feature);
void insert_feature(gis::Store& store, OGRLayer& layer, OGRFeature& feature);

using gis::utc_now_iso8601;

}  // namespace envgrid::viewer::detail

#pragma once
// Small helpers over OGR layers of the store used by the viewer.

#include <ogrsf_frmts.h>

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "envgrid/gis/gdal_handles.hpp"
#include "envgrid/gis/store.hpp"
#include "envgrid/gis/store_tables.hpp"

namespace envgrid::viewer::detail {

// Creates a plain table (no geometry) with these fields when missing.
// REQUIRES: called inside a store transaction.
void create_table_if_missing(gis::Store& store, const std::string& name,
                             const std::vector<std::pair<std::string, OGRFieldType>>& fields);

using gis::find_feature;
using gis::for_each_feature;
using gis::sql_quote;

using gis::insert_feature;
using gis::update_feature;

using gis::utc_now_iso8601;

}  // namespace envgrid::viewer::detail

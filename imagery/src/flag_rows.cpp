// Typed reads of imagery's flags, chips and rasters for the viewer and the CLI.

#include "envgrid/imagery/flag_rows.hpp"

#include "envgrid/gis/store_tables.hpp"

namespace envgrid::imagery {

namespace {

std::string flag_where(const FlagFilter& filter) {
  std::string where;
  if (filter.statuses.size() == 1) where = "status = " + gis::sql_quote(filter.statuses[0]);
  if (filter.statuses.size() > 1) {
    where = "status IN (";
    for (std::size_t i = 0; i < filter.statuses.size(); ++i)
      where += (i ? ", " : "") + gis::sql_quote(filter.statuses[i]);
    where += ")";
  }
  if (!filter.cell_id.empty())
    where +=
        (where.empty() ? "" : " AND ") + std::string("cell_id = ") + gis::sql_quote(filter.cell_id);
  return where;
}

}  // namespace

gis::FeaturePtr find_flag(gis::Store& store, const std::string& flag_id) {
  return gis::find_feature(gis::store_layer(store, "flags"), "flag_id", flag_id);
}

gis::FeaturePtr flag_by_fid(gis::Store& store, GIntBig fid) {
  return gis::FeaturePtr(gis::store_layer(store, "flags").GetFeature(fid));
}

void for_each_flag(gis::Store& store, const FlagFilter& filter, const gis::StoreRowVisitor& visit) {
  OGRLayer& flags = gis::store_layer(store, "flags");
  const char* geometry_ignored[] = {"OGR_GEOMETRY", nullptr};
  if (!filter.geometry) flags.SetIgnoredFields(geometry_ignored);
  if (filter.within) {
    const gis::StoreBox& box = *filter.within;
    flags.SetSpatialFilterRect(box[0], box[1], box[2], box[3]);
  }
  gis::for_each_feature(flags, flag_where(filter), visit);
  flags.SetSpatialFilter(nullptr);
  flags.SetIgnoredFields(nullptr);
}

void for_each_chip(gis::Store& store, const std::string& flag_id, const std::string& view,
                   const gis::StoreRowVisitor& visit) {
  OGRLayer* chips = gis::find_store_layer(store, "chips");
  if (!chips) return;
  std::string filter = "flag_id = " + gis::sql_quote(flag_id);
  if (!view.empty()) filter += " AND view = " + gis::sql_quote(view);
  gis::for_each_feature(*chips, filter, visit);
}

void for_each_raster(gis::Store& store, const gis::StoreRowVisitor& visit) {
  if (OGRLayer* rasters = gis::find_store_layer(store, "rasters"))
    gis::for_each_feature(*rasters, "", visit);
}

gis::FeaturePtr find_raster(gis::Store& store, const std::string& raster_id) {
  OGRLayer* rasters = gis::find_store_layer(store, "rasters");
  return rasters ? gis::find_feature(*rasters, "raster_id", raster_id) : nullptr;
}

}  // namespace envgrid::imagery

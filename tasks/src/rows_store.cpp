// Feature access of envgrid::tasks' store files.

#include "rows.hpp"

#include "envgrid/gis/error.hpp"
#include "envgrid/gis/log.hpp"

namespace envgrid::tasks::rows {

std::string text(const OGRFeature& feature, const char* name) {
  const int index = feature.GetFieldIndex(name);
  return index >= 0 && feature.IsFieldSetAndNotNull(index) ? feature.GetFieldAsString(index) : "";
}

std::optional<double> real(const OGRFeature& feature, const char* name) {
  const int index = feature.GetFieldIndex(name);
  if (index < 0 || !feature.IsFieldSetAndNotNull(index)) return std::nullopt;
  return feature.GetFieldAsDouble(index);
}

void point_of(const OGRFeature& feature, std::optional<double>& x, std::optional<double>& y) {
  const OGRGeometry* geometry = feature.GetGeometryRef();
  if (!geometry || geometry->IsEmpty()) return;
  OGRPoint centre;
  if (geometry->Centroid(&centre) != OGRERR_NONE) return;
  x = centre.getX();
  y = centre.getY();
}

void for_each(OGRLayer& layer, const std::string& where,
              const std::function<void(OGRFeature&)>& row) {
  if (layer.SetAttributeFilter(where.empty() ? nullptr : where.c_str()) != OGRERR_NONE) {
    const std::string reason = gis::take_last_gdal_error();
    layer.SetAttributeFilter(nullptr);
    gis::throw_input_error("cannot filter by " + where + ": " + reason,
                           {.step = gis::current_step(), .layer = layer.GetName()});
  }
  layer.ResetReading();
  for (auto& feature : layer) row(*feature);
  layer.SetAttributeFilter(nullptr);
}

void insert(gis::Store& store, OGRLayer& layer, OGRFeature& feature) {
  if (layer.CreateFeature(&feature) != OGRERR_NONE) {
    gis::throw_output_error(
        "cannot add a row: " + gis::take_last_gdal_error(),
        {.step = gis::current_step(), .dataset = store.location(), .layer = layer.GetName()});
  }
}

void update(gis::Store& store, OGRLayer& layer, OGRFeature& feature) {
  if (layer.SetFeature(&feature) != OGRERR_NONE) {
    gis::throw_output_error(
        "cannot update a row: " + gis::take_last_gdal_error(),
        {.step = gis::current_step(), .dataset = store.location(), .layer = layer.GetName()});
  }
}

}  // namespace envgrid::tasks::rows

#include "envgrid/gis/gdal_handles.hpp"

#include "envgrid/gis/error.hpp"
#include "envgrid/gis/log.hpp"

namespace envgrid::gis {

DatasetPtr open_dataset(const std::string& name, unsigned flags, const char* const* open_options) {
  initialize_gdal();
  take_last_gdal_error();
  DatasetPtr dataset(
      GDALDataset::Open(name.c_str(), flags | GDAL_OF_VERBOSE_ERROR, nullptr, open_options));
  if (!dataset) {
    std::string reason = take_last_gdal_error();
    if (reason.empty()) reason = "GDAL cannot open it";
    throw_input_error("cannot open: " + reason, {.step = current_step(), .dataset = name});
  }
  return dataset;
}

GeometryPtr geometry_from_wkt(const std::string& wkt) {
  OGRGeometry* raw = nullptr;
  const char* cursor = wkt.c_str();
  if (OGRGeometryFactory::createFromWkt(&cursor, nullptr, &raw) != OGRERR_NONE || !raw) {
    throw_input_error("invalid WKT: " + wkt.substr(0, 80), {.step = current_step()});
  }
  return GeometryPtr(raw);
}

std::string geometry_to_wkt(const OGRGeometry& geometry) {
  return geometry.exportToWkt(OGRWktOptions{}, nullptr);
}

}  // namespace envgrid::gis

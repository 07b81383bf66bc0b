#include "envgrid/gis/geos_handles.hpp"

#include "envgrid/gis/error.hpp"
#include "envgrid/gis/log.hpp"

namespace envgrid::gis {

GeosContext::GeosContext() : handle_(GEOS_init_r()) {
  GEOSContext_setErrorMessageHandler_r(handle_, &GeosContext::on_message, this);
  GEOSContext_setNoticeMessageHandler_r(handle_, &GeosContext::on_message, this);
}

GeosContext::~GeosContext() { GEOS_finish_r(handle_); }

void GeosContext::on_message(const char* message, void* self) {
  static_cast<GeosContext*>(self)->last_message_ = message ? message : "";
}

GeosContext& thread_geos_context() {
  thread_local GeosContext context;
  return context;
}

GeosGeometryPtr geos_take(GeosContext& context, GEOSGeometry* geometry) {
  return GeosGeometryPtr(geometry, GeosGeometryDeleter{context.get()});
}

GeosGeometryPtr geos_from_wkt(GeosContext& context, const std::string& wkt) {
  GEOSGeometry* g = GEOSGeomFromWKT_r(context.get(), wkt.c_str());
  if (!g)
    throw_input_error("invalid WKT (" + context.last_message() + ")", {.step = current_step()});
  return geos_take(context, g);
}

GeosGeometryPtr geos_from_wkb(GeosContext& context, const unsigned char* wkb, std::size_t size) {
  GEOSGeometry* g = GEOSGeomFromWKB_buf_r(context.get(), wkb, size);
  if (!g)
    throw_input_error("invalid WKB (" + context.last_message() + ")", {.step = current_step()});
  return geos_take(context, g);
}

std::string geos_to_wkt(GeosContext& context, const GEOSGeometry* geometry, int precision) {
  GEOSWKTWriter* writer = GEOSWKTWriter_create_r(context.get());
  GEOSWKTWriter_setRoundingPrecision_r(context.get(), writer, precision);
  GEOSWKTWriter_setTrim_r(context.get(), writer, 1);
  char* text = GEOSWKTWriter_write_r(context.get(), writer, geometry);
  std::string out = text ? text : "";
  GEOSFree_r(context.get(), text);
  GEOSWKTWriter_destroy_r(context.get(), writer);
  return out;
}

std::vector<unsigned char> geos_to_wkb(GeosContext& context, const GEOSGeometry* geometry) {
  std::size_t size = 0;
  unsigned char* bytes = GEOSGeomToWKB_buf_r(context.get(), geometry, &size);
  std::vector<unsigned char> wkb(bytes, bytes + (bytes ? size : 0));
  GEOSFree_r(context.get(), bytes);
  return wkb;
}

GeosPreparedPtr geos_prepare(GeosContext& context, const GEOSGeometry* geometry) {
  return GeosPreparedPtr(GEOSPrepare_r(context.get(), geometry),
                         GeosPreparedDeleter{context.get()});
}

}  // namespace envgrid::gis

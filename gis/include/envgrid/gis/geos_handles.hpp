#pragma once
// RAII owners for the GEOS C API (reentrant, _r functions). A GeosContext per
// thread; GeosGeometry owns a GEOSGeometry* and remembers its context.

#include <geos_c.h>

#include <memory>
#include <string>
#include <vector>

namespace envgrid::gis {

class GeosContext {
 public:
  GeosContext();
  ~GeosContext();
  GeosContext(const GeosContext&) = delete;
  GeosContext& operator=(const GeosContext&) = delete;

  [[nodiscard]] GEOSContextHandle_t get() const noexcept { return handle_; }
  // The last GEOS error or notice raised in this context.
  [[nodiscard]] const std::string& last_message() const noexcept { return last_message_; }

 private:
  static void on_message(const char* message, void* self);
  GEOSContextHandle_t handle_;
  std::string last_message_;
};

// The calling thread's context, created on first use.
[[nodiscard]] GeosContext& thread_geos_context();

struct GeosGeometryDeleter {
  GEOSContextHandle_t context;
  void operator()(GEOSGeometry* g) const noexcept {
    if (g) GEOSGeom_destroy_r(context, g);
  }
};
using GeosGeometryPtr = std::unique_ptr<GEOSGeometry, GeosGeometryDeleter>;

struct GeosPreparedDeleter {
  GEOSContextHandle_t context;
  void operator()(const GEOSPreparedGeometry* g) const noexcept {
    if (g) GEOSPreparedGeom_destroy_r(context, g);
  }
};
using GeosPreparedPtr = std::unique_ptr<const GEOSPreparedGeometry, GeosPreparedDeleter>;

struct GeosWkbReaderDeleter {
  GEOSContextHandle_t context;
  void operator()(GEOSWKBReader* r) const noexcept {
    if (r) GEOSWKBReader_destroy_r(context, r);
  }
};

[[nodiscard]] GeosGeometryPtr geos_take(GeosContext& context, GEOSGeometry* geometry);
[[nodiscard]] GeosGeometryPtr geos_from_wkt(GeosContext& context, const std::string& wkt);
[[nodiscard]] GeosGeometryPtr geos_from_wkb(GeosContext& context, const unsigned char* wkb,
                                            std::size_t size);
[[nodiscard]] std::string geos_to_wkt(GeosContext& context, const GEOSGeometry* geometry,
                                      int precision = 9);
// 2-D WKB (empty for a null geometry or when GEOS cannot write it).
[[nodiscard]] std::vector<unsigned char> geos_to_wkb(GeosContext& context,
                                                     const GEOSGeometry* geometry);
[[nodiscard]] GeosPreparedPtr geos_prepare(GeosContext& context, const GEOSGeometry* geometry);

}  // namespace envgrid::gis

// CRS definitions as users write them (EPSG:n, GCJ02, BD09, PROJ strings,
// WKT), then the uses a parsed CRS is put to: an OGR SRS for output files, a
// comparison, and a transformation of one point to WGS 84 and back.

#include "envgrid/gis/crs.hpp"
#include "fuzz_support.hpp"

using namespace envgrid;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::quiet_logging();
  const std::string text = fuzz::as_text(data, size);
  fuzz::refusing_cleanly([&] {
    const gis::Crs crs = gis::Crs::parse(text);
    (void)crs.to_ogr();
    (void)crs.same_as(gis::Crs::wgs84());
    const gis::CoordinateTransformer to_wgs84(crs, gis::Crs::wgs84());
    double x = 114.3, y = 30.6;  // Wuhan, lon/lat
    if (to_wgs84.transform(x, y)) {
      const gis::CoordinateTransformer back(gis::Crs::wgs84(), crs);
      (void)back.transform(x, y);
    }
  });
  return 0;
}

#pragma once
// Where the synthetic county lies and how its metric coordinates become
// longitude/latitude. Everything is generated in a metric CRS (CGCS2000
// 3-degree Gauss-Kruger zone of the county's centre) so that lengths and
// areas are in metres, and transformed to WGS 84 lon/lat when written.

#include <memory>

#include "envgrid/gis/chinese_offsets.hpp"
#include "envgrid/gis/crs.hpp"
#include "envgrid/gis/gdal_handles.hpp"

namespace envgrid::synth::detail {

struct Point {
  double x = 0;  // metres east (metric CRS)
  double y = 0;  // metres north
};

class Frame {
 public:
  // centre in WGS 84 degrees (longitude, latitude).
  explicit Frame(gis::LonLat centre);

  [[nodiscard]] Point centre() const { return centre_; }
  [[nodiscard]] gis::LonLat to_lonlat(Point p) const;
  // Transforms every vertex of a metric geometry to lon/lat in place.
  void to_lonlat(OGRGeometry& geometry) const;
  [[nodiscard]] const gis::Crs& output_crs() const { return output_crs_; }

 private:
  gis::Crs metric_crs_;
  gis::Crs output_crs_ = gis::Crs::wgs84();
  std::unique_ptr<gis::CoordinateTransformer> to_lonlat_;
  Point centre_;
};

}  // namespace envgrid::synth::detail

#include "frame.hpp"

#include "envgrid/gis/error.hpp"

namespace envgrid::synth::detail {

Frame::Frame(gis::LonLat centre)
    : metric_crs_(gis::choose_metric_crs(centre.lon, centre.lat, centre.lon, centre.lat).crs) {
  to_lonlat_ = std::make_unique<gis::CoordinateTransformer>(metric_crs_, output_crs_);
  gis::CoordinateTransformer to_metric(output_crs_, metric_crs_);
  double x = centre.lon, y = centre.lat;
  if (!to_metric.transform(x, y)) {
    throw gis::Error(gis::ExitCode::internal, "cannot project the synthetic county's centre",
                     {"synth", "", "", {}, {}});
  }
  centre_ = {x, y};
}

gis::LonLat Frame::to_lonlat(Point p) const {
  double x = p.x, y = p.y;
  if (!to_lonlat_->transform(x, y)) {
    throw gis::Error(gis::ExitCode::internal, "cannot transform a synthetic point to lon/lat",
                     {"synth", "", "", {}, {}});
  }
  return {x, y};
}

void Frame::to_lonlat(OGRGeometry& geometry) const {
  if (!to_lonlat_->transform(geometry)) {
    throw gis::Error(gis::ExitCode::internal, "cannot transform a synthetic geometry to lon/lat",
                     {"synth", "", "", {}, {}});
  }
}

}  // namespace envgrid::synth::detail

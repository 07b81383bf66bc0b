#include "synth/frame.hpp"

#include "envgrid/gis/error.hpp"

namespace envgrid::gis::synth::detail {

Frame::Frame(LonLat centre)
    : metric_crs_(choose_metric_crs(centre.lon, centre.lat, centre.lon, centre.lat).crs) {
  to_lonlat_ = std::make_unique<CoordinateTransformer>(metric_crs_, output_crs_);
  CoordinateTransformer to_metric(output_crs_, metric_crs_);
  double x = centre.lon, y = centre.lat;
  if (!to_metric.transform(x, y)) {
    throw Error(ExitCode::internal, "cannot project the synthetic county's centre",
                {"synth", "", "", {}, {}});
  }
  centre_ = {x, y};
}

LonLat Frame::to_lonlat(Point p) const {
  double x = p.x, y = p.y;
  if (!to_lonlat_->transform(x, y)) {
    throw Error(ExitCode::internal, "cannot transform a synthetic point to lon/lat",
                {"synth", "", "", {}, {}});
  }
  return {x, y};
}

void Frame::to_lonlat(OGRGeometry& geometry) const {
  if (!to_lonlat_->transform(geometry)) {
    throw Error(ExitCode::internal, "cannot transform a synthetic geometry to lon/lat",
                {"synth", "", "", {}, {}});
  }
}

}  // namespace envgrid::gis::synth::detail

// choose_metric_crs: the projected CRS in metres that envgrid measures
// lengths, areas and buffers in (docs/crs.md, "Metric CRS").

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <sstream>
#include <string>

#include "envgrid/gis/crs.hpp"
#include "envgrid/gis/error.hpp"
#include "proj_crs.hpp"

namespace envgrid::gis {

namespace {

// EPSG:4534 is "CGCS2000 / 3-degree Gauss-Kruger CM 75E", each next code
// the next zone 3 degrees east, up to EPSG:4554 at CM 135E.
constexpr int first_gauss_kruger_code = 4534;
constexpr int first_gauss_kruger_cm_deg = 75;
constexpr int last_gauss_kruger_cm_deg = 135;

struct ProjectedChoice {
  int epsg = 0;
  std::string name;
  bool covers = false;  // the point lies in the CRS's EPSG area of use
};

ProjectedChoice describe_epsg(int code, double lon, double lat) {
  PJ_CONTEXT* context = thread_proj_context();
  const ProjPtr crs = detail::create_proj_crs("EPSG:" + std::to_string(code));
  ProjectedChoice choice{code, proj_get_name(crs.get()), false};
  double west = 0, south = 0, east = 0, north = 0;
  if (proj_get_area_of_use(context, crs.get(), &west, &south, &east, &north, nullptr)) {
    choice.covers = lon >= west && lon <= east && lat >= south && lat <= north;
  }
  return choice;
}

MetricCrs metric_crs(const ProjectedChoice& choice) {
  const std::string id = "EPSG:" + std::to_string(choice.epsg);
  return {Crs::parse(id), id + " " + choice.name};
}

int utm_code(double lon, double lat) {
  const int zone = std::min(60, static_cast<int>(std::floor((lon + 180.0) / 6.0)) + 1);
  return (lat >= 0 ? 32600 : 32700) + zone;
}

}  // namespace

MetricCrs choose_metric_crs(double min_lon, double min_lat, double max_lon, double max_lat) {
  const bool valid = std::isfinite(min_lon) && std::isfinite(min_lat) && std::isfinite(max_lon) &&
                     std::isfinite(max_lat) && min_lon <= max_lon && min_lat <= max_lat &&
                     min_lon >= -180 && max_lon <= 180 && min_lat >= -90 && max_lat <= 90;
  if (!valid) {
    std::ostringstream extent;  // %g-like: 1e300 stays short
    extent << std::setprecision(10) << min_lon << ',' << min_lat << ',' << max_lon << ','
           << max_lat;
    throw_input_error("extent " + extent.str() + " is not a longitude/latitude box");
  }
  const double lon = (min_lon + max_lon) / 2.0;
  const double lat = (min_lat + max_lat) / 2.0;
  // The Gauss-Krueger zone whose central meridian is nearest; it is used
  // when the centre lies inside that zone's EPSG area of use (China).
  const int cm_deg = static_cast<int>(std::lround(lon / 3.0)) * 3;
  if (cm_deg >= first_gauss_kruger_cm_deg && cm_deg <= last_gauss_kruger_cm_deg) {
    const int code = first_gauss_kruger_code + (cm_deg - first_gauss_kruger_cm_deg) / 3;
    const ProjectedChoice zone = describe_epsg(code, lon, lat);
    if (zone.covers) return metric_crs(zone);
  }
  return metric_crs(describe_epsg(utm_code(lon, lat), lon, lat));
}

}  // namespace envgrid::gis

#pragma once
// Flags: every detection becomes one, for analysts to review. The `flags`
// layer has the fields flag_id, kind, score, status (`new`), source, cell_id
// (empty unless cells exist), area_m2, created_at, source_lon and source_lat
// (where a field check should go: an outfall's outlet; null for other
// flags), and a polygon geometry.

#include <optional>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "envgrid/gis/chinese_offsets.hpp"
#include "envgrid/gis/store.hpp"

namespace envgrid::imagery {

struct Flag {
  std::string flag_id;  // stable: the same detection on the same images gets the same id
  std::string kind;     // new_structure, demolition, earthworks, outfall_plume, ...
  double score = 0;
  std::string status = "new";
  std::string source;   // which image(s) and verb produced it
  std::string cell_id;  // "" unless cells exist
  double area_m2 = 0;
  std::string created_at;  // UTC, ISO 8601
  // WGS 84 degrees (x = longitude) of the point a field check goes to, e.g.
  // the outlet of a plume; nullopt when the flag has none or is in pixel space.
  std::optional<gis::LonLat> source_at;
  std::vector<cv::Point2d> ring;  // polygon exterior ring in the output CRS
};

// "<prefix>-" + 12 hex digits of a hash of the kind and the geometry.
[[nodiscard]] std::string make_flag_id(const std::string& prefix, const std::string& kind,
                                       const std::vector<cv::Point2d>& ring);
using gis::utc_now_iso8601;

// The flag's polygon (its ring, closed), in the flag's CRS.
[[nodiscard]] OGRPolygon flag_polygon(const Flag& flag);

// Writes the flags layer to a vector file (format from the extension: .gpkg,
// .geojson, .fgb, .shp, .csv), replacing it. crs_wkt "" = no CRS (pixel space).
// Throws gis::Error(output).
void write_flags(const std::string& path, const std::vector<Flag>& flags,
                 const std::string& crs_wkt);

// Polygon exterior rings / points of every feature of a vector source,
// transformed into target_crs_wkt ("" = taken as is). Features without a
// usable geometry are skipped with a warning naming them.
[[nodiscard]] std::vector<std::vector<cv::Point2d>> read_polygon_rings(
    const std::string& source, const std::string& target_crs_wkt);
struct NamedPoint {
  std::string id;
  cv::Point2d position;
};
// id: the value of the first of id_fields present, else the FID.
[[nodiscard]] std::vector<NamedPoint> read_points(const std::string& source,
                                                  const std::string& target_crs_wkt,
                                                  const std::vector<std::string>& id_fields);

}  // namespace envgrid::imagery

#pragma once
// The edge of patrol planning: stops from the store, distances (straight
// line or roads), and the plan written to GeoJSON, GPX and the store.

#include <optional>
#include <string>
#include <vector>

#include "envgrid/gis/store.hpp"
#include "envgrid/grid/patrol.hpp"
#include "envgrid/grid/workload.hpp"

namespace envgrid::grid {

struct PatrolRequest {
  std::string cell_id;
  Date date;
  FrequencyTable frequencies = default_frequencies();
};

struct PatrolInputs {
  std::vector<PatrolStop> stops;
  double cell_centre_x = 0;  // store CRS; the default start
  double cell_centre_y = 0;
  std::vector<std::string> warnings;
};

// The cell's enterprises whose inspection is due by the end of the plan
// date's quarter (overdue_days counted on the plan date). Throws
// Error(input) when the cell is not in the store.
[[nodiscard]] PatrolInputs load_patrol_inputs(gis::Store& store, const PatrolRequest& request);
// A flag awaiting a field check (a row of imagery's flags: flag_id, score,
// geometry) as a stop at its centroid; a warning when it has no geometry.
void add_flag_stop(const OGRFeature& flag, PatrolInputs& inputs);

struct LonLatPoint {
  double x = 0;
  double y = 0;
};

// Metres between two points: geodesic on the WGS 84 ellipsoid when
// geographic (x = longitude), Euclidean otherwise.
[[nodiscard]] double straight_line_m(const LonLatPoint& a, const LonLatPoint& b, bool geographic);

// Straight-line distances in metres: geodesic on the WGS 84 ellipsoid when
// crs is geographic, Euclidean otherwise (a metric CRS).
[[nodiscard]] DistanceMatrix straight_line_matrix(const std::vector<LonLatPoint>& points,
                                                  const gis::Crs& crs);

// Shortest road distances: the lines of `roads_source` (converted to crs)
// form a graph with a vertex at every line vertex (shared coordinates join
// lines); a `oneway` field of yes/true/1 allows travel along the drawing
// direction only, -1/reverse against it. Points are snapped to the nearest
// road vertex (snap distances are added to the legs). Dijkstra (Boost.Graph)
// from every point. `paths[i][j]` is the road line from point i to point j.
struct RoadMatrix {
  DistanceMatrix distance;
  std::vector<std::vector<std::vector<LonLatPoint>>> paths;
  std::vector<double> snap_distance_m;
};
[[nodiscard]] RoadMatrix road_matrix(const std::string& roads_source,
                                     const std::vector<LonLatPoint>& points, const gis::Crs& crs);

struct PatrolOutput {
  std::string patrol_id;  // CELL-YYYY-MM-DD
  std::string date;       // YYYY-MM-DD
  std::string start_time = "08:00";
  LonLatPoint start;
  std::vector<PatrolStop> stops;
  PatrolPlan plan;
  // The route as drawn: points of the legs in order (straight or road paths).
  std::vector<LonLatPoint> route_line;
};

// ISO 8601 local arrival time of a visit (date + start_time + minutes).
[[nodiscard]] std::string arrival_time(const PatrolOutput& output, double minutes);

void write_patrol_geojson(const PatrolOutput& output, const gis::Crs& crs, const std::string& path);
void write_patrol_gpx(const PatrolOutput& output, const gis::Crs& crs, const std::string& path);
// The same GPX document as bytes, for a download (written in GDAL's memory
// file system, never on disk).
[[nodiscard]] std::string patrol_gpx_bytes(const PatrolOutput& output, const gis::Crs& crs);
// Replaces the rows of this patrol_id in the store's patrols layer, in one transaction.
void record_patrol(gis::Store& store, const PatrolOutput& output, const std::string& cell_id);

}  // namespace envgrid::grid

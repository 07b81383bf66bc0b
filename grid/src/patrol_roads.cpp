// Road distances: a directed graph of the road lines, Dijkstra (Boost.Graph).

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/dijkstra_shortest_paths.hpp>
#include <cctype>
#include <cmath>
#include <limits>
#include <map>
#include <memory>

#include "envgrid/gis/error.hpp"
#include "envgrid/gis/log.hpp"
#include "envgrid/gis/text.hpp"
#include "envgrid/gis/vector_io.hpp"
#include "envgrid/grid/patrol_store.hpp"

namespace envgrid::grid {

namespace {

using RoadGraph =
    boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS, boost::no_property,
                          boost::property<boost::edge_weight_t, double>>;
using Vertex = RoadGraph::vertex_descriptor;

enum class Direction { both, forward, backward };

Direction direction_of(const gis::AttributeColumn* oneway, std::size_t row) {
  if (!oneway) return Direction::both;
  const std::string value = gis::ascii_lower(gis::field_value_text(oneway->values[row]));
  if (value == "yes" || value == "true" || value == "1" || value == "t" || value == "f")
    return value == "f" ? Direction::backward : Direction::forward;  // OSM-style T/F too
  if (value == "-1" || value == "reverse") return Direction::backward;
  return Direction::both;
}

struct RoadNetwork {
  RoadGraph graph;
  std::vector<LonLatPoint> coordinates;  // per vertex
  std::map<std::pair<long long, long long>, Vertex> by_position;
  bool geographic = true;

  Vertex vertex_at(double x, double y) {
    // Line ends within ~1 cm join (1e-7 degree or 1 cm in a metric CRS).
    const double scale = geographic ? 1e7 : 100;
    const std::pair key{std::llround(x * scale), std::llround(y * scale)};
    auto it = by_position.find(key);
    if (it != by_position.end()) return it->second;
    const Vertex v = boost::add_vertex(graph);
    coordinates.push_back({x, y});
    by_position.emplace(key, v);
    return v;
  }

  void add_line(const OGRLineString& line, Direction direction) {
    for (int i = 1; i < line.getNumPoints(); ++i) {
      const Vertex a = vertex_at(line.getX(i - 1), line.getY(i - 1));
      const Vertex b = vertex_at(line.getX(i), line.getY(i));
      const double metres = straight_line_m(coordinates[a], coordinates[b], geographic);
      if (direction != Direction::backward) boost::add_edge(a, b, metres, graph);
      if (direction != Direction::forward) boost::add_edge(b, a, metres, graph);
    }
  }
};

void add_geometry(RoadNetwork& network, const OGRGeometry& geometry, Direction direction) {
  const auto type = wkbFlatten(geometry.getGeometryType());
  if (type == wkbLineString) {
    network.add_line(*geometry.toLineString(), direction);
  } else if (type == wkbMultiLineString) {
    for (const auto* part : *geometry.toMultiLineString()) network.add_line(*part, direction);
  }
}

RoadNetwork read_roads(const std::string& source, const gis::Crs& crs) {
  const auto table = gis::read_layer(source);
  gis::CoordinateTransformer to_store(table.crs, crs);
  const auto* oneway = table.column("oneway");
  RoadNetwork network;
  network.geographic = crs.is_geographic();
  std::size_t skipped = 0;
  for (std::size_t i = 0; i < table.size(); ++i) {
    const auto& wkb = table.geometries.empty() ? std::vector<unsigned char>{} : table.geometries[i];
    OGRGeometry* raw = nullptr;
    if (wkb.empty() ||
        OGRGeometryFactory::createFromWkb(wkb.data(), nullptr, &raw, wkb.size()) != OGRERR_NONE) {
      ++skipped;
      continue;
    }
    std::unique_ptr<OGRGeometry> geometry(raw);
    if (!to_store.transform(*geometry)) {
      gis::log_warning(table.describe_row(i) + ": cannot be converted to the store CRS; skipped");
      continue;
    }
    add_geometry(network, *geometry, direction_of(oneway, i));
  }
  if (skipped)
    gis::log_warning(source + ": " + std::to_string(skipped) + " rows without a line skipped");
  if (boost::num_edges(network.graph) == 0)
    gis::throw_input_error("no road lines", {.step = "patrol plan", .dataset = source});
  return network;
}

Vertex nearest_vertex(const RoadNetwork& network, const LonLatPoint& point, double& metres) {
  Vertex best = 0;
  metres = unreachable_m;
  for (Vertex v = 0; v < network.coordinates.size(); ++v) {
    const double d = straight_line_m(point, network.coordinates[v], network.geographic);
    if (d < metres) {
      metres = d;
      best = v;
    }
  }
  return best;
}

}  // namespace

RoadMatrix road_matrix(const std::string& roads_source, const std::vector<LonLatPoint>& points,
                       const gis::Crs& crs) {
  const RoadNetwork network = read_roads(roads_source, crs);
  const std::size_t n = points.size();
  RoadMatrix result;
  result.distance.assign(n, std::vector<double>(n, unreachable_m));
  result.paths.assign(n, std::vector<std::vector<LonLatPoint>>(n));
  std::vector<Vertex> snapped(n);
  result.snap_distance_m.resize(n);
  for (std::size_t i = 0; i < n; ++i)
    snapped[i] = nearest_vertex(network, points[i], result.snap_distance_m[i]);
  const std::size_t vertex_count = boost::num_vertices(network.graph);
  std::vector<double> metres(vertex_count);
  std::vector<Vertex> predecessor(vertex_count);
  for (std::size_t i = 0; i < n; ++i) {
    boost::dijkstra_shortest_paths(
        network.graph, snapped[i],
        boost::distance_map(metres.data()).predecessor_map(predecessor.data()));
    for (std::size_t j = 0; j < n; ++j) {
      if (i == j) {
        result.distance[i][j] = 0;
        continue;
      }
      const double road_m = metres[snapped[j]];
      if (road_m == std::numeric_limits<double>::max()) continue;  // unreachable
      result.distance[i][j] = result.snap_distance_m[i] + road_m + result.snap_distance_m[j];
      std::vector<LonLatPoint> path{points[j]};
      for (Vertex v = snapped[j];; v = predecessor[v]) {
        path.push_back(network.coordinates[v]);
        if (v == snapped[i] || predecessor[v] == v) break;
      }
      path.push_back(points[i]);
      result.paths[i][j].assign(path.rbegin(), path.rend());
    }
  }
  return result;
}

}  // namespace envgrid::grid

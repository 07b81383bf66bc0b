#pragma once
// The edges of the hydro library: reading reach records from any source GDAL
// reads, and writing/reading a built network as the project's `reaches`
// layer (docs/hydro.md lists its fields). The algorithms never see a file.

#include <string>
#include <vector>

#include "envgrid/hydro/network.hpp"

namespace envgrid::hydro {

struct ReachSourceOptions {
  std::string layer;            // DEFAULT: `reaches` when present, else the first layer
  std::string where;            // OGR attribute filter (SQL WHERE)
  std::string id_field;         // DEFAULT: the feature id (FID)
  std::string from_node_field;  // REQUIRES: given together with to_node_field
  std::string to_node_field;
  std::string toid_field;  // an id -> toid edge list instead of node fields (nodes_from_edge_list)
  std::string divergence_field;
  std::string levelpath_field;
  std::string velocity_field;  // DEFAULT: velocity_m_s when present
  std::string name_field;      // DEFAULT: name or GNIS_NAME when present
  std::string length_field;    // metres; DEFAULT: the geometry's geodesic length
};

struct ReachSource {
  std::vector<ReachRecord> records;
  std::vector<RowProblem> problems;  // unreadable values; the row is kept without them
  std::string description;           // "file, layer L"
};

// Throws Error(input) when the source, the layer or a named field is missing,
// or when the layer has geometries but no CRS.
[[nodiscard]] ReachSource read_reaches(const std::string& source,
                                       const ReachSourceOptions& options);

// The layer name and fields of the project store (a contract).
inline constexpr const char* reaches_layer = "reaches";

struct WriteOptions {
  // GeoPackage rows through GDAL's per-feature API (OGR features) instead of
  // one prepared SQLite INSERT: the reference the fast path is tested
  // against (the same file, byte for byte in every row); PostGIS and the
  // other formats always go this way.
  bool through_ogr_features = false;
};

// Writes the network as the `reaches` layer: into the existing layer of a
// project store (replacing its features, in one transaction) or into a new
// vector file (GeoPackage, GeoJSON, FlatGeobuf, Shapefile by extension) in
// WGS 84. Throws Error(output).
void write_network(const Network& net, const std::string& path, const WriteOptions& options = {});

// Reads a network written by write_network back (nodes topology, stored
// lengths, divergences and level paths).
[[nodiscard]] Network load_network(const std::string& path);

}  // namespace envgrid::hydro

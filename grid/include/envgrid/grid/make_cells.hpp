#pragma once
// Supervision cells covering boundary polygons (townships or counties):
// a square or hexagonal lattice in a metric CRS, clipped to each boundary
// feature, so that every cell lies in exactly one feature. Slivers (pieces
// smaller than min_area_m2) are merged into the neighbour in the same
// feature that shares the longest edge. docs/grid.md describes the codes.

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace envgrid::grid {

enum class CellShape { square, hex };

struct BoundaryInput {
  std::string id;                  // township or county code
  std::int64_t row = 0;            // for messages
  std::vector<unsigned char> wkb;  // Polygon / MultiPolygon in metres, or:
  std::string wkt;                 // used when wkb is empty
};

struct MakeCellsOptions {
  // REQUIRES: > 0. Square: the side. Hex (pointy-top, rows offset by half a
  // cell): the distance between opposite flat sides, i.e. between the
  // centres of neighbours in a row.
  double cell_size_m = 1000;
  CellShape shape = CellShape::square;
  std::string code_prefix;  // DEFAULT "": codes are row + column + piece
  // DEFAULT 0, meaning 10 % of a whole cell's area: pieces smaller than this
  // are slivers and merged into a neighbour.
  double min_area_m2 = 0;
  double max_area_change = 0.01;  // repair-or-reject tolerance for boundaries
};

struct MadeCell {
  std::string code;         // prefix + row + column + piece, fixed widths: sorts by position
  std::int32_t row = 0;     // 0 = northernmost lattice row
  std::int32_t column = 0;  // 0 = westernmost lattice column
  std::int32_t piece = 1;   // 1.. when one lattice cell is split between features
  std::string boundary_id;
  double area_m2 = 0;
  std::vector<unsigned char> wkb;  // in the boundaries' metric CRS
};

struct MakeCellsResult {
  std::vector<MadeCell> cells;        // sorted by code
  std::vector<std::string> problems;  // rejected boundaries, isolated slivers kept
  std::size_t slivers_merged = 0;
  double min_area_m2 = 0;  // the threshold used
};

[[nodiscard]] MakeCellsResult make_cells(std::span<const BoundaryInput> boundaries,
                                         const MakeCellsOptions& options);

}  // namespace envgrid::grid

#pragma once
// Supervision cells held for fast point location: each cell's edges are cut
// into horizontal slabs (a point's ray only meets edges whose y-range holds
// the point's y), and the cells' bounding boxes sit in a uniform bucket grid.
// The GEOS geometry of each cell is kept for footprints and distances.
//
// Cells are stored in the rule order (cell_id_less), so "the smallest index"
// is "the cell the deterministic rule picks". docs/grid.md has the details.

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include <geos_c.h>

#include "envgrid/grid/overlap_rule.hpp"

namespace envgrid::grid {

enum class CoordinateUnits { degrees, metres };

struct CellInput {
  std::string id;
  std::int64_t row = 0;            // 1-based row or feature id, for messages
  std::vector<unsigned char> wkb;  // Polygon or MultiPolygon, or:
  std::string wkt;                 // used when wkb is empty
};

struct CellIndexOptions {
  CoordinateUnits units = CoordinateUnits::degrees;
  // DEFAULT 0.01: an invalid cell whose MakeValid repair changes its area by
  // more than 1 % is rejected (gis/geometry_repair.hpp).
  double max_area_change = 0.01;
  // A point closer than this to a cell edge is on the edge. DEFAULT 0 means
  // 1e-9 degree (about 0.1 mm) or 1e-4 m: far below survey precision, far
  // above the rounding of coordinates stored as text with 9+ decimals.
  double edge_tolerance = 0;
  // DEFAULT true: report every pair of cells whose interiors share at least
  // min_overlap_area_m2 (overlap_rule.hpp; the rule of grid validate).
  bool find_overlaps = true;
  double min_overlap_area_m2 = grid::min_overlap_area_m2;
};

// A message about one input cell (rows of the input that carry its id).
struct CellProblem {
  std::size_t input = 0;  // index into the build() input
  std::int64_t row = 0;
  std::string id;
  std::string message;
  bool rejected = false;  // the row is not part of the index
};

struct CellOverlap {
  std::uint32_t first = 0;  // cell indices, first < second
  std::uint32_t second = 0;
};

struct CellHit {
  std::uint32_t cell = 0;
  bool on_edge = false;  // on the cell's boundary (within the edge tolerance)
};

class CellIndex {
 public:
  // Validates, repairs or rejects, merges duplicate ids (their geometries
  // are unioned into one cell; a warning names the rows) and indexes.
  [[nodiscard]] static CellIndex build(std::span<const CellInput> cells,
                                       const CellIndexOptions& options = {});
  CellIndex(CellIndex&&) noexcept;
  CellIndex& operator=(CellIndex&&) noexcept;
  ~CellIndex();

  [[nodiscard]] std::size_t size() const;
  [[nodiscard]] const std::string& id(std::uint32_t cell) const;
  // The build() inputs joined into the cell (more than one for duplicate ids).
  [[nodiscard]] const std::vector<std::size_t>& inputs(std::uint32_t cell) const;
  [[nodiscard]] CoordinateUnits units() const;
  [[nodiscard]] double edge_tolerance() const;
  [[nodiscard]] const std::vector<CellProblem>& problems() const;
  [[nodiscard]] const std::vector<CellOverlap>& overlaps() const;
  // The cell's geometry, owned by the index (read it from one thread at a time).
  [[nodiscard]] const GEOSGeometry* geometry(std::uint32_t cell) const;
  [[nodiscard]] GEOSContextHandle_t geos_context() const;

  // Cells whose closure holds (x, y), in rule order. Thread-safe.
  void cells_covering(double x, double y, std::vector<CellHit>& hits) const;

  // The same in two steps, for callers that keep the bucket: the index
  // bucket holding (x, y), or bucket_count() when (x, y) lies farther than
  // the edge tolerance from the cells' extent (no cell holds it) ...
  [[nodiscard]] std::uint32_t bucket_at(double x, double y) const;
  [[nodiscard]] std::uint32_t bucket_count() const;
  // ... and the cells of bucket_at(x, y) whose closure holds (x, y).
  void cells_covering(std::uint32_t bucket, double x, double y, std::vector<CellHit>& hits) const;
  // The cell whose interior holds the whole bucket when no other cell and
  // no edge comes near it: every point in it is `inside` that cell without
  // a point-in-polygon test. -1 otherwise.
  [[nodiscard]] std::int32_t sole_cell(std::uint32_t bucket) const;

  // Groups nearby buckets: the region (a square block of buckets; at most
  // about 1024 regions) holding the bucket, locality_key_count() - 1 for
  // bucket_count(). Points located region by region read one part of the
  // index at a time, which stays in the CPU cache. Thread-safe.
  [[nodiscard]] std::uint32_t locality_key(std::uint32_t bucket) const;
  [[nodiscard]] std::uint32_t locality_key_count() const;

  // Cells whose bounding box meets the box, in rule order. Thread-safe.
  void cells_in_box(double min_x, double min_y, double max_x, double max_y,
                    std::vector<std::uint32_t>& cells) const;
  // Distance in metres from (x, y) to the cell's edges (0 when inside is not
  // checked: call for points outside the cell). For degrees, measured in the
  // local tangent plane at the point. Thread-safe.
  [[nodiscard]] double distance_to_edges_m(std::uint32_t cell, double x, double y) const;
  // Box around (x, y) that holds every point within distance_m, in the index units.
  void box_around(double x, double y, double distance_m, double box[4]) const;

 private:
  struct Impl;
  explicit CellIndex(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// The rule order of cell ids: numeric when both are unsigned integers
// (so "9" < "10"), byte order otherwise.
[[nodiscard]] bool cell_id_less(const std::string& a, const std::string& b);

}  // namespace envgrid::grid

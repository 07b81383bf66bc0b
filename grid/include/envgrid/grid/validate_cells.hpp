#pragma once
// Validation of agency-drawn cell hierarchies (province > city > county >
// township > cell, each cell naming its parent's code and its level): what
// `envgrid grid validate` reports. Geometries come in a metric CRS (the
// caller converts, validate_io.hpp), so every area is in m².
//
// Problem kinds, in report order (docs/grid.md, "Validating cells"):
//   invalid_rejected    invalid geometry the repair policy rejects
//   invalid_repaired    invalid geometry repaired within the policy
//   duplicate_code      a second cell with a code already seen (not checked further)
//   missing_parent      the parent code names no cell of the input
//   parent_cycle        following parents leads back to the cell
//   level_inconsistent  unknown level, or a level not below the parent's
//   overlap             two siblings (same parent) overlap: the shared area
//   outside_parent      the part of a cell outside its parent
//   gap                 a part of a parent covered by none of its children

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "envgrid/gis/geometry_repair.hpp"
#include "envgrid/gis/geos_handles.hpp"
#include "envgrid/grid/overlap_rule.hpp"

namespace envgrid::grid {

struct HierarchyCell {
  std::string id;
  std::string parent_id;           // "" for a top cell (or when there is no parent field)
  std::string level;               // "" when there is no level field
  std::int64_t row = 0;            // 1-based row or feature id
  std::string origin;              // "SOURCE, layer L, row R (id I)" for messages, or ""
  std::vector<unsigned char> wkb;  // Polygon or MultiPolygon in metres, or:
  std::string wkt;                 // used when wkb is empty
  std::string read_problem;        // why the row has no usable geometry, or ""
};

struct ValidateOptions {
  // DEFAULT min_overlap_area_m2 (overlap_rule.hpp): overlaps, gaps and parts
  // outside the parent smaller than this are digitizing noise and are not
  // reported.
  double min_area_m2 = min_overlap_area_m2;
  // DEFAULT false: check levels only when the input has a level field.
  bool check_levels = false;
  gis::RepairPolicy repair;
  // Called now and then with the work done so far (cells checked per pass).
  std::function<void(std::uint64_t done, std::uint64_t total)> on_progress;
};

enum class CellProblemKind : std::uint8_t {
  invalid_rejected,
  invalid_repaired,
  duplicate_code,
  missing_parent,
  parent_cycle,
  level_inconsistent,
  overlap,
  outside_parent,
  gap,
};
[[nodiscard]] std::string_view problem_name(CellProblemKind kind);

struct HierarchyProblem {
  CellProblemKind kind = CellProblemKind::overlap;
  std::string cell_id;   // the cell (for gap: the parent)
  std::string other_id;  // the other sibling, the parent, or ""
  double area_m2 = 0;    // the problem geometry's area; 0 when it has none
  std::string detail;    // what is wrong, in words
  std::int64_t row = 0;  // the cell's input row
  gis::GeosGeometryPtr geometry{nullptr, {nullptr}};  // in metres; may be null
};

struct ValidationReport {
  std::vector<HierarchyProblem> problems;  // sorted: kind, cell_id, other_id, area
  std::size_t cells_checked = 0;           // cells with a usable geometry
  std::size_t parents_checked = 0;         // parents whose children were checked for gaps
};

// REQUIRES: geometries in a projected CRS in metres. Uses the calling
// thread's GEOS context (gis::thread_geos_context()); the problems'
// geometries belong to it.
[[nodiscard]] ValidationReport validate_cells(std::span<const HierarchyCell> cells,
                                              const ValidateOptions& options = {});

// The depth of a level: province 1, city 2, county (or district) 3,
// township (or street) 4, cell 5; a whole number is its own depth; nullopt
// for anything else. A child's level must be deeper than its parent's.
[[nodiscard]] std::optional<int> level_depth(std::string_view level);

}  // namespace envgrid::grid

#pragma once
// The shared state of `grid validate`'s checks (validate_cells.cpp runs them).

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "envgrid/grid/validate_cells.hpp"

namespace envgrid::grid::detail {

inline constexpr std::int64_t no_parent = -1;

// One cell with a unique code; geometry null when rejected or unreadable.
struct CheckedCell {
  const HierarchyCell* input = nullptr;
  gis::GeosGeometryPtr geometry{nullptr, {nullptr}};
  double area_m2 = 0;
  std::int64_t parent = no_parent;  // index into the cells, when the parent exists
};

struct CheckedHierarchy {
  std::vector<CheckedCell> cells;  // input order, first of each code
  std::unordered_map<std::string, std::size_t> by_id;
};

struct CheckContext {
  gis::GeosContext& geos;
  const ValidateOptions& options;
  std::vector<HierarchyProblem>& problems;
  std::uint64_t done = 0;  // progress over cells_checked + parents
  std::uint64_t total = 0;

  void advance() {
    ++done;
    if (options.on_progress && (done % 256 == 0 || done == total)) options.on_progress(done, total);
  }
  void add(CellProblemKind kind, const CheckedCell& cell, std::string other_id, double area_m2,
           std::string detail, gis::GeosGeometryPtr geometry);
};

// missing_parent, parent_cycle and level_inconsistent; sets CheckedCell::parent.
void check_parents_and_levels(CheckedHierarchy& hierarchy, CheckContext& context);
// overlap between cells with the same parent code.
void find_sibling_overlaps(const CheckedHierarchy& hierarchy, CheckContext& context);
// outside_parent and gap for every parent with children.
void find_coverage_problems(const CheckedHierarchy& hierarchy, CheckContext& context);

// Polygonal part of an overlay of a and b (op: intersection or difference),
// retried on a 1 mm grid when GEOS's exact overlay fails on near-coincident
// edges; null when both fail.
enum class Overlay { intersection, difference };
[[nodiscard]] gis::GeosGeometryPtr polygonal_overlay(gis::GeosContext& context, Overlay op,
                                                     const GEOSGeometry* a, const GEOSGeometry* b);
[[nodiscard]] double area_of(gis::GeosContext& context, const GEOSGeometry* geometry);

}  // namespace envgrid::grid::detail

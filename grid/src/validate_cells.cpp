// Runs `grid validate`'s checks in order: geometry (repair or reject),
// duplicate codes, parents and levels, sibling overlaps, coverage of parents.

#include "envgrid/grid/validate_cells.hpp"

#include <algorithm>
#include <charconv>
#include <cstdio>

#include "envgrid/gis/error.hpp"
#include "envgrid/grid/cell_index.hpp"
#include "validate_internal.hpp"

namespace envgrid::grid {

std::string_view problem_name(CellProblemKind kind) {
  switch (kind) {
    case CellProblemKind::invalid_rejected:
      return "invalid_rejected";
    case CellProblemKind::invalid_repaired:
      return "invalid_repaired";
    case CellProblemKind::duplicate_code:
      return "duplicate_code";
    case CellProblemKind::missing_parent:
      return "missing_parent";
    case CellProblemKind::parent_cycle:
      return "parent_cycle";
    case CellProblemKind::level_inconsistent:
      return "level_inconsistent";
    case CellProblemKind::overlap:
      return "overlap";
    case CellProblemKind::outside_parent:
      return "outside_parent";
    case CellProblemKind::gap:
      return "gap";
  }
  return "unknown";
}

std::optional<int> level_depth(std::string_view level) {
  static const std::pair<std::string_view, int> names[] = {
      {"province", 1}, {"city", 2},   {"county", 3}, {"district", 3},
      {"township", 4}, {"street", 4}, {"cell", 5},
  };
  for (const auto& [name, depth] : names) {
    if (level == name) return depth;
  }
  int depth = 0;
  const auto [end, ec] = std::from_chars(level.data(), level.data() + level.size(), depth);
  if (ec == std::errc() && end == level.data() + level.size()) return depth;
  return std::nullopt;
}

namespace detail {

void CheckContext::add(CellProblemKind kind, const CheckedCell& cell, std::string other_id,
                       double area_m2, std::string detail, gis::GeosGeometryPtr geometry) {
  problems.push_back({kind, cell.input->id, std::move(other_id), area_m2, std::move(detail),
                      cell.input->row, std::move(geometry)});
}

}  // namespace detail

namespace {

using detail::CheckContext;
using detail::CheckedCell;
using detail::CheckedHierarchy;

gis::GeosGeometryPtr parse(gis::GeosContext& geos, const HierarchyCell& cell, std::string& why) {
  why = cell.read_problem;
  if (!why.empty()) return gis::geos_take(geos, nullptr);
  try {
    if (!cell.wkb.empty()) return gis::geos_from_wkb(geos, cell.wkb.data(), cell.wkb.size());
    if (!cell.wkt.empty()) return gis::geos_from_wkt(geos, cell.wkt);
    why = "no geometry";
  } catch (const gis::Error& error) {
    why = error.reason();
  }
  return gis::geos_take(geos, nullptr);
}

std::string area_text(double area_m2) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f", area_m2);
  return text;
}

// Checks the geometry by the repair policy; the cell keeps the valid or
// repaired geometry, the problem gets the geometry as digitized.
CheckedCell check_geometry(const HierarchyCell& input, CheckContext& context) {
  CheckedCell cell{&input};
  std::string why;
  auto raw = parse(context.geos, input, why);
  if (!raw) {
    context.add(CellProblemKind::invalid_rejected, cell, "", 0, why, std::move(raw));
    return cell;
  }
  auto repair = gis::repair_geometry(context.geos, raw.get(), context.options.repair);
  if (repair.outcome == gis::RepairOutcome::rejected) {
    const double area = gis::ring_area(context.geos, raw.get());
    context.add(CellProblemKind::invalid_rejected, cell, "", area, repair.reason, std::move(raw));
    return cell;
  }
  cell.geometry = std::move(repair.geometry);
  cell.area_m2 = detail::area_of(context.geos, cell.geometry.get());
  if (repair.outcome == gis::RepairOutcome::repaired) {
    context.add(CellProblemKind::invalid_repaired, cell, "", repair.area_before,
                repair.defect + "; repaired by " + repair.method + ", area " +
                    area_text(repair.area_before) + " -> " + area_text(repair.area_after) + " m2",
                std::move(raw));
  }
  return cell;
}

// The first cell of each code joins the hierarchy; later ones are reported.
CheckedHierarchy check_cells(std::span<const HierarchyCell> inputs, CheckContext& context) {
  CheckedHierarchy hierarchy;
  for (const auto& input : inputs) {
    const auto first = hierarchy.by_id.find(input.id);
    if (first != hierarchy.by_id.end()) {
      CheckedCell duplicate{&input};
      std::string why;
      auto geometry = parse(context.geos, input, why);
      const double area = geometry ? gis::ring_area(context.geos, geometry.get()) : 0;
      const HierarchyCell& kept = *hierarchy.cells[first->second].input;
      const std::string where =
          kept.origin.empty() ? "row " + std::to_string(kept.row) : kept.origin;
      context.add(CellProblemKind::duplicate_code, duplicate, "", area,
                  "code '" + input.id + "' is also on " + where + " (which is the one checked)",
                  std::move(geometry));
      continue;
    }
    hierarchy.by_id.emplace(input.id, hierarchy.cells.size());
    hierarchy.cells.push_back(check_geometry(input, context));
  }
  return hierarchy;
}

bool problem_less(const HierarchyProblem& a, const HierarchyProblem& b) {
  if (a.kind != b.kind) return a.kind < b.kind;
  if (a.cell_id != b.cell_id) return cell_id_less(a.cell_id, b.cell_id);
  if (a.other_id != b.other_id) return cell_id_less(a.other_id, b.other_id);
  if (a.row != b.row) return a.row < b.row;
  return a.area_m2 > b.area_m2;
}

}  // namespace

ValidationReport validate_cells(std::span<const HierarchyCell> cells,
                                const ValidateOptions& options) {
  ValidationReport report;
  CheckContext context{gis::thread_geos_context(), options, report.problems};
  CheckedHierarchy hierarchy = check_cells(cells, context);
  detail::check_parents_and_levels(hierarchy, context);
  std::size_t parents = 0;
  std::vector<char> is_parent(hierarchy.cells.size(), 0);
  for (const auto& cell : hierarchy.cells) {
    if (cell.parent != detail::no_parent && cell.geometry && !is_parent[cell.parent]) {
      is_parent[cell.parent] = 1;
      ++parents;
    }
    report.cells_checked += cell.geometry != nullptr;
  }
  context.total = report.cells_checked + parents;
  detail::find_sibling_overlaps(hierarchy, context);
  detail::find_coverage_problems(hierarchy, context);
  report.parents_checked = parents;
  std::stable_sort(report.problems.begin(), report.problems.end(), problem_less);
  return report;
}

}  // namespace envgrid::grid

// The checks that need no geometry: parents that do not exist, parent
// chains that loop, and levels that do not descend.

#include <string>

#include "validate_internal.hpp"

namespace envgrid::grid::detail {

namespace {

gis::GeosGeometryPtr copy_of(gis::GeosContext& geos, const CheckedCell& cell) {
  return gis::geos_take(
      geos, cell.geometry ? GEOSGeom_clone_r(geos.get(), cell.geometry.get()) : nullptr);
}

void link_parents(CheckedHierarchy& hierarchy, CheckContext& context) {
  for (auto& cell : hierarchy.cells) {
    const std::string& parent = cell.input->parent_id;
    if (parent.empty()) continue;
    const auto found = hierarchy.by_id.find(parent);
    if (found != hierarchy.by_id.end()) {
      cell.parent = static_cast<std::int64_t>(found->second);
      continue;
    }
    context.add(CellProblemKind::missing_parent, cell, parent, cell.area_m2,
                "parent '" + parent + "' is not among the cells", copy_of(context.geos, cell));
  }
}

// Colours cells while walking up: a walk that meets its own colour again
// has found a loop; every cell on it is reported once, and its parent link
// is cut so that later checks see a tree.
void find_cycles(CheckedHierarchy& hierarchy, CheckContext& context) {
  auto& cells = hierarchy.cells;
  std::vector<std::size_t> walk_of(cells.size(), 0);  // 0: not walked yet
  for (std::size_t start = 0; start < cells.size(); ++start) {
    const std::size_t walk = start + 1;
    std::int64_t at = static_cast<std::int64_t>(start);
    while (at != no_parent && walk_of[at] == 0) {
      walk_of[at] = walk;
      at = cells[at].parent;
    }
    if (at == no_parent || walk_of[at] != walk) continue;
    std::vector<std::size_t> loop;
    std::string path = cells[at].input->id;
    for (std::int64_t c = cells[at].parent;; c = cells[c].parent) {
      path += " -> " + cells[c].input->id;
      loop.push_back(static_cast<std::size_t>(c));
      if (c == at) break;
    }
    for (const std::size_t c : loop) {
      const auto& parent = cells[cells[c].parent];
      context.add(CellProblemKind::parent_cycle, cells[c], parent.input->id, cells[c].area_m2,
                  "parents loop: " + path, copy_of(context.geos, cells[c]));
    }
    for (const std::size_t c : loop) cells[c].parent = no_parent;
  }
}

void check_levels(const CheckedHierarchy& hierarchy, CheckContext& context) {
  for (const auto& cell : hierarchy.cells) {
    const std::string& level = cell.input->level;
    const auto depth = level_depth(level);
    if (!depth) {
      context.add(CellProblemKind::level_inconsistent, cell, "", cell.area_m2,
                  "level '" + level +
                      "' is not province, city, county, district, township, street, cell or "
                      "a whole number",
                  copy_of(context.geos, cell));
      continue;
    }
    if (cell.parent == no_parent) continue;
    const auto& parent = hierarchy.cells[cell.parent];
    const auto parent_depth = level_depth(parent.input->level);
    if (parent_depth && *depth <= *parent_depth) {
      context.add(
          CellProblemKind::level_inconsistent, cell, parent.input->id, cell.area_m2,
          "level '" + level + "' is not below its parent's level '" + parent.input->level + "'",
          copy_of(context.geos, cell));
    }
  }
}

}  // namespace

void check_parents_and_levels(CheckedHierarchy& hierarchy, CheckContext& context) {
  link_parents(hierarchy, context);
  find_cycles(hierarchy, context);
  if (context.options.check_levels) check_levels(hierarchy, context);
}

}  // namespace envgrid::grid::detail

// Adjacency of cells (GEOS) and the greedy cell-move suggestions.

#include <algorithm>
#include <map>

#include "envgrid/gis/geos_handles.hpp"
#include "envgrid/grid/workload.hpp"

namespace envgrid::grid {

namespace {

double shared_boundary_length(gis::GeosContext& geos, const GEOSGeometry* a,
                              const GEOSGeometry* b) {
  auto* h = geos.get();
  auto boundary_a = gis::geos_take(geos, GEOSBoundary_r(h, a));
  auto boundary_b = gis::geos_take(geos, GEOSBoundary_r(h, b));
  if (!boundary_a || !boundary_b) return 0;
  auto shared = gis::geos_take(geos, GEOSIntersection_r(h, boundary_a.get(), boundary_b.get()));
  double length = 0;
  if (shared) GEOSLength_r(h, shared.get(), &length);
  return length;
}

}  // namespace

std::vector<CellAdjacency> adjacent_cells(std::span<const WorkloadCell> cells) {
  auto& geos = gis::thread_geos_context();
  std::vector<gis::GeosGeometryPtr> shapes;
  for (const auto& cell : cells) {
    shapes.push_back(cell.geometry_wkt.empty() ? gis::GeosGeometryPtr(nullptr, {geos.get()})
                                               : gis::geos_from_wkt(geos, cell.geometry_wkt));
  }
  std::vector<CellAdjacency> pairs;
  for (std::size_t a = 0; a < cells.size(); ++a) {
    for (std::size_t b = a + 1; b < cells.size(); ++b) {
      if (!shapes[a] || !shapes[b]) continue;
      if (GEOSIntersects_r(geos.get(), shapes[a].get(), shapes[b].get()) != 1) continue;
      const double length = shared_boundary_length(geos, shapes[a].get(), shapes[b].get());
      if (length > 0) pairs.push_back({a, b, length});
    }
  }
  return pairs;
}

std::vector<CellMoveSuggestion> suggest_cell_moves(std::span<const WorkloadCell> cells,
                                                   std::span<const CellWorkload> cell_loads,
                                                   std::span<const ManagerWorkload> managers) {
  std::map<std::string, int> load;
  std::map<std::string, int> capacity;
  for (const auto& m : managers) {
    load[m.manager] = m.counts.load();
    capacity[m.manager] = m.capacity;
  }
  std::map<std::string, int> cell_load;
  for (const auto& c : cell_loads) cell_load[c.cell_id] = c.counts.load();
  std::vector<std::string> owner;
  for (const auto& c : cells) owner.push_back(c.manager);
  const auto adjacency = adjacent_cells(cells);

  std::vector<std::string> overloaded;
  for (const auto& m : managers) {
    if (!m.manager.empty() && m.over_capacity()) overloaded.push_back(m.manager);
  }
  std::sort(overloaded.begin(), overloaded.end(), [&](const auto& a, const auto& b) {
    return load[a] - capacity[a] > load[b] - capacity[b];
  });
  std::vector<CellMoveSuggestion> moves;
  for (const auto& manager : overloaded) {
    while (load[manager] > capacity[manager]) {
      // Candidate moves: a cell of this manager bordering another manager's cell.
      std::optional<CellMoveSuggestion> best;
      for (const auto& pair : adjacency) {
        for (auto [mine, theirs] : {std::pair{pair.a, pair.b}, std::pair{pair.b, pair.a}}) {
          const std::string& to = owner[theirs];
          if (owner[mine] != manager || to.empty() || to == manager) continue;
          const int moved = cell_load[cells[mine].cell_id];
          if (moved == 0 || load[to] + moved > capacity[to]) continue;
          if (!best || moved > best->cell_load ||
              (moved == best->cell_load && pair.shared_edge_length > best->shared_edge_length)) {
            best = CellMoveSuggestion{cells[mine].cell_id, manager, to, moved,
                                      pair.shared_edge_length};
          }
        }
      }
      if (!best) break;
      for (std::size_t i = 0; i < cells.size(); ++i) {
        if (cells[i].cell_id == best->cell_id) owner[i] = best->to_manager;
      }
      load[manager] -= best->cell_load;
      load[best->to_manager] += best->cell_load;
      moves.push_back(*best);
    }
  }
  return moves;
}

}  // namespace envgrid::grid

#pragma once
// Items in the square cells of a DegreeGrid, held as one vector sorted by
// cell: the items of a cell are a contiguous run found by binary search. A
// hash multimap of a million items chases a pointer per item and misses the
// cache at every step; this keeps the build linear in practice
// (docs/hydro.md, "Speed").

#include <algorithm>
#include <cstdint>
#include <span>
#include <vector>

#include "degree_grid.hpp"

namespace envgrid::hydro::detail {

template <typename Item>
class CellIndex {
 public:
  struct Entry {
    std::uint64_t key;
    Item item;
  };

  CellIndex(const DegreeGrid& grid, double margin_m)
      : grid_(grid),
        margin_lat_deg_(margin_m / metres_per_degree_lat),
        // The grid's longitude step is for its highest latitude, where a
        // degree of longitude is shortest: the same scale is conservative.
        margin_lon_deg_(grid.cell_lon_deg * margin_m /
                        (grid.cell_lat_deg * metres_per_degree_lat)) {}

  void reserve(std::size_t items) { entries_.reserve(items); }
  void add(long long column, long long row, const Item& item) {
    entries_.push_back({DegreeGrid::key(column, row), item});
  }
  void add(const LonLat& p, const Item& item) { add(grid_.column(p.lon), grid_.row(p.lat), item); }
  // REQUIRES: called once, after the last add. The order of the items within
  // a cell is unspecified: users must not depend on it.
  void sort() {
    std::sort(entries_.begin(), entries_.end(),
              [](const Entry& a, const Entry& b) { return a.key < b.key; });
  }

  [[nodiscard]] const DegreeGrid& grid() const { return grid_; }
  [[nodiscard]] std::span<const Entry> entries() const { return entries_; }

  [[nodiscard]] std::span<const Entry> cell(std::uint64_t key) const {
    auto first = std::lower_bound(entries_.begin(), entries_.end(), key,
                                  [](const Entry& e, std::uint64_t k) { return e.key < k; });
    auto last = first;
    while (last != entries_.end() && last->key == key) ++last;
    return {first, last};
  }

  // Visits the items of p's cell and of the neighbouring cells that lie
  // within margin_m of p (edges and corners). REQUIRES: margin_m is at most
  // a cell's side.
  template <typename Visit>
  void near(const LonLat& p, bool own_cell, Visit&& visit) const {
    const long long column = grid_.column(p.lon), row = grid_.row(p.lat);
    const double x = p.lon - static_cast<double>(column) * grid_.cell_lon_deg;
    const double y = p.lat - static_cast<double>(row) * grid_.cell_lat_deg;
    const int west = x < margin_lon_deg_ ? -1 : 0;
    const int east = grid_.cell_lon_deg - x < margin_lon_deg_ ? 1 : 0;
    const int south = y < margin_lat_deg_ ? -1 : 0;
    const int north = grid_.cell_lat_deg - y < margin_lat_deg_ ? 1 : 0;
    for (int dc = west; dc <= east; ++dc) {
      for (int dr = south; dr <= north; ++dr) {
        if (dc == 0 && dr == 0 && !own_cell) continue;
        for (const Entry& e : cell(DegreeGrid::key(column + dc, row + dr))) visit(e.item);
      }
    }
  }

 private:
  DegreeGrid grid_;
  double margin_lat_deg_;
  double margin_lon_deg_;
  std::vector<Entry> entries_;
};

}  // namespace envgrid::hydro::detail

#pragma once
// Assignment of sites (enterprises, outfalls: points or footprint polygons)
// to supervision cells. Sites come as columns in the cells' coordinate
// system (the caller converts CRSs first); results come back in input order.
//
// Match kinds and the rule (docs/grid.md):
//   inside     the point lies in exactly one cell's closure
//   boundary   the point lies on edges of two or more cells and in no cell's
//              interior: the cell with the smallest id (cell_id_less) wins,
//              other_cells lists the others
//   ambiguous  the point lies in the interiors of overlapping cells: the
//              smallest id among the cells whose interior holds it wins,
//              other_cells lists the rest
//   nearest    outside every cell, within snap_distance_m of one: the closest
//              (ties: smallest id), distance_m says how far
//   outside    none of the above
//   invalid    no usable location; reason says why
// Footprints go to the cell they overlap most (ties: smallest id); other
// cells they overlap are listed by decreasing overlap; `ambiguous` when
// those cells overlap each other inside the footprint, `boundary` otherwise.

#include <algorithm>
#include <array>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "envgrid/grid/cell_index.hpp"

namespace envgrid::grid {

enum class Match : std::uint8_t { inside, boundary, ambiguous, nearest, outside, invalid };
inline constexpr std::size_t match_kind_count = 6;
[[nodiscard]] std::string_view match_name(Match match);

// One row per site. A row is a footprint when footprints[i] is not empty,
// a point otherwise (x = longitude, y = latitude for degrees).
struct SiteColumns {
  std::span<const double> xs;
  std::span<const double> ys;
  std::span<const std::vector<unsigned char>> footprints;  // empty span: all points
  std::span<const std::string> problems;  // empty span, or "" / why the row is unusable

  [[nodiscard]] std::size_t size() const { return std::max(xs.size(), footprints.size()); }
};

struct AssignOptions {
  // DEFAULT 0: sites outside every cell are `outside`; otherwise those
  // within this many metres of a cell are `nearest`.
  double snap_distance_m = 0;
  // DEFAULT 1. Point sites are split into this many contiguous blocks, one
  // std::thread each; results do not depend on it.
  unsigned threads = 1;
  // DEFAULT true (degrees only): a point outside every cell whose swapped
  // coordinates fall in a cell is `invalid` ("latitude in the longitude column").
  bool detect_swapped = true;
  // Called now and then from the calling thread with the sites done so far.
  std::function<void(std::uint64_t done, std::uint64_t total)> on_progress;
};

struct SiteAssignment {
  Match match = Match::outside;
  std::int32_t cell = -1;  // index into the CellIndex, -1 for outside / invalid
  std::uint32_t others_begin = 0;
  std::uint32_t others_count = 0;
  double distance_m = 0;  // 0 for covered sites; NaN for outside / invalid
};

struct AssignResult {
  std::vector<SiteAssignment> sites;                                 // input order
  std::vector<std::uint32_t> other_cells;                            // pooled; see others()
  std::vector<std::pair<std::size_t, std::string>> invalid_reasons;  // site index, reason
  std::array<std::size_t, match_kind_count> counts{};

  [[nodiscard]] std::span<const std::uint32_t> others(const SiteAssignment& site) const {
    return {other_cells.data() + site.others_begin, site.others_count};
  }
  // The other cells' ids, comma-separated.
  [[nodiscard]] std::string other_cell_ids(const CellIndex& cells, std::size_t site) const;
  [[nodiscard]] std::size_t count(Match m) const { return counts[static_cast<std::size_t>(m)]; }
};

[[nodiscard]] AssignResult assign_to_cells(const CellIndex& cells, const SiteColumns& sites,
                                           const AssignOptions& options = {});

// Why a point cannot be used as given, or "" (NaN, infinite, or outside
// -180..180 / -90..90 for degrees: the usual sign of projected metres
// declared as degrees).
[[nodiscard]] std::string point_problem(double x, double y, CoordinateUnits units);

}  // namespace envgrid::grid

#include "envgrid/grid/assign.hpp"

#include <atomic>
#include <cmath>
#include <cstdio>
#include <limits>
#include <thread>

#include "footprint_assign.hpp"

namespace envgrid::grid {

namespace {

constexpr double not_a_number = std::numeric_limits<double>::quiet_NaN();

std::string format_point(double x, double y) {
  char text[96];
  std::snprintf(text, sizeof text, "(%.9g, %.9g)", x, y);
  return text;
}

// The part of the result one thread builds for a contiguous block of the
// sites in locality order.
struct Block {
  std::span<const std::uint32_t> sites;
  std::vector<std::uint32_t> other_cells;
  std::vector<std::pair<std::size_t, std::string>> invalid_reasons;
};

class PointClassifier {
 public:
  PointClassifier(const CellIndex& cells, const AssignOptions& options)
      : cells_(cells), options_(options) {}

  SiteAssignment classify(double x, double y, Block& block, std::string& reason) {
    SiteAssignment out;
    reason = point_problem(x, y, cells_.units());
    if (!reason.empty()) {
      if (std::isfinite(x) && std::isfinite(y)) swapped(x, y, reason);
      return invalid(out);
    }
    cells_.cells_covering(x, y, hits_);
    if (!hits_.empty()) return covered(out, block);
    if (options_.snap_distance_m > 0 && snap(x, y, out)) return out;
    if (swapped(x, y, reason)) return invalid(out);
    out.match = Match::outside;
    out.distance_m = not_a_number;
    return out;
  }

 private:
  static SiteAssignment& invalid(SiteAssignment& out) {
    out.match = Match::invalid;
    out.distance_m = not_a_number;
    return out;
  }

  // Latitude in the longitude column: (x, y) lies in no cell but (y, x) does.
  bool swapped(double x, double y, std::string& reason) {
    if (!options_.detect_swapped || cells_.units() != CoordinateUnits::degrees) return false;
    cells_.cells_covering(y, x, hits_);
    if (hits_.empty()) return false;
    reason = "longitude and latitude look swapped: " + format_point(x, y) +
             " lies outside every cell but " + format_point(y, x) + " lies in cell " +
             cells_.id(hits_.front().cell);
    return true;
  }

  SiteAssignment& covered(SiteAssignment& out, Block& block) {
    out.distance_m = 0;
    if (hits_.size() == 1) {
      out.match = Match::inside;
      out.cell = static_cast<std::int32_t>(hits_.front().cell);
      return out;
    }
    const CellHit* first_interior = nullptr;
    for (const auto& hit : hits_) {
      if (!hit.on_edge) {
        first_interior = &hit;
        break;
      }
    }
    out.match = first_interior ? Match::ambiguous : Match::boundary;
    out.cell = static_cast<std::int32_t>(first_interior ? first_interior->cell : hits_[0].cell);
    out.others_begin = static_cast<std::uint32_t>(block.other_cells.size());
    for (const auto& hit : hits_) {
      if (static_cast<std::int32_t>(hit.cell) != out.cell) block.other_cells.push_back(hit.cell);
    }
    out.others_count = static_cast<std::uint32_t>(block.other_cells.size()) - out.others_begin;
    return out;
  }

  bool snap(double x, double y, SiteAssignment& out) {
    double box[4];
    cells_.box_around(x, y, options_.snap_distance_m, box);
    cells_.cells_in_box(box[0], box[1], box[2], box[3], near_);
    double best = std::numeric_limits<double>::infinity();
    for (auto c : near_) {
      const double d = cells_.distance_to_edges_m(c, x, y);
      if (d < best) best = d, out.cell = static_cast<std::int32_t>(c);
    }
    if (!(best <= options_.snap_distance_m)) {
      out.cell = -1;
      return false;
    }
    out.match = Match::nearest;
    out.distance_m = best;
    return true;
  }

  const CellIndex& cells_;
  const AssignOptions& options_;
  std::vector<CellHit> hits_;
  std::vector<std::uint32_t> near_;
};

bool is_footprint(const SiteColumns& sites, std::size_t i) {
  return i < sites.footprints.size() && !sites.footprints[i].empty();
}

void assign_block(const CellIndex& cells, const SiteColumns& sites, const AssignOptions& options,
                  std::vector<SiteAssignment>& out, Block& block, std::atomic<std::uint64_t>& done,
                  bool report) {
  PointClassifier classifier(cells, options);
  std::string reason;
  constexpr std::size_t progress_step = 1 << 14;
  for (std::size_t k = 0; k < block.sites.size(); ++k) {
    const std::size_t i = block.sites[k];
    if (is_footprint(sites, i)) continue;
    const std::string* problem = i < sites.problems.size() ? &sites.problems[i] : nullptr;
    if (problem && !problem->empty()) {
      out[i] = {Match::invalid, -1, 0, 0, not_a_number};
      block.invalid_reasons.emplace_back(i, *problem);
    } else {
      out[i] = classifier.classify(sites.xs[i], sites.ys[i], block, reason);
      if (out[i].match == Match::invalid) block.invalid_reasons.emplace_back(i, std::move(reason));
    }
    if ((k + 1) % progress_step == 0) {
      const auto total_done = done.fetch_add(progress_step) + progress_step;
      if (report) options.on_progress(total_done, sites.size());
    }
  }
}

void run_blocks(const CellIndex& cells, const SiteColumns& sites, const AssignOptions& options,
                std::vector<SiteAssignment>& out, std::vector<Block>& blocks) {
  std::atomic<std::uint64_t> done{0};
  std::vector<std::thread> workers;
  for (std::size_t b = 1; b < blocks.size(); ++b) {
    workers.emplace_back(
        [&, b] { assign_block(cells, sites, options, out, blocks[b], done, false); });
  }
  assign_block(cells, sites, options, out, blocks[0], done, static_cast<bool>(options.on_progress));
  for (auto& worker : workers) worker.join();
}

// Site indices sorted (stably) by the index bucket they fall in: a counting
// sort, so neighbouring sites are located together and the index stays in
// cache. The result does not depend on the order.
std::vector<std::uint32_t> locality_order(const CellIndex& cells, const SiteColumns& sites) {
  const std::size_t n = sites.size();
  std::vector<std::uint32_t> keys(n);
  std::vector<std::uint32_t> starts(cells.locality_key_count() + 1, 0);
  for (std::size_t i = 0; i < n; ++i) {
    keys[i] = i < sites.xs.size() ? cells.locality_key(sites.xs[i], sites.ys[i])
                                  : cells.locality_key_count() - 1;
    ++starts[keys[i] + 1];
  }
  for (std::size_t k = 1; k < starts.size(); ++k) starts[k] += starts[k - 1];
  std::vector<std::uint32_t> order(n);
  for (std::size_t i = 0; i < n; ++i) order[starts[keys[i]]++] = static_cast<std::uint32_t>(i);
  return order;
}

}  // namespace

std::string_view match_name(Match match) {
  switch (match) {
    case Match::inside:
      return "inside";
    case Match::boundary:
      return "boundary";
    case Match::ambiguous:
      return "ambiguous";
    case Match::nearest:
      return "nearest";
    case Match::outside:
      return "outside";
    case Match::invalid:
      return "invalid";
  }
  return "?";
}

std::string point_problem(double x, double y, CoordinateUnits units) {
  if (!std::isfinite(x) || !std::isfinite(y)) return "no usable coordinates " + format_point(x, y);
  if (units == CoordinateUnits::degrees && (std::abs(x) > 180 || std::abs(y) > 90)) {
    return "coordinates " + format_point(x, y) +
           " are outside -180..180 / -90..90 degrees (projected metres declared as degrees?)";
  }
  return "";
}

std::string AssignResult::other_cell_ids(const CellIndex& cells, std::size_t site) const {
  std::string text;
  for (auto c : others(sites[site])) text += (text.empty() ? "" : ",") + cells.id(c);
  return text;
}

AssignResult assign_to_cells(const CellIndex& cells, const SiteColumns& sites,
                             const AssignOptions& options) {
  AssignResult result;
  const std::size_t n = sites.size();
  result.sites.resize(n);
  const std::size_t thread_count =
      std::clamp<std::size_t>(options.threads, 1, std::max<std::size_t>(n, 1));
  const std::vector<std::uint32_t> order = locality_order(cells, sites);
  std::vector<Block> blocks(thread_count);
  for (std::size_t t = 0; t < thread_count; ++t) {
    const std::size_t begin = n * t / thread_count, end = n * (t + 1) / thread_count;
    blocks[t].sites = std::span<const std::uint32_t>(order).subspan(begin, end - begin);
  }
  run_blocks(cells, sites, options, result.sites, blocks);
  for (auto& block : blocks) {
    const auto shift = static_cast<std::uint32_t>(result.other_cells.size());
    for (const std::size_t i : block.sites) {
      if (!is_footprint(sites, i)) result.sites[i].others_begin += shift;
    }
    result.other_cells.insert(result.other_cells.end(), block.other_cells.begin(),
                              block.other_cells.end());
    for (auto& reason : block.invalid_reasons) result.invalid_reasons.push_back(std::move(reason));
  }
  for (std::size_t i = 0; i < sites.footprints.size(); ++i) {
    if (is_footprint(sites, i)) detail::assign_footprint(cells, sites, i, options, result);
  }
  std::sort(result.invalid_reasons.begin(), result.invalid_reasons.end());
  for (const auto& site : result.sites) ++result.counts[static_cast<std::size_t>(site.match)];
  if (options.on_progress) options.on_progress(n, n);
  return result;
}

}  // namespace envgrid::grid

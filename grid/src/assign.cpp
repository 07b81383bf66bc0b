#include "envgrid/grid/assign.hpp"

#include <atomic>
#include <cmath>
#include <cstdio>
#include <limits>

#include "envgrid/gis/parallel.hpp"
#include "footprint_assign.hpp"

namespace envgrid::grid {

namespace {

constexpr double not_a_number = std::numeric_limits<double>::quiet_NaN();

std::string format_point(double x, double y) {
  char text[96];
  std::snprintf(text, sizeof text, "(%.9g, %.9g)", x, y);
  return text;
}

// What one chunk of sites adds to the result besides its SiteAssignments.
struct ChunkExtras {
  std::vector<std::uint32_t> other_cells;
  std::vector<std::pair<std::size_t, std::string>> invalid_reasons;
};

class PointClassifier {
 public:
  PointClassifier(const CellIndex& cells, const AssignOptions& options)
      : cells_(cells), options_(options) {}

  // bucket: cells.bucket_at(x, y).
  SiteAssignment classify(double x, double y, std::uint32_t bucket, ChunkExtras& block,
                          std::string& reason) {
    SiteAssignment out;
    if (!usable(x, y)) {
      reason = point_problem(x, y, cells_.units());
      if (std::isfinite(x) && std::isfinite(y)) swapped(x, y, reason);
      return invalid(out);
    }
    // Most points: a bucket wholly inside one cell, no polygon test.
    if (const std::int32_t sole = cells_.sole_cell(bucket); sole >= 0) {
      return {Match::inside, sole, 0, 0, 0};
    }
    cells_.cells_covering(bucket, x, y, hits_);
    if (!hits_.empty()) return covered(out, block);
    if (options_.snap_distance_m > 0 && snap(x, y, out)) return out;
    if (swapped(x, y, reason)) return invalid(out);
    out.match = Match::outside;
    out.distance_m = not_a_number;
    return out;
  }

 private:
  // point_problem(x, y) == "", without building a string.
  [[nodiscard]] bool usable(double x, double y) const {
    if (!std::isfinite(x) || !std::isfinite(y)) return false;
    return cells_.units() != CoordinateUnits::degrees || (std::abs(x) <= 180 && std::abs(y) <= 90);
  }

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

  SiteAssignment& covered(SiteAssignment& out, ChunkExtras& block) {
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

// Sites are located chunk by chunk. Within a chunk they are sorted by index
// region (a stable counting sort), located region by region, and the
// results put back in input order by walking the chunk again with the same
// per-region cursors: every pass reads and writes memory in order, or in
// one of about a thousand streams, instead of one cache miss per site for
// reading its coordinates and another for writing its result. The chunk
// size bounds the scratch memory (56 bytes per site of a chunk); it grows
// with the number of cells, so that a chunk still brings a few sites to each
// cell's part of the index while it is in the cache (10^5 cells: 1.6 10^6
// sites, 90 MB).
// Each thread gets at least two chunks, so that a thread slowed down by
// other work on the machine leaves the rest to the others.
std::size_t chunk_size_for(const CellIndex& cells, std::size_t sites, unsigned threads) {
  const std::size_t for_cache =
      std::clamp<std::size_t>(16 * cells.size(), std::size_t{1} << 18, std::size_t{1} << 22);
  const std::size_t for_threads = sites / (2 * std::max(threads, 1u)) + 1;
  return std::max<std::size_t>(std::min(for_cache, for_threads), std::size_t{1} << 16);
}

struct ChunkScratch {
  std::vector<std::uint32_t> keys;     // region per site, in input order
  std::vector<std::uint32_t> buckets;  // index bucket per site, in input order
  std::vector<std::uint32_t> starts;   // per region, then cursors
  // In region order:
  std::vector<double> xs, ys;
  std::vector<std::uint32_t> sorted_buckets;
  std::vector<std::uint32_t> sites;
  std::vector<SiteAssignment> located;
};

class ChunkLocator {
 public:
  ChunkLocator(const CellIndex& cells, const SiteColumns& sites, const AssignOptions& options)
      : cells_(cells),
        sites_(sites),
        options_(options),
        classifier_(cells, options),
        given_problem_key_(cells.locality_key_count()) {}

  void run(std::size_t begin, std::size_t end, std::vector<SiteAssignment>& out,
           ChunkExtras& extras) {
    sort_by_region(begin, end);
    const std::size_t n = end - begin;
    std::string reason;
    const std::size_t given_begin = s_.starts[given_problem_key_];
    s_.located.resize(n);
    for (std::size_t k = 0; k < given_begin; ++k) {
      s_.located[k] =
          classifier_.classify(s_.xs[k], s_.ys[k], s_.sorted_buckets[k], extras, reason);
      if (s_.located[k].match == Match::invalid) {
        extras.invalid_reasons.emplace_back(s_.sites[k], std::move(reason));
      }
    }
    for (std::size_t k = given_begin; k < n; ++k) {  // footprints and rows read with a problem
      s_.located[k] = {Match::invalid, -1, 0, 0, not_a_number};
      const std::uint32_t i = s_.sites[k];
      if (!is_footprint(sites_, i)) extras.invalid_reasons.emplace_back(i, sites_.problems[i]);
    }
    // Back to input order: the k-th site of a region in input order is the
    // k-th of that region in the sorted chunk (the sort is stable).
    for (std::size_t k = 0; k + 1 < s_.starts.size(); ++k) cursor_[k] = s_.starts[k];
    for (std::size_t i = begin; i < end; ++i) out[i] = s_.located[cursor_[s_.keys[i - begin]]++];
  }

 private:
  void sort_by_region(std::size_t begin, std::size_t end) {
    const std::size_t n = end - begin;
    s_.keys.resize(n);
    s_.buckets.resize(n);
    s_.starts.assign(given_problem_key_ + 2, 0);
    cursor_.resize(given_problem_key_ + 1);
    for (std::size_t i = begin; i < end; ++i) {
      const bool given =
          is_footprint(sites_, i) || (i < sites_.problems.size() && !sites_.problems[i].empty());
      const std::uint32_t bucket = given || i >= sites_.xs.size()
                                       ? cells_.bucket_count()
                                       : cells_.bucket_at(sites_.xs[i], sites_.ys[i]);
      const std::uint32_t key = given ? given_problem_key_ : cells_.locality_key(bucket);
      s_.keys[i - begin] = key;
      s_.buckets[i - begin] = bucket;
      ++s_.starts[key + 1];
    }
    for (std::size_t k = 1; k < s_.starts.size(); ++k) s_.starts[k] += s_.starts[k - 1];
    for (std::size_t k = 0; k < cursor_.size(); ++k) cursor_[k] = s_.starts[k];
    s_.xs.resize(n), s_.ys.resize(n), s_.sites.resize(n), s_.sorted_buckets.resize(n);
    for (std::size_t i = begin; i < end; ++i) {
      const std::uint32_t to = cursor_[s_.keys[i - begin]]++;
      const bool has_xy = i < sites_.xs.size();
      s_.xs[to] = has_xy ? sites_.xs[i] : not_a_number;
      s_.ys[to] = has_xy ? sites_.ys[i] : not_a_number;
      s_.sites[to] = static_cast<std::uint32_t>(i);
      s_.sorted_buckets[to] = s_.buckets[i - begin];
    }
  }

  const CellIndex& cells_;
  const SiteColumns& sites_;
  const AssignOptions& options_;
  PointClassifier classifier_;
  std::uint32_t given_problem_key_;  // after the regions: not located
  ChunkScratch s_;
  std::vector<std::uint32_t> cursor_;
};

// Threads take chunks in turn; each chunk's extras are kept apart and joined
// in chunk order, so the result does not depend on the number of threads.
void run_chunks(const CellIndex& cells, const SiteColumns& sites, const AssignOptions& options,
                std::size_t chunk_size, std::vector<SiteAssignment>& out,
                std::vector<ChunkExtras>& extras) {
  if (extras.empty()) return;
  std::atomic<std::size_t> next{0};
  std::atomic<std::uint64_t> done{0};
  const std::size_t n = sites.size();
  auto work = [&](bool report) {
    ChunkLocator locator(cells, sites, options);
    for (std::size_t c; (c = next.fetch_add(1)) < extras.size();) {
      const std::size_t begin = c * chunk_size, end = std::min(n, begin + chunk_size);
      locator.run(begin, end, out, extras[c]);
      const auto total_done = done.fetch_add(end - begin) + (end - begin);
      if (report) options.on_progress(total_done, n);
    }
  };
  const std::size_t thread_count = std::clamp<std::size_t>(options.threads, 1, extras.size());
  gis::run_on_threads(
      thread_count, [&](std::size_t t) { work(t == 0 && static_cast<bool>(options.on_progress)); });
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
  const std::size_t chunk_size = chunk_size_for(cells, n, options.threads);
  std::vector<ChunkExtras> extras((n + chunk_size - 1) / chunk_size);
  run_chunks(cells, sites, options, chunk_size, result.sites, extras);
  for (std::size_t c = 0; c < extras.size(); ++c) {
    const auto shift = static_cast<std::uint32_t>(result.other_cells.size());
    const std::size_t begin = c * chunk_size, end = std::min(n, begin + chunk_size);
    for (std::size_t i = begin; shift != 0 && i < end; ++i) {
      if (result.sites[i].others_count != 0) result.sites[i].others_begin += shift;
    }
    result.other_cells.insert(result.other_cells.end(), extras[c].other_cells.begin(),
                              extras[c].other_cells.end());
    for (auto& reason : extras[c].invalid_reasons)
      result.invalid_reasons.push_back(std::move(reason));
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

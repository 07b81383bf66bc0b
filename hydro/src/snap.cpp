// Snapper: reaches projected once into a metric CRS and indexed by envelope;
// each point is projected, the candidates within the distance are measured
// exactly (point to polyline), and the two nearest reaches are kept.

#include "envgrid/hydro/snap.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "envgrid/gis/crs.hpp"
#include "envgrid/gis/spatial_index.hpp"

namespace envgrid::hydro {

namespace {

struct XY {
  double x = 0;
  double y = 0;
};

struct MetricLine {
  std::vector<XY> points;
  std::vector<double> along_m;  // cumulative length at each vertex
};

gis::MetricCrs metric_crs_for(const Network& net) {
  double min_lon = 180, min_lat = 90, max_lon = -180, max_lat = -90;
  for (const Reach& r : net.reaches) {
    for (const LonLat& p : r.line) {
      min_lon = std::min(min_lon, p.lon);
      max_lon = std::max(max_lon, p.lon);
      min_lat = std::min(min_lat, p.lat);
      max_lat = std::max(max_lat, p.lat);
    }
  }
  if (min_lon > max_lon) min_lon = max_lon = min_lat = max_lat = 0;  // no geometry at all
  return gis::choose_metric_crs(min_lon, min_lat, max_lon, max_lat);
}

// Distance from p to the line, and the length along the line to the
// closest point.
std::pair<double, double> closest_on_line(const MetricLine& line, const XY& p) {
  double best_d2 = std::numeric_limits<double>::infinity();
  double best_along = 0;
  if (line.points.size() == 1) {
    return {std::hypot(p.x - line.points[0].x, p.y - line.points[0].y), 0.0};
  }
  for (std::size_t k = 0; k + 1 < line.points.size(); ++k) {
    const XY& a = line.points[k];
    const XY& b = line.points[k + 1];
    const double dx = b.x - a.x, dy = b.y - a.y;
    const double len2 = dx * dx + dy * dy;
    double t = len2 > 0 ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2 : 0;
    t = std::clamp(t, 0.0, 1.0);
    const double cx = a.x + t * dx - p.x, cy = a.y + t * dy - p.y;
    const double d2 = cx * cx + cy * cy;
    if (d2 < best_d2) {
      best_d2 = d2;
      best_along = line.along_m[k] + t * (line.along_m[k + 1] - line.along_m[k]);
    }
  }
  return {std::sqrt(best_d2), best_along};
}

// Lines are digitized downstream, so the upstream end is at along 0.
double nhd_measure(const MetricLine& line, double along_m) {
  const double total = line.along_m.empty() ? 0 : line.along_m.back();
  if (total <= 0) return 0;
  return std::clamp(100.0 * (1.0 - along_m / total), 0.0, 100.0);
}

}  // namespace

struct Snapper::Impl {
  const Network& net;
  SnapOptions options;
  gis::MetricCrs metric;
  gis::CoordinateTransformer to_metric;
  std::vector<MetricLine> lines;  // per reach; empty when it has no geometry
  gis::GeosContext context;
  gis::StrTree tree{context};

  Impl(const Network& n, const SnapOptions& o)
      : net(n),
        options(o),
        metric(metric_crs_for(n)),
        to_metric(gis::Crs::wgs84(), metric.crs, gis::DomainCheck::proj_only) {
    lines.resize(net.reaches.size());
    for (std::size_t r = 0; r < net.reaches.size(); ++r) index_reach(r);
  }

  void index_reach(std::size_t r) {
    MetricLine& line = lines[r];
    gis::Envelope e{
        std::numeric_limits<double>::infinity(), std::numeric_limits<double>::infinity(),
        -std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity()};
    for (const LonLat& p : net.reaches[r].line) {
      XY xy{p.lon, p.lat};
      if (!to_metric.transform(xy.x, xy.y)) continue;
      line.along_m.push_back(line.points.empty()
                                 ? 0.0
                                 : line.along_m.back() + std::hypot(xy.x - line.points.back().x,
                                                                    xy.y - line.points.back().y));
      line.points.push_back(xy);
      e = {std::min(e.min_x, xy.x), std::min(e.min_y, xy.y), std::max(e.max_x, xy.x),
           std::max(e.max_y, xy.y)};
    }
    if (!line.points.empty()) tree.insert(r, e);
  }
};

Snapper::Snapper(const Network& net, const SnapOptions& options)
    : impl_(std::make_unique<Impl>(net, options)) {}

Snapper::~Snapper() = default;

const std::string& Snapper::metric_crs_description() const { return impl_->metric.description; }

SnapResult Snapper::snap(const LonLat& point) const {
  SnapResult result;
  XY p{point.lon, point.lat};
  if (!impl_->to_metric.transform(p.x, p.y)) return result;
  const double reach_m = impl_->options.max_distance_m;
  std::vector<SnapCandidate> candidates;
  for (std::size_t r :
       impl_->tree.query({p.x - reach_m, p.y - reach_m, p.x + reach_m, p.y + reach_m})) {
    const auto [distance_m, along_m] = closest_on_line(impl_->lines[r], p);
    if (distance_m <= reach_m)
      candidates.push_back({r, distance_m, nhd_measure(impl_->lines[r], along_m)});
  }
  // Nearest first; equal distances by reach index, so the result is stable.
  std::sort(candidates.begin(), candidates.end(), [](const auto& a, const auto& b) {
    return a.distance_m != b.distance_m ? a.distance_m < b.distance_m : a.reach < b.reach;
  });
  if (candidates.empty()) return result;
  result.nearest = candidates[0];
  if (candidates.size() > 1 &&
      candidates[1].distance_m - candidates[0].distance_m <= impl_->options.tie_margin_m) {
    result.tie = candidates[1];
  }
  return result;
}

}  // namespace envgrid::hydro

// CoordinateTransformer: a chain of up to three stages,
//   shift in (GCJ-02/BD-09 -> WGS 84) -> PROJ (lon/lat order) -> shift out,
// each stage present only when needed (docs/crs.md, "Transform chains").

#include <cmath>
#include <limits>
#include <vector>

#include "envgrid/gis/chinese_offsets.hpp"
#include "envgrid/gis/crs.hpp"
#include "envgrid/gis/error.hpp"
#include "proj_crs.hpp"

namespace envgrid::gis {

namespace {

using Shift = LonLat (*)(LonLat);

// A PROJ result is accepted when transforming it back lands within this of
// the input: 1e-7 degree is about 1 cm, 0.01 m one centimetre; inside a
// projection's domain PROJ's round trips agree to nanometres, outside it
// (e.g. 114 degrees from a Gauss-Krueger central meridian) they do not.
constexpr double round_trip_tolerance_deg = 1e-7;
constexpr double round_trip_tolerance_m = 0.01;

bool valid_lon_lat(double lon, double lat) {
  return std::isfinite(lon) && std::isfinite(lat) && std::fabs(lon) <= 180.0 &&
         std::fabs(lat) <= 90.0;
}

// The GIS-order (lon, lat / easting, northing) operation from one PROJ CRS
// to another.
ProjPtr create_operation(const Crs& source, const Crs& target) {
  PJ_CONTEXT* context = thread_proj_context();
  const ProjPtr from = detail::create_proj_crs(source.definition());
  const ProjPtr to = detail::create_proj_crs(target.definition());
  const ProjPtr operation(
      proj_create_crs_to_crs_from_pj(context, from.get(), to.get(), nullptr, nullptr));
  if (!operation) {
    throw_usage_error("PROJ finds no transformation from " + source.name() + " to " +
                      target.name() + " " + detail::last_proj_error());
  }
  ProjPtr normalized(proj_normalize_for_visualization(context, operation.get()));
  if (!normalized) {
    throw Error(ExitCode::internal, "PROJ cannot normalize the axis order of " + source.name() +
                                        " -> " + target.name());
  }
  return normalized;
}

}  // namespace

struct CoordinateTransformer::Impl {
  Crs source;
  Crs target;
  std::vector<Shift> shifts_in;   // applied before PROJ, on lon/lat
  ProjPtr operation;              // null when no PROJ stage is needed
  std::vector<Shift> shifts_out;  // applied after PROJ, on WGS 84 lon/lat
  bool identity = false;
  bool pivot_in_geographic = true;  // the PROJ stage's input is lon/lat
  bool check_round_trip = false;    // the PROJ stage can be inverted to check its results
  // Scratch for the round-trip check (a transformer serves one thread).
  mutable std::vector<double> input_x, input_y, back_x, back_y;
  // For OGRGeometry::transform, made on first use; geometries share them by
  // reference count.
  SpatialReferencePtr source_srs, target_srs;

  Impl(const Crs& from, const Crs& to, DomainCheck domain_check) : source(from), target(to) {
    if (source.same_as(target)) {
      identity = true;
      return;
    }
    using K = Crs::Kind;
    // Between the two shifted systems, skip the detour through WGS 84.
    if (source.kind() == K::gcj02 && target.kind() == K::bd09) {
      shifts_in = {gcj02_to_bd09};
      return;
    }
    if (source.kind() == K::bd09 && target.kind() == K::gcj02) {
      shifts_in = {bd09_to_gcj02};
      return;
    }
    if (source.kind() == K::gcj02) shifts_in = {gcj02_to_wgs84};
    if (source.kind() == K::bd09) shifts_in = {bd09_to_gcj02, gcj02_to_wgs84};
    if (target.kind() == K::gcj02) shifts_out = {wgs84_to_gcj02};
    if (target.kind() == K::bd09) shifts_out = {wgs84_to_gcj02, gcj02_to_bd09};
    const Crs pivot_in = source.kind() == K::proj ? source : Crs::wgs84();
    const Crs pivot_out = target.kind() == K::proj ? target : Crs::wgs84();
    if (pivot_in.same_as(pivot_out)) return;
    operation = create_operation(pivot_in, pivot_out);
    pivot_in_geographic = pivot_in.is_geographic();
    check_round_trip =
        domain_check == DomainCheck::round_trip && proj_pj_info(operation.get()).has_inverse != 0;
  }

  // Runs the PROJ stage on the points still ok, marking failures.
  void run_proj(std::span<double> xs, std::span<double> ys, std::span<char> ok) const {
    const std::size_t n = xs.size();
    for (std::size_t i = 0; i < n; ++i) {
      // PROJ does not reject every impossible latitude itself.
      if (pivot_in_geographic && std::fabs(ys[i]) > 90.0) ok[i] = 0;
      // PROJ passes HUGE_VAL through as a failure without computing.
      if (!ok[i]) xs[i] = ys[i] = HUGE_VAL;
    }
    if (check_round_trip) {
      input_x.assign(xs.begin(), xs.end());
      input_y.assign(ys.begin(), ys.end());
    }
    proj_trans_generic(operation.get(), PJ_FWD, xs.data(), sizeof(double), n, ys.data(),
                       sizeof(double), n, nullptr, 0, 0, nullptr, 0, 0);
    for (std::size_t i = 0; i < n; ++i)
      ok[i] = ok[i] && std::isfinite(xs[i]) && std::isfinite(ys[i]);
    if (!check_round_trip) return;
    back_x.assign(xs.begin(), xs.end());
    back_y.assign(ys.begin(), ys.end());
    proj_trans_generic(operation.get(), PJ_INV, back_x.data(), sizeof(double), n, back_y.data(),
                       sizeof(double), n, nullptr, 0, 0, nullptr, 0, 0);
    const double tolerance =
        pivot_in_geographic ? round_trip_tolerance_deg : round_trip_tolerance_m;
    for (std::size_t i = 0; i < n; ++i) {
      if (!ok[i]) continue;
      double dx = back_x[i] - input_x[i];
      if (pivot_in_geographic) dx = std::remainder(dx, 360.0);  // lon 190 comes back as -170
      const double dy = back_y[i] - input_y[i];
      ok[i] = std::fabs(dx) <= tolerance && std::fabs(dy) <= tolerance;
    }
  }

  static bool apply_shifts(const std::vector<Shift>& shifts, double& x, double& y) {
    if (shifts.empty()) return true;
    if (!valid_lon_lat(x, y)) return false;
    LonLat p{x, y};
    for (Shift shift : shifts) p = shift(p);
    x = p.lon;
    y = p.lat;
    return true;
  }

  std::size_t run(std::span<double> xs, std::span<double> ys, std::span<char> ok) const {
    const std::size_t n = xs.size();
    constexpr double failed = std::numeric_limits<double>::quiet_NaN();
    for (std::size_t i = 0; i < n; ++i) {
      ok[i] = std::isfinite(xs[i]) && std::isfinite(ys[i]) && apply_shifts(shifts_in, xs[i], ys[i]);
    }
    if (operation && n > 0) run_proj(xs, ys, ok);
    std::size_t failures = 0;
    for (std::size_t i = 0; i < n; ++i) {
      ok[i] = ok[i] && std::isfinite(xs[i]) && std::isfinite(ys[i]) &&
              apply_shifts(shifts_out, xs[i], ys[i]);
      if (!ok[i]) {
        xs[i] = ys[i] = failed;
        ++failures;
      }
    }
    return failures;
  }
};

namespace {

// Lets OGRGeometry::transform() walk every geometry type (curves and
// collections included) with envgrid's chain.
class OgrAdapter final : public OGRCoordinateTransformation {
 public:
  OgrAdapter(const CoordinateTransformer& transformer, OGRSpatialReference* source,
             OGRSpatialReference* target)
      : transformer_(transformer), source_(source), target_(target) {}

  OGRSpatialReference* GetSourceCS() override { return source_; }
  OGRSpatialReference* GetTargetCS() override { return target_; }

  int Transform(int count, double* x, double* y, double*, double*, int* success) override {
    const auto n = static_cast<std::size_t>(count);
    std::vector<char> ok(n);
    const std::size_t failures = transformer_.transform({x, n}, {y, n}, ok);
    if (success) {
      for (std::size_t i = 0; i < n; ++i) success[i] = ok[i] ? TRUE : FALSE;
    }
    return failures == 0 ? TRUE : FALSE;
  }

  OGRCoordinateTransformation* Clone() const override { return nullptr; }
  OGRCoordinateTransformation* GetInverse() const override { return nullptr; }

 private:
  const CoordinateTransformer& transformer_;
  OGRSpatialReference* source_;  // owned by the transformer
  OGRSpatialReference* target_;
};

}  // namespace

CoordinateTransformer::CoordinateTransformer(const Crs& source, const Crs& target,
                                             DomainCheck domain_check)
    : impl_(std::make_unique<Impl>(source, target, domain_check)) {}

CoordinateTransformer::~CoordinateTransformer() = default;
CoordinateTransformer::CoordinateTransformer(CoordinateTransformer&&) noexcept = default;
CoordinateTransformer& CoordinateTransformer::operator=(CoordinateTransformer&&) noexcept = default;

bool CoordinateTransformer::transform(double& x, double& y) const {
  char ok = 0;
  if (impl_->identity) return std::isfinite(x) && std::isfinite(y);
  impl_->run({&x, 1}, {&y, 1}, {&ok, 1});
  return ok != 0;
}

std::size_t CoordinateTransformer::transform(std::span<double> xs, std::span<double> ys,
                                             std::span<char> ok) const {
  if (xs.size() != ys.size() || ok.size() != xs.size()) {
    throw Error(ExitCode::internal, "CoordinateTransformer: x, y and ok spans differ in length");
  }
  if (!impl_->identity) return impl_->run(xs, ys, ok);
  std::size_t failures = 0;
  for (std::size_t i = 0; i < xs.size(); ++i) {
    ok[i] = std::isfinite(xs[i]) && std::isfinite(ys[i]);
    failures += ok[i] ? 0 : 1;
  }
  return failures;
}

bool CoordinateTransformer::transform(OGRGeometry& geometry) const {
  // Made once: building an SRS costs a PROJ database lookup, and a layer
  // transforms feature by feature.
  if (!impl_->source_srs) {
    impl_->source_srs = impl_->source.to_ogr();
    impl_->target_srs = impl_->target.to_ogr();
  }
  OgrAdapter adapter(*this, impl_->source_srs.get(), impl_->target_srs.get());
  return geometry.transform(&adapter) == OGRERR_NONE;
}

bool CoordinateTransformer::is_identity() const { return impl_->identity; }

}  // namespace envgrid::gis

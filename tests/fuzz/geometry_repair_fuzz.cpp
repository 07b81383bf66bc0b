// The repair-or-reject policy (docs/error-policy.md) on any geometry an
// import can meet: the bytes as WKB, and as WKT.

#include "envgrid/gis/geometry_repair.hpp"
#include "fuzz_support.hpp"

using namespace envgrid;

namespace {

void check(gis::GeosContext& context, const gis::GeosGeometryPtr& geometry) {
  if (!geometry) return;
  (void)gis::ring_area(context, geometry.get());
  const gis::RepairResult result = gis::repair_geometry(context, geometry.get());
  if (result.outcome != gis::RepairOutcome::rejected && !result.geometry) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::quiet_logging();
  gis::GeosContext& context = gis::thread_geos_context();
  fuzz::refusing_cleanly([&] { check(context, gis::geos_from_wkb(context, data, size)); });
  fuzz::refusing_cleanly(
      [&] { check(context, gis::geos_from_wkt(context, fuzz::as_text(data, size))); });
  return 0;
}

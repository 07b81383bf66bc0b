// The date and time parsers: readings' taken_at (seconds), the store's
// datetime/date checks at import, the workload's ISO dates.

#include "envgrid/gis/store.hpp"
#include "envgrid/grid/workload.hpp"
#include "envgrid/hydro/readings.hpp"
#include "fuzz_support.hpp"

using namespace envgrid;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::quiet_logging();
  const std::string text = fuzz::as_text(data, size);
  (void)hydro::parse_iso_seconds(text);
  (void)grid::parse_iso_date(text);
  std::string reason;
  (void)gis::to_store_value(*gis::store_layer_schema("readings").field("taken_at"), text, reason);
  (void)gis::to_store_value(*gis::store_layer_schema("enterprises").field("last_inspected"), text,
                            reason);
  return 0;
}

// parse_iso_seconds: the readings' times go through the one strict parser
// (envgrid/gis/iso_time.hpp).

#include "envgrid/gis/iso_time.hpp"
#include "envgrid/hydro/readings.hpp"

namespace envgrid::hydro {

std::optional<std::int64_t> parse_iso_seconds(std::string_view s) {
  return gis::parse_iso_seconds(s);
}

}  // namespace envgrid::hydro

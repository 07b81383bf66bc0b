#pragma once
// Reading the sections and readings layers of a project store.

#include <map>
#include <string>
#include <vector>

#include "envgrid/gis/hydro/readings.hpp"
#include "envgrid/gis/store.hpp"

namespace envgrid::gis::hydro {

// Every section by section_id.
[[nodiscard]] std::map<std::string, SectionInfo> read_sections(Store& store);
// Every reading, with its fid as row.
[[nodiscard]] std::vector<Reading> read_readings(Store& store);

}  // namespace envgrid::gis::hydro

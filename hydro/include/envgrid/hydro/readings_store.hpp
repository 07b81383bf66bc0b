#pragma once
// Reading the sections and readings layers of a project store.

#include <map>
#include <set>
#include <string>
#include <vector>

#include "envgrid/gis/store.hpp"
#include "envgrid/hydro/readings.hpp"

namespace envgrid::hydro {

// Every section by section_id.
[[nodiscard]] std::map<std::string, SectionInfo> read_sections(gis::Store& store);
// Every reading, with its fid as row.
[[nodiscard]] std::vector<Reading> read_readings(gis::Store& store);

// The sections, their readings checked against GB 3838-2002, and the
// discharge readings of outfalls (split_discharge_readings); the problems of
// both, by row.
struct StoreReadings {
  std::map<std::string, SectionInfo> sections;
  CheckedReadings checked;
  std::vector<DischargeReading> discharges;
};
[[nodiscard]] StoreReadings read_checked_readings(gis::Store& store);
// The same with the outfalls' ids (read_outfall_ids) already read.
[[nodiscard]] StoreReadings read_checked_readings(gis::Store& store,
                                                  const std::set<std::string>& outfall_ids);
// The outfall_id of every outfall (the readings of these are discharges).
[[nodiscard]] std::set<std::string> read_outfall_ids(gis::Store& store);

}  // namespace envgrid::hydro

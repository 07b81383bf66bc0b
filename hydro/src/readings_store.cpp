// read_sections / read_readings: plain attribute reads of the store layers.

#include "envgrid/hydro/readings_store.hpp"
#include "envgrid/gis/store_tables.hpp"

#include <algorithm>
#include <cmath>
#include <set>

namespace envgrid::hydro {

namespace {

std::optional<double> real_field(const OGRFeature& f, const char* name) {
  const int index = f.GetFieldIndex(name);
  if (index < 0 || !f.IsFieldSetAndNotNull(index)) return std::nullopt;
  return f.GetFieldAsDouble(index);
}

// The value as an int when it is a whole number an int holds, else 0 (no
// class): casting anything else is undefined, and check_readings reports 0.
int whole_number(double value) {
  constexpr double limit = 1e9;
  return std::isfinite(value) && value == std::floor(value) && std::abs(value) < limit
             ? static_cast<int>(value)
             : 0;
}

}  // namespace

std::map<std::string, SectionInfo> read_sections(gis::Store& store) {
  std::map<std::string, SectionInfo> sections;
  OGRLayer& layer = gis::store_layer(store, "sections");
  layer.ResetReading();
  for (auto& f : layer) {
    SectionInfo s;
    s.section_id = f->GetFieldAsString("section_id");
    if (auto target = real_field(*f, "target_class")) s.target_class = whole_number(*target);
    s.reach_id = f->GetFieldAsString("reach_id");
    s.measure = real_field(*f, "measure").value_or(0);
    sections.emplace(s.section_id, std::move(s));
  }
  return sections;
}

std::vector<Reading> read_readings(gis::Store& store) {
  std::vector<Reading> readings;
  OGRLayer& layer = gis::store_layer(store, "readings");
  layer.ResetReading();
  for (auto& f : layer) {
    readings.push_back({f->GetFID(), f->GetFieldAsString("section_id"),
                        f->GetFieldAsString("taken_at"), f->GetFieldAsString("parameter"),
                        real_field(*f, "value"), f->GetFieldAsString("unit"),
                        real_field(*f, "permit_limit")});
  }
  return readings;
}

std::set<std::string> read_outfall_ids(gis::Store& store) {
  std::set<std::string> outfall_ids;
  OGRLayer& outfalls = gis::store_layer(store, "outfalls");
  outfalls.ResetReading();
  for (auto& f : outfalls) outfall_ids.insert(f->GetFieldAsString("outfall_id"));
  return outfall_ids;
}

StoreReadings read_checked_readings(gis::Store& store) {
  return read_checked_readings(store, read_outfall_ids(store));
}

StoreReadings read_checked_readings(gis::Store& store, const std::set<std::string>& outfall_ids) {
  StoreReadings out;
  out.sections = read_sections(store);
  SplitReadings split = split_discharge_readings(read_readings(store), outfall_ids, out.sections);
  out.checked = check_readings(split.section_readings, out.sections);
  out.discharges = std::move(split.discharges);
  auto& problems = out.checked.problems;
  problems.insert(problems.end(), split.problems.begin(), split.problems.end());
  std::stable_sort(problems.begin(), problems.end(),
                   [](const auto& a, const auto& b) { return a.row < b.row; });
  return out;
}

}  // namespace envgrid::hydro

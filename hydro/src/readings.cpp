// check_readings / exceedances: readings against their section's target class.

#include "envgrid/hydro/readings.hpp"

#include "duplicate_rows.hpp"

namespace envgrid::hydro {

namespace {

// The reason a reading cannot be assessed, or "" when it can.
std::string problem_of(const Reading& r, const std::map<std::string, SectionInfo>& sections,
                       const detail::ReadingParts& parts) {
  const auto& [parameter, unit_factor, time_s] = parts;
  const auto section = sections.find(r.section_id);
  if (section == sections.end()) return "unknown section '" + r.section_id + "'";
  const std::optional<int>& target = section->second.target_class;
  if (!target) return "section '" + r.section_id + "' has no target_class";
  // A store edited outside envgrid may hold any number here.
  if (*target < 1 || *target > 5) {
    return "section '" + r.section_id + "' has target_class " + std::to_string(*target) +
           " (GB 3838-2002 classes are 1 to 5)";
  }
  if (!parameter) return "unknown parameter '" + r.parameter + "' (not in the GB 3838-2002 table)";
  if (!unit_factor) return "unknown unit '" + r.unit + "' for " + parameter->name + " (use mg/L)";
  if (!r.value) return "no numeric value";
  if (auto impossible = detail::impossible_value(*r.value); !impossible.empty()) return impossible;
  if (!time_s) return "taken_at '" + r.taken_at + "' is not an ISO 8601 time";
  return "";
}

}  // namespace

CheckedReadings check_readings(std::span<const Reading> readings,
                               const std::map<std::string, SectionInfo>& sections) {
  CheckedReadings out;
  detail::DuplicateRows duplicates;
  for (const Reading& r : readings) {
    const detail::ReadingParts parts = detail::parts_of(r);
    if (std::string what = duplicates.check(r, parts, problem_of(r, sections, parts), "");
        !what.empty()) {
      out.problems.push_back({r.row, what});
      continue;
    }
    const ParameterLimits* parameter = parts.parameter;
    CheckedReading c;
    c.row = r.row;
    c.section_id = r.section_id;
    c.taken_at = r.taken_at;
    c.time_s = *parts.time_s;
    c.parameter = parameter;
    c.value_mg_l = *r.value * *parts.unit_factor;
    c.target_class = *sections.at(r.section_id).target_class;
    c.assessment = assess(*parameter, c.target_class, c.value_mg_l);
    out.readings.push_back(std::move(c));
  }
  return out;
}

std::vector<CheckedReading> exceedances(const CheckedReadings& checked, const TimeWindow& window) {
  std::vector<CheckedReading> out;
  for (const auto& r : checked.readings) {
    if (r.assessment.exceeds && window.contains(r.time_s)) out.push_back(r);
  }
  return out;
}

}  // namespace envgrid::hydro

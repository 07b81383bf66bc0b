// split_discharge_readings / default_discharge_limit_mg_l: readings of
// outfalls, told apart from section readings by their id.

#include "duplicate_rows.hpp"
#include "envgrid/hydro/readings.hpp"

namespace envgrid::hydro {

namespace {

// The reason a discharge reading cannot be used, or "".
std::string problem_of(const Reading& r, const detail::ReadingParts& parts) {
  const auto& [parameter, unit_factor, time_s] = parts;
  if (!parameter) return "unknown parameter '" + r.parameter + "' in a discharge reading";
  if (parameter->kind == LimitKind::minimum)
    return parameter->name + " is not a discharge parameter (its limit is a minimum)";
  if (!unit_factor) return "unknown unit '" + r.unit + "' for " + parameter->name + " (use mg/L)";
  if (!r.value) return "no numeric value";
  if (auto impossible = detail::impossible_value(*r.value); !impossible.empty()) return impossible;
  if (!time_s) return "taken_at '" + r.taken_at + "' is not an ISO 8601 time";
  if (r.permit_limit && *r.permit_limit <= 0) return "permit_limit must be positive";
  if (!r.permit_limit && !default_discharge_limit_mg_l(*parameter)) {
    return "discharge reading of " + parameter->name +
           " without a limit (GB 8978-1996 sets none for it)";
  }
  return "";
}

}  // namespace

std::optional<double> default_discharge_limit_mg_l(const ParameterLimits& p) {
  // GB 8978-1996 Table 4 (units built from 1998), grade 1 (一级标准):
  // COD 100, BOD5 20, NH3-N 15, phosphate (as P) 0.5 mg/L.
  if (p.name == "COD") return 100.0;
  if (p.name == "BOD5") return 20.0;
  if (p.name == "NH3-N") return 15.0;
  if (p.name == "TP") return 0.5;
  return std::nullopt;
}

SplitReadings split_discharge_readings(std::vector<Reading> readings,
                                       const std::set<std::string>& outfall_ids,
                                       const std::map<std::string, SectionInfo>& sections) {
  SplitReadings out;
  detail::DuplicateRows duplicates;
  for (Reading& r : readings) {
    if (sections.count(r.section_id) || !outfall_ids.count(r.section_id)) {
      out.section_readings.push_back(std::move(r));
      continue;
    }
    const detail::ReadingParts parts = detail::parts_of(r);
    if (std::string what = duplicates.check(r, parts, problem_of(r, parts), "outfall ");
        !what.empty()) {
      out.problems.push_back({r.row, what});
      continue;
    }
    const double unit_factor = *parts.unit_factor;
    DischargeReading d{r.row,
                       r.section_id,
                       r.taken_at,
                       *parts.time_s,
                       parts.parameter,
                       *r.value * unit_factor,
                       r.permit_limit ? *r.permit_limit * unit_factor
                                      : *default_discharge_limit_mg_l(*parts.parameter),
                       !r.permit_limit};
    out.discharges.push_back(std::move(d));
  }
  return out;
}

}  // namespace envgrid::hydro

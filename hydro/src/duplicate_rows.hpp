#pragma once
// The duplicate rule shared by section and discharge readings: a later row
// with the same place (section or outfall), time and parameter as an earlier
// one is a duplicate, reported and skipped.

#include <cmath>
#include <cstdint>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <tuple>

#include "envgrid/hydro/readings.hpp"

namespace envgrid::hydro::detail {

// What a reading row says, parsed.
struct ReadingParts {
  const ParameterLimits* parameter = nullptr;  // nullptr: not in GB 3838-2002
  std::optional<double> unit_factor;           // to mg/L; nullopt: unknown unit
  std::optional<std::int64_t> time_s;          // nullopt: not ISO 8601
};

[[nodiscard]] inline ReadingParts parts_of(const Reading& r) {
  return {find_parameter(r.parameter), to_mg_per_l(r.unit), parse_iso_seconds(r.taken_at)};
}

// A concentration (DO included) is never below 0 nor infinite: such a value
// is a typing or export error, not a compliant (or infinitely bad) reading.
// "" when the value can be true.
[[nodiscard]] inline std::string impossible_value(double value) {
  if (std::isfinite(value) && value >= 0) return "";
  std::ostringstream text;
  text << "value " << value << " is impossible for a concentration (must be 0 or more)";
  return text.str();
}

class DuplicateRows {
 public:
  // The row's problem: `problem` when not "" (REQUIRES: "" only when the
  // parts are all known), else "" for the first row of (place, time,
  // parameter), else e.g. "duplicate of row 2 (S1, 2024-05-10T12:00, NH3-N); skipped".
  std::string check(const Reading& r, const ReadingParts& parts, std::string problem,
                    const std::string& place_label) {
    if (!problem.empty()) return problem;
    const auto [it, fresh] = first_row_.emplace(
        std::make_tuple(r.section_id, *parts.time_s, parts.parameter->name), r.row);
    if (fresh) return "";
    return "duplicate of row " + std::to_string(it->second) + " (" + place_label + r.section_id +
           ", " + r.taken_at + ", " + parts.parameter->name + "); skipped";
  }

 private:
  std::map<std::tuple<std::string, std::int64_t, std::string>, std::int64_t> first_row_;
};

}  // namespace envgrid::hydro::detail

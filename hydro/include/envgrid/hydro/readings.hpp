#pragma once
// Water-quality readings checked against GB 3838-2002 (water_quality.hpp):
// bad rows (unknown section, parameter or unit, no value, duplicates) are
// reported with their row ids and the rest is assessed. No I/O here;
// readings_store.hpp reads the store.

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "envgrid/hydro/water_quality.hpp"

namespace envgrid::hydro {

// Seconds since 1970-01-01 of an ISO 8601 time "YYYY-MM-DD[THH:MM[:SS[.f]]][Z|+hh:mm]"
// (a space may replace T). A time without an offset is taken as written
// (the agency's local time, compared with other local times); nullopt when
// not ISO 8601.
[[nodiscard]] std::optional<std::int64_t> parse_iso_seconds(std::string_view text);

struct Reading {
  std::int64_t row = 0;  // store fid
  std::string section_id;
  std::string taken_at;
  std::string parameter;
  std::optional<double> value;
  std::string unit;
  std::optional<double> permit_limit;  // a discharge reading's permit limit, in unit
};

struct SectionInfo {
  std::string section_id;
  std::optional<int> target_class;  // 1..5
  std::string reach_id;             // "" when not snapped
  double measure = 0;
};

struct CheckedReading {
  std::int64_t row = 0;
  std::string section_id;
  std::string taken_at;
  std::int64_t time_s = 0;
  const ParameterLimits* parameter = nullptr;
  double value_mg_l = 0;
  int target_class = 3;
  Assessment assessment;
};

struct ReadingProblem {
  std::int64_t row = 0;
  std::string what;
};

struct CheckedReadings {
  std::vector<CheckedReading> readings;  // in input order
  std::vector<ReadingProblem> problems;
};

// A later row with the same section, time and parameter as an earlier one is
// a duplicate: reported, and skipped. Never throws for data problems.
[[nodiscard]] CheckedReadings check_readings(std::span<const Reading> readings,
                                             const std::map<std::string, SectionInfo>& sections);

// A reading of an outfall's discharge (its `section_id` names an outfall):
// enterprise self-monitoring or an inspection sample, compared with the
// outfall's permit limit (docs/hydro.md, "Discharge readings").
struct DischargeReading {
  std::int64_t row = 0;
  std::string outfall_id;
  std::string taken_at;
  std::int64_t time_s = 0;
  const ParameterLimits* parameter = nullptr;
  double value_mg_l = 0;
  double limit_mg_l = 0;       // the permit limit, or the default below
  bool default_limit = false;  // true: no limit given, GB 8978-1996 grade 1 used
  [[nodiscard]] double factor() const { return value_mg_l / limit_mg_l; }
};

// GB 8978-1996 (Integrated wastewater discharge standard), Table 4, grade 1,
// in mg/L: the limit used for a discharge reading without a permit limit;
// nullopt where the standard sets none (TN, CODMn, DO).
[[nodiscard]] std::optional<double> default_discharge_limit_mg_l(const ParameterLimits& p);

struct SplitReadings {
  std::vector<Reading> section_readings;     // for check_readings
  std::vector<DischargeReading> discharges;  // checked
  std::vector<ReadingProblem> problems;      // discharge readings that cannot be used
};

// A reading whose section_id is an outfall id and not a section id is a
// discharge reading: checked (parameter, unit, value, time, limit; a later
// duplicate of outfall, time and parameter is skipped) and moved out of the
// section readings. Never throws for data problems.
[[nodiscard]] SplitReadings split_discharge_readings(
    std::vector<Reading> readings, const std::set<std::string>& outfall_ids,
    const std::map<std::string, SectionInfo>& sections);

struct TimeWindow {
  std::optional<std::int64_t> from_s;  // inclusive
  std::optional<std::int64_t> to_s;    // inclusive
  [[nodiscard]] bool contains(std::int64_t t) const {
    return (!from_s || t >= *from_s) && (!to_s || t <= *to_s);
  }
};

// The readings over their section's target-class limit within the window.
[[nodiscard]] std::vector<CheckedReading> exceedances(const CheckedReadings& checked,
                                                      const TimeWindow& window);

}  // namespace envgrid::hydro

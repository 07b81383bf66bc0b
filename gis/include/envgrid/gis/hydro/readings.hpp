#pragma once
// Water-quality readings checked against GB 3838-2002 (water_quality.hpp):
// bad rows (unknown section, parameter or unit, no value, duplicates) are
// reported with their row ids and the rest is assessed. No I/O here;
// readings_store.hpp reads the store.

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "envgrid/gis/hydro/water_quality.hpp"

namespace envgrid::gis::hydro {

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

}  // namespace envgrid::gis::hydro

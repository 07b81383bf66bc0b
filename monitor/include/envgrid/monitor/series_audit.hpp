#pragma once
// The validity rules that need a value's neighbours: constant runs (a
// flat-lined analyser), runs of zeros, gaps, the daily count of valid hourly
// values, and values arriving out of order. docs/monitoring.md states each
// rule's source and default.

#include <chrono>
#include <cstddef>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace envgrid::monitor {

struct SeriesValue {
  std::chrono::system_clock::time_point at;  // data time, UTC
  std::optional<double> value;
  bool valid = true;
  std::string reason;
  std::int64_t arrival = 0;  // store order (fid): what came first
};

struct SeriesAuditOptions {
  // This many equal consecutive values or more are a flat line, all not
  // valid. DEFAULT: 6 (six hours of hourly data).
  std::size_t constant_run = 6;
  // This many consecutive zeros or more are not valid. DEFAULT: 3.
  std::size_t zero_run = 3;
  // A day's hourly series is complete with this many valid hours. DEFAULT: 20.
  std::size_t valid_hours_per_day = 20;
};

struct SeriesAudit {
  // index into the series -> reason, for values the rules make not valid.
  std::map<std::size_t, std::string> refused;
  std::size_t out_of_order = 0;       // values that arrived after a later data time
  std::size_t missing_intervals = 0;  // expected times with no value, first to last
  std::size_t days = 0;
  std::size_t days_short_of_valid_hours = 0;
};

// REQUIRES: series sorted by `at`, one data command (interval known by
// `interval`: 1 h for CN 2061; zero means no gap or daily count check).
[[nodiscard]] SeriesAudit audit_series(std::span<const SeriesValue> series,
                                       std::chrono::seconds interval,
                                       const SeriesAuditOptions& options = {});

// The data interval of a command: 2061 one hour, 2031 one day, 2051 and 2011
// zero (their intervals are each device's setting).
[[nodiscard]] std::chrono::seconds command_interval(const std::string& cn);

}  // namespace envgrid::monitor

#pragma once
// Valid online values of one parameter with the discharge limit that applies
// to each: the evidence a source trace weighs (docs/hydro.md, "Online
// monitoring evidence").

#include <cstdint>
#include <string>
#include <vector>

#include "envgrid/gis/store.hpp"
#include "envgrid/monitor/alerts.hpp"

namespace envgrid::monitor {

struct ValueAgainstLimit {
  std::string outfall_id;
  std::string mn;
  std::string statistic;
  std::string unit;
  std::string data_time;  // ISO 8601 UTC
  std::int64_t time_s = 0;
  double value = 0;
  double limit_value = 0;
};

// The stored values of the parameter with valid = 1 and data_time in
// [from_s, to_s] (UTC seconds) whose outfall has a limit for their statistic and unit
// (values without a limit cannot be judged and are left out), by time.
// None when the store has no online_readings layer.
[[nodiscard]] std::vector<ValueAgainstLimit> valid_values_against_limits(
    gis::Store& store, const std::string& parameter, std::int64_t from_s, std::int64_t to_s);

// The same values as another library's plain struct with the same fields in
// the same order (hydro::OnlineEvidence): the caller hands them on without
// either library knowing the other.
template <class Plain>
[[nodiscard]] std::vector<Plain> valid_values_against_limits_as(gis::Store& store,
                                                                const std::string& parameter,
                                                                std::int64_t from_s,
                                                                std::int64_t to_s) {
  std::vector<Plain> out;
  for (auto& v : valid_values_against_limits(store, parameter, from_s, to_s)) {
    out.push_back(Plain{std::move(v.outfall_id), std::move(v.mn), std::move(v.statistic),
                        std::move(v.unit), std::move(v.data_time), v.time_s, v.value,
                        v.limit_value});
  }
  return out;
}

}  // namespace envgrid::monitor

#pragma once
// Exceedances of valid online values over discharge limits, grouped into
// episodes, and the alert level of an episode (docs/monitoring.md,
// "Exceedances and alerts", states the defaults).

#include <chrono>
#include <cstddef>
#include <span>
#include <string>
#include <vector>

namespace envgrid::monitor {

struct DischargeLimit {
  std::string outfall_id;
  std::string parameter;
  std::string statistic;  // the values it applies to: avg, rtd, zs_avg, ...
  double limit_value = 0;
  std::string unit;
  std::string source;
};

// A valid value with the keys an exceedance needs.
struct LimitedValue {
  std::string outfall_id;
  std::string enterprise_id;
  std::string mn;
  std::string parameter;
  std::string statistic;
  std::string unit;
  std::chrono::system_clock::time_point at;
  double value = 0;
};

struct Episode {
  std::string outfall_id;
  std::string enterprise_id;
  std::string mn;
  std::string parameter;
  std::string unit;
  std::chrono::system_clock::time_point first_at;
  std::chrono::system_clock::time_point last_at;
  std::size_t exceedances = 0;
  double max_value = 0;
  double limit_value = 0;
  int level = 1;
};

struct AlertOptions {
  // Exceedances closer than this belong to one episode. DEFAULT: 2 hours.
  std::chrono::seconds episode_gap{2 * 3600};
  // Level 2 from this duration (first to last exceedance) or this many
  // exceedances; level 3 from 6 h or the 3rd episode in the window; level 4
  // from 24 h or the 5th episode in the window. DEFAULT window: 30 days.
  std::chrono::seconds level2_duration{2 * 3600};
  std::size_t level2_exceedances = 3;
  std::chrono::seconds level3_duration{6 * 3600};
  std::size_t level3_repetition = 3;
  std::chrono::seconds level4_duration{24 * 3600};
  std::size_t level4_repetition = 5;
  std::chrono::seconds repetition_window{30 * 24 * 3600};
};

// The limit that applies to a value: same outfall, parameter, statistic and
// unit; nullptr when there is none.
[[nodiscard]] const DischargeLimit* limit_of(const LimitedValue& value,
                                             std::span<const DischargeLimit> limits);

// Values above their limit (same outfall, parameter, statistic and unit),
// grouped into episodes per outfall and parameter, each with its level.
// REQUIRES: only valid values (the audit's verdict) are passed.
[[nodiscard]] std::vector<Episode> exceedance_episodes(std::span<const LimitedValue> values,
                                                       std::span<const DischargeLimit> limits,
                                                       const AlertOptions& options = {});

}  // namespace envgrid::monitor

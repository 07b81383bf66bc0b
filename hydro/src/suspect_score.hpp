#pragma once
// The score terms of a suspect and their weights (docs/hydro.md, "Score").

#include <vector>

#include "envgrid/hydro/source_trace.hpp"

namespace envgrid::hydro::detail {

inline constexpr double proximity_points = 2.0;
inline constexpr double proximity_hours = 24.0;
inline constexpr double industry_points = 2.0;
inline constexpr double unregistered_points = 1.5;
inline constexpr double key_points = 1.0;
inline constexpr double special_points = 1.5;
inline constexpr double drone_points = 1.0;
inline constexpr double discharge_over_points = 3.0;
inline constexpr double discharge_compliant_points = -1.0;
inline constexpr double online_over_points = 3.0;
inline constexpr double online_compliant_points = -1.0;
// Exceeding online readings named in the online term's reason, at most.
inline constexpr std::size_t online_readings_shown = 5;

struct SuspectFacts {
  const OutfallInfo* outfall = nullptr;
  const EnterpriseInfo* enterprise = nullptr;  // nullptr when unknown
  double flow_distance_m = 0;
  double travel_time_h = 0;
  bool flagged_reach = false;
  // The outfall's discharge readings of the parameter in the lagged window.
  std::vector<const DischargeReading*> discharges;
  // Its valid online values of the parameter in the lagged window, by time.
  std::vector<const OnlineEvidence*> online;
};

[[nodiscard]] std::vector<ScoreTerm> score_terms(const SuspectFacts& facts,
                                                 const ParameterLimits& parameter);

}  // namespace envgrid::hydro::detail

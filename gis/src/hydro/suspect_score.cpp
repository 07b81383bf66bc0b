// The score of one suspect: a sum of named terms, each with its reason
// (docs/hydro.md, "Score").

#include <cmath>
#include <cstdio>

#include "envgrid/gis/hydro/source_trace.hpp"
#include "suspect_score.hpp"

namespace envgrid::gis::hydro::detail {

namespace {

std::string fixed(double value, int decimals) {
  char text[64];
  std::snprintf(text, sizeof text, "%.*f", decimals, value);
  return text;
}

}  // namespace

std::vector<ScoreTerm> score_terms(const SuspectFacts& f, const ParameterLimits& parameter) {
  std::vector<ScoreTerm> terms;
  // 2 points at the section, halving about every 17 h of travel (e-folding 24 h).
  terms.push_back(
      {"proximity", proximity_points * std::exp(-f.travel_time_h / proximity_hours),
       fixed(f.travel_time_h, 1) + " h, " + fixed(f.flow_distance_m / 1000, 2) + " km upstream"});
  if (f.enterprise && industry_emits(f.enterprise->industry, parameter)) {
    terms.push_back({"industry", industry_points,
                     "'" + f.enterprise->industry + "' typically discharges " + parameter.name});
  }
  if (f.outfall->registered && !*f.outfall->registered) {
    terms.push_back({"unregistered", unregistered_points,
                     "outfall " + f.outfall->outfall_id + " is not in the register"});
  }
  if (f.enterprise &&
      (f.enterprise->risk_class == "key" || f.enterprise->risk_class == "special")) {
    terms.push_back({"history", f.enterprise->risk_class == "special" ? special_points : key_points,
                     "risk class " + f.enterprise->risk_class});
  }
  if (f.flagged_reach) {
    terms.push_back(
        {"drone_flags", drone_points, "accepted drone flags near reach " + f.outfall->reach_id});
  }
  return terms;
}

}  // namespace envgrid::gis::hydro::detail

// The score of one suspect: a sum of named terms, each with its reason
// (docs/hydro.md, "Score").

#include <cmath>
#include <cstdio>
#include <optional>

#include "envgrid/hydro/source_trace.hpp"
#include "suspect_score.hpp"

namespace envgrid::hydro::detail {

namespace {

std::string fixed(double value, int decimals) {
  char text[64];
  std::snprintf(text, sizeof text, "%.*f", decimals, value);
  return text;
}

// Over the permit limit in the lagged window: strong evidence; only
// compliant readings there: evidence against. No readings: no term.
std::optional<ScoreTerm> discharge_term(const SuspectFacts& f) {
  if (f.discharges.empty()) return std::nullopt;
  const DischargeReading* worst = f.discharges.front();
  std::size_t over = 0;
  for (const DischargeReading* d : f.discharges) {
    if (d->factor() > 1) ++over;
    if (d->factor() > worst->factor()) worst = d;
  }
  const std::string limit = fixed(worst->limit_mg_l, 3) + " mg/L" +
                            (worst->default_limit ? " (GB 8978-1996 grade 1)" : " (permit)");
  const std::string counts = std::to_string(over) + " of " + std::to_string(f.discharges.size()) +
                             " discharge readings over the limit";
  if (over == 0) {
    return ScoreTerm{"discharge", discharge_compliant_points,
                     counts + "; highest " + fixed(worst->value_mg_l, 3) + " mg/L at " +
                         worst->taken_at + ", limit " + limit};
  }
  return ScoreTerm{"discharge", discharge_over_points,
                   counts + "; " + fixed(worst->value_mg_l, 3) + " mg/L at " + worst->taken_at +
                       " is " + fixed(worst->factor(), 1) + " x the limit " + limit};
}

std::string online_reading(const OnlineEvidence& o) {
  return fixed(o.value, 3) + " " + o.unit + " at " + o.data_time;
}

// Valid online data of the outfall in the lagged window: over its limit is
// as strong as a discharge reading over the permit (continuous, audited
// data); compliant throughout is evidence against. No valid data: no term.
std::optional<ScoreTerm> online_term(const SuspectFacts& f) {
  if (f.online.empty()) return std::nullopt;
  const OnlineEvidence* highest = f.online.front();
  std::vector<const OnlineEvidence*> over;
  for (const OnlineEvidence* o : f.online) {
    if (o->over()) over.push_back(o);
    if (o->value > highest->value) highest = o;
  }
  const std::string values = " valid online " + highest->statistic + " values of " + highest->mn;
  const std::string limit = " the limit " + fixed(highest->limit, 3) + " " + highest->unit;
  if (over.empty()) {
    return ScoreTerm{"online", online_compliant_points,
                     "compliant throughout: all " + std::to_string(f.online.size()) + values +
                         " within" + limit + "; highest " + online_reading(*highest)};
  }
  std::string shown;
  for (std::size_t i = 0; i < over.size() && i < online_readings_shown; ++i) {
    shown += (i ? ", " : "") + online_reading(*over[i]);
  }
  if (over.size() > online_readings_shown) shown += ", ...";
  return ScoreTerm{"online", online_over_points,
                   std::to_string(over.size()) + " of " + std::to_string(f.online.size()) + values +
                       " over" + limit + ": " + shown};
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
  if (auto term = discharge_term(f)) terms.push_back(std::move(*term));
  if (auto term = online_term(f)) terms.push_back(std::move(*term));
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

}  // namespace envgrid::hydro::detail

#pragma once
// Upstream source tracing from an exceeding section (docs/hydro.md, "Source
// tracing"): a UT trace from the section that stops at upstream sections
// compliant for the parameter at the matching time (shifted by the travel
// time between them), then the outfalls and enterprises on the traced water,
// ranked by a score whose every term is kept. No I/O here.

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "envgrid/hydro/navigate.hpp"
#include "envgrid/hydro/readings.hpp"

namespace envgrid::hydro {

struct OutfallInfo {
  std::string outfall_id;
  std::string enterprise_id;       // "" when unknown
  std::optional<bool> registered;  // null: not recorded
  std::string reach_id;            // "" when not snapped
  double measure = 0;
  LonLat point;  // WGS 84
};

struct EnterpriseInfo {
  std::string enterprise_id;
  std::string name;
  std::string industry;
  std::string risk_class;  // key, ordinary, special or ""
};

// The industries that typically discharge the parameter (a documented
// table, docs/hydro.md): matched as words in the industry text, in English
// codes (chemicals, food, livestock, sewage_works, ...) or Chinese (化工, 食品...).
[[nodiscard]] const std::vector<std::string>& industries_emitting(const ParameterLimits& p);
[[nodiscard]] bool industry_emits(std::string_view industry, const ParameterLimits& p);

// A valid online value of an outfall (HJ 212 data that envgrid::monitor
// audited as valid) of the traced parameter, with the discharge limit that
// applies to it (docs/hydro.md, "Online monitoring evidence").
struct OnlineEvidence {
  std::string outfall_id;
  std::string mn;
  std::string statistic;  // avg, rtd, ...
  std::string unit;
  std::string data_time;  // ISO 8601 UTC
  std::int64_t time_s = 0;
  double value = 0;
  double limit = 0;
  [[nodiscard]] bool over() const { return value > limit; }
};

struct SourceTraceOptions {
  // DEFAULT 72 h: the readings of an upstream section count when taken within
  // half of this before or after the matching time.
  double window_hours = 72;
};

struct SourceTraceInput {
  const Network* net = nullptr;
  SectionInfo section;  // REQUIRES: snapped (reach_id in net)
  std::int64_t at_s = 0;
  const ParameterLimits* parameter = nullptr;
  const std::map<std::string, SectionInfo>* sections = nullptr;
  const CheckedReadings* readings = nullptr;
  std::span<const OutfallInfo> outfalls;
  const std::map<std::string, EnterpriseInfo>* enterprises = nullptr;
  std::set<std::string> flagged_reaches;  // reaches with accepted drone flags near them
  // Readings of the outfalls' discharges (split_discharge_readings); empty
  // where there are none.
  std::span<const DischargeReading> discharges;
  // Valid online values of the parameter with their limits; empty where
  // there are none.
  std::span<const OnlineEvidence> online;
};

struct ScoreTerm {
  std::string name;  // proximity, industry, discharge, online, unregistered, history, drone_flags
  double points = 0;
  std::string why;
};

struct Suspect {
  std::string kind;  // enterprise or outfall
  std::string object_id;
  std::string outfall_id;  // the outfall it discharges through
  std::string reach_id;
  double flow_distance_m = 0;  // from the outfall down to the section
  double travel_time_h = 0;
  std::vector<ScoreTerm> terms;
  double score = 0;
  LonLat point;
};

struct StopSection {
  std::string section_id;
  std::string reach_id;
  double travel_time_h = 0;  // from it down to the traced section
  std::int64_t matching_time_s = 0;
  std::vector<std::int64_t> rows;  // its compliant readings in the window
};

struct SourceTraceResult {
  TraceResult trace;  // the traced reaches
  std::vector<StopSection> stops;
  std::vector<Suspect> suspects;  // ranked: best first
};

[[nodiscard]] SourceTraceResult trace_sources(const SourceTraceInput& input,
                                              const SourceTraceOptions& options);

// The terms as a JSON object {"proximity": 1.23, ...}; with an online term,
// its readings as "online_evidence": "..." (the viewer shows stored traces).
[[nodiscard]] std::string terms_json(const Suspect& s);

}  // namespace envgrid::hydro

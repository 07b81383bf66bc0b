// trace_sources: a UT trace that stops at compliant upstream sections, then
// the suspects on the traced water ranked by their score.

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "envgrid/hydro/source_trace.hpp"
#include "suspect_score.hpp"

namespace envgrid::hydro {

namespace {

// Distance and travel time from a point (reach, measure) down to the traced
// section, along the main paths (flow_distance_m / flow_time_s, as NLDI).
struct Along {
  double distance_m = 0;
  double travel_h = 0;
};

class Positions {
 public:
  Positions(const Network& net, std::size_t start, double start_measure)
      : net_(net), start_(start), start_measure_(start_measure) {}
  [[nodiscard]] Along to_section(std::size_t r, double measure) const {
    const Reach& s = net_.reaches[start_];
    const Reach& x = net_.reaches[r];
    const double distance_m = x.flow_distance_m + measure / 100 * x.length_m -
                              (s.flow_distance_m + start_measure_ / 100 * s.length_m);
    const double time_s = x.flow_time_s + measure / 100 * x.travel_time_s -
                          (s.flow_time_s + start_measure_ / 100 * s.travel_time_s);
    return {std::max(0.0, distance_m), std::max(0.0, time_s / 3600)};
  }
  // Upstream of the section: anywhere on another traced reach, above it on its own.
  [[nodiscard]] bool upstream(std::size_t r, double measure) const {
    return r != start_ || measure > start_measure_;
  }

 private:
  const Network& net_;
  std::size_t start_;
  double start_measure_;
};

// Whether an upstream section was compliant at the matching time: at least
// one reading of the parameter within half the window of it, all compliant.
std::optional<StopSection> compliant_stop(const SourceTraceInput& in, const SectionInfo& u,
                                          const Along& along, double window_hours) {
  StopSection stop{u.section_id,
                   u.reach_id,
                   along.travel_h,
                   in.at_s - static_cast<std::int64_t>(std::llround(along.travel_h * 3600)),
                   {}};
  const double half_window_s = window_hours * 3600 / 2;
  for (const CheckedReading& r : in.readings->readings) {
    if (r.section_id != u.section_id || r.parameter != in.parameter) continue;
    if (std::abs(static_cast<double>(r.time_s - stop.matching_time_s)) > half_window_s) continue;
    if (r.assessment.exceeds) return std::nullopt;
    stop.rows.push_back(r.row);
  }
  if (stop.rows.empty()) return std::nullopt;
  return stop;
}

// The items of the outfall that keep() accepts, within half the window of
// the time its water reached the section at the exceedance (T − τ).
template <class Item, class Keep>
std::vector<const Item*> in_lagged_window(const SourceTraceInput& in, std::span<const Item> items,
                                          const std::string& outfall_id, const Along& along,
                                          double window_hours, Keep keep) {
  const double matching_s = static_cast<double>(in.at_s) - along.travel_h * 3600;
  const double half_window_s = window_hours * 3600 / 2;
  std::vector<const Item*> found;
  for (const Item& d : items) {
    if (d.outfall_id != outfall_id || !keep(d)) continue;
    if (std::abs(static_cast<double>(d.time_s) - matching_s) <= half_window_s) found.push_back(&d);
  }
  return found;
}

std::vector<Suspect> rank(std::vector<Suspect> suspects) {
  // One suspect per enterprise: the outfall that scores best.
  std::sort(suspects.begin(), suspects.end(), [](const Suspect& a, const Suspect& b) {
    if (a.score != b.score) return a.score > b.score;
    if (a.travel_time_h != b.travel_time_h) return a.travel_time_h < b.travel_time_h;
    return a.object_id < b.object_id;
  });
  std::vector<Suspect> ranked;
  std::set<std::pair<std::string, std::string>> seen;
  for (auto& s : suspects) {
    if (seen.emplace(s.kind, s.object_id).second) ranked.push_back(std::move(s));
  }
  return ranked;
}

}  // namespace

SourceTraceResult trace_sources(const SourceTraceInput& in, const SourceTraceOptions& options) {
  const Network& net = *in.net;
  const std::size_t start = *net.find(in.section.reach_id);
  const Positions positions(net, start, in.section.measure);

  // Sections on each reach, and the lowest measure at which a compliant one cuts it.
  std::map<std::size_t, std::vector<const SectionInfo*>> sections_on;
  for (const auto& [id, s] : *in.sections) {
    if (id == in.section.section_id || s.reach_id.empty()) continue;
    if (auto r = net.find(s.reach_id)) sections_on[*r].push_back(&s);
  }
  SourceTraceResult result;
  std::map<std::size_t, double> cut_measure;
  TraceOptions trace_options;
  trace_options.mode = TraceMode::upstream_tributaries;
  trace_options.expand = [&](std::size_t r) {
    const auto on = sections_on.find(r);
    if (on == sections_on.end()) return true;
    for (const SectionInfo* u : on->second) {
      if (!positions.upstream(r, u->measure)) continue;
      auto stop = compliant_stop(in, *u, positions.to_section(r, u->measure), options.window_hours);
      if (!stop) continue;
      auto [it, fresh] = cut_measure.emplace(r, u->measure);
      if (!fresh) it->second = std::min(it->second, u->measure);
      result.stops.push_back(std::move(*stop));
    }
    return cut_measure.count(r) == 0;
  };
  result.trace = trace(net, start, trace_options);

  std::vector<char> traced(net.reaches.size(), 0);
  for (const auto& step : result.trace.steps) traced[step.reach] = 1;
  std::vector<Suspect> suspects;
  for (const OutfallInfo& o : in.outfalls) {
    const auto r = o.reach_id.empty() ? std::nullopt : net.find(o.reach_id);
    if (!r || !traced[*r] || !positions.upstream(*r, o.measure)) continue;
    if (auto cut = cut_measure.find(*r); cut != cut_measure.end() && o.measure > cut->second)
      continue;
    const auto e = in.enterprises->find(o.enterprise_id);
    detail::SuspectFacts facts{&o, e == in.enterprises->end() ? nullptr : &e->second};
    const Along along = positions.to_section(*r, o.measure);
    facts.flow_distance_m = along.distance_m;
    facts.travel_time_h = along.travel_h;
    facts.flagged_reach = in.flagged_reaches.count(o.reach_id) != 0;
    facts.discharges =
        in_lagged_window(in, in.discharges, o.outfall_id, along, options.window_hours,
                         [&](const DischargeReading& d) { return d.parameter == in.parameter; });
    facts.online = in_lagged_window(in, in.online, o.outfall_id, along, options.window_hours,
                                    [](const OnlineEvidence&) { return true; });
    Suspect s;
    s.kind = facts.enterprise ? "enterprise" : "outfall";
    s.object_id = facts.enterprise ? o.enterprise_id : o.outfall_id;
    s.outfall_id = o.outfall_id;
    s.reach_id = o.reach_id;
    s.flow_distance_m = along.distance_m;
    s.travel_time_h = along.travel_h;
    s.point = o.point;
    s.terms = detail::score_terms(facts, *in.parameter);
    for (const auto& t : s.terms) s.score += t.points;
    suspects.push_back(std::move(s));
  }
  result.suspects = rank(std::move(suspects));
  return result;
}

namespace {

std::string json_escaped(const std::string& text) {
  std::string out;
  for (const char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

std::string terms_json(const Suspect& s) {
  std::string json = "{";
  std::string evidence;
  for (const auto& t : s.terms) {
    char value[64];
    std::snprintf(value, sizeof value, "%.4g", t.points);
    json += (json.size() > 1 ? ", \"" : "\"") + t.name + "\": " + value;
    if (t.name == "online") evidence = ", \"online_evidence\": \"" + json_escaped(t.why) + "\"";
  }
  return json + (json.size() > 1 ? ", " : "") + "\"outfall\": \"" + json_escaped(s.outfall_id) +
         "\"" + evidence + "}";
}

}  // namespace envgrid::hydro

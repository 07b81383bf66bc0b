// POST /api/traces (run a source trace), GET /api/traces (the list),
// GET /api/traces/{id} (one trace: its reaches, stop sections and ranked
// suspects with every score term).

#include <algorithm>

#include "api.hpp"
#include "envgrid/gis/error.hpp"
#include "envgrid/hydro/trace_rows.hpp"
#include "envgrid/hydro/trace_run.hpp"
#include "envgrid/monitor/limited_readings.hpp"
#include "geojson.hpp"

namespace envgrid::viewer::detail {

namespace {

// A JSON text field as JSON (null when empty or malformed).
Json json_field(OGRFeature& feature, const char* name) {
  Json value = Json::parse(feature.GetFieldAsString(name), nullptr, false);
  return value.is_discarded() ? Json() : value;
}

Json trace_summary(OGRFeature& trace) {
  Json summary = properties_of(trace);
  summary["stop_sections"] = json_field(trace, "stop_sections");
  return summary;
}

// The stored trace and its suspects, best first; 404 when unknown.
Json trace_json(gis::Store& store, const std::string& trace_id) {
  gis::FeaturePtr trace = hydro::find_trace(store, trace_id);
  if (!trace) throw HttpError(http::status::not_found, "no trace '" + trace_id + "'");
  Json reaches = feature_json(*trace);
  reaches["properties"] = trace_summary(*trace);
  Json suspects = Json::array();
  hydro::for_each_suspect_of(store, trace_id, [&](OGRFeature& suspect) {
    Json item = feature_json(suspect);
    item["properties"]["terms"] = json_field(suspect, "terms");
    suspects.push_back(std::move(item));
  });
  std::sort(suspects.begin(), suspects.end(), [](const Json& a, const Json& b) {
    return a["properties"]["rank"].get<long long>() < b["properties"]["rank"].get<long long>();
  });
  return {{"trace", std::move(reaches)}, {"suspects", std::move(suspects)}};
}

hydro::StoreTraceRequest trace_request(const Json& body) {
  hydro::StoreTraceRequest request;
  request.section_id = json_string(body, "section_id", true);
  request.at = json_string(body, "at", true);
  if (!hydro::parse_iso_seconds(request.at))
    throw HttpError(http::status::bad_request, "'at' must be an ISO 8601 time");
  const std::string parameter = json_string(body, "parameter", true);
  request.parameter = hydro::find_parameter(parameter);
  if (!request.parameter) {
    std::string known;
    for (const auto& p : hydro::gb3838_limits()) known += (known.empty() ? "" : ", ") + p.name;
    throw HttpError(http::status::bad_request, "'parameter' must be one of " + known);
  }
  if (auto window = body.find("window_hours"); window != body.end() && !window->is_null()) {
    if (!window->is_number() || *window < 0 || *window > 24 * 365)
      throw HttpError(http::status::bad_request, "'window_hours' must be a number 0-8760");
    request.options.window_hours = window->get<double>();
  }
  return request;
}

// Why each term scored, from the run (the store keeps only the points).
void add_reasons(Json& suspects, const hydro::SourceTraceResult& result) {
  for (std::size_t i = 0; i < suspects.size() && i < result.suspects.size(); ++i) {
    Json reasons = Json::object();
    for (const auto& term : result.suspects[i].terms) reasons[term.name] = term.why;
    suspects[i]["properties"]["reasons"] = std::move(reasons);
  }
}

}  // namespace

Response post_trace(ApiState& state, RequestContext& context) {
  (void)require_scope(context, Action::run_trace);
  const Json body = parse_json_object(context.request);
  hydro::StoreTraceRequest request = trace_request(body);
  if (!hydro::has_section(state.store, request.section_id))
    throw HttpError(http::status::not_found, "no section '" + request.section_id + "'");
  // Online evidence through envgrid::monitor, which owns it (docs/hydro.md).
  const hydro::OnlineWindow online = hydro::online_evidence_window(
      *hydro::parse_iso_seconds(request.at), request.options.window_hours);
  request.online = monitor::valid_values_against_limits_as<hydro::OnlineEvidence>(
      state.store, request.parameter->name, online.from_s, online.to_s);
  std::unique_ptr<hydro::StoreTraceRun> run;
  try {
    // One network per version of the reaches, built by the first request.
    const std::shared_ptr<const hydro::Network> net = state.shared.networks.network(state.store);
    // Sections and checked readings likewise, per version of them.
    run = hydro::run_store_trace(state.store, *net, request,
                                 state.shared.readings.readings(state.store));
  } catch (const gis::Error& error) {
    // The store's data cannot be traced (no network, section not snapped):
    // the request was well formed, so 422 with the reason.
    if (error.code() != gis::ExitCode::input) throw;
    throw HttpError(http::status::unprocessable_entity, error.what());
  }
  Json answer = trace_json(state.store, run->stored.trace_id);
  add_reasons(answer["suspects"], run->result);
  answer["warnings"] = run->warnings;
  return json_response(context.request, http::status::created, answer);
}

Response get_traces(ApiState& state, RequestContext& context) {
  (void)require_scope(context, Action::read_traces);
  Json traces = Json::array();
  hydro::for_each_trace(state.store,
                        [&](OGRFeature& trace) { traces.push_back(trace_summary(trace)); });
  std::reverse(traces.begin(), traces.end());  // newest first
  return json_response(context.request, http::status::ok, {{"traces", std::move(traces)}});
}

Response get_trace(ApiState& state, RequestContext& context, const std::string& trace_id) {
  (void)require_scope(context, Action::read_traces);
  return json_response(context.request, http::status::ok, trace_json(state.store, trace_id));
}

}  // namespace envgrid::viewer::detail

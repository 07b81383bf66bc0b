// run_store_trace: a source trace read from and written to the store.

#include "envgrid/hydro/trace_run.hpp"

#include <optional>

#include "envgrid/gis/error.hpp"
#include "envgrid/hydro/snap.hpp"

namespace envgrid::hydro {

std::unique_ptr<StoreTraceRun> run_store_trace(gis::Store& store, const Network& net,
                                               const StoreTraceRequest& request,
                                               std::shared_ptr<const StoreReadings> readings) {
  const auto at_s = parse_iso_seconds(request.at);
  if (!at_s) gis::throw_usage_error("the time '" + request.at + "' is not ISO 8601");
  if (!request.parameter) gis::throw_usage_error("no parameter given");
  auto run = std::make_unique<StoreTraceRun>();
  if (!readings) readings = std::make_shared<const StoreReadings>(read_checked_readings(store));
  run->read = std::move(readings);
  const StoreReadings& read = *run->read;
  const gis::ErrorContext where{
      .step = "hydro trace", .dataset = store.location(), .layer = "sections"};
  const auto section = read.sections.find(request.section_id);
  if (section == read.sections.end())
    gis::throw_input_error("no section '" + request.section_id + "'", where);
  if (section->second.reach_id.empty() || !net.find(section->second.reach_id)) {
    gis::throw_input_error("section '" + request.section_id +
                               "' is not snapped to a reach: run `envgrid hydro snap` first",
                           where);
  }
  for (const auto& p : read.checked.problems)
    run->warnings.push_back("readings row " + std::to_string(p.row) + ": " + p.what);
  run->outfalls = read_outfalls(store);
  run->enterprises = read_enterprises(store);
  // Built at the first accepted flag: at 10^6 reaches the index of every
  // line would cost more than the rest of the trace.
  std::optional<Snapper> snapper;

  SourceTraceInput& input = run->input;
  input.net = &net;
  input.section = section->second;
  input.at_s = *at_s;
  input.parameter = request.parameter;
  input.sections = &read.sections;
  input.readings = &read.checked;
  input.outfalls = run->outfalls;
  input.enterprises = &run->enterprises;
  input.flagged_reaches = accepted_flag_reaches(store, net, [&]() -> const Snapper& {
    if (!snapper) snapper.emplace(net, SnapOptions{});
    return *snapper;
  });
  input.discharges = read.discharges;
  run->online = request.online;
  input.online = run->online;
  run->result = trace_sources(input, request.options);
  run->stored = write_source_trace(store, net, input, request.at, run->result);
  return run;
}

OnlineWindow online_evidence_window(std::int64_t at_s, double window_hours) {
  const auto half_window_s = static_cast<std::int64_t>(window_hours * 3600 / 2);
  const auto lookback_s = static_cast<std::int64_t>(online_lookback_hours * 3600);
  return {at_s - lookback_s - half_window_s, at_s + half_window_s};
}

}  // namespace envgrid::hydro

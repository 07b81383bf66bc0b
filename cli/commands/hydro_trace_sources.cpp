// The source-trace form of `envgrid hydro trace`: reads the store, traces,
// writes the trace and suspects to the store, prints the ranked suspects and
// writes the report.

#include "hydro_trace_sources.hpp"

#include <iomanip>
#include <iostream>

#include "envgrid/gis/error.hpp"
#include "envgrid/gis/log.hpp"
#include "envgrid/hydro/reach_io.hpp"
#include "envgrid/hydro/trace_run.hpp"
#include "envgrid/monitor/limited_readings.hpp"
#include "hydro_trace_report.hpp"

namespace envgrid::cli {

namespace {

struct Request {
  std::string project;
  std::string section_id;
  std::string at;
  std::int64_t at_s = 0;
  const hydro::ParameterLimits* parameter = nullptr;
  hydro::SourceTraceOptions options;
  std::string report_path;
};

Request request_of(const ParsedArgs& args) {
  Request r;
  r.project = args.positionals.at(0);
  r.section_id = args.require("--section");
  r.at = args.require("--at");
  const auto at_s = hydro::parse_iso_seconds(r.at);
  if (!at_s) gis::throw_usage_error("--at '" + r.at + "' is not an ISO 8601 time");
  r.at_s = *at_s;
  const std::string parameter = args.require("--parameter");
  r.parameter = hydro::find_parameter(parameter);
  if (!r.parameter) {
    std::string known;
    for (const auto& p : hydro::gb3838_limits()) known += (known.empty() ? "" : ", ") + p.name;
    gis::throw_usage_error("--parameter '" + parameter + "' is not one of " + known);
  }
  r.options.window_hours = args.get_double("--window-hours").value_or(r.options.window_hours);
  if (r.options.window_hours < 0) gis::throw_usage_error("--window-hours must not be negative");
  r.report_path = args.get_or("--report", "");
  return r;
}

void print_suspects(const hydro::SourceTraceResult& result, const hydro::StoredTrace& stored,
                    std::ostream& out) {
  out << "trace " << stored.trace_id << ": " << result.trace.steps.size() << " reaches, "
      << result.suspects.size() << " suspects\n";
  for (const auto& stop : result.stops) {
    out << "stopped at section " << stop.section_id << " (compliant " << std::fixed
        << std::setprecision(1) << stop.travel_time_h << " h upstream)\n";
  }
  int rank = 0;
  for (const auto& s : result.suspects) {
    out << std::fixed << std::setprecision(2) << ++rank << ". " << s.kind << " " << s.object_id
        << " score " << s.score << " (outfall " << s.outfall_id << ", " << s.flow_distance_m / 1000
        << " km, " << s.travel_time_h << " h):";
    for (const auto& t : s.terms) out << " " << t.name << " " << t.points << " [" << t.why << "]";
    out << "\n";
  }
}

}  // namespace

int run_source_trace(const ParsedArgs& args) {
  const Request request = request_of(args);
  const hydro::Network net = hydro::load_network(request.project);
  gis::Store store = gis::Store::open(request.project, true);
  // Online evidence through envgrid::monitor, which owns it (docs/hydro.md).
  const hydro::OnlineWindow online =
      hydro::online_evidence_window(request.at_s, request.options.window_hours);
  const auto run =
      hydro::run_store_trace(store, net,
                             {request.section_id, request.at, request.parameter, request.options,
                              monitor::valid_values_against_limits_as<hydro::OnlineEvidence>(
                                  store, request.parameter->name, online.from_s, online.to_s)});
  for (const auto& warning : run->warnings) gis::log_warning(warning);
  print_suspects(run->result, run->stored, std::cout);
  if (!request.report_path.empty()) {
    write_trace_report(request.report_path, net, run->input, request.at, run->result, run->stored);
    std::cout << "report " << request.report_path << "\n";
  }
  return 0;
}

}  // namespace envgrid::cli

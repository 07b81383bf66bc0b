// write_trace_report: a Markdown page an investigator can read and argue
// with: the question, where the trace stopped and why, every suspect with
// every term of its score, and the map.

#include "hydro_trace_report.hpp"

#include <filesystem>
#include <iomanip>
#include <sstream>

#include "envgrid/gis/atomic_file.hpp"
#include "envgrid/gis/error.hpp"
#include "hydro_trace_map.hpp"

namespace envgrid::cli {

void write_trace_report(const std::string& path, const hydro::Network& net,
                        const hydro::SourceTraceInput& input, const std::string& at,
                        const hydro::SourceTraceResult& result, const hydro::StoredTrace& stored) {
  const std::filesystem::path report(path);
  std::filesystem::path map = report;
  map.replace_extension(".png");
  write_trace_map(map.string(), net, input, result);
  std::ostringstream out;
  out << std::fixed << std::setprecision(2);
  out << "# Source trace " << stored.trace_id << ": " << input.parameter->name << " at section "
      << input.section.section_id << "\n\n"
      << "- exceedance at " << at << " (target class "
      << hydro::roman_class(input.section.target_class.value_or(3)) << ")\n"
      << "- section on reach " << input.section.reach_id << " at measure " << input.section.measure
      << "\n"
      << "- traced upstream (UT): " << result.trace.steps.size() << " reaches\n"
      << "- run at " << stored.created_at << "; stored as trace " << stored.trace_id
      << " with its suspects\n\n"
      << "![traced network: reaches blue, section red, compliant sections green, suspects "
         "orange]("
      << map.filename().string() << ")\n\n## Where the trace stopped\n\n";
  if (result.stops.empty()) out << "Nowhere: no compliant upstream section at the matching time.\n";
  for (const auto& stop : result.stops) {
    out << "- section " << stop.section_id << " on reach " << stop.reach_id << ", "
        << stop.travel_time_h << " h upstream: compliant readings (rows";
    for (auto row : stop.rows) out << " " << row;
    out << ") around the matching time\n";
  }
  out << "\n## Suspects\n\n"
      << "| rank | kind | id | outfall | km | hours | score | terms |\n"
      << "| --- | --- | --- | --- | --- | --- | --- | --- |\n";
  int rank = 0;
  for (const auto& s : result.suspects) {
    out << "| " << ++rank << " | " << s.kind << " | " << s.object_id << " | " << s.outfall_id
        << " | " << s.flow_distance_m / 1000 << " | " << s.travel_time_h << " | " << s.score
        << " | ";
    for (std::size_t k = 0; k < s.terms.size(); ++k) {
      out << (k ? "; " : "") << s.terms[k].name << " " << s.terms[k].points << " ("
          << s.terms[k].why << ")";
    }
    out << " |\n";
  }
  if (result.suspects.empty()) out << "\nNo outfall is snapped to the traced reaches.\n";
  out << "\nThe score and its terms are explained in docs/hydro.md (\"Score\").\n";
  gis::write_file_atomically(path, out.str());
}

}  // namespace envgrid::cli

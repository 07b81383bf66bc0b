#pragma once
// The Markdown report of a source trace, with a PNG map of the traced
// network, the sections and the suspects next to it (REPORT.png).

#include <string>

#include "envgrid/hydro/trace_store.hpp"

namespace envgrid::cli {

// Throws gis::Error(output).
void write_trace_report(const std::string& path, const hydro::Network& net,
                        const hydro::SourceTraceInput& input, const std::string& at,
                        const hydro::SourceTraceResult& result, const hydro::StoredTrace& stored);

}  // namespace envgrid::cli

#pragma once
// A PNG picture of a source trace, drawn with GDAL's rasterizer: traced
// reaches blue, the exceeding section red, the sections that stopped the
// trace green, suspects orange (the best one larger).

#include <string>

#include "envgrid/hydro/source_trace.hpp"

namespace envgrid::cli {

// Throws gis::Error(output).
void write_trace_map(const std::string& png_path, const hydro::Network& net,
                     const hydro::SourceTraceInput& input, const hydro::SourceTraceResult& result);

}  // namespace envgrid::cli

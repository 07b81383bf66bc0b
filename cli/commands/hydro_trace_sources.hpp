#pragma once
// `envgrid hydro trace PROJECT --section ID --at TIME --parameter P`: the
// upstream source trace of hydro_trace.cpp (docs/cli/hydro-trace.md).

#include "options.hpp"

namespace envgrid::cli {

[[nodiscard]] int run_source_trace(const ParsedArgs& args);

}  // namespace envgrid::cli

#pragma once
// Reading the workload inputs from the project store and a frequency file.

#include <string>
#include <vector>

#include "envgrid/gis/store.hpp"
#include "envgrid/grid/workload.hpp"

namespace envgrid::grid {

// Cells (level "cell", or all cells when no row has that level), enterprises
// and outfalls; the flags are imagery's, which the caller adds. Enterprises whose last_inspected is
// not a date are taken as never inspected, with a warning naming them.
[[nodiscard]] WorkloadInput load_workload_input(gis::Store& store,
                                                std::vector<std::string>& warnings);

// A risk_class,interval_days table read through GDAL (CSV or any table);
// classes it names replace the defaults, others keep them. Throws
// gis::Error(input) naming the row when an interval is not a positive number.
[[nodiscard]] FrequencyTable read_frequencies(const std::string& source);

}  // namespace envgrid::grid

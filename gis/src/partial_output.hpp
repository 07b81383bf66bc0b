#pragma once
// Single-file outputs are written under a temporary name beside the target
// and renamed when finished, so that a crash or kill never leaves a
// half-written file under the real name (VectorWriter, CsvFile).

#include <string>

namespace envgrid::gis::detail {

// Where the file is written until it is finished: ".partial-NAME" beside it.
[[nodiscard]] std::string partial_output_path(const std::string& path);

// Renames the finished partial file to path; throws Error(output) when it cannot.
void publish_partial_output(const std::string& partial, const std::string& path);

}  // namespace envgrid::gis::detail

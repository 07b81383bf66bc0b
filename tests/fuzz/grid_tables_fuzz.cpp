// The small tables grid verbs read besides the store: the inspection
// frequency table (grid workload --frequencies) and the inspectors table
// (grid draw --inspectors), both CSV through GDAL.

#include "envgrid/grid/draw_store.hpp"
#include "envgrid/grid/workload_store.hpp"
#include "fuzz_support.hpp"

using namespace envgrid;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::quiet_logging();
  const fuzz::TemporaryFile file(fuzz::TemporaryFile::Where::gdal_memory, ".csv",
                                 fuzz::as_text(data, size));
  fuzz::refusing_cleanly([&] { (void)grid::read_frequencies(file.path()); });
  fuzz::refusing_cleanly([&] { (void)grid::read_inspectors(file.path()); });
  return 0;
}

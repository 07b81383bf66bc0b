// CSV tables with coordinate columns: header detection, cell parsing, and the
// whole read through read_layer (GDAL's CSV driver, envgrid's columns).

#include "envgrid/gis/vector_io.hpp"
#include "fuzz_support.hpp"

using namespace envgrid;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::quiet_logging();
  const std::string text = fuzz::as_text(data, size);
  std::string reason;
  (void)gis::parse_coordinate(text, reason);
  const auto header = fuzz::split(text.substr(0, text.find('\n')), ',');
  (void)gis::detect_coordinate_columns(header);
  const fuzz::TemporaryFile file(fuzz::TemporaryFile::Where::gdal_memory, ".csv", text);
  fuzz::refusing_cleanly([&] {
    const gis::FeatureTable table = gis::read_layer(file.path());
    for (std::size_t i = 0; i < table.size(); ++i) (void)table.describe_row(i);
  });
  return 0;
}

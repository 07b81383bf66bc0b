// "x y [rest]" lines: crs transform's standard input and patrol plan --start.

#include "envgrid/gis/coordinate_line.hpp"
#include "fuzz_support.hpp"

using namespace envgrid;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text = fuzz::as_text(data, size);
  for (const std::string& line : fuzz::split(text, '\n')) {
    const auto parsed = gis::parse_coordinate_line(line);
    // rest is a view into the line: it must lie inside it.
    if (parsed && !parsed->rest.empty() &&
        (parsed->rest.data() < line.data() ||
         parsed->rest.data() + parsed->rest.size() > line.data() + line.size()))
      __builtin_trap();
  }
  return 0;
}

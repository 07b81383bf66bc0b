// The double-random draw's rules file (grid draw --rules).

#include "envgrid/grid/draw.hpp"
#include "fuzz_support.hpp"

using namespace envgrid;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::quiet_logging();
  fuzz::refusing_cleanly([&] {
    const grid::DrawRules rules = grid::parse_draw_rules(fuzz::as_text(data, size), "rules.csv");
    // What was accepted must round-trip through the written form.
    const grid::DrawRules again = grid::parse_draw_rules(grid::format_draw_rules(rules), "again");
    if (again.classes.size() != rules.classes.size() || again.team_size != rules.team_size)
      __builtin_trap();
  });
  return 0;
}

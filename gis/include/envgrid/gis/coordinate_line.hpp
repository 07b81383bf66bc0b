#pragma once
// "x y [rest]" text lines as users type them (crs transform's standard input,
// patrol plan --start X,Y): two numbers separated by spaces, tabs or commas.

#include <optional>
#include <string_view>

namespace envgrid::gis {

struct CoordinateLine {
  double x = 0;
  double y = 0;
  std::string_view rest;  // what follows the two numbers, separators trimmed; points into the input
};

// nullopt unless the line starts with two numbers (a leading '+' allowed;
// "inf" and "nan" parse, the caller decides about them).
[[nodiscard]] std::optional<CoordinateLine> parse_coordinate_line(std::string_view text);

}  // namespace envgrid::gis

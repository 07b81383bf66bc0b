// Finding and parsing coordinate columns of tables without geometry (CSV,
// spreadsheets exported by agencies). envgrid parses the cells itself instead
// of letting GDAL do it, so that every unusable row gets a reason.

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <limits>

#include "envgrid/gis/text.hpp"
#include "envgrid/gis/vector_io.hpp"

namespace envgrid::gis {

namespace {

std::string_view trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t\r\n");
  return text.substr(first, last - first + 1);
}

// Pairs in order of preference; the first pair whose both names are present wins.
constexpr std::pair<const char*, const char*> coordinate_pairs[] = {
    {"lon", "lat"}, {"longitude", "latitude"}, {"lng", "lat"},         {"long", "lat"},
    {"x", "y"},     {"经度", "纬度"},          {"point_x", "point_y"},
};

}  // namespace

std::optional<CoordinateColumns> detect_coordinate_columns(
    std::span<const std::string> field_names) {
  for (const auto& [x_name, y_name] : coordinate_pairs) {
    const std::string* x = nullptr;
    const std::string* y = nullptr;
    for (const auto& field : field_names) {
      const std::string key = ascii_lower(trim(field));
      if (key == x_name && !x) x = &field;
      if (key == y_name && !y) y = &field;
    }
    if (x && y) return CoordinateColumns{*x, *y};
  }
  return std::nullopt;
}

std::optional<double> parse_coordinate(std::string_view text, std::string& reason) {
  const std::string_view value = trim(text);
  if (value.empty()) {
    reason = "empty";
    return std::nullopt;
  }
  double parsed = 0;
  const char* begin = value.data();
  const char* end = value.data() + value.size();
  if (*begin == '+') ++begin;  // from_chars refuses a leading '+', spreadsheets write it
  auto [ptr, ec] = std::from_chars(begin, end, parsed);
  if (ec != std::errc{} || ptr != end) {
    reason = "'" + std::string(value.substr(0, 40)) + "' is not a number";
    return std::nullopt;
  }
  if (!std::isfinite(parsed)) {
    reason = "'" + std::string(value) + "' is not a finite number";
    return std::nullopt;
  }
  return parsed;
}

void parse_coordinate_pair(std::string_view x_text, std::string_view y_text,
                           const CoordinateColumns& names, double& x, double& y,
                           std::string& problem) {
  std::string reason;
  const auto parsed_x = parse_coordinate(x_text, reason);
  if (!parsed_x) problem = names.x + " is " + reason;
  const auto parsed_y = parse_coordinate(y_text, reason);
  if (!parsed_y) {
    if (!problem.empty()) problem += "; ";
    problem += names.y + " is " + reason;
  }
  const bool usable = parsed_x && parsed_y;
  x = usable ? *parsed_x : std::numeric_limits<double>::quiet_NaN();
  y = usable ? *parsed_y : std::numeric_limits<double>::quiet_NaN();
}

}  // namespace envgrid::gis

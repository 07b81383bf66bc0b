#pragma once
// Small text helpers, once: ASCII case folding (names of fields, drivers and
// options are ASCII; Chinese text passes through unchanged) and joining.

#include <string>
#include <string_view>
#include <vector>

namespace envgrid::gis {

[[nodiscard]] std::string ascii_lower(std::string_view text);
[[nodiscard]] bool ascii_iequals(std::string_view a, std::string_view b);

// The parts with the separator between them ("" for none).
[[nodiscard]] std::string join(const std::vector<std::string>& parts, std::string_view separator);

// The same, each element turned into text by to_text first.
template <class Range, class ToText>
[[nodiscard]] std::string join(const Range& items, std::string_view separator, ToText to_text) {
  std::string out;
  bool first = true;
  for (const auto& item : items) {
    if (!first) out += separator;
    out += to_text(item);
    first = false;
  }
  return out;
}

}  // namespace envgrid::gis

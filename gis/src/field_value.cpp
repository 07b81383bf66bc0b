// Attribute values as text, for parsers that accept a number or a word.

#include <charconv>
#include <type_traits>

#include "envgrid/gis/vector_io.hpp"

namespace envgrid::gis {

std::string field_value_text(const FieldValue& value) {
  return std::visit(
      [](const auto& v) -> std::string {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::string>) {
          return v;
        } else if constexpr (std::is_same_v<T, std::monostate>) {
          return "";
        } else {
          // to_chars gives the shortest text that reads back to the same value.
          char buffer[32];
          const auto result = std::to_chars(buffer, buffer + sizeof buffer, v);
          return std::string(buffer, result.ptr);
        }
      },
      value);
}

}  // namespace envgrid::gis

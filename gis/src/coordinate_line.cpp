#include "envgrid/gis/coordinate_line.hpp"

#include <charconv>

namespace envgrid::gis {

namespace {

bool is_separator(char c) { return c == ' ' || c == '\t' || c == ','; }

std::string_view next_token(std::string_view& text) {
  std::size_t start = 0;
  while (start < text.size() && is_separator(text[start])) ++start;
  std::size_t end = start;
  while (end < text.size() && !is_separator(text[end])) ++end;
  const std::string_view token = text.substr(start, end - start);
  text.remove_prefix(end);
  return token;
}

std::optional<double> parse_number(std::string_view token) {
  // from_chars refuses an explicit plus sign, which other tools write.
  if (token.size() > 1 && token.front() == '+' && token[1] != '-') token.remove_prefix(1);
  double value = 0;
  const char* end = token.data() + token.size();
  auto [ptr, ec] = std::from_chars(token.data(), end, value);
  if (ec != std::errc{} || ptr != end) return std::nullopt;
  return value;
}

}  // namespace

std::optional<CoordinateLine> parse_coordinate_line(std::string_view text) {
  const auto x = parse_number(next_token(text));
  const auto y = parse_number(next_token(text));
  if (!x || !y) return std::nullopt;
  while (!text.empty() && is_separator(text.front())) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return CoordinateLine{*x, *y, text};
}

}  // namespace envgrid::gis

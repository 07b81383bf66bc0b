// parse_iso_seconds: ISO 8601 date-times to seconds, with the civil-date
// algorithm of H. Hinnant ("chrono-compatible low-level date algorithms").

#include <cstdio>

#include "envgrid/hydro/readings.hpp"

namespace envgrid::hydro {

namespace {

std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

bool all_digits(std::string_view s) {
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return !s.empty();
}

int number(std::string_view s) { return std::stoi(std::string(s)); }

}  // namespace

std::optional<std::int64_t> parse_iso_seconds(std::string_view s) {
  if (s.size() < 10 || s[4] != '-' || s[7] != '-' || !all_digits(s.substr(0, 4)) ||
      !all_digits(s.substr(5, 2)) || !all_digits(s.substr(8, 2)))
    return std::nullopt;
  const int month = number(s.substr(5, 2)), day = number(s.substr(8, 2));
  if (month < 1 || month > 12 || day < 1 || day > 31) return std::nullopt;
  std::int64_t seconds = days_from_civil(number(s.substr(0, 4)), month, day) * 86400;
  std::size_t pos = 10;
  if (pos < s.size() && (s[pos] == 'T' || s[pos] == ' ')) {
    if (s.size() < pos + 6 || s[pos + 3] != ':' || !all_digits(s.substr(pos + 1, 2)) ||
        !all_digits(s.substr(pos + 4, 2)))
      return std::nullopt;
    seconds += number(s.substr(pos + 1, 2)) * 3600 + number(s.substr(pos + 4, 2)) * 60;
    pos += 6;
    if (pos < s.size() && s[pos] == ':') {
      if (s.size() < pos + 3 || !all_digits(s.substr(pos + 1, 2))) return std::nullopt;
      seconds += number(s.substr(pos + 1, 2));
      pos += 3;
      if (pos < s.size() && (s[pos] == '.' || s[pos] == ','))
        while (++pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
        }
    }
  }
  if (pos == s.size()) return seconds;
  if (s[pos] == 'Z' && pos + 1 == s.size()) return seconds;
  if ((s[pos] == '+' || s[pos] == '-') && s.size() == pos + 6 && s[pos + 3] == ':' &&
      all_digits(s.substr(pos + 1, 2)) && all_digits(s.substr(pos + 4, 2))) {
    const int offset_s = number(s.substr(pos + 1, 2)) * 3600 + number(s.substr(pos + 4, 2)) * 60;
    return s[pos] == '+' ? seconds - offset_s : seconds + offset_s;
  }
  return std::nullopt;
}

}  // namespace envgrid::hydro

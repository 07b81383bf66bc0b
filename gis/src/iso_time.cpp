// The strict ISO 8601 parser, with the civil-date algorithm of H. Hinnant
// ("chrono-compatible low-level date algorithms").

#include "envgrid/gis/iso_time.hpp"

#include <array>

namespace envgrid::gis {

namespace {

constexpr std::size_t npos = std::string_view::npos;

bool digits(std::string_view s, std::size_t pos, std::size_t count, int& value) {
  if (pos + count > s.size()) return false;
  value = 0;
  for (std::size_t i = pos; i < pos + count; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    value = value * 10 + (s[i] - '0');
  }
  return true;
}

bool leap_year(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

// YYYY-MM-DD with a real month and day at the start of s.
std::optional<std::int64_t> leading_date(std::string_view s) {
  int year = 0, month = 0, day = 0;
  if (!digits(s, 0, 4, year) || s.size() < 10 || s[4] != '-' || !digits(s, 5, 2, month) ||
      s[7] != '-' || !digits(s, 8, 2, day)) {
    return std::nullopt;
  }
  static constexpr std::array<int, 12> days_in_month{31, 29, 31, 30, 31, 30,
                                                     31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12 || day < 1 || day > days_in_month[month - 1]) return std::nullopt;
  if (month == 2 && day == 29 && !leap_year(year)) return std::nullopt;
  return days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
}

// hh:mm[:ss[.fff]] at pos: adds its seconds, returns the position after it, or npos.
std::size_t time_of_day(std::string_view s, std::size_t pos, std::int64_t& seconds) {
  int hour = 0, minute = 0, second = 0;
  if (!digits(s, pos, 2, hour) || pos + 2 >= s.size() || s[pos + 2] != ':' ||
      !digits(s, pos + 3, 2, minute) || hour > 23 || minute > 59) {
    return npos;
  }
  pos += 5;
  if (pos < s.size() && s[pos] == ':') {
    // 60 allows a leap second.
    if (!digits(s, pos + 1, 2, second) || second > 60) return npos;
    pos += 3;
    if (pos < s.size() && (s[pos] == '.' || s[pos] == ',')) {
      const std::size_t start = ++pos;
      while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
      if (pos == start) return npos;
    }
  }
  seconds += hour * 3600 + minute * 60 + second;
  return pos;
}

// Z or ±hh:mm at pos, to the end of s: the seconds to add to reach UTC.
std::optional<std::int64_t> zone_to_utc(std::string_view s, std::size_t pos) {
  if (pos == s.size()) return 0;
  if (s[pos] == 'Z') return pos + 1 == s.size() ? std::optional<std::int64_t>(0) : std::nullopt;
  int hour = 0, minute = 0;
  if ((s[pos] != '+' && s[pos] != '-') || s.size() != pos + 6 || !digits(s, pos + 1, 2, hour) ||
      s[pos + 3] != ':' || !digits(s, pos + 4, 2, minute) || hour > 14 || minute > 59) {
    return std::nullopt;
  }
  const std::int64_t offset = hour * 3600 + minute * 60;
  return s[pos] == '+' ? -offset : offset;
}

}  // namespace

std::optional<std::int64_t> parse_iso_days(std::string_view text) {
  if (text.size() != 10) return std::nullopt;
  return leading_date(text);
}

std::optional<std::int64_t> parse_iso_seconds(std::string_view text) {
  const auto days = leading_date(text);
  if (!days) return std::nullopt;
  std::int64_t seconds = *days * seconds_per_day;
  std::size_t pos = 10;
  if (pos < text.size() && (text[pos] == 'T' || text[pos] == ' ')) {
    pos = time_of_day(text, pos + 1, seconds);
    if (pos == npos) return std::nullopt;
  }
  const auto to_utc = zone_to_utc(text, pos);
  if (!to_utc) return std::nullopt;
  return seconds + *to_utc;
}

}  // namespace envgrid::gis

// UTC text times of the monitoring layers.

#include "envgrid/monitor/utc_time.hpp"

#include <cstdio>

namespace envgrid::monitor {

std::string iso_utc(std::chrono::system_clock::time_point at) {
  using namespace std::chrono;
  const auto day = floor<days>(at);
  const year_month_day date{day};
  const hh_mm_ss time{floor<seconds>(at - day)};
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02d:%02d:%02dZ",
                static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
                static_cast<unsigned>(date.day()), static_cast<int>(time.hours().count()),
                static_cast<int>(time.minutes().count()), static_cast<int>(time.seconds().count()));
  return buffer;
}

std::chrono::system_clock::time_point parse_utc(std::string_view iso) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  // Outside these years a time point in nanoseconds would overflow; a stored
  // time there was not written by envgrid (online_values refuses them).
  if (std::sscanf(std::string(iso).c_str(), "%d-%d-%dT%d:%d:%d", &y, &mo, &d, &h, &mi, &s) != 6 ||
      y < 1900 || y > 2200) {
    return {};
  }
  using namespace std::chrono;
  const sys_days day{year{y} / month{static_cast<unsigned>(mo)} / static_cast<unsigned>(d)};
  return day + hours{h} + minutes{mi} + seconds{s};
}

}  // namespace envgrid::monitor

// From a parsed data packet to online_readings rows.

#include "envgrid/monitor/online_values.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>

#include "envgrid/monitor/factor_codes.hpp"
#include "envgrid/monitor/utc_time.hpp"

namespace envgrid::monitor {

namespace {

// HJ 212 devices keep China Standard Time (UTC+8, no daylight saving).
constexpr std::chrono::hours device_utc_offset{8};
constexpr int first_data_year = 1980;
constexpr int last_data_year = 2199;

std::string statistic_name(std::string_view statistic) {
  std::string name;
  for (const char c : statistic) {
    if (std::isupper(static_cast<unsigned char>(c)) && !name.empty()) name += '_';
    name += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return name;  // ZsRtd -> zs_rtd
}

std::optional<double> number(std::string_view text) {
  double value = 0;
  if (text.empty()) return std::nullopt;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

int digits(std::string_view text, std::size_t at, std::size_t count) {
  int value = 0;
  for (std::size_t i = at; i < at + count; ++i) value = value * 10 + (text[i] - '0');
  return value;
}

}  // namespace

std::optional<std::string> data_time_to_utc(std::string_view text, std::string& reason) {
  const bool digits_only =
      std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
  if ((text.size() != 14 && text.size() != 17) || !digits_only) {
    reason = "DataTime '" + std::string(text.substr(0, 40)) + "' is not YYYYMMDDhhmmss[zzz]";
    return std::nullopt;
  }
  using namespace std::chrono;
  const year_month_day date{year{digits(text, 0, 4)},
                            month{static_cast<unsigned>(digits(text, 4, 2))},
                            day{static_cast<unsigned>(digits(text, 6, 2))}};
  const int hour = digits(text, 8, 2);
  const int minute = digits(text, 10, 2);
  const int second = digits(text, 12, 2);
  if (!date.ok() || hour > 23 || minute > 59 || second > 59) {
    reason = "DataTime '" + std::string(text) + "' is not a real date and time";
    return std::nullopt;
  }
  // Online monitoring began in the 1990s; the bounds also keep every time
  // within what the clock types hold (a year 0000 overflowed them: fuzzing).
  if (date.year() < year{first_data_year} || date.year() > year{last_data_year}) {
    reason = "DataTime '" + std::string(text) + "' has a year outside " +
             std::to_string(first_data_year) + "-" + std::to_string(last_data_year);
    return std::nullopt;
  }
  const sys_seconds local = sys_days{date} + hours{hour} + minutes{minute} + seconds{second};
  return iso_utc(local - device_utc_offset);
}

std::string utc_to_data_time(std::chrono::sys_seconds utc) {
  using namespace std::chrono;
  const sys_seconds local = utc + device_utc_offset;
  const auto day = floor<days>(local);
  const year_month_day date{day};
  const hh_mm_ss time{local - day};
  char text[32];
  std::snprintf(text, sizeof text, "%04d%02u%02u%02d%02d%02d", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                static_cast<int>(time.hours().count()), static_cast<int>(time.minutes().count()),
                static_cast<int>(time.seconds().count()));
  return text;
}

PacketValues packet_values(const Packet& packet) {
  PacketValues result;
  if (!is_data_command(packet.cn)) {
    const std::string_view name = command_name(packet.cn);
    result.error = "CN " + packet.cn +
                   (name.empty() ? " is not a command envgrid knows"
                                 : " (" + std::string(name) + ") is not a data upload") +
                   "; envgrid stores 2011, 2051, 2061 and 2031";
    return result;
  }
  if (packet.data_time.empty()) {
    result.error = "no DataTime in CP";
    return result;
  }
  const std::optional<std::string> utc = data_time_to_utc(packet.data_time, result.error);
  if (!utc) return result;
  for (const auto& group : packet.factors) {
    const std::optional<FactorCode> factor = find_factor(group.code);
    for (const auto& item : group.items) {
      OnlineValue value{.mn = packet.mn,
                        .cn = packet.cn,
                        .data_time = *utc,
                        .factor_code = group.code,
                        .parameter = factor ? std::string(factor->parameter) : group.code,
                        .statistic = statistic_name(item.statistic)};
      value.value = number(item.text);
      if (factor) value.unit = item.statistic == "Cou" ? factor->cumulative_unit : factor->unit;
      value.device_flag = group.device_flag;
      if (!factor) {
        value.valid = false;
        value.reason = "factor code '" + group.code + "' is not in envgrid's HJ 212 table";
      } else if (!value.value) {
        value.valid = false;
        value.reason = "value '" + item.text.substr(0, 40) + "' is not a number";
      }
      result.values.push_back(std::move(value));
    }
  }
  return result;
}

}  // namespace envgrid::monitor

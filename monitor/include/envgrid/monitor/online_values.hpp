#pragma once
// The values of a data packet as rows of the store's online_readings layer
// (before the validity audit): one per factor and statistic.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "envgrid/monitor/packet.hpp"

namespace envgrid::monitor {

struct OnlineValue {
  std::string mn;
  std::string cn;
  std::string data_time;        // UTC, ISO 8601 ("2021-03-04T16:38:17Z")
  std::string factor_code;      // as sent
  std::string parameter;        // COD, NH3-N, ... or the code itself when unknown
  std::string statistic;        // rtd, avg, min, max, cou, zs_rtd, zs_avg, zs_min, zs_max
  std::optional<double> value;  // nullopt when the text is not a number
  std::string unit;
  std::string device_flag;  // the factor's -Flag as sent ("" when none)
  bool valid = true;
  std::string reason;  // why it is not valid ("" when valid)
};

struct PacketValues {
  std::vector<OnlineValue> values;
  std::string error;  // why the whole packet cannot be stored ("" when it can)
};

// Values of a data packet (CN 2011/2051/2061/2031). A packet with another CN,
// no DataTime or an impossible one gives an error and no values; a value that
// is not a number or has an unknown factor code is kept, not valid, with its reason.
[[nodiscard]] PacketValues packet_values(const Packet& packet);

// DataTime (YYYYMMDDhhmmss or YYYYMMDDhhmmsszzz, Beijing time UTC+8 as
// HJ 212 devices keep it) as ISO 8601 UTC; nullopt with the reason when it is
// not a real date and time.
[[nodiscard]] std::optional<std::string> data_time_to_utc(std::string_view data_time,
                                                          std::string& reason);
// The inverse: a UTC time as a device's DataTime (YYYYMMDDhhmmss, Beijing time).
[[nodiscard]] std::string utc_to_data_time(std::chrono::sys_seconds utc);

}  // namespace envgrid::monitor

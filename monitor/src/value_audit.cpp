// Per-value validity rules.

#include "envgrid/monitor/value_audit.hpp"

#include <cstdio>

#include "envgrid/monitor/utc_time.hpp"

namespace envgrid::monitor {

namespace {

void refuse(OnlineValue& value, std::string reason) {
  if (!value.valid) return;
  value.valid = false;
  value.reason = std::move(reason);
}

}  // namespace

std::string_view device_flag_meaning(std::string_view flag) noexcept {
  // HJ 212-2017 Table 5 (data flags) and HJ 355/356-2019, HJ 75-2017.
  if (flag == "N") return "normal";
  if (flag == "F") return "instrument stopped";
  if (flag == "M") return "maintenance";
  if (flag == "S") return "value set by hand";
  if (flag == "D") return "instrument fault";
  if (flag == "C") return "calibration";
  if (flag == "T") return "above the measuring range";
  if (flag == "B") return "communication failure";
  return "";
}

void audit_value(OnlineValue& value, std::chrono::system_clock::time_point now,
                 const ValueAuditOptions& options) {
  if (!value.device_flag.empty() && value.device_flag != "N") {
    const std::string_view meaning = device_flag_meaning(value.device_flag);
    refuse(value, "device flag " + value.device_flag + " (" +
                      (meaning.empty() ? std::string("not in HJ 212-2017's flags")
                                       : std::string(meaning)) +
                      ")");
  }
  if (value.value) {
    const double v = *value.value;
    if (v < 0) refuse(value, "negative value");
    if (value.parameter == "pH" && (v < 0 || v > 14)) refuse(value, "pH outside 0-14");
    if (value.parameter == "O2" && v > 21) refuse(value, "O2 above 21 % (more than air)");
    if (value.unit == "%" && v > 100) refuse(value, "above 100 %");
  }
  const auto at = parse_utc(value.data_time);
  if (at - now > options.future_tolerance) {
    // One reason for all (the summary counts by reason); the time is in data_time.
    refuse(value, "DataTime ahead of the receiving clock by more than " +
                      std::to_string(options.future_tolerance.count() / 60) + " min");
  }
}

}  // namespace envgrid::monitor

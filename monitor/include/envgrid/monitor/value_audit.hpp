#pragma once
// The validity audit of one value as it arrives (docs/monitoring.md,
// "Validity audit", states each rule's source): the device's flag, numbers
// that cannot be (negative, pH outside 0-14, O2 above air's), and DataTime in
// the future. Series rules (constant runs, zeros, gaps, daily valid hours)
// are in series_audit.hpp.

#include <chrono>
#include <string>
#include <string_view>

#include "envgrid/monitor/online_values.hpp"

namespace envgrid::monitor {

struct ValueAuditOptions {
  // DataTime later than the receiving clock by more than this is refused as
  // the device's clock being wrong. DEFAULT: 10 minutes.
  std::chrono::seconds future_tolerance{600};
};

// What a device flag means ("maintenance"), or "" for flags envgrid does not know.
[[nodiscard]] std::string_view device_flag_meaning(std::string_view flag) noexcept;

// Sets value.valid = false and value.reason when a rule refuses the value;
// a value already not valid keeps its first reason.
void audit_value(OnlineValue& value, std::chrono::system_clock::time_point now,
                 const ValueAuditOptions& options = {});

}  // namespace envgrid::monitor

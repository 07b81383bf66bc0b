#pragma once
// UTC times as the monitoring layers write them: "2024-05-10T04:00:00Z".

#include <chrono>
#include <string>
#include <string_view>

namespace envgrid::monitor {

[[nodiscard]] std::string iso_utc(std::chrono::system_clock::time_point at);
// Parses "YYYY-MM-DDTHH:MM:SS" (a trailing Z ignored); the epoch when it cannot.
[[nodiscard]] std::chrono::system_clock::time_point parse_utc(std::string_view iso);

}  // namespace envgrid::monitor

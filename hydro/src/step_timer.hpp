#pragma once
// Logs the wall-clock time of each step of a build or a write at debug level
// (`--verbose`), so a slow step on a big network can be named. CPU time (of
// every thread) is given too: on a shared machine it is steadier than wall
// time.

#include <chrono>
#include <cstdio>
#include <ctime>

#include "envgrid/gis/log.hpp"

namespace envgrid::hydro::detail {

class StepTimer {
 public:
  void lap(const char* step) {
    const auto now = std::chrono::steady_clock::now();
    const std::clock_t cpu_now = std::clock();
    char text[160];
    std::snprintf(text, sizeof text, "%s %.3f s (CPU %.3f s)", step,
                  std::chrono::duration<double>(now - last_).count(),
                  static_cast<double>(cpu_now - cpu_last_) / CLOCKS_PER_SEC);
    gis::log(gis::LogLevel::debug, text);
    last_ = now;
    cpu_last_ = cpu_now;
  }

 private:
  std::chrono::steady_clock::time_point last_ = std::chrono::steady_clock::now();
  std::clock_t cpu_last_ = std::clock();
};

}  // namespace envgrid::hydro::detail

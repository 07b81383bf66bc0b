#pragma once
// HJ 212 packet logs for the sample county's monitored outfalls (envgrid
// synth): hourly data for a few weeks and a day of real-time data per
// device, with the faults a monitoring centre meets (device flags, a
// flat-lined sensor, a gap, duplicates, bad CRCs, a clock years ahead, an
// unbound device) and an exceedance episode at the outfall upstream of the
// planted section exceedance. Deterministic for a seed. docs/synth.md.

#include <chrono>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace envgrid::monitor {

struct SampleOutfall {
  std::string outfall_id;
  std::string enterprise_id;
};

struct SampleLogOptions {
  std::uint64_t seed = 42;
  // Devices: the planted outfall and the first others with an enterprise. DEFAULT: 12.
  std::size_t devices = 12;
  // The section exceedance the episode feeds (UTC); the logs cover the 20
  // days before it and the day after. REQUIRES: set.
  std::chrono::sys_seconds planted_at{};
  std::string planted_outfall_id;
};

struct SampleLogReport {
  std::vector<std::string> files;  // relative to the directory
  std::size_t devices = 0;
  std::size_t packets = 0;  // lines written, faults included
  std::string episode_mn;   // the device of the exceedance episode
  std::string episode;      // "NH3-N 3.1x the limit for 12 h before ..."
};

// Writes DIRECTORY/hj212/<MN>.log (one frame a line, CRLF), monitors.csv
// (mn, outfall_id, enterprise_id, kind) and limits.csv (outfall_id,
// parameter, statistic, limit_value, unit, source) into directory.
SampleLogReport write_sample_packet_logs(const std::string& directory,
                                         std::span<const SampleOutfall> outfalls,
                                         const SampleLogOptions& options);

}  // namespace envgrid::monitor

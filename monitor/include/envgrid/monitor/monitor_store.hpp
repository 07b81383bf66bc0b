#pragma once
// Typed reads and writes of the monitoring layers (monitors, online_readings,
// rejected_packets), which envgrid::monitor owns (docs/store.md).

#include <cstddef>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "envgrid/gis/store.hpp"
#include "envgrid/monitor/online_values.hpp"

namespace envgrid::monitor {

struct MonitorBinding {
  std::string mn;
  std::string outfall_id;
  std::string enterprise_id;
  std::string kind;  // wastewater | flue_gas
};

struct StoredReading {
  OnlineValue value;
  std::string outfall_id;
  std::string enterprise_id;
};

struct RejectedPacket {
  std::string origin;  // FILE:LINE or ADDRESS:PORT
  std::string mn;
  std::string reason;
  std::string raw;
};

// Every binding, by MN.
[[nodiscard]] std::map<std::string, MonitorBinding> read_monitors(gis::Store& store);

// Binds an MN to an outfall (replacing an earlier binding of the MN). The
// enterprise comes from the outfall; throws Error(input) when the outfall is
// not in the store.
MonitorBinding bind_monitor(gis::Store& store, const std::string& mn, const std::string& outfall_id,
                            const std::string& kind);

// "MN|CN|data_time|factor_code|statistic", the natural key of a reading.
[[nodiscard]] std::string reading_key(const OnlineValue& value);

// Inserts the readings whose key is not yet stored, in the caller's
// transaction; returns how many were new. Safe against other writers of the
// same store: a key stored meanwhile by another listener is skipped by the
// database (unique index; INSERT OR IGNORE / ON CONFLICT DO NOTHING).
std::size_t insert_readings(gis::Store& store, std::span<const StoredReading> readings,
                            const std::string& received_at);

void insert_rejected(gis::Store& store, std::span<const RejectedPacket> packets,
                     const std::string& received_at);

// The raw text as stored: printable ASCII kept, other bytes as \xNN, at most
// max_raw_characters.
inline constexpr std::size_t max_raw_characters = 4096;
[[nodiscard]] std::string printable_raw(std::string_view raw);

struct UnknownMonitor {
  std::string mn;
  std::size_t packets = 0;
  std::string first_received_at;
};
// MNs of packets kept aside because no binding had them, with counts.
[[nodiscard]] std::vector<UnknownMonitor> read_unknown_monitors(gis::Store& store);

// Counts of online_readings by validity: {valid, not valid}.
struct ReadingCounts {
  std::size_t valid = 0;
  std::size_t not_valid = 0;
  std::map<std::string, std::size_t> reasons;  // reason -> count (not valid only)
};
[[nodiscard]] ReadingCounts count_readings(gis::Store& store);

// What an enterprise's devices sent, per outfall, device, parameter,
// statistic and unit: how many values, how many the audit kept valid, the
// first and last data time, and the range and mean of the valid values (a
// dossier's and a field task's "online data" at a glance).
struct ReadingSummary {
  std::string outfall_id;
  std::string mn;
  std::string parameter;
  std::string statistic;
  std::string unit;
  std::size_t values = 0;
  std::size_t valid = 0;
  std::string first_at;  // ISO 8601 UTC
  std::string last_at;
  std::optional<double> min, max, mean;  // of the valid values; none when none is valid
};
// By outfall, parameter and statistic; none when the store has no
// online_readings layer.
[[nodiscard]] std::vector<ReadingSummary> summarize_readings_of(gis::Store& store,
                                                                const std::string& enterprise_id);

}  // namespace envgrid::monitor

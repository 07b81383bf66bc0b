#pragma once
// One source trace on a project store, start to end: read the sections,
// readings, outfalls, enterprises and accepted flags, trace, and append the
// trace and its suspects to the store. Shared by `envgrid hydro trace
// --section` and the viewer's POST /api/traces.

#include <memory>
#include <string>
#include <vector>

#include "envgrid/hydro/readings_store.hpp"
#include "envgrid/hydro/trace_store.hpp"
#include "envgrid/hydro/water_quality.hpp"

namespace envgrid::hydro {

struct StoreTraceRequest {
  std::string section_id;
  std::string at;  // ISO 8601 time of the exceeding reading
  const ParameterLimits* parameter = nullptr;
  SourceTraceOptions options;
  // Valid online values of the parameter with their limits, within
  // online_evidence_window(): read by the caller through envgrid::monitor,
  // which owns them (hydro never reads monitoring layers).
  std::vector<OnlineEvidence> online;
};

// How far before the exceedance online values are read: a lagged window
// reaching further back (water travelling more than 10 days) is not covered.
inline constexpr double online_lookback_hours = 240;
struct OnlineWindow {
  std::int64_t from_s = 0;
  std::int64_t to_s = 0;
};
// From online_lookback_hours + half the window before at_s to half the window after.
[[nodiscard]] OnlineWindow online_evidence_window(std::int64_t at_s, double window_hours);

// Everything the trace read and found; input points into the other members.
struct StoreTraceRun {
  // The sections, checked readings and discharges (input points into them),
  // read for this run or shared with a ReadingsCache.
  std::shared_ptr<const StoreReadings> read;
  std::vector<OnlineEvidence> online;  // input.online points into it
  std::vector<OutfallInfo> outfalls;
  std::map<std::string, EnterpriseInfo> enterprises;
  SourceTraceInput input;
  SourceTraceResult result;
  StoredTrace stored;
  std::vector<std::string> warnings;  // unreadable readings rows
};

// Throws Error(usage) for a malformed time or no parameter, Error(input)
// for an unknown section or one not snapped to the network, Error(output)
// when the store cannot be written.
// readings: the store's sections and checked readings as they are now (a
// ReadingsCache's); nullptr: read them.
[[nodiscard]] std::unique_ptr<StoreTraceRun> run_store_trace(
    gis::Store& store, const Network& net, const StoreTraceRequest& request,
    std::shared_ptr<const StoreReadings> readings = nullptr);

}  // namespace envgrid::hydro

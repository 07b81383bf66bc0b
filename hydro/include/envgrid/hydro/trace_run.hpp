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
};

// Everything the trace read and found; input points into the other members.
struct StoreTraceRun {
  std::map<std::string, SectionInfo> sections;
  CheckedReadings readings;
  std::vector<DischargeReading> discharges;  // input.discharges points into it
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
[[nodiscard]] std::unique_ptr<StoreTraceRun> run_store_trace(gis::Store& store, const Network& net,
                                                             const StoreTraceRequest& request);

}  // namespace envgrid::hydro

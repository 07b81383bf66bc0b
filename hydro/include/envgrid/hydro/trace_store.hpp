#pragma once
// The store side of source tracing: outfalls, enterprises and accepted drone
// flags in; the trace and its suspects out (traces and suspects layers).

#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "envgrid/gis/store.hpp"
#include "envgrid/hydro/snap.hpp"
#include "envgrid/hydro/source_trace.hpp"

namespace envgrid::hydro {

[[nodiscard]] std::vector<OutfallInfo> read_outfalls(gis::Store& store);
[[nodiscard]] std::map<std::string, EnterpriseInfo> read_enterprises(gis::Store& store);
// The reaches that flags with status `accepted` snap to (their centroids);
// snapper() is called only when there is one (a Snapper indexes every line).
[[nodiscard]] std::set<std::string> accepted_flag_reaches(
    gis::Store& store, const Network& net, const std::function<const Snapper&()>& snapper);

struct StoredTrace {
  std::string trace_id;
  std::string created_at;
};

// Appends the trace (MultiLineString of its reaches) and its suspects
// (points) in one transaction. trace_id is "T" and the next number.
// Throws Error(output).
StoredTrace write_source_trace(gis::Store& store, const Network& net, const SourceTraceInput& input,
                               const std::string& at, const SourceTraceResult& result);

}  // namespace envgrid::hydro

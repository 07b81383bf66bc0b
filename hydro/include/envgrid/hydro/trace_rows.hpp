#pragma once
// Typed reads of the tables hydro owns (traces, suspects, sections) for the
// viewer and the CLI, which do not open store layers themselves
// (docs/store.md, "Owners").

#include <string>
#include <vector>

#include "envgrid/gis/gdal_handles.hpp"
#include "envgrid/gis/store.hpp"

namespace envgrid::hydro {

[[nodiscard]] gis::FeaturePtr find_trace(gis::Store& store, const std::string& trace_id);
// Every stored trace, oldest first (the store's order).
void for_each_trace(gis::Store& store, const gis::StoreRowVisitor& visit);
// The suspects of one trace, in the store's order.
void for_each_suspect_of(gis::Store& store, const std::string& trace_id,
                         const gis::StoreRowVisitor& visit);
// The suspects, of any trace, that are one of these objects (an enterprise
// and its outfalls: where it was suspected); none without a suspects layer.
void for_each_suspect_among(gis::Store& store, const std::vector<std::string>& object_ids,
                            const gis::StoreRowVisitor& visit);
// Whether the sections layer has a row with this section_id.
[[nodiscard]] bool has_section(gis::Store& store, const std::string& section_id);

}  // namespace envgrid::hydro

// Typed reads of hydro's trace tables for the viewer and the CLI.

#include "envgrid/hydro/trace_rows.hpp"

#include "envgrid/gis/store_tables.hpp"

namespace envgrid::hydro {

gis::FeaturePtr find_trace(gis::Store& store, const std::string& trace_id) {
  return gis::find_feature(gis::store_layer(store, "traces"), "trace_id", trace_id);
}

void for_each_trace(gis::Store& store, const gis::StoreRowVisitor& visit) {
  gis::for_each_feature(gis::store_layer(store, "traces"), "", visit);
}

void for_each_suspect_of(gis::Store& store, const std::string& trace_id,
                         const gis::StoreRowVisitor& visit) {
  gis::for_each_feature(gis::store_layer(store, "suspects"),
                        "trace_id = " + gis::sql_quote(trace_id), visit);
}

void for_each_suspect_among(gis::Store& store, const std::vector<std::string>& object_ids,
                            const gis::StoreRowVisitor& visit) {
  OGRLayer* suspects = gis::find_store_layer(store, "suspects");
  if (!suspects || object_ids.empty()) return;
  std::string among;
  for (const std::string& id : object_ids) among += (among.empty() ? "" : ",") + gis::sql_quote(id);
  gis::for_each_feature(*suspects, "object_id IN (" + among + ")", visit);
}

bool has_section(gis::Store& store, const std::string& section_id) {
  return gis::find_feature(gis::store_layer(store, "sections"), "section_id", section_id) !=
         nullptr;
}

}  // namespace envgrid::hydro

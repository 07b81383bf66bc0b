#pragma once
// What writing the reaches layer needs of the stored network's tables
// (stored_network_store.cpp). Private to the hydro library.

#include <utility>
#include <vector>

#include "envgrid/gis/store_tables.hpp"

namespace envgrid::hydro::detail {

// The plain table (no geometry, FID fid) of that name, made with the fields
// when missing. Throws Error(output) when it cannot be made.
OGRLayer& plain_table(gis::Store& store, const char* name,
                      const std::vector<std::pair<const char*, OGRFieldType>>& fields);

// Drops the triggers that count the reaches' edits, so that rewriting every
// reach costs no trigger per row; write_stored_network makes them again.
// REQUIRES: inside store.transaction().
void drop_edit_triggers(gis::Store& store);

}  // namespace envgrid::hydro::detail

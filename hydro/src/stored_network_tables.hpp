#pragma once
// What writing the reaches layer needs of the stored network's tables
// (stored_network_store.cpp). Private to the hydro library.

#include "envgrid/gis/store.hpp"

namespace envgrid::hydro::detail {

// Drops the triggers that count the reaches' edits, so that rewriting every
// reach costs no trigger per row; write_stored_network makes them again.
// REQUIRES: inside store.transaction().
void drop_edit_triggers(gis::Store& store);

}  // namespace envgrid::hydro::detail

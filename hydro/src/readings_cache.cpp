// ReadingsCache: keyed by the fingerprint of sections and readings
// (layer_edits.hpp) and the outfalls' ids.

#include "envgrid/hydro/readings_cache.hpp"

#include "envgrid/gis/store.hpp"
#include "layer_edits.hpp"

namespace envgrid::hydro {

std::shared_ptr<const StoreReadings> ReadingsCache::readings(gis::Store& store) {
  std::string fingerprint = detail::input_layers_fingerprint(store);
  // Without the edit triggers (a store made before them) changes would go
  // unseen: make them, then the fingerprint means something.
  if (fingerprint.empty() && detail::prepare_input_layer_edits(store.location()))
    fingerprint = detail::input_layers_fingerprint(store);
  // A few hundred ids, read every time: outfalls are grid's (no triggers of
  // hydro's on them), and which readings are discharges depends on them.
  std::set<std::string> outfall_ids = read_outfall_ids(store);
  const std::lock_guard lock(mutex_);
  if (read_ && !fingerprint.empty() && fingerprint == fingerprint_ && outfall_ids == outfall_ids_)
    return read_;
  read_ = std::make_shared<const StoreReadings>(read_checked_readings(store, outfall_ids));
  fingerprint_ = fingerprint;
  outfall_ids_ = std::move(outfall_ids);
  return read_;
}

}  // namespace envgrid::hydro

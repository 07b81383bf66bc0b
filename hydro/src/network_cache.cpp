// NetworkCache: keyed by the fingerprint of the store's reaches.

#include "envgrid/hydro/network_cache.hpp"

#include "envgrid/gis/store.hpp"
#include "envgrid/hydro/reach_io.hpp"
#include "envgrid/hydro/stored_network.hpp"

namespace envgrid::hydro {

std::shared_ptr<const Network> NetworkCache::network(gis::Store& store) {
  std::string fingerprint = reaches_fingerprint(store);
  // Without the edit triggers (a store built before them) changes would go
  // unseen: make them, then the fingerprint means something.
  if (fingerprint.empty() && prepare_stored_network(store.location()))
    fingerprint = reaches_fingerprint(store);
  const std::lock_guard lock(mutex_);
  if (network_ && !fingerprint.empty() && fingerprint == fingerprint_) return network_;
  network_ = std::make_shared<const Network>(load_network(store.location()));
  fingerprint_ = fingerprint;
  return network_;
}

}  // namespace envgrid::hydro

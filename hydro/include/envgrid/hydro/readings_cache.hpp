#pragma once
// The sections and checked readings of a store (read_checked_readings), kept
// for a server that traces request after request (the viewer): read once,
// and again only when the sections, the readings or the outfalls' ids
// change. At the generator's 10^6-reach county (126 000 readings) reading
// and checking them was most of a source trace's time.

#include <memory>
#include <mutex>
#include <set>
#include <string>

#include "envgrid/hydro/readings_store.hpp"

namespace envgrid::gis {
class Store;
}

namespace envgrid::hydro {

class ReadingsCache {
 public:
  // The store's sections and checked readings as they are now: the ones
  // read before while unchanged, otherwise read now. Throws what
  // read_checked_readings throws.
  [[nodiscard]] std::shared_ptr<const StoreReadings> readings(gis::Store& store);

 private:
  std::mutex mutex_;
  std::string fingerprint_;            // of the sections and readings read_ was read from
  std::set<std::string> outfall_ids_;  // the outfalls read_ was split by
  std::shared_ptr<const StoreReadings> read_;
};

}  // namespace envgrid::hydro

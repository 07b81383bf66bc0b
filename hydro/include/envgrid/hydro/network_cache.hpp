#pragma once
// One built network per version of a store's reaches, for a server that
// traces request after request (the viewer): the network is built from the
// reaches once, and again only when they change (reaches_fingerprint in
// stored_network.hpp).

#include <memory>
#include <mutex>
#include <string>

#include "envgrid/hydro/network.hpp"

namespace envgrid::gis {
class Store;
}

namespace envgrid::hydro {

class NetworkCache {
 public:
  // The network of the store's reaches as they are now: the one built
  // before while the reaches are unchanged, otherwise built now (callers
  // wait for one build). Throws what load_network throws.
  [[nodiscard]] std::shared_ptr<const Network> network(gis::Store& store);

 private:
  std::mutex mutex_;
  std::string fingerprint_;  // of the reaches network_ was built from
  std::shared_ptr<const Network> network_;
};

}  // namespace envgrid::hydro

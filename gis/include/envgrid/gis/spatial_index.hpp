#pragma once
// A static spatial index of items by their envelopes (GEOS STRtree), for
// candidates of point-in-polygon and nearest-neighbour queries. Items are
// indices into the caller's arrays; the caller keeps the geometries.

#include <cstddef>
#include <memory>
#include <vector>

#include "envgrid/gis/geos_handles.hpp"

namespace envgrid::gis {

struct Envelope {
  double min_x = 0, min_y = 0, max_x = 0, max_y = 0;
};

class StrTree {
 public:
  // REQUIRES: the context outlives the tree and is used by one thread at a
  // time; queries after build() are read-only and may run on other threads
  // only through their own contexts — so build one tree per thread or guard it.
  explicit StrTree(GeosContext& context, std::size_t node_capacity = 10);
  ~StrTree();
  StrTree(const StrTree&) = delete;
  StrTree& operator=(const StrTree&) = delete;

  void insert(std::size_t item, const Envelope& envelope);
  // Items whose envelopes intersect the envelope, in ascending item order.
  [[nodiscard]] std::vector<std::size_t> query(const Envelope& envelope) const;

 private:
  GeosContext& context_;
  GEOSSTRtree* tree_;
  // GEOS stores pointers to items; these are the addressable item values.
  std::vector<std::unique_ptr<std::size_t>> items_;
};

[[nodiscard]] Envelope envelope_of(GeosContext& context, const GEOSGeometry* geometry);

}  // namespace envgrid::gis

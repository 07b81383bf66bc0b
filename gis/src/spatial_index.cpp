#include "envgrid/gis/spatial_index.hpp"

#include <algorithm>

namespace envgrid::gis {

namespace {

GeosGeometryPtr envelope_box(GeosContext& context, const Envelope& e) {
  return geos_take(context,
                   GEOSGeom_createRectangle_r(context.get(), e.min_x, e.min_y, e.max_x, e.max_y));
}

void collect(void* item, void* out) {
  static_cast<std::vector<std::size_t>*>(out)->push_back(*static_cast<std::size_t*>(item));
}

}  // namespace

StrTree::StrTree(GeosContext& context, std::size_t node_capacity)
    : context_(context), tree_(GEOSSTRtree_create_r(context.get(), node_capacity)) {}

StrTree::~StrTree() { GEOSSTRtree_destroy_r(context_.get(), tree_); }

void StrTree::insert(std::size_t item, const Envelope& envelope) {
  items_.push_back(std::make_unique<std::size_t>(item));
  auto box = envelope_box(context_, envelope);
  // GEOS copies the envelope of the geometry; the geometry itself may go.
  GEOSSTRtree_insert_r(context_.get(), tree_, box.get(), items_.back().get());
}

std::vector<std::size_t> StrTree::query(const Envelope& envelope) const {
  std::vector<std::size_t> found;
  auto box = envelope_box(context_, envelope);
  GEOSSTRtree_query_r(context_.get(), tree_, box.get(), collect, &found);
  std::sort(found.begin(), found.end());
  return found;
}

Envelope envelope_of(GeosContext& context, const GEOSGeometry* geometry) {
  Envelope e;
  GEOSGeom_getXMin_r(context.get(), geometry, &e.min_x);
  GEOSGeom_getYMin_r(context.get(), geometry, &e.min_y);
  GEOSGeom_getXMax_r(context.get(), geometry, &e.max_x);
  GEOSGeom_getYMax_r(context.get(), geometry, &e.max_y);
  return e;
}

}  // namespace envgrid::gis

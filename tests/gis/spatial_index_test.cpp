#include "envgrid/gis/spatial_index.hpp"

#include <gtest/gtest.h>

namespace gis = envgrid::gis;

TEST(StrTree, FindsOverlappingEnvelopesOnly) {
  auto& context = gis::thread_geos_context();
  gis::StrTree tree(context);
  // Three unit cells in a row: [0,1], [1,2], [5,6] in x.
  tree.insert(0, {0, 0, 1, 1});
  tree.insert(1, {1, 0, 2, 1});
  tree.insert(2, {5, 0, 6, 1});
  EXPECT_EQ(tree.query({0.5, 0.5, 0.5, 0.5}), (std::vector<std::size_t>{0}));
  // A point on the shared edge x = 1 touches both envelopes.
  EXPECT_EQ(tree.query({1, 0.5, 1, 0.5}), (std::vector<std::size_t>{0, 1}));
  EXPECT_TRUE(tree.query({3, 3, 4, 4}).empty());
}

TEST(EnvelopeOf, Polygon) {
  auto& context = gis::thread_geos_context();
  auto g =
      gis::geos_from_wkt(context, "POLYGON ((114 30, 114.5 30, 114.5 30.2, 114 30.2, 114 30))");
  const auto e = gis::envelope_of(context, g.get());
  EXPECT_DOUBLE_EQ(e.min_x, 114);
  EXPECT_DOUBLE_EQ(e.max_y, 30.2);
}

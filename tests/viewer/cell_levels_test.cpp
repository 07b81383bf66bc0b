// The store's cells layer also holds the townships above the cells: a grid
// manager's cells are only the rows of level 'cell'.

#include "envgrid/gis/store_tables.hpp"
#include "viewer_fixture.hpp"

namespace envgrid::test {
namespace {

TEST_F(ViewerApiTest, MyCellsLeaveOutTheTownshipAboveThem) {
  {
    gis::Store store = gis::Store::open(store_path(), true);
    store.transaction([&] {
      // gm1 also heads the township over C1 and C2.
      add_feature(gis::store_layer(store, "cells"),
                  {{"cell_id", "T1"}, {"level", "township"}, {"manager", "gm1"}},
                  "MULTIPOLYGON(((113.0 23.0,113.2 23.0,113.2 23.1,113.0 23.1,113.0 23.0)))");
    });
  }
  const Json mine = get_as("gm1", "/api/me/cells").json();
  ASSERT_EQ(mine["cells"].size(), 1u) << mine.dump();
  EXPECT_EQ(mine["cells"][0]["properties"]["cell_id"], "C1");
  const Json session = get_as("gm1", "/api/session").json();
  EXPECT_EQ(session["cells"], Json::array({"C1"})) << session.dump();
}

}  // namespace
}  // namespace envgrid::test

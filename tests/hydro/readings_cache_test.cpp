// hydro::ReadingsCache on both store backends: the sections and checked
// readings read once are kept while nothing changes, and read again after
// another program updates, inserts or deletes a reading, updates a section,
// or removes an outfall (whose readings then count as a section's).

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "envgrid/gis/store.hpp"
#include "envgrid/hydro/readings_cache.hpp"
#include "store_backends.hpp"
#include "test_support.hpp"

namespace envgrid::test {
namespace {

class ReadingsCacheTest : public StoreBackendTest {
 protected:
  void SetUp() override {
    StoreBackendTest::SetUp();
    if (IsSkipped()) return;
    ASSERT_EQ(run_envgrid({"init", location()}).exit_code, 0);
    const std::pair<const char*, const char*> layers[] = {
        {"sections",
         "section_id,name,target_class,lon,lat\nX,town,3,114.0,30.005\n"
         "U,upstream,3,114.0,30.025\n"},
        {"outfalls", "outfall_id,enterprise_id,registered,lon,lat\nO1,E1,1,114.0,30.015\n"},
        {"readings",
         "section_id,taken_at,parameter,value,unit\n"
         "X,2024-05-10T12:00:00,NH3-N,3.0,mg/L\n"
         "U,2024-05-10T10:00:00,NH3-N,0.3,mg/L\n"
         "O1,2024-05-10T09:00:00,NH3-N,20,mg/L\n"}};
    for (const auto& [layer, csv] : layers) {
      const std::string source = dir().file(std::string(layer) + ".csv");
      write_text(source, csv);
      const auto imported = run_envgrid({"import", location(), "--layer", layer, source});
      ASSERT_EQ(imported.exit_code, 0) << imported.err;
    }
  }

  // As another program would.
  void edit(const std::string& sql) {
    if (postgis()) {
      postgis_execute(location(), sql);
      return;
    }
    gis::DatasetPtr db = gis::open_dataset(location(), GDAL_OF_VECTOR | GDAL_OF_UPDATE);
    OGRLayer* result = db->ExecuteSQL(sql.c_str(), nullptr, nullptr);
    if (result) db->ReleaseResultSet(result);
  }
};

// The value of the section's reading (-1: none).
double value_at(const hydro::StoreReadings& read, const std::string& section) {
  const auto& all = read.checked.readings;
  const auto found =
      std::find_if(all.begin(), all.end(), [&](const auto& r) { return r.section_id == section; });
  return found == all.end() ? -1 : found->value_mg_l;
}

TEST_P(ReadingsCacheTest, KeptUntilSectionsReadingsOrOutfallsChange) {
  gis::Store store = gis::Store::open(location(), false);
  hydro::ReadingsCache cache;
  auto read = cache.readings(store);
  EXPECT_EQ(value_at(*read, "U"), 0.3);
  EXPECT_EQ(read->discharges.size(), 1u);
  EXPECT_EQ(cache.readings(store), read) << "read again without a change";

  edit("UPDATE readings SET value = 0.5 WHERE section_id = 'U'");
  auto updated = cache.readings(store);
  EXPECT_EQ(value_at(*updated, "U"), 0.5);
  EXPECT_EQ(cache.readings(store), updated);

  edit("DELETE FROM readings WHERE section_id = 'U'");
  EXPECT_EQ(value_at(*cache.readings(store), "U"), -1);

  edit(
      "INSERT INTO readings (section_id, taken_at, parameter, value, unit) "
      "VALUES ('U', '2024-05-10T11:00:00', 'NH3-N', 0.7, 'mg/L')");
  EXPECT_EQ(value_at(*cache.readings(store), "U"), 0.7);

  edit("UPDATE sections SET target_class = 2 WHERE section_id = 'U'");
  EXPECT_EQ(cache.readings(store)->sections.at("U").target_class, 2);

  // O1's reading is a discharge while O1 is an outfall.
  edit("DELETE FROM outfalls WHERE outfall_id = 'O1'");
  EXPECT_TRUE(cache.readings(store)->discharges.empty());
}

ENVGRID_INSTANTIATE_STORE_BACKENDS(ReadingsCacheTest);

}  // namespace
}  // namespace envgrid::test

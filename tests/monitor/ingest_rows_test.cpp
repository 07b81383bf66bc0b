// The GeoPackage ingest (a prepared SQLite statement) stores exactly the rows
// the PostGIS ingest (multi-row SQL through GDAL) stores for the same file:
// values, NULLs, verdicts, duplicates once (#15 section 6).

#include <gtest/gtest.h>

#include <vector>

#include "envgrid/gis/store.hpp"
#include "envgrid/gis/store_tables.hpp"
#include "monitor_test_support.hpp"
#include "store_backends.hpp"

namespace envgrid::test {
namespace {

// Every stored reading but fid and received_at, one line a row, NULL as such.
std::vector<std::string> readings_of(const std::string& store) {
  gis::Store opened = gis::Store::open(store, false);
  GDALDataset& dataset = gis::store_dataset(opened);
  OGRLayer* result = dataset.ExecuteSQL(
      "SELECT reading_key, mn, outfall_id, enterprise_id, cn, data_time, parameter, statistic, "
      "value, unit, device_flag, valid, reason, factor_code FROM online_readings "
      "ORDER BY reading_key",
      nullptr, nullptr);
  std::vector<std::string> rows;
  if (!result) return rows;
  for (auto& f : *result) {
    std::string row;
    for (int i = 0; i < f->GetFieldCount(); ++i) {
      row += (f->IsFieldSetAndNotNull(i) ? f->GetFieldAsString(i) : "NULL") + std::string("|");
    }
    rows.push_back(row);
  }
  dataset.ReleaseResultSet(result);
  return rows;
}

TEST(MonitorIngestRows, GeoPackageStoresWhatPostgisStores) {
  StoreLocation postgis(StoreBackend::postgis);
  if (!postgis.available()) GTEST_SKIP() << "ENVGRID_TEST_PG is not set (scripts/test.sh sets it)";
  StoreLocation geopackage(StoreBackend::geopackage);
  const std::string hour =
      "DataTime=20240510120000;w01018-Avg=23.5,w01018-Flag=N;w21003-Avg=0.8,w21003-Flag=M;"
      "w21011-Avg=-0.1;w00000-Avg=12.25,w00000-Cou=44.1";
  const std::string log =
      hj212_packet("MN1", "2061", hour) + hj212_packet("MN1", "2061", hour) +
      hj212_packet("MN1", "2011", "DataTime=20240510120100;w01018-Rtd=abc;zz999-Rtd=4") +
      hj212_packet("MN1", "2011", "DataTime=20990101000000;w01018-Rtd=0.1234567890123") +
      hj212_packet("MN1", "2031", "DataTime=20240509000000;w01018-Avg=0,w01018-Flag=D");
  for (StoreLocation* place : {&geopackage, &postgis}) {
    make_monitor_store_at(place->location(), place->dir());
    ASSERT_EQ(run_envgrid({"monitor", "bind", place->location(), "MN1", "O1"}).exit_code, 0);
    write_text(place->dir().file("log.txt"), log);
    const RunResult first =
        run_envgrid({"monitor", "ingest", place->location(), place->dir().file("log.txt")});
    EXPECT_NE(first.out.find("values_stored 9\nduplicates 5\n"), std::string::npos) << first.out;
    const RunResult again =
        run_envgrid({"monitor", "ingest", place->location(), place->dir().file("log.txt")});
    EXPECT_NE(again.out.find("values_stored 0\nduplicates 14\n"), std::string::npos) << again.out;
  }
  const std::vector<std::string> stored = readings_of(geopackage.location());
  EXPECT_EQ(stored.size(), 9U);
  EXPECT_EQ(stored, readings_of(postgis.location()));
}

}  // namespace
}  // namespace envgrid::test

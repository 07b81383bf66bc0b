#pragma once
// The two store backends for parameterized tests: a GeoPackage file in a
// temporary directory, and a fresh schema in the PostGIS test database
// (ENVGRID_TEST_PG) selected with the connection option active_schema, and
// dropped afterwards. The PostGIS instances skip when ENVGRID_TEST_PG is unset.

#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <stdexcept>
#include <string>

#include <unistd.h>

#include "envgrid/gis/gdal_handles.hpp"
#include "envgrid/gis/log.hpp"
#include "test_support.hpp"

namespace envgrid::test {

enum class StoreBackend { geopackage, postgis };

inline std::string backend_name(const ::testing::TestParamInfo<StoreBackend>& info) {
  return info.param == StoreBackend::geopackage ? "GeoPackage" : "PostGIS";
}

// Runs one statement on the PostGIS test database (no result rows).
inline void postgis_execute(const std::string& connection, const std::string& sql) {
  gis::initialize_gdal();
  gis::DatasetPtr db = gis::open_dataset(connection, GDAL_OF_VECTOR | GDAL_OF_UPDATE);
  (void)gis::take_last_gdal_error();
  OGRLayer* result = db->ExecuteSQL(sql.c_str(), nullptr, nullptr);
  if (result) db->ReleaseResultSet(result);
  if (const std::string error = gis::take_last_gdal_error(); !error.empty()) {
    throw std::runtime_error(sql + ": " + error);
  }
}

// A place for one store; the store itself is made by the test.
class StoreLocation {
 public:
  explicit StoreLocation(StoreBackend backend) : backend_(backend) {
    if (backend == StoreBackend::geopackage) {
      location_ = dir_.file("project.gpkg");
      return;
    }
    const auto connection = test_postgis();
    if (!connection) return;
    static std::atomic<int> counter{0};
    connection_ = *connection;
    schema_ = "envgrid_t" + std::to_string(getpid()) + "_" + std::to_string(counter++);
    postgis_execute(connection_, "CREATE SCHEMA " + schema_);
    location_ = connection_ + " active_schema=" + schema_;
  }
  ~StoreLocation() {
    if (!schema_.empty()) postgis_execute(connection_, "DROP SCHEMA " + schema_ + " CASCADE");
  }
  StoreLocation(const StoreLocation&) = delete;
  StoreLocation& operator=(const StoreLocation&) = delete;

  // False for PostGIS when ENVGRID_TEST_PG is unset.
  [[nodiscard]] bool available() const { return !location_.empty(); }
  [[nodiscard]] const std::string& location() const { return location_; }
  [[nodiscard]] StoreBackend backend() const { return backend_; }
  [[nodiscard]] const TempDir& dir() const { return dir_; }

 private:
  StoreBackend backend_;
  TempDir dir_;
  std::string connection_;
  std::string schema_;
  std::string location_;
};

// Fixture base: SetUp skips the PostGIS instance when no server is given.
class StoreBackendTest : public ::testing::TestWithParam<StoreBackend> {
 protected:
  void SetUp() override {
    place_ = std::make_unique<StoreLocation>(GetParam());
    if (!place_->available()) {
      GTEST_SKIP() << "ENVGRID_TEST_PG is unset: PostGIS store tests skipped "
                      "(scripts/test.sh starts a server and sets it)";
    }
  }
  void TearDown() override { place_.reset(); }

  [[nodiscard]] const std::string& location() const { return place_->location(); }
  [[nodiscard]] const TempDir& dir() const { return place_->dir(); }
  [[nodiscard]] bool postgis() const { return GetParam() == StoreBackend::postgis; }

 private:
  std::unique_ptr<StoreLocation> place_;
};

#define ENVGRID_INSTANTIATE_STORE_BACKENDS(Fixture)                                     \
  INSTANTIATE_TEST_SUITE_P(Backends, Fixture,                                           \
                           ::testing::Values(::envgrid::test::StoreBackend::geopackage, \
                                             ::envgrid::test::StoreBackend::postgis),   \
                           ::envgrid::test::backend_name)

}  // namespace envgrid::test

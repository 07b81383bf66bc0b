// The project store, on GeoPackage and PostGIS alike (the PostGIS instances
// skip without ENVGRID_TEST_PG).

#include "envgrid/gis/store.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <regex>

#include "envgrid/gis/error.hpp"
#include "envgrid/gis/store_tables.hpp"
#include "store_backends.hpp"
#include "test_support.hpp"

namespace envgrid::gis {
namespace {

using test::StoreBackendTest;

OGRFieldType expected_ogr_type(FieldType type) {
  switch (type) {
    case FieldType::integer:
      return OFTInteger64;
    case FieldType::real:
      return OFTReal;
    case FieldType::text:
      return OFTString;
  }
  return OFTMaxType;
}

// Adds an enterprise directly through OGR; returns GDAL's result.
OGRErr add_enterprise(Store& store, const std::string& id, double lon, double lat) {
  OGRLayer& layer = gis::store_layer(store, "enterprises");
  FeaturePtr feature(OGRFeature::CreateFeature(layer.GetLayerDefn()));
  feature->SetField("enterprise_id", id.c_str());
  feature->SetGeometryDirectly(new OGRPoint(lon, lat));
  return layer.CreateFeature(feature.get());
}

GIntBig count_features(Store& store, const std::string& layer) {
  return gis::store_layer(store, layer).GetFeatureCount(TRUE);
}

// Counted by SQLite itself, past any count GDAL keeps.
std::int64_t count_rows_by_sqlite(const std::string& path, const std::string& table) {
  sqlite3* db = nullptr;
  std::int64_t rows = -1;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_stmt* statement = nullptr;
    const std::string sql = "SELECT COUNT(*) FROM \"" + table + "\"";
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr) == SQLITE_OK &&
        sqlite3_step(statement) == SQLITE_ROW) {
      rows = sqlite3_column_int64(statement, 0);
    }
    sqlite3_finalize(statement);
  }
  sqlite3_close(db);
  return rows;
}

class StoreTest : public StoreBackendTest {};

TEST_P(StoreTest, InitCreatesEveryLayerWithTheDocumentedFields) {
  { (void)Store::create(location()); }
  // Checked through plain GDAL, the way another GIS sees the store.
  DatasetPtr dataset = open_dataset(location(), GDAL_OF_VECTOR);
  for (const auto& schema : store_schema()) {
    SCOPED_TRACE(schema.name);
    OGRLayer* layer = dataset->GetLayerByName(schema.name.c_str());
    ASSERT_NE(layer, nullptr);
    EXPECT_STREQ(layer->GetFIDColumn(), "fid");
    EXPECT_EQ(wkbFlatten(layer->GetGeomType()), schema.geometry_type);
    if (schema.geometry_type != wkbNone) {
      EXPECT_STREQ(layer->GetGeometryColumn(), "geom");
      ASSERT_NE(layer->GetSpatialRef(), nullptr);
      EXPECT_STREQ(layer->GetSpatialRef()->GetAuthorityCode(nullptr), "4490");
    }
    OGRFeatureDefn* definition = layer->GetLayerDefn();
    ASSERT_EQ(definition->GetFieldCount(), static_cast<int>(schema.fields.size()));
    for (std::size_t i = 0; i < schema.fields.size(); ++i) {
      const OGRFieldDefn* field = definition->GetFieldDefn(static_cast<int>(i));
      EXPECT_EQ(field->GetNameRef(), schema.fields[i].name);
      EXPECT_EQ(field->GetType(), expected_ogr_type(schema.fields[i].type)) << field->GetNameRef();
    }
  }
}

TEST_P(StoreTest, MetadataHoldsSchemaVersionCrsAndCreationTime) {
  { (void)Store::create(location()); }
  Store store = Store::open(location(), false);
  EXPECT_EQ(store.metadata("schema_version"), std::to_string(store_schema_version));
  EXPECT_EQ(store.metadata("crs"), "EPSG:4490");
  const auto created = store.metadata("created_at");
  ASSERT_TRUE(created.has_value());
  EXPECT_TRUE(std::regex_match(*created, std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)")))
      << *created;
  EXPECT_EQ(store.crs().epsg(), 4490);
  EXPECT_EQ(store.is_postgis(), postgis());
}

TEST_P(StoreTest, InitWithAnotherCrsDeclaresItOnEveryLayer) {
  { (void)Store::create(location(), Crs::parse("EPSG:4326")); }
  Store store = Store::open(location(), false);
  EXPECT_EQ(store.crs().epsg(), 4326);
  EXPECT_STREQ(gis::store_layer(store, "cells").GetSpatialRef()->GetAuthorityCode(nullptr), "4326");
}

TEST_P(StoreTest, InitRefusesAnExistingStore) {
  { (void)Store::create(location()); }
  try {
    (void)Store::create(location());
    FAIL() << "a second init succeeded";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ExitCode::output) << e.what();
  }
  // The first store is intact.
  Store store = Store::open(location(), false);
  EXPECT_EQ(store.metadata("schema_version"), std::to_string(store_schema_version));
}

// A store made before the task layers (schema version 2): refused for
// reading with the verb that upgrades it; opened for writing, it gains the
// missing layers, empty, and keeps its rows.
TEST_P(StoreTest, AVersion2StoreIsUpgradedWhenOpenedForWriting) {
  {
    Store store = Store::create(location());
    ASSERT_EQ(add_enterprise(store, "E1", 114.3, 30.6), OGRERR_NONE);
    for (const char* layer : {"tasks", "task_events", "task_photos", "task_templates"}) {
      GDALDataset& dataset = gis::store_dataset(store);
      for (int i = 0; i < dataset.GetLayerCount(); ++i) {
        if (dataset.GetLayer(i)->GetName() == std::string(layer)) {
          ASSERT_EQ(dataset.DeleteLayer(i), OGRERR_NONE) << layer;
          break;
        }
      }
    }
    OGRLayer* result = gis::store_dataset(store).ExecuteSQL(
        "UPDATE envgrid_metadata SET value = '2' WHERE key = 'schema_version'", nullptr, nullptr);
    if (result) gis::store_dataset(store).ReleaseResultSet(result);
  }
  try {
    (void)Store::open(location(), false);
    FAIL() << "a version-2 store was read as version " << store_schema_version;
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ExitCode::input);
    EXPECT_NE(std::string(e.what()).find("store schema version 2"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("envgrid init --upgrade"), std::string::npos) << e.what();
  }
  { (void)Store::open(location(), true); }
  Store store = Store::open(location(), false);
  EXPECT_EQ(store.metadata("schema_version"), std::to_string(store_schema_version));
  EXPECT_EQ(count_features(store, "tasks"), 0);
  EXPECT_EQ(gis::store_layer(store, "task_events").GetLayerDefn()->GetFieldCount(),
            static_cast<int>(store_layer_schema("task_events").fields.size()));
  EXPECT_EQ(count_features(store, "enterprises"), 1);
}

TEST_P(StoreTest, InitRefusesCrsThatPROJDoesNotKnow) {
  try {
    (void)Store::create(location(), Crs::parse("GCJ02"));
    FAIL() << "a GCJ-02 store was created";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ExitCode::usage) << e.what();
  }
}

TEST_P(StoreTest, CommittedTransactionIsKeptAcrossReopening) {
  {
    Store store = Store::create(location());
    store.transaction([&] { ASSERT_EQ(add_enterprise(store, "E1", 114.3, 30.6), OGRERR_NONE); });
  }
  Store store = Store::open(location(), false);
  EXPECT_EQ(count_features(store, "enterprises"), 1);
}

TEST_P(StoreTest, TransactionRollsBackWhenWorkThrows) {
  Store store = Store::create(location());
  store.transaction([&] { ASSERT_EQ(add_enterprise(store, "E1", 114.3, 30.6), OGRERR_NONE); });
  EXPECT_THROW(store.transaction([&] {
    ASSERT_EQ(add_enterprise(store, "E2", 114.4, 30.7), OGRERR_NONE);
    throw std::runtime_error("failure midway");
  }),
               std::runtime_error);
  EXPECT_EQ(count_features(store, "enterprises"), 1);
  store.close();
  Store reopened = Store::open(location(), false);
  EXPECT_EQ(count_features(reopened, "enterprises"), 1);
}

TEST_P(StoreTest, IdFieldIsUniqueInTheDatabase) {
  Store store = Store::create(location());
  // The unique index refuses the second E1 either at once (SQLite) or at
  // the end of the COPY/transaction (PostgreSQL): the transaction fails.
  EXPECT_THROW(store.transaction([&] {
    ASSERT_EQ(add_enterprise(store, "E1", 114.3, 30.6), OGRERR_NONE);
    if (add_enterprise(store, "E1", 114.4, 30.7) != OGRERR_NONE) throw std::runtime_error("dup");
  }),
               std::exception);
  EXPECT_EQ(count_features(store, "enterprises"), 0);
}

TEST_P(StoreTest, OpenRefusesADatasetThatIsNotAStore) {
  if (postgis()) {
    // An empty schema: no envgrid_metadata.
    EXPECT_THROW((void)Store::open(location(), false), Error);
    return;
  }
  // A GeoPackage some other tool made: a layer, but no envgrid_metadata.
  initialize_gdal();
  GDALDriver* gpkg = GetGDALDriverManager()->GetDriverByName("GPKG");
  {
    DatasetPtr plain(gpkg->Create(location().c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    ASSERT_NE(plain->CreateLayer("wells", nullptr, wkbPoint, nullptr), nullptr);
  }
  try {
    (void)Store::open(location(), false);
    FAIL() << "opened a plain GeoPackage as a store";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ExitCode::input);
    EXPECT_NE(std::string(e.what()).find("not an envgrid store"), std::string::npos) << e.what();
  }
}

TEST_P(StoreTest, OpeningAndWritingLeaksNoFileDescriptors) {
  // Warm-up: PROJ keeps its database open per thread, GDAL its drivers.
  { Store store = Store::create(location()); }
  { Store store = Store::open(location(), true); }
  const int before = test::open_fd_count();
  for (int i = 0; i < 3; ++i) {
    Store store = Store::open(location(), true);
    store.transaction([&] {
      ASSERT_EQ(add_enterprise(store, "E" + std::to_string(i), 114.3, 30.6), OGRERR_NONE);
    });
    (void)count_features(store, "enterprises");
  }
  EXPECT_EQ(test::open_fd_count(), before);
}

ENVGRID_INSTANTIATE_STORE_BACKENDS(StoreTest);

TEST(GeoPackageStore, UsesWriteAheadLogJournal) {
  test::TempDir dir;
  const std::string path = dir.file("project.gpkg");
  { (void)Store::create(path); }
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  sqlite3_stmt* statement = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &statement, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_step(statement), SQLITE_ROW);
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(statement, 0)), "wal");
  sqlite3_finalize(statement);
  sqlite3_close(db);
}

TEST(GeoPackageStore, FailedInitLeavesNoFile) {
  test::TempDir dir;
  const std::string path = dir.file("missing-dir/project.gpkg");
  EXPECT_THROW((void)Store::create(path), Error);
  EXPECT_FALSE(std::filesystem::exists(path));
}

// The viewer keeps several handles on one store, and several processes
// write one file. GDAL's feature-count triggers are dropped and re-created by
// whichever handle inserts, so two writers of one layer used to fail with
// "trigger ... already exists" (seen in the viewer on a review).
TEST(GeoPackageStore, TwoHandlesWriteOneLayerInTurn) {
  test::TempDir dir;
  const std::string path = dir.file("project.gpkg");
  { (void)Store::create(path); }
  Store first = Store::open(path, true);
  Store second = Store::open(path, true);
  // Both handles have read the layer before either writes, as a server's do.
  EXPECT_EQ(count_features(first, "enterprises"), 0);
  EXPECT_EQ(count_features(second, "enterprises"), 0);
  for (int round = 0; round < 3; ++round) {
    for (Store* store : {&first, &second}) {
      const std::string id = "E" + std::to_string(round) + (store == &first ? "a" : "b");
      EXPECT_NO_THROW(store->transaction([&] {
        ASSERT_EQ(add_enterprise(*store, id, 114.3, 30.6), OGRERR_NONE);
      })) << id;
    }
  }
  first.close();
  second.close();
  Store reopened = Store::open(path, false);
  EXPECT_EQ(count_features(reopened, "enterprises"), 6);
  EXPECT_EQ(count_rows_by_sqlite(path, "enterprises"), 6);
}

// Stores made before keep GDAL's feature-count table until first opened for
// writing; then it goes, and counts come from the rows.
TEST(GeoPackageStore, AnOlderStoreLosesTheFeatureCountTableWhenOpenedForWriting) {
  test::TempDir dir;
  const std::string path = dir.file("project.gpkg");
  { (void)Store::create(path); }
  const std::string older_layout =
      "CREATE TABLE gpkg_ogr_contents(table_name TEXT NOT NULL PRIMARY KEY, feature_count "
      "INTEGER DEFAULT NULL);"
      "INSERT INTO gpkg_ogr_contents VALUES ('enterprises', 0);"
      "CREATE TRIGGER trigger_insert_feature_count_enterprises AFTER INSERT ON enterprises "
      "BEGIN UPDATE gpkg_ogr_contents SET feature_count = feature_count + 1 "
      "WHERE lower(table_name) = lower('enterprises'); END;";
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, older_layout.c_str(), nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  { Store reading = Store::open(path, false); }
  EXPECT_EQ(count_rows_by_sqlite(path, "gpkg_ogr_contents"), 1) << "a read changed the file";
  {
    Store store = Store::open(path, true);
    store.transaction([&] { ASSERT_EQ(add_enterprise(store, "E1", 114.3, 30.6), OGRERR_NONE); });
    EXPECT_EQ(count_features(store, "enterprises"), 1);
  }
  EXPECT_EQ(count_rows_by_sqlite(path, "gpkg_ogr_contents"), -1) << "the table is still there";
}

TEST(StoreSchema, EveryLayerAndFieldIsDocumented) {
  const std::string doc = test::read_text((test::source_dir() / "docs" / "store.md").string());
  ASSERT_FALSE(doc.empty()) << "docs/store.md is missing";
  for (const auto& schema : store_schema()) {
    const auto section = doc.find("## `" + schema.name + "`");
    ASSERT_NE(section, std::string::npos) << "no section for layer " << schema.name;
    const auto next = doc.find("\n## ", section + 1);
    const std::string body = doc.substr(section, next - section);
    for (const auto& field : schema.fields) {
      EXPECT_NE(body.find("| `" + field.name + "` |"), std::string::npos)
          << schema.name << "." << field.name << " is not in its table in docs/store.md";
    }
  }
}

TEST(StoreSchema, UnknownLayerIsAUsageErrorListingTheLayers) {
  try {
    (void)store_layer_schema("factories");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ExitCode::usage);
    EXPECT_NE(std::string(e.what()).find("enterprises"), std::string::npos) << e.what();
  }
}

// to_store_value: the checks an import applies to each field.
std::optional<FieldValue> convert(const std::string& layer, const std::string& field,
                                  FieldValue value, std::string& reason) {
  return to_store_value(*store_layer_schema(layer).field(field), value, reason);
}

TEST(StoreValues, ConvertsTextToTheFieldType) {
  std::string reason;
  EXPECT_EQ(convert("cells", "area_m2", std::string(" 12.5 "), reason), FieldValue{12.5});
  EXPECT_EQ(convert("reaches", "strahler", std::string("3"), reason), FieldValue{std::int64_t{3}});
  EXPECT_EQ(convert("reaches", "strahler", 3.0, reason), FieldValue{std::int64_t{3}});
  EXPECT_EQ(convert("cells", "name", std::int64_t{42}, reason), FieldValue{std::string("42")});
  EXPECT_EQ(convert("cells", "name", std::string("  "), reason), FieldValue{});
}

TEST(StoreValues, RefusesValuesWithTheReason) {
  std::string reason;
  EXPECT_FALSE(convert("cells", "area_m2", std::string("12 m2"), reason));
  EXPECT_NE(reason.find("area_m2"), std::string::npos) << reason;
  EXPECT_FALSE(convert("reaches", "strahler", std::string("2.5"), reason));
  EXPECT_NE(reason.find("not an integer"), std::string::npos) << reason;
  EXPECT_FALSE(convert("enterprises", "risk_class", std::string("high"), reason));
  EXPECT_NE(reason.find("key, ordinary, special"), std::string::npos) << reason;
  EXPECT_FALSE(convert("sections", "target_class", std::int64_t{6}, reason));
  EXPECT_FALSE(convert("outfalls", "registered", std::string("yes"), reason));
}

TEST(StoreValues, ChecksDatesTimesAndJson) {
  std::string reason;
  EXPECT_TRUE(convert("enterprises", "last_inspected", std::string("2024-02-29"), reason));
  EXPECT_FALSE(convert("enterprises", "last_inspected", std::string("2023-02-29"), reason));
  EXPECT_FALSE(convert("enterprises", "last_inspected", std::string("2024/05/01"), reason));
  EXPECT_FALSE(convert("enterprises", "last_inspected", std::string("2024-05-01T10:00"), reason));
  EXPECT_TRUE(convert("readings", "taken_at", std::string("2024-05-01T10:00:00+08:00"), reason));
  EXPECT_TRUE(convert("readings", "taken_at", std::string("2024-05-01 10:00"), reason));
  EXPECT_TRUE(convert("readings", "taken_at", std::string("2024-05-01T10:00:00.250Z"), reason));
  EXPECT_FALSE(convert("readings", "taken_at", std::string("2024-05-01T25:00"), reason));
  EXPECT_FALSE(convert("readings", "taken_at", std::string("yesterday"), reason));
  EXPECT_TRUE(
      convert("suspects", "terms", std::string(R"({"distance": 0.4, "k": [1, 2]})"), reason));
  EXPECT_FALSE(convert("suspects", "terms", std::string(R"({"distance": 0.4)"), reason));
  EXPECT_FALSE(convert("suspects", "terms", std::string("distance 0.4"), reason));
}

}  // namespace
}  // namespace envgrid::gis

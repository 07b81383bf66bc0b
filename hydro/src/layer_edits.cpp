// layer_edits: the update and delete counts of sections and readings.

#include "layer_edits.hpp"

#include "stored_network_tables.hpp"

#include "envgrid/gis/error.hpp"
#include "envgrid/gis/log.hpp"
#include "envgrid/gis/store_tables.hpp"

namespace envgrid::hydro::detail {

namespace {

constexpr const char* edits_table = "layer_edits";
const std::string input_layers[] = {"sections", "readings"};

std::string trigger_name(const std::string& layer, const char* event) {
  return "layer_edits_" + layer + (event[0] ? std::string("_") + event : "");
}

// How many of the triggers exist (GeoPackage: two a layer, PostGIS: one).
std::string triggers_count_sql(gis::Store& store) {
  std::string names;
  for (const std::string& layer : input_layers) {
    for (const char* event : {"update", "delete"}) {
      names += (names.empty() ? "" : ", ") +
               gis::sql_quote(trigger_name(layer, store.is_postgis() ? "" : event));
      if (store.is_postgis()) break;
    }
  }
  if (store.is_postgis())
    return "(SELECT COUNT(*) FROM pg_trigger WHERE tgname IN (" + names +
           ") AND tgrelid IN ('sections'::regclass, 'readings'::regclass))";
  return "(SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND name IN (" + names + "))";
}

void create_triggers(gis::Store& store, const std::string& layer) {
  const std::string count = std::string("UPDATE ") + edits_table +
                            " SET edits = edits + 1 WHERE layer = " + gis::sql_quote(layer);
  if (store.is_postgis()) {
    gis::run_sql_or_throw(store,
                          "DROP TRIGGER IF EXISTS " + trigger_name(layer, "") + " ON " + layer);
    gis::run_sql_or_throw(store, "CREATE TRIGGER " + trigger_name(layer, "") +
                                     " AFTER UPDATE OR DELETE OR TRUNCATE ON " + layer +
                                     " FOR EACH STATEMENT EXECUTE PROCEDURE layer_edits_count('" +
                                     layer + "')");
    return;
  }
  for (const char* event : {"update", "delete"}) {
    gis::run_sql_or_throw(store, "DROP TRIGGER IF EXISTS " + trigger_name(layer, event));
    gis::run_sql_or_throw(store, "CREATE TRIGGER " + trigger_name(layer, event) + " AFTER " +
                                     event + " ON " + layer + " BEGIN " + count + "; END");
  }
}

void create_table_and_triggers(gis::Store& store) {
  (void)plain_table(store, edits_table, {{"layer", OFTString}, {"edits", OFTInteger64}});
  if (store.is_postgis()) {
    // The table named with the edited table's schema: an edit from a session
    // with another search_path still counts.
    gis::run_sql_or_throw(
        store,
        "CREATE OR REPLACE FUNCTION layer_edits_count() RETURNS trigger LANGUAGE plpgsql AS "
        "$$BEGIN EXECUTE format('UPDATE %I.layer_edits SET edits = edits + 1 WHERE layer = %L', "
        "TG_TABLE_SCHEMA, TG_ARGV[0]); RETURN NULL; END$$");
  }
  for (const std::string& layer : input_layers) {
    gis::run_sql_or_throw(store, std::string("INSERT INTO ") + edits_table +
                                     " (layer, edits) SELECT " + gis::sql_quote(layer) +
                                     ", 0 WHERE NOT EXISTS (SELECT 1 FROM " + edits_table +
                                     " WHERE layer = " + gis::sql_quote(layer) + ")");
    gis::run_sql_or_throw(store,
                          std::string("UPDATE ") + edits_table +
                              " SET edits = edits + 1 WHERE layer = " + gis::sql_quote(layer));
    create_triggers(store, layer);
  }
}

// Asked of the database, not of GDAL's list of layers: a server's store
// handle opened before the first trace made the table does not list it.
bool edits_table_exists(gis::Store& store) {
  const std::string sql =
      store.is_postgis()
          ? std::string("SELECT COUNT(*) FROM information_schema.tables WHERE table_name = ") +
                gis::sql_quote(edits_table) + " AND table_schema = current_schema()"
          : std::string("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ") +
                gis::sql_quote(edits_table);
  GDALDataset& dataset = gis::store_dataset(store);
  OGRLayer* result = dataset.ExecuteSQL(sql.c_str(), nullptr, nullptr);
  if (!result) return false;
  bool exists = false;
  if (gis::FeaturePtr row{result->GetNextFeature()}) exists = row->GetFieldAsInteger64(0) > 0;
  dataset.ReleaseResultSet(result);
  return exists;
}

}  // namespace

std::string input_layers_fingerprint(gis::Store& store) {
  for (const std::string& layer : input_layers) {
    if (!gis::find_store_layer(store, layer)) return "";
  }
  if (!edits_table_exists(store)) return "";
  // Every column named: PostgreSQL calls unnamed ones all "?column?", and
  // GDAL keeps one field of a name.
  std::string sql = "SELECT " + triggers_count_sql(store) + " AS triggers";
  for (const std::string& layer : input_layers) {
    sql += ", (SELECT COUNT(*) FROM " + layer + ") AS " + layer + "_rows" +
           ", (SELECT COALESCE(MAX(fid), 0) FROM " + layer + ") AS " + layer + "_max_fid" +
           ", (SELECT edits FROM " + edits_table + " WHERE layer = " + gis::sql_quote(layer) +
           ") AS " + layer + "_edits";
  }
  GDALDataset& dataset = gis::store_dataset(store);
  (void)gis::take_last_gdal_error();
  OGRLayer* result = dataset.ExecuteSQL(sql.c_str(), nullptr, nullptr);
  if (!result) return "";
  std::string fingerprint;
  if (gis::FeaturePtr row{result->GetNextFeature()}) {
    const auto triggers = row->GetFieldAsInteger64(0);
    if (triggers == (store.is_postgis() ? 2 : 4)) {
      for (int i = 1; i < row->GetFieldCount(); ++i)
        fingerprint += std::to_string(row->GetFieldAsInteger64(i)) + ":";
    }
  }
  dataset.ReleaseResultSet(result);
  return fingerprint;
}

bool prepare_input_layer_edits(const std::string& path) {
  try {
    gis::Store store = gis::Store::open(path, true);
    for (const std::string& layer : input_layers) {
      if (!gis::find_store_layer(store, layer)) return false;
    }
    store.transaction([&] { create_table_and_triggers(store); });
    return true;
  } catch (const gis::Error& error) {
    gis::log_warning(std::string("cannot count the edits of sections and readings in ") + path +
                     ": " + error.what());
    return false;
  }
}

}  // namespace envgrid::hydro::detail

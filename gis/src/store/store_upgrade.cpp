// Upgrading a version-2 store (before the task layers) to the current
// layout. Version 3 only added layers, so an upgrade creates them empty and
// touches nothing that exists; a store of any other version is refused.

#include "envgrid/gis/error.hpp"
#include "envgrid/gis/log.hpp"
#include "envgrid/gis/store.hpp"
#include "envgrid/gis/store_tables.hpp"
#include "store_sql.hpp"

namespace envgrid::gis::detail {

void upgrade_from_version_2(Store& store) {
  StepScope step("upgrade store");
  const SpatialReferencePtr srs = store.crs().to_ogr();
  store.transaction([&] {
    for (const auto& schema : store_schema()) {
      if (store.has_layer(schema.name)) continue;
      create_layer(store_dataset(store), store.location(), schema.name, schema.geometry_type,
                   srs.get(), schema.fields, store.is_postgis());
      create_indexes(store_dataset(store), store.location(), schema);
      log_info("store " + store.location() + ": added the layer " + schema.name);
    }
    run_sql_or_throw(store, std::string("UPDATE ") + store_metadata_table + " SET value = '" +
                                std::to_string(store_schema_version) +
                                "' WHERE key = 'schema_version'");
  });
  log_info("store " + store.location() + " upgraded from schema version 2 to " +
           std::to_string(store_schema_version));
}

}  // namespace envgrid::gis::detail

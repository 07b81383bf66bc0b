#pragma once
// Raw access to the project store's GDAL dataset and OGR layers. Only for
// the sources of the libraries that own store tables (docs/store.md,
// "Owners") and gis/src/store: the viewer and the CLI call those libraries'
// typed queries instead, so that a table's rules live with its owner (#17).
// tests/boundary/store_boundary_check.sh fails when viewer/ or cli/ include
// this header or reach the store's OGR layers.

#include <functional>
#include <string>
#include <string_view>

#include "envgrid/gis/error.hpp"
#include "envgrid/gis/gdal_handles.hpp"
#include "envgrid/gis/store.hpp"

namespace envgrid::gis {

[[nodiscard]] GDALDataset& store_dataset(Store& store);
// Throws Error(input) naming the store when the layer is missing.
[[nodiscard]] OGRLayer& store_layer(Store& store, const std::string& name);
// The layer, or nullptr when the store predates it (chips, rasters).
[[nodiscard]] OGRLayer* find_store_layer(Store& store, const std::string& name);

// 'text' with single quotes doubled: an SQL string literal for OGR SQL
// attribute filters, SQLite and PostgreSQL alike.
[[nodiscard]] std::string sql_quote(std::string_view text);
// 'name' in double quotes, inner ones doubled: an SQL identifier.
[[nodiscard]] std::string sql_quote_identifier(std::string_view name);

// Runs a statement that returns no rows; throws Error(output) with the
// statement and GDAL's reason when GDAL reports an error.
void run_sql_or_throw(GDALDataset& dataset, const std::string& sql, const ErrorContext& where);
// The same on the store, naming it and the current step.
void run_sql_or_throw(Store& store, const std::string& sql);

// Visits the features of the layer matching an OGR SQL filter ("" for all),
// then clears the filter.
void for_each_feature(OGRLayer& layer, const std::string& filter,
                      const std::function<void(OGRFeature&)>& visit);
// The first feature whose text field equals value, or nullptr.
[[nodiscard]] FeaturePtr find_feature(OGRLayer& layer, const std::string& field,
                                      const std::string& value);

// Writes a feature back / adds a new one; throws Error(output) naming the
// store and the layer on failure.
void update_feature(Store& store, OGRLayer& layer, OGRFeature& feature);
void insert_feature(Store& store, OGRLayer& layer, OGRFeature& feature);

}  // namespace envgrid::gis

#pragma once
// Small helpers shared by the store sources (private to gis/src/store).

#include <string>

#include "envgrid/gis/gdal_handles.hpp"
#include "envgrid/gis/store.hpp"

namespace envgrid::gis::detail {

// Creates one store layer with its fields (names and types identical on
// GeoPackage and PostGIS), and its unique and plain indexes.
OGRLayer& create_layer(GDALDataset& dataset, const std::string& location, const std::string& name,
                       OGRwkbGeometryType geometry_type, OGRSpatialReference* srs,
                       const std::vector<StoreField>& fields, bool postgis);
void create_indexes(GDALDataset& dataset, const std::string& location,
                    const StoreLayerSchema& schema);

// Brings a version-2 store to the current version in one transaction: the
// layers it lacks are created empty, schema_version is rewritten.
void upgrade_from_version_2(Store& store);

}  // namespace envgrid::gis::detail

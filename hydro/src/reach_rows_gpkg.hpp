#pragma once
// The reaches layer of a GeoPackage (a project store's or a new file's)
// written through one prepared SQLite INSERT on GDAL's own connection, with
// the geometry blobs made here: the rows, the packed R-tree and the
// gpkg_contents extent GDAL's CreateFeature path writes, byte for byte
// (tests/hydro/reach_write_test.cpp), at a fraction of its cost
// (docs/hydro.md "Writing the reaches").

#include <string>

#include "envgrid/gis/crs.hpp"
#include "envgrid/gis/gdal_handles.hpp"
#include "envgrid/hydro/network.hpp"

namespace envgrid::hydro::detail {

// Replaces the rows of the `reaches` layer of dataset (a GeoPackage open for
// update, inside the caller's transaction) with net's reaches, their lines
// transformed by to_layer into the layer's CRS. location names the dataset
// in errors. Throws Error(output).
void rewrite_gpkg_reaches(GDALDataset& dataset, const std::string& location, const Network& net,
                          const gis::CoordinateTransformer& to_layer);

}  // namespace envgrid::hydro::detail

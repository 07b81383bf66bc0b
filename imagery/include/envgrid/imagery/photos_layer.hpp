#pragma once
// The `photos` layer: one footprint polygon per located photo, in WGS 84
// (EPSG:4326), with the fields file, taken_at, lon, lat, rel_alt_m, gsd_m,
// yaw_deg, pitch_deg, camera (docs/cli/imagery-photos.md).

#include <string>
#include <vector>

#include "envgrid/gis/gdal_handles.hpp"
#include "envgrid/gis/store.hpp"
#include "envgrid/gis/vector_io.hpp"
#include "envgrid/imagery/photos.hpp"

namespace envgrid::imagery {

inline constexpr const char* k_photos_layer = "photos";

[[nodiscard]] const std::vector<gis::OutputField>& photos_layer_fields();

// The field values of one photo, in the order of photos_layer_fields();
// file is the photo's path as found (the folder as the user gave it).
[[nodiscard]] std::vector<gis::FieldValue> photo_field_values(const LocatedPhoto& photo);

// The footprint as a closed polygon, WGS 84 longitude/latitude.
[[nodiscard]] gis::GeometryPtr footprint_polygon(const Footprint& footprint);

// Writes the located photos as the `photos` layer of a vector file (any
// format gis::VectorWriter writes; format "" = from the extension).
void write_photos_layer(const PhotoSurvey& survey, const std::string& out,
                        const std::string& format = "");

// Writes the located photos into the store's `photos` layer in one
// transaction, in the store's CRS (lon/lat too when it is geographic; WGS 84
// otherwise). Rows of the same file are replaced, so a re-run updates them.
void write_photos_to_store(gis::Store& store, const PhotoSurvey& survey);

}  // namespace envgrid::imagery

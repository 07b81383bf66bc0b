// The photos layer of a project store: same fields as a photos file, in the
// store's CRS, with the store's field checks (gis::to_store_value).

#include <string>

#include "envgrid/gis/crs.hpp"
#include "envgrid/gis/error.hpp"
#include "envgrid/gis/log.hpp"
#include "envgrid/gis/store_tables.hpp"
#include "envgrid/imagery/photos_layer.hpp"

namespace envgrid::imagery {

namespace {

void delete_rows_of_file(OGRLayer& layer, const std::string& file) {
  layer.SetAttributeFilter(("file = " + gis::sql_quote(file)).c_str());
  std::vector<GIntBig> fids;
  for (auto& feature : layer) fids.push_back(feature->GetFID());
  layer.SetAttributeFilter(nullptr);
  for (GIntBig fid : fids) layer.DeleteFeature(fid);
}

void set_field(OGRFeature& feature, int index, const gis::FieldValue& value) {
  if (const auto* text = std::get_if<std::string>(&value)) {
    feature.SetField(index, text->c_str());
  } else if (const auto* real = std::get_if<double>(&value)) {
    feature.SetField(index, *real);
  } else if (const auto* integer = std::get_if<std::int64_t>(&value)) {
    feature.SetField(index, static_cast<GIntBig>(*integer));
  } else {
    feature.SetFieldNull(index);
  }
}

// Camera lon/lat in the store's geographic CRS (CGCS2000 by default).
void position_in_store(std::vector<gis::FieldValue>& values,
                       const gis::CoordinateTransformer& to_store) {
  double lon = std::get<double>(values[2]), lat = std::get<double>(values[3]);
  if (to_store.transform(lon, lat)) {
    values[2] = lon;
    values[3] = lat;
  }
}

}  // namespace

void write_photos_to_store(gis::Store& store, const PhotoSurvey& survey) {
  const gis::StoreLayerSchema& schema = gis::store_layer_schema(k_photos_layer);
  OGRLayer& layer = gis::store_layer(store, k_photos_layer);
  const gis::CoordinateTransformer to_store(gis::Crs::wgs84(), store.crs());
  const gis::ErrorContext where{
      .step = gis::current_step(), .dataset = store.location(), .layer = k_photos_layer};
  store.transaction([&] {
    for (const auto& photo : survey.photos) {
      std::vector<gis::FieldValue> values = photo_field_values(photo);
      const std::string& file = std::get<std::string>(values[0]);
      gis::GeometryPtr footprint = footprint_polygon(photo.footprint);
      if (!to_store.transform(*footprint)) {
        gis::throw_output_error(
            file + ": footprint cannot be converted to the store CRS " + store.crs().name(), where);
      }
      if (store.crs().is_geographic()) position_in_store(values, to_store);
      delete_rows_of_file(layer, file);
      gis::FeaturePtr feature(OGRFeature::CreateFeature(layer.GetLayerDefn()));
      const auto& fields = photos_layer_fields();
      for (std::size_t i = 0; i < fields.size(); ++i) {
        std::string reason;
        const auto stored = gis::to_store_value(*schema.field(fields[i].name), values[i], reason);
        if (!stored) gis::throw_output_error(file + ": " + reason, where);
        set_field(*feature, feature->GetFieldIndex(fields[i].name.c_str()), *stored);
      }
      feature->SetGeometryDirectly(footprint.release());
      if (layer.CreateFeature(feature.get()) != OGRERR_NONE) {
        gis::throw_output_error(file + ": cannot write: " + gis::take_last_gdal_error(), where);
      }
    }
  });
}

}  // namespace envgrid::imagery

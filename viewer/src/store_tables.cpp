#include "store_tables.hpp"

#include <chrono>
#include <ctime>

#include "envgrid/gis/error.hpp"
#include "envgrid/gis/log.hpp"
#include "envgrid/gis/store_tables.hpp"

namespace envgrid::viewer::detail {

void create_table_if_missing(gis::Store& store, const std::string& name,
                             const std::vector<std::pair<std::string, OGRFieldType>>& fields) {
  GDALDataset& dataset = gis::store_dataset(store);
  if (dataset.GetLayerByName(name.c_str())) return;
  const gis::ErrorContext where{.step = "serve", .dataset = store.location(), .layer = name};
  OGRLayer* layer = dataset.CreateLayer(name.c_str(), nullptr, wkbNone, nullptr);
  if (!layer) gis::throw_output_error("cannot create table: " + gis::take_last_gdal_error(), where);
  for (const auto& [field_name, type] : fields) {
    OGRFieldDefn definition(field_name.c_str(), type);
    if (layer->CreateField(&definition) != OGRERR_NONE) {
      gis::throw_output_error(
          "cannot create field " + field_name + ": " + gis::take_last_gdal_error(), where);
    }
  }
}

}  // namespace envgrid::viewer::detail

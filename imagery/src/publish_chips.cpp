// publish_chips: chips index.csv -> the store's `chips` table.

#include <gdal_priv.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>
#include <set>

#include "envgrid/gis/error.hpp"
#include "envgrid/gis/gdal_handles.hpp"
#include "envgrid/gis/log.hpp"
#include "envgrid/gis/store_tables.hpp"
#include "envgrid/imagery/publish.hpp"

namespace envgrid::imagery {

namespace {

namespace fs = std::filesystem;

struct ChipRow {
  std::string flag_id, view, file;
  int width_px = 0, height_px = 0;
};

std::set<std::string> flag_ids(gis::Store& store) {
  std::set<std::string> ids;
  OGRLayer& flags = gis::store_layer(store, "flags");
  flags.ResetReading();
  for (const auto& flag : flags) ids.insert(flag->GetFieldAsString("flag_id"));
  flags.ResetReading();
  return ids;
}

// The PNG's size, or a reason it is not one.
std::string check_png(const fs::path& file, ChipRow& row) {
  std::error_code ec;
  if (!fs::is_regular_file(file, ec)) return "no file " + file.string();
  gis::DatasetPtr png(GDALDataset::Open(file.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY));
  if (!png || !png->GetDriver() || std::string(png->GetDriver()->GetDescription()) != "PNG") {
    return file.string() + " is not a PNG";
  }
  row.width_px = png->GetRasterXSize();
  row.height_px = png->GetRasterYSize();
  return "";
}

void replace_rows(gis::Store& store, const std::vector<ChipRow>& rows) {
  OGRLayer& chips = gis::store_layer(store, "chips");
  const gis::ErrorContext where{
      .step = "imagery publish", .dataset = store.location(), .layer = "chips"};
  std::set<std::pair<std::string, std::string>> replaced;
  for (const auto& row : rows) replaced.insert({row.flag_id, row.view});
  std::vector<GIntBig> doomed;
  chips.ResetReading();
  for (const auto& chip : chips) {
    if (replaced.count({chip->GetFieldAsString("flag_id"), chip->GetFieldAsString("view")}))
      doomed.push_back(chip->GetFID());
  }
  chips.ResetReading();
  const std::string now = gis::utc_now_iso8601();
  store.transaction([&] {
    for (GIntBig fid : doomed) {
      if (chips.DeleteFeature(fid) != OGRERR_NONE)
        gis::throw_output_error("cannot replace a chip: " + gis::take_last_gdal_error(), where);
    }
    for (const auto& row : rows) {
      gis::FeaturePtr chip(OGRFeature::CreateFeature(chips.GetLayerDefn()));
      chip->SetField("flag_id", row.flag_id.c_str());
      chip->SetField("view", row.view.c_str());
      chip->SetField("file", row.file.c_str());
      chip->SetField("width_px", row.width_px);
      chip->SetField("height_px", row.height_px);
      chip->SetField("created_at", now.c_str());
      if (chips.CreateFeature(chip.get()) != OGRERR_NONE)
        gis::throw_output_error(
            "cannot record chip " + row.file + ": " + gis::take_last_gdal_error(), where);
    }
  });
}

}  // namespace

bool is_plain_name(const std::string& name) {
  return !name.empty() && name.size() <= 200 && std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
  });
}

ChipPublishResult publish_chips(gis::Store& store, const std::string& chips_dir) {
  gis::initialize_gdal();
  std::error_code ec;
  const fs::path dir = fs::canonical(chips_dir, ec);
  const std::string index = (dir / "index.csv").string();
  if (ec || !fs::is_regular_file(index, ec)) {
    gis::throw_input_error("no chips index.csv in this folder",
                           {.step = "imagery publish", .dataset = chips_dir});
  }
  gis::DatasetPtr table = gis::open_dataset(index, GDAL_OF_VECTOR);
  OGRLayer* layer = table->GetLayer(0);
  for (const char* field : {"flag_id", "view", "file"}) {
    if (!layer || layer->GetLayerDefn()->GetFieldIndex(field) < 0) {
      gis::throw_input_error(std::string("index.csv has no column '") + field + "'",
                             {.step = "imagery publish", .dataset = index});
    }
  }
  const std::set<std::string> flags = flag_ids(store);
  ChipPublishResult result;
  std::vector<ChipRow> rows;
  long long line = 1;  // the header
  for (const auto& feature : *layer) {
    ++line;
    ChipRow row{feature->GetFieldAsString("flag_id"), feature->GetFieldAsString("view"),
                feature->GetFieldAsString("file")};
    const std::string where = index + " line " + std::to_string(line) + ": ";
    const std::string expected = row.flag_id + "-" + row.view + ".png";
    std::string reason;
    if (!is_plain_name(row.flag_id) || !is_plain_name(row.view) || row.file != expected) {
      reason = "file '" + row.file + "' is not <flag_id>-<view>.png with plain names";
    } else if (!flags.count(row.flag_id)) {
      reason = "flag " + row.flag_id + " is not in the store (import the flags first)";
    } else {
      reason = check_png(dir / row.file, row);
    }
    if (!reason.empty()) {
      result.skipped.push_back(where + reason);
      continue;
    }
    row.file = (dir / row.file).string();
    rows.push_back(std::move(row));
  }
  replace_rows(store, rows);
  result.recorded = static_cast<int>(rows.size());
  return result;
}

}  // namespace envgrid::imagery

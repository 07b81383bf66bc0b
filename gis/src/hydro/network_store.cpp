// write_network / load_network: the `reaches` layer of a project store or of
// a plain vector file.

#include <filesystem>

#include "envgrid/gis/error.hpp"
#include "envgrid/gis/gdal_handles.hpp"
#include "envgrid/gis/hydro/reach_io.hpp"
#include "envgrid/gis/log.hpp"

namespace envgrid::gis::hydro {

namespace {

struct LayerField {
  const char* name;
  OGRFieldType type;
};

// The reaches layer's fields, in order (docs/hydro.md).
constexpr LayerField reach_fields[] = {
    {"reach_id", OFTString},   {"from_node", OFTInteger64},  {"to_node", OFTInteger64},
    {"length_m", OFTReal},     {"flow_distance_m", OFTReal}, {"upstream_length_m", OFTReal},
    {"strahler", OFTInteger},  {"levelpath_id", OFTString},  {"divergence", OFTInteger},
    {"velocity_m_s", OFTReal}, {"name", OFTString},
};

std::string driver_for(const std::string& path) {
  std::string ext = std::filesystem::path(path).extension().string();
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (ext == ".geojson" || ext == ".json") return "GeoJSON";
  if (ext == ".fgb") return "FlatGeobuf";
  if (ext == ".shp") return "ESRI Shapefile";
  if (ext == ".gpkg" || ext.empty()) return "GPKG";
  throw_usage_error("cannot tell the output format of '" + path +
                    "' (use .gpkg, .geojson, .fgb or .shp)");
}

[[noreturn]] void fail(const std::string& path, const std::string& what) {
  throw_output_error(what + ": " + take_last_gdal_error(),
                     {.step = "hydro write", .dataset = path, .layer = reaches_layer});
}

// An existing store's reaches layer, emptied, or a new file with the layer.
std::pair<DatasetPtr, OGRLayer*> open_output(const std::string& path) {
  if (std::filesystem::exists(path) || path.starts_with("PG:")) {
    DatasetPtr dataset(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE));
    OGRLayer* layer = dataset ? dataset->GetLayerByName(reaches_layer) : nullptr;
    if (layer && layer->TestCapability(OLCDeleteFeature) &&
        dataset->TestCapability(ODsCTransactions)) {
      return {std::move(dataset), layer};
    }
    dataset.reset();
    std::error_code ec;
    std::filesystem::remove(path, ec);
  }
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName(driver_for(path).c_str());
  if (!driver) fail(path, "no GDAL driver");
  DatasetPtr dataset(driver->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
  if (!dataset) fail(path, "cannot create");
  OGRSpatialReference wgs84;
  wgs84.SetWellKnownGeogCS("WGS84");
  wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  OGRLayer* layer = dataset->CreateLayer(reaches_layer, &wgs84, wkbLineString, nullptr);
  if (!layer) fail(path, "cannot create the layer");
  for (const auto& f : reach_fields) {
    OGRFieldDefn defn(f.name, f.type);
    if (layer->CreateField(&defn) != OGRERR_NONE)
      fail(path, std::string("cannot create field ") + f.name);
  }
  return {std::move(dataset), layer};
}

void empty_layer(OGRLayer& layer, const std::string& path) {
  std::vector<GIntBig> fids;
  layer.ResetReading();
  for (FeaturePtr f(layer.GetNextFeature()); f; f.reset(layer.GetNextFeature()))
    fids.push_back(f->GetFID());
  for (GIntBig fid : fids) {
    if (layer.DeleteFeature(fid) != OGRERR_NONE) fail(path, "cannot empty the layer");
  }
}

FeaturePtr make_feature(OGRLayer& layer, const Reach& r, OGRCoordinateTransformation* to_layer) {
  FeaturePtr f(OGRFeature::CreateFeature(layer.GetLayerDefn()));
  auto set = [&](const char* name, auto value) { f->SetField(f->GetFieldIndex(name), value); };
  set("reach_id", r.id.c_str());
  set("from_node", static_cast<GIntBig>(r.from_node));
  set("to_node", static_cast<GIntBig>(r.to_node));
  set("length_m", r.length_m);
  set("flow_distance_m", r.flow_distance_m);
  set("upstream_length_m", r.upstream_length_m);
  set("strahler", r.strahler);
  set("levelpath_id", r.levelpath_id.c_str());
  set("divergence", r.divergence);
  if (r.velocity_m_s) set("velocity_m_s", *r.velocity_m_s);
  set("name", r.name.c_str());
  if (!r.line.empty()) {
    auto line = std::make_unique<OGRLineString>();
    for (const auto& p : r.line) line->addPoint(p.lon, p.lat);
    if (to_layer) line->transform(to_layer);
    f->SetGeometryDirectly(line.release());
  }
  return f;
}

}  // namespace

void write_network(const Network& net, const std::string& path) {
  StepScope step("hydro write");
  initialize_gdal();
  auto [dataset, layer] = open_output(path);
  CoordinateTransformationPtr to_layer;
  if (const OGRSpatialReference* srs = layer->GetSpatialRef()) {
    SpatialReferencePtr target(srs->Clone());
    target->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    OGRSpatialReference wgs84;
    wgs84.SetWellKnownGeogCS("WGS84");
    wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    if (!target->IsSame(&wgs84))
      to_layer.reset(OGRCreateCoordinateTransformation(&wgs84, target.get()));
  }
  const bool transaction = dataset->StartTransaction() == OGRERR_NONE;
  empty_layer(*layer, path);
  for (const Reach& r : net.reaches) {
    FeaturePtr f = make_feature(*layer, r, to_layer.get());
    if (layer->CreateFeature(f.get()) != OGRERR_NONE) fail(path, "cannot write reach " + r.id);
  }
  if (transaction && dataset->CommitTransaction() != OGRERR_NONE) fail(path, "cannot commit");
  (void)take_last_gdal_error();  // only what closing raises counts
  dataset.reset();
  if (!take_last_gdal_error().empty()) fail(path, "cannot close");
}

Network load_network(const std::string& path) {
  ReachSourceOptions options;
  options.layer = reaches_layer;
  options.id_field = "reach_id";
  options.from_node_field = "from_node";
  options.to_node_field = "to_node";
  options.divergence_field = "divergence";
  options.levelpath_field = "levelpath_id";
  options.velocity_field = "velocity_m_s";
  options.name_field = "name";
  options.length_field = "length_m";
  const ReachSource source = read_reaches(path, options);
  BuildOptions build;
  build.topology = Topology::nodes;
  build.gap_search_m = 0;  // reported by build already
  return build_network(source.records, build);
}

}  // namespace envgrid::gis::hydro

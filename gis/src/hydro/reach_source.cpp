// read_reaches: one streaming pass over an OGR layer into ReachRecords, with
// lines transformed to WGS 84 lon/lat.

#include <charconv>
#include <cmath>

#include "envgrid/gis/error.hpp"
#include "envgrid/gis/gdal_handles.hpp"
#include "envgrid/gis/hydro/reach_io.hpp"
#include "envgrid/gis/log.hpp"
#include "envgrid/gis/progress.hpp"

namespace envgrid::gis::hydro {

namespace {

OGRLayer& choose_layer(GDALDataset& dataset, const std::string& source, const std::string& name) {
  OGRLayer* layer = nullptr;
  if (!name.empty()) {
    layer = dataset.GetLayerByName(name.c_str());
  } else {
    layer = dataset.GetLayerByName(reaches_layer);
    if (!layer && dataset.GetLayerCount() > 0) layer = dataset.GetLayer(0);
  }
  if (!layer)
    throw_input_error("no layer " + (name.empty() ? std::string("at all") : "'" + name + "'"),
                      {.step = "hydro read", .dataset = source});
  return *layer;
}

// Field index of a named field (case-insensitive), -1 when not asked for.
int field_index(OGRLayer& layer, const std::string& field, const std::string& source) {
  if (field.empty()) return -1;
  const int index = layer.GetLayerDefn()->GetFieldIndex(field.c_str());
  if (index < 0) {
    throw_input_error("no field '" + field + "'",
                      {.step = "hydro read", .dataset = source, .layer = layer.GetName()});
  }
  return index;
}

// The first of the candidates that the layer has, or "".
std::string first_present(OGRLayer& layer, std::initializer_list<const char*> candidates) {
  for (const char* c : candidates) {
    if (layer.GetLayerDefn()->GetFieldIndex(c) >= 0) return c;
  }
  return "";
}

// A number from a numeric or text field; nullopt for null, "" or "NA".
std::optional<double> number(OGRFeature& f, int index, bool& bad) {
  if (index < 0 || !f.IsFieldSetAndNotNull(index)) return std::nullopt;
  const OGRFieldType type = f.GetFieldDefnRef(index)->GetType();
  if (type == OFTInteger || type == OFTInteger64)
    return static_cast<double>(f.GetFieldAsInteger64(index));
  if (type == OFTReal) return f.GetFieldAsDouble(index);
  const std::string text = f.GetFieldAsString(index);
  if (text.empty() || text == "NA") return std::nullopt;
  double value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(value)) {
    bad = true;
    return std::nullopt;
  }
  return value;
}

std::optional<std::int64_t> whole(const std::optional<double>& value) {
  if (!value) return std::nullopt;
  return static_cast<std::int64_t>(std::llround(*value));
}

std::string text(OGRFeature& f, int index) {
  if (index < 0 || !f.IsFieldSetAndNotNull(index)) return "";
  const OGRFieldType type = f.GetFieldDefnRef(index)->GetType();
  if (type == OFTReal) {
    // Ids stored as reals (NHDPlus Hydroseq, FromNode) print without ".0".
    const double v = f.GetFieldAsDouble(index);
    if (std::floor(v) == v && std::abs(v) < 9e15)
      return std::to_string(static_cast<std::int64_t>(v));
  }
  return f.GetFieldAsString(index);
}

// Vertices of a LineString or of a MultiLineString's parts in order (a
// vertex repeated where one part ends and the next starts is kept once).
bool append_vertices(const OGRGeometry& g, std::vector<LonLat>& line) {
  const auto type = wkbFlatten(g.getGeometryType());
  if (type == wkbLineString) {
    const auto& ls = *g.toLineString();
    for (int i = 0; i < ls.getNumPoints(); ++i) {
      const LonLat p{ls.getX(i), ls.getY(i)};
      if (line.empty() || line.back().lon != p.lon || line.back().lat != p.lat) line.push_back(p);
    }
    return true;
  }
  if (type == wkbMultiLineString) {
    for (const auto* part : *g.toMultiLineString()) append_vertices(*part, line);
    return true;
  }
  return false;
}

struct FieldIndexes {
  int id, from, to, divergence, levelpath, velocity, name, length;
};

FieldIndexes resolve_fields(OGRLayer& layer, const ReachSourceOptions& o,
                            const std::string& source) {
  const std::string velocity =
      o.velocity_field.empty() ? first_present(layer, {"velocity_m_s"}) : o.velocity_field;
  const std::string name =
      o.name_field.empty() ? first_present(layer, {"name", "GNIS_NAME"}) : o.name_field;
  if (o.from_node_field.empty() != o.to_node_field.empty()) {
    throw_usage_error("--from-node-field and --to-node-field go together");
  }
  return {field_index(layer, o.id_field, source),
          field_index(layer, o.from_node_field, source),
          field_index(layer, o.to_node_field, source),
          field_index(layer, o.divergence_field, source),
          field_index(layer, o.levelpath_field, source),
          field_index(layer, velocity, source),
          field_index(layer, name, source),
          field_index(layer, o.length_field, source)};
}

class RowReader {
 public:
  RowReader(OGRLayer& layer, const std::string& source, const ReachSourceOptions& options,
            ReachSource& out)
      : fields_(resolve_fields(layer, options, source)), out_(out) {
    const OGRSpatialReference* srs = layer.GetSpatialRef();
    if (layer.GetGeomType() != wkbNone && srs) {
      SpatialReferencePtr source_srs(srs->Clone());
      source_srs->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
      OGRSpatialReference wgs84;
      wgs84.SetWellKnownGeogCS("WGS84");
      wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
      to_wgs84_.reset(OGRCreateCoordinateTransformation(source_srs.get(), &wgs84));
      if (!to_wgs84_) throw_input_error("cannot transform its CRS to WGS 84", {.dataset = source});
    }
    no_crs_ = layer.GetGeomType() != wkbNone && !srs;
  }

  void read(OGRFeature& f) {
    ReachRecord r;
    r.row = f.GetFID();
    r.id = fields_.id >= 0 ? text(f, fields_.id) : std::to_string(r.row);
    bad_.clear();
    r.from_node = whole(checked(f, fields_.from, "from node"));
    r.to_node = whole(checked(f, fields_.to, "to node"));
    if (auto d = whole(checked(f, fields_.divergence, "divergence")))
      r.divergence = static_cast<int>(*d);
    r.velocity_m_s = checked(f, fields_.velocity, "velocity");
    r.length_m = checked(f, fields_.length, "length");
    r.levelpath_id = text(f, fields_.levelpath);
    r.name = text(f, fields_.name);
    read_line(f, r);
    if (!bad_.empty()) out_.problems.push_back({r.id, r.row, bad_, false});
    out_.records.push_back(std::move(r));
  }

 private:
  std::optional<double> checked(OGRFeature& f, int index, const char* what) {
    bool bad = false;
    auto value = number(f, index, bad);
    if (bad)
      note(std::string("unreadable ") + what + " '" + f.GetFieldAsString(index) + "' ignored");
    return value;
  }

  void note(const std::string& what) { bad_ += (bad_.empty() ? "" : "; ") + what; }

  void read_line(OGRFeature& f, ReachRecord& r) {
    const OGRGeometry* g = f.GetGeometryRef();
    if (!g || g->IsEmpty()) return;
    if (no_crs_)
      throw_input_error("the layer has geometries but no CRS", {.dataset = out_.description});
    GeometryPtr copy(g->clone());
    if (copy->transform(to_wgs84_.get()) != OGRERR_NONE) {
      note("geometry cannot be transformed to WGS 84; treated as missing");
    } else if (!append_vertices(*copy, r.line)) {
      note(std::string("geometry is a ") + g->getGeometryName() +
           ", not a line; treated as missing");
      r.line.clear();
    }
  }

  FieldIndexes fields_;
  ReachSource& out_;
  CoordinateTransformationPtr to_wgs84_;
  bool no_crs_ = false;
  std::string bad_;
};

}  // namespace

ReachSource read_reaches(const std::string& source, const ReachSourceOptions& options) {
  StepScope step("hydro read");
  DatasetPtr dataset = open_dataset(source, GDAL_OF_VECTOR);
  OGRLayer& layer = choose_layer(*dataset, source, options.layer);
  ReachSource out;
  out.description = source + ", layer " + layer.GetName();
  if (!options.where.empty() && layer.SetAttributeFilter(options.where.c_str()) != OGRERR_NONE) {
    throw_usage_error("--where '" + options.where + "' is not a valid filter on " +
                      out.description + ": " + take_last_gdal_error());
  }
  RowReader reader(layer, source, options, out);
  const GIntBig total = layer.GetFeatureCount(FALSE);
  Progress progress(total > 0 ? static_cast<std::uint64_t>(total) : 0);
  layer.ResetReading();
  for (FeaturePtr f(layer.GetNextFeature()); f; f.reset(layer.GetNextFeature())) {
    reader.read(*f);
    progress.advance();
  }
  progress.done();
  return out;
}

}  // namespace envgrid::gis::hydro

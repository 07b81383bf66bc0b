#include "import_location.hpp"

#include <array>
#include <cmath>
#include <cstdio>

#include "envgrid/gis/geos_handles.hpp"

namespace envgrid::gis::detail {

namespace {

std::string format_number(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.6g", value);
  return buffer;
}

std::string type_name(const OGRGeometry& geometry) {
  return OGRToOGCGeomType(geometry.getGeometryType());
}

// The part of a single-part multi-geometry, or null.
GeometryPtr single_part(GeometryPtr geometry) {
  auto* collection = geometry->toGeometryCollection();
  if (collection->getNumGeometries() != 1) return nullptr;
  return GeometryPtr(collection->getGeometryRef(0)->clone());
}

}  // namespace

bool AreaOfUse::contains(double lon, double lat) const {
  if (!std::isfinite(lon) || !std::isfinite(lat) || lat < south || lat > north) return false;
  return west <= east ? (lon >= west && lon <= east) : (lon >= west || lon <= east);
}

std::string AreaOfUse::describe() const {
  return name + ": " + format_number(west) + ".." + format_number(east) + " E, " +
         format_number(south) + ".." + format_number(north) + " N";
}

std::optional<AreaOfUse> area_of_use(const Crs& crs) {
  if (crs.kind() != Crs::Kind::proj) return std::nullopt;
  const SpatialReferencePtr srs = crs.to_ogr();
  AreaOfUse area;
  const char* name = nullptr;
  if (!srs || !srs->GetAreaOfUse(&area.west, &area.south, &area.east, &area.north, &name)) {
    return std::nullopt;
  }
  // PROJ reports -1000 for an unknown bound.
  if (area.west < -180 || area.south < -90 || area.east > 180 || area.north > 90)
    return std::nullopt;
  area.name = name ? name : crs.name();
  return area;
}

LocationBuilder::LocationBuilder(const Crs& source, const Crs& store, OGRwkbGeometryType layer_type,
                                 RepairPolicy policy)
    : store_crs_(store),
      layer_type_(layer_type),
      policy_(policy),
      to_store_(source, store),
      area_(area_of_use(store)) {
  if (area_ && !store.is_geographic()) store_to_lonlat_.emplace(store, Crs::wgs84());
}

std::string LocationBuilder::outside_area(const OGRGeometry& geometry) const {
  if (!area_) return {};
  OGREnvelope envelope;
  geometry.getEnvelope(&envelope);
  std::array<std::pair<double, double>, 4> corners{{{envelope.MinX, envelope.MinY},
                                                    {envelope.MaxX, envelope.MaxY},
                                                    {envelope.MinX, envelope.MaxY},
                                                    {envelope.MaxX, envelope.MinY}}};
  for (auto& [x, y] : corners) {
    if (store_to_lonlat_ && !store_to_lonlat_->transform(x, y)) {
      return "cannot place it on the globe";
    }
    if (!area_->contains(x, y)) {
      return "(" + format_number(x) + ", " + format_number(y) + ") is outside the area of use of " +
             store_crs_.name() + " (" + area_->describe() + ")";
    }
  }
  return {};
}

GeometryPtr LocationBuilder::point(double x, double y, std::string& reason) const {
  const double source_x = x, source_y = y;
  if (!to_store_.transform(x, y)) {
    reason = "cannot transform (" + format_number(source_x) + ", " + format_number(source_y) +
             ") into " + store_crs_.name();
    return nullptr;
  }
  GeometryPtr point(new OGRPoint(x, y));
  reason = outside_area(*point);
  return reason.empty() ? std::move(point) : nullptr;
}

GeometryPtr LocationBuilder::repair(GeometryPtr geometry, std::string& reason,
                                    std::string& repair_note) const {
  GeosContext& geos = thread_geos_context();
  GeosGeometryPtr input = geos_take(geos, geometry->exportToGEOS(geos.get()));
  if (!input) {
    reason = "GEOS cannot read the geometry";
    return nullptr;
  }
  RepairResult result = repair_geometry(geos, input.get(), policy_);
  if (result.outcome == RepairOutcome::rejected) {
    reason = result.reason;  // names the defect and the areas
    return nullptr;
  }
  if (result.outcome == RepairOutcome::valid) return geometry;
  repair_note = "invalid geometry (" + result.defect + ") repaired by " + result.method +
                ", area " + format_number(result.area_before) + " -> " +
                format_number(result.area_after) + " (CRS units squared)";
  return GeometryPtr(OGRGeometryFactory::createFromGEOS(geos.get(), result.geometry.get()));
}

GeometryPtr LocationBuilder::geometry(const std::vector<unsigned char>& wkb, std::string& reason,
                                      std::string& repair_note) const {
  OGRGeometry* raw = nullptr;
  if (OGRGeometryFactory::createFromWkb(wkb.data(), nullptr, &raw, wkb.size()) != OGRERR_NONE ||
      !raw) {
    reason = "unreadable geometry";
    return nullptr;
  }
  GeometryPtr geometry(raw);
  geometry->flattenTo2D();
  if (!to_store_.transform(*geometry)) {
    reason = "cannot transform the geometry into " + store_crs_.name();
    return nullptr;
  }
  if (wkbFlatten(geometry->getGeometryType()) != wkbPoint) {
    geometry = repair(std::move(geometry), reason, repair_note);
    if (!geometry) return nullptr;
  }
  geometry = to_layer_type(std::move(geometry), layer_type_, reason);
  if (!geometry) return nullptr;
  reason = outside_area(*geometry);
  return reason.empty() ? std::move(geometry) : nullptr;
}

GeometryPtr to_layer_type(GeometryPtr geometry, OGRwkbGeometryType layer_type,
                          std::string& reason) {
  const OGRwkbGeometryType type = wkbFlatten(geometry->getGeometryType());
  if (type == layer_type) return geometry;
  const std::string got = type_name(*geometry);
  auto multi_of = [](OGRwkbGeometryType single) {
    switch (single) {
      case wkbPoint:
        return wkbMultiPoint;
      case wkbLineString:
        return wkbMultiLineString;
      case wkbPolygon:
        return wkbMultiPolygon;
      default:
        return wkbUnknown;  // not a single-part type
    }
  };
  GeometryPtr converted;
  if (type == multi_of(layer_type)) {
    converted = single_part(std::move(geometry));
    if (!converted) reason = "a " + got + " of several parts where the layer holds single parts";
    return converted;
  }
  if (layer_type == multi_of(type)) {
    return GeometryPtr(OGRGeometryFactory::forceTo(geometry.release(), layer_type));
  }
  reason = "a " + got + " where the layer holds " + OGRGeometryTypeToName(layer_type);
  return nullptr;
}

}  // namespace envgrid::gis::detail

#pragma once
// RAII owners of GDAL/OGR C handles. Nothing else in envgrid calls
// GDALClose, OGRFeature::DestroyFeature or OGRGeometryFactory::destroyGeometry.

#include <gdal_priv.h>
#include <ogr_feature.h>
#include <ogr_geometry.h>
#include <ogrsf_frmts.h>

#include <memory>
#include <string>

namespace envgrid::gis {

using DatasetPtr = GDALDatasetUniquePtr;
using FeaturePtr = OGRFeatureUniquePtr;

struct GeometryDeleter {
  void operator()(OGRGeometry* g) const noexcept { OGRGeometryFactory::destroyGeometry(g); }
};
using GeometryPtr = std::unique_ptr<OGRGeometry, GeometryDeleter>;

struct SpatialReferenceDeleter {
  void operator()(OGRSpatialReference* s) const noexcept {
    if (s) s->Release();
  }
};
using SpatialReferencePtr = std::unique_ptr<OGRSpatialReference, SpatialReferenceDeleter>;

struct CoordinateTransformationDeleter {
  void operator()(OGRCoordinateTransformation* t) const noexcept {
    OGRCoordinateTransformation::DestroyCT(t);
  }
};
using CoordinateTransformationPtr =
    std::unique_ptr<OGRCoordinateTransformation, CoordinateTransformationDeleter>;

// Opens a dataset or throws envgrid::Error naming it and GDAL's reason.
// flags: GDAL_OF_VECTOR / GDAL_OF_RASTER / GDAL_OF_UPDATE ...
[[nodiscard]] DatasetPtr open_dataset(const std::string& name, unsigned flags,
                                      const char* const* open_options = nullptr);

// Wraps a geometry parsed from WKT (EPSG-less); throws on bad WKT.
[[nodiscard]] GeometryPtr geometry_from_wkt(const std::string& wkt);
[[nodiscard]] std::string geometry_to_wkt(const OGRGeometry& geometry);

}  // namespace envgrid::gis

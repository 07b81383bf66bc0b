#pragma once
// read_layer's column-oriented path: GDAL's Arrow stream (RFC 86) instead of
// one OGRFeature a row, for layers whose driver has a fast implementation
// of it (GeoPackage: the rows are read in batches by a worker thread, the
// geometries handed over as WKB without an OGRGeometry each; 10^6 store
// enterprises in 0.3 s of CPU instead of 0.7-1.2 s). It fills the
// FeatureTable exactly as the feature loop would (same rows, ids, values,
// WKB and problems); tests/gis/vector_columns_test.cpp compares them.

#include <cstdint>
#include <functional>
#include <span>

#include "envgrid/gis/vector_io.hpp"

namespace envgrid::gis::detail {

// True when the layer can be read this way: a fast Arrow stream, one
// geometry field (points become the table's xs/ys, others WKB), and
// only fields whose Arrow values map one to one on FieldValue (integers,
// 64-bit integers, reals and strings without a subtype) among the table's
// columns (column_fields: their layer field indexes) and the id field (not a
// real; id_index < 0 for the FID).
[[nodiscard]] bool can_read_arrow_columns(OGRLayer& layer, std::span<const int> column_fields,
                                          int id_index);

// Appends every row of the layer to table (whose attributes are already
// named and typed, one per layer field). False, with nothing read, when the
// stream's columns are not of the expected Arrow types. Throws Error(input)
// when the stream fails.
[[nodiscard]] bool read_arrow_columns(
    OGRLayer& layer, int id_index,
    const std::function<void(std::uint64_t, std::uint64_t)>& on_progress, std::uint64_t total,
    FeatureTable& table);

}  // namespace envgrid::gis::detail

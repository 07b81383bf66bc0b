#pragma once
// Loading any vector source GDAL reads into one layer of the project store
// (`envgrid import`), converting coordinates into the store CRS. Rows that
// cannot be loaded are reported with their row number and reason; the
// others load. One import is one transaction: a failure or a kill midway
// leaves the store as it was before.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "envgrid/gis/crs.hpp"
#include "envgrid/gis/geometry_repair.hpp"
#include "envgrid/gis/store.hpp"

namespace envgrid::gis {

struct ImportOptions {
  std::string layer;                   // REQUIRES: a store layer name (store_schema())
  std::string source_layer;            // DEFAULT: the source's first layer
  std::optional<Crs> source_crs;       // DEFAULT: the source's declaration, else WGS 84
  std::string crs_option;              // the option giving source_crs, named in messages
  std::optional<std::string> x_field;  // DEFAULT: detected lon/lat, x/y ... columns
  std::optional<std::string> y_field;
  // The source field holding the layer's id (e.g. enterprise_id).
  // DEFAULT: the source field named like the layer's id field (any case).
  std::optional<std::string> id_field;
  std::string where;  // OGR SQL WHERE on the source
  RepairPolicy repair;
};

// A row that was rejected, or repaired and loaded.
struct RowNote {
  std::int64_t row = 0;  // 1-based CSV data row, or the source FID
  std::string where;     // "source, layer L, row R (id I)"
  std::string reason;    // why it was rejected / how it was repaired
};

struct ImportReport {
  std::uint64_t rows_read = 0;
  std::uint64_t loaded = 0;
  std::vector<RowNote> rejected;
  std::vector<RowNote> repaired;  // invalid geometries repaired under the policy, then loaded
  std::vector<std::string> copied_fields;   // store fields filled from the source
  std::vector<std::string> ignored_fields;  // source fields with no store field
};

// Throws Error(usage) for an unknown layer or a source whose geometry kind
// does not fit the layer, Error(input) when the source cannot be read,
// Error(output) when the store cannot be written (then nothing is loaded).
[[nodiscard]] ImportReport import_into_store(Store& store, const std::string& source,
                                             const ImportOptions& options);

}  // namespace envgrid::gis

#pragma once
// read_layer's direct path for CSV files with coordinate columns: the file
// is mapped and its rows split and parsed by envgrid on every core instead
// of one OGRFeature a row (about ten times faster on 10^6 rows). GDAL still
// opens the file and decides the header, the fields and their types; the
// direct path only reads the rows, and only in files where it reads them
// exactly as GDAL's CSV driver does (same rows, FIDs, values and problems;
// tests/gis/vector_reader_csv_test.cpp compares the two). Anything unusual
// (a .csvt with other types than String, quotes in the header, a backslash
// before a quote, control bytes, a lone CR, an unclosed quote, a record over
// 1 MB) leaves the file to GDAL.
// ENVGRID_DIRECT_CSV=NO (environment or GDAL config option) turns it off.

#include <span>

#include "envgrid/gis/vector_io.hpp"

namespace envgrid::gis::detail {

struct CsvColumns {
  int x_index = -1;  // layer field indexes of the coordinates
  int y_index = -1;
  int id_index = -1;                   // < 0: the row number (the FID)
  std::span<const int> column_fields;  // the layer field of each attribute of the table
};

// Appends every row of a CSV layer (opened by GDAL, nothing read from it
// yet) to table, whose attributes are already named and typed. False, with
// nothing read, when the file is not one this path reads exactly as GDAL.
[[nodiscard]] bool read_csv_points(GDALDataset& dataset, OGRLayer& layer, const CsvColumns& columns,
                                   FeatureTable& table);

}  // namespace envgrid::gis::detail

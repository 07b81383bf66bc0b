#pragma once
// Direct CSV output: the bytes VectorWriter writes through GDAL's CSV driver
// for a point layer (GEOMETRY=AS_XY: X and Y columns first, then the
// fields), formatted by envgrid so that rows can be formatted on every core
// and written in large blocks. The field rules are GDAL's: strings quoted
// when they hold a comma, semicolon, tab, quote or line break, or look like
// a number (CPLGetValueType); reals as "%.15g"; coordinates as
// OGRMakeWktCoordinate writes them. tests/gis/csv_output_test.cpp compares
// every rule with GDAL's output.
// ENVGRID_DIRECT_CSV=NO (environment or GDAL config option) turns it off.

#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "envgrid/gis/atomic_file.hpp"

namespace envgrid::gis {

// True when path (with format, as VectorWriter takes them) is a local *.csv
// file the direct writer writes exactly as GDAL would.
[[nodiscard]] bool writes_csv_directly(const std::string& path, const std::string& format);

// Appending one value of a row to out, as GDAL's CSV driver writes it.
namespace csv_field {
// "X,Y", or "," when there is no point (x or y not finite).
void point(std::string& out, double x, double y);
void text(std::string& out, std::string_view value);  // a null is written as ""
void real(std::string& out, double value);            // not finite: written as null
}  // namespace csv_field

// A CSV file written through the one atomic writer (AtomicFile: a temporary
// beside the target, every write checked, fsync and rename by finish()), in
// blocks of 1 MiB; without finish() the temporary file is removed.
class CsvFile {
 public:
  // nullptr when the file cannot be created (VectorWriter then names GDAL's reason).
  [[nodiscard]] static std::unique_ptr<CsvFile> create(const std::string& path);
  ~CsvFile();
  CsvFile(const CsvFile&) = delete;
  CsvFile& operator=(const CsvFile&) = delete;

  // The header of a point layer: X, Y, then the field names.
  void write_point_header(std::span<const std::string> field_names);
  void write(std::string_view bytes);  // whole rows, each ending in "\n"
  void finish();

 private:
  explicit CsvFile(std::unique_ptr<AtomicFile> file);
  std::unique_ptr<AtomicFile> file_;
  std::string buffer_;
};

}  // namespace envgrid::gis

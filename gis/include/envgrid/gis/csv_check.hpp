#pragma once
// The CSV rules every reader of a .csv follows, in one place (GDAL's CSV
// driver reads the rows; a faster reader must call this too, so both say the
// same). A file is read once, bounded, before its rows are used:
// - refused as a whole (Error(input), naming the file and the row) when it is
//   not UTF-8 text (a GBK export), holds a NUL byte (binary data, UTF-16), a
//   quote that never closes (every later row would vanish into one field), or
//   a row longer than GDAL reads (max_csv_row_bytes: the rows after it would
//   be silently dropped);
// - a row with more fields than the header is returned as a problem, so the
//   caller rejects and reports that row and reads the others.
// A UTF-8 byte-order mark and CRLF line ends are read as usual.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace envgrid::gis {

// GDAL's OGR_CSV_MAX_LINE_SIZE default: a longer row ends GDAL's reading of the file.
inline constexpr std::size_t max_csv_row_bytes = 10'000'000;

struct CsvRowProblem {
  std::int64_t row = 0;  // 1-based data row, as GDAL numbers features (its FID)
  std::string what;
};

struct CsvCheck {
  std::int64_t rows = 0;  // data rows (blank lines not counted)
  std::vector<CsvRowProblem> problems;
};

[[nodiscard]] CsvCheck check_csv_file(const std::string& path);

}  // namespace envgrid::gis

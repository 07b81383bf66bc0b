#pragma once
// A buffered CSV writer for the generator's tables. Written directly rather
// than through GDAL's CSV driver because at benchmark sizes (10^7 rows) the
// per-feature OGR overhead dominates; the files are plain RFC 4180 CSV with a
// header line, and a GDAL .csvt sidecar gives GDAL the column types (dates
// stay String there: GDAL would re-format a Date column as 2025/06/18).

#include <cstdint>
#include <fstream>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace envgrid::synth::detail {

struct CsvColumn {
  std::string name;
  std::string gdal_type;  // for the .csvt: String, Integer, Real, Date, DateTime
};

class CsvWriter {
 public:
  // Replaces path (and path's .csvt); throws Error(output) naming it.
  CsvWriter(std::string path, const std::vector<CsvColumn>& columns);
  ~CsvWriter();
  CsvWriter(const CsvWriter&) = delete;
  CsvWriter& operator=(const CsvWriter&) = delete;

  CsvWriter& text(std::string_view value);  // quoted when it holds , " or a line break
  CsvWriter& integer(std::int64_t value);
  CsvWriter& real(double value, int decimals);
  void end_row();
  [[nodiscard]] std::uint64_t rows() const { return rows_; }
  // Flushes and closes; throws Error(output) when the disk refused a write.
  void finish();

 private:
  void separator();
  std::string path_;
  std::unique_ptr<char[]> buffer_;
  std::ofstream out_;
  bool first_in_row_ = true;
  std::uint64_t rows_ = 0;
};

// "12.3456789" with exactly `decimals` digits, independent of the locale.
[[nodiscard]] std::string format_fixed(double value, int decimals);

}  // namespace envgrid::synth::detail

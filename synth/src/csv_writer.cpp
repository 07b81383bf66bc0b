#include "csv_writer.hpp"

#include <charconv>
#include <cmath>

#include "envgrid/gis/error.hpp"

namespace envgrid::synth::detail {

namespace {

constexpr std::size_t buffer_bytes = 1 << 20;

void write_csvt(const std::string& csv_path, const std::vector<CsvColumn>& columns) {
  const std::string path = csv_path + "t";  // "x.csv" -> "x.csvt", as GDAL looks for it
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  for (std::size_t i = 0; i < columns.size(); ++i) {
    out << (i ? "," : "") << '"' << columns[i].gdal_type << '"';
  }
  out << "\n";
  if (!out) gis::throw_output_error("cannot write", {.step = "synth", .dataset = path});
}

}  // namespace

std::string format_fixed(double value, int decimals) {
  char text[64];
  if (value == 0) value = 0;  // no "-0.000"
  const auto result =
      std::to_chars(text, text + sizeof text, value, std::chars_format::fixed, decimals);
  return std::string(text, result.ptr);
}

CsvWriter::CsvWriter(std::string path, const std::vector<CsvColumn>& columns)
    : path_(std::move(path)), buffer_(new char[buffer_bytes]) {
  out_.rdbuf()->pubsetbuf(buffer_.get(), buffer_bytes);
  out_.open(path_, std::ios::binary | std::ios::trunc);
  if (!out_) gis::throw_output_error("cannot create", {.step = "synth", .dataset = path_});
  for (const auto& column : columns) text(column.name);
  out_ << '\n';
  first_in_row_ = true;
  write_csvt(path_, columns);
}

CsvWriter::~CsvWriter() = default;

void CsvWriter::separator() {
  if (!first_in_row_) out_ << ',';
  first_in_row_ = false;
}

CsvWriter& CsvWriter::text(std::string_view value) {
  separator();
  if (value.find_first_of(",\"\r\n") == std::string_view::npos) {
    out_ << value;
    return *this;
  }
  out_ << '"';
  for (char c : value) {
    if (c == '"') out_ << '"';
    out_ << c;
  }
  out_ << '"';
  return *this;
}

CsvWriter& CsvWriter::integer(std::int64_t value) {
  separator();
  char text[24];
  const auto result = std::to_chars(text, text + sizeof text, value);
  out_.write(text, result.ptr - text);
  return *this;
}

CsvWriter& CsvWriter::real(double value, int decimals) {
  separator();
  out_ << format_fixed(value, decimals);
  return *this;
}

void CsvWriter::end_row() {
  out_ << '\n';
  first_in_row_ = true;
  ++rows_;
}

void CsvWriter::finish() {
  out_.flush();
  out_.close();
  if (out_.fail()) {
    gis::throw_output_error("cannot write (disk full?)", {.step = "synth", .dataset = path_});
  }
}

}  // namespace envgrid::synth::detail

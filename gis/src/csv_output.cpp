// Direct CSV output (see csv_output.hpp).

#include "envgrid/gis/csv_output.hpp"
#include "envgrid/gis/text.hpp"

#include <cpl_conv.h>
#include <cpl_string.h>
#include <ogr_p.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <filesystem>

#include "envgrid/gis/atomic_file.hpp"
#include "envgrid/gis/error.hpp"
#include "envgrid/gis/log.hpp"
#include "envgrid/gis/vector_io.hpp"

namespace envgrid::gis {

namespace {

constexpr std::size_t kFileBuffer = 1 << 20;

// As "%.15g" (GDAL's real fields; its coordinates from 1 to 10^15).
void append_general(std::string& out, double value) {
  char buffer[32];
  const auto result =
      std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::general, 15);
  out.append(buffer, result.ptr);
}

// OGRMakeWktCoordinate writes two integers as integers, one integer beside
// a fraction with ".0", and values under 1 in fixed notation with its own
// rounding: those few go through GDAL itself.
bool formatted_like_general(double value) {
  const double magnitude = std::abs(value);
  return magnitude >= 1 && magnitude < 1e15 && value != std::trunc(value);
}

}  // namespace

bool writes_csv_directly(const std::string& path, const std::string& format) {
  if (!CPLTestBool(CPLGetConfigOption("ENVGRID_DIRECT_CSV", "YES"))) return false;
  if (CPLGetConfigOption("OGR_WKT_PRECISION", nullptr) ||
      CPLGetConfigOption("OGR_WKT_ROUND", nullptr)) {
    return false;  // GDAL would write coordinates otherwise
  }
  if (path.rfind("/vsi", 0) == 0) return false;
  if (ascii_lower(std::filesystem::path(path).extension().string()) != ".csv") return false;
  return output_driver(path, format) == "CSV";
}

namespace csv_field {

void point(std::string& out, double x, double y) {
  if (!std::isfinite(x) || !std::isfinite(y)) {
    out += ',';
    return;
  }
  if (formatted_like_general(x) && formatted_like_general(y)) {
    append_general(out, x);
    out += ',';
    append_general(out, y);
    return;
  }
  char buffer[80] = {};
  OGRMakeWktCoordinate(buffer, x, y, 0, 2);
  std::replace(buffer, buffer + std::strlen(buffer), ' ', ',');
  out += buffer;
}

void text(std::string& out, std::string_view value) {
  if (value.empty()) return;
  const std::string owned(value);  // GDAL's rules take NUL-terminated strings
  const bool looks_numeric = CPLGetValueType(owned.c_str()) != CPL_VALUE_STRING;
  if (!looks_numeric && value.find_first_of("\",;\t\n\r") == std::string_view::npos) {
    out += value;
    return;
  }
  char* escaped =
      CPLEscapeString(owned.c_str(), -1, looks_numeric ? CPLES_CSV_FORCE_QUOTING : CPLES_CSV);
  out += escaped;
  CPLFree(escaped);
}

void real(std::string& out, double value) {
  if (std::isfinite(value)) append_general(out, value);
}

}  // namespace csv_field

std::unique_ptr<CsvFile> CsvFile::create(const std::string& path) {
  const std::string partial = temporary_path_beside(path);
  std::error_code ignored;
  std::filesystem::remove(partial, ignored);
  std::FILE* file = std::fopen(partial.c_str(), "wb");
  if (!file) return nullptr;
  return std::unique_ptr<CsvFile>(new CsvFile(path, partial, file));
}

CsvFile::CsvFile(std::string path, std::string partial, std::FILE* file)
    : path_(std::move(path)), partial_(std::move(partial)), file_(file) {
  std::setvbuf(file_, nullptr, _IOFBF, kFileBuffer);
}

CsvFile::~CsvFile() {
  if (!file_) return;
  std::fclose(file_);
  std::error_code ignored;
  std::filesystem::remove(partial_, ignored);
}

void CsvFile::write_point_header(std::span<const std::string> field_names) {
  std::string header = "X,Y";
  for (const auto& name : field_names) {
    header += ',';
    char* escaped = CPLEscapeString(name.c_str(), -1, CPLES_CSV);
    header += escaped;
    CPLFree(escaped);
  }
  header += '\n';
  write(header);
}

void CsvFile::write(std::string_view bytes) {
  if (std::fwrite(bytes.data(), 1, bytes.size(), file_) != bytes.size()) {
    throw_output_error("cannot write: " + std::string(std::strerror(errno)),
                       {.step = current_step(), .dataset = path_});
  }
}

void CsvFile::finish() {
  const bool failed = std::fflush(file_) != 0 || std::ferror(file_);
  const int error = errno;
  const bool close_failed = std::fclose(file_) != 0;
  file_ = nullptr;
  if (failed || close_failed) {
    std::error_code ignored;
    std::filesystem::remove(partial_, ignored);
    throw_output_error("cannot close: " + std::string(std::strerror(error)),
                       {.step = current_step(), .dataset = path_});
  }
  commit_file(partial_, path_);
}

}  // namespace envgrid::gis

// Direct CSV output (see csv_output.hpp).

#include "envgrid/gis/csv_output.hpp"
#include "envgrid/gis/text.hpp"

#include <cpl_conv.h>
#include <cpl_string.h>
#include <ogr_p.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <memory>

#include "envgrid/gis/atomic_file.hpp"
#include "envgrid/gis/error.hpp"
#include "envgrid/gis/log.hpp"
#include "envgrid/gis/vector_io.hpp"

namespace envgrid::gis {

namespace {

constexpr std::size_t file_buffer = 1 << 20;

// Significant digits of a number written in fixed notation.
std::size_t significant_digits(const char* begin, const char* end) {
  std::size_t digits = 0;
  bool leading = true;
  for (const char* c = begin; c != end; ++c) {
    if (*c < '0' || *c > '9') continue;
    leading = leading && *c == '0';
    digits += leading ? 0 : 1;
  }
  return digits;
}

// As "%.15g" (GDAL's real fields; its coordinates from 1 to 10^15). The
// shortest round-trip digits are the same text whenever there are at most 15
// of them and "%g" would not switch to an exponent (10^-4 <= |v| < 10^15): a
// double's exact value lies within half an ulp of its shortest digits, less
// than half a unit of the 15th digit, so rounding to 15 digits gives them
// back. The shortest form is several times faster than a fixed precision.
void append_general(std::string& out, double value) {
  char buffer[48];
  const double magnitude = std::abs(value);
  if (magnitude >= 1e-4 && magnitude < 1e15) {
    const auto shortest =
        std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed);
    if (shortest.ec == std::errc() && significant_digits(buffer, shortest.ptr) <= 15) {
      out.append(buffer, shortest.ptr);
      return;
    }
  }
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
  try {
    return std::unique_ptr<CsvFile>(new CsvFile(std::make_unique<AtomicFile>(path)));
  } catch (const Error&) {
    return nullptr;  // VectorWriter names the reason
  }
}

CsvFile::CsvFile(std::unique_ptr<AtomicFile> file) : file_(std::move(file)) {
  buffer_.reserve(file_buffer);
}

CsvFile::~CsvFile() = default;  // AtomicFile removes the temporary unless committed

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
  if (buffer_.size() + bytes.size() > file_buffer) {
    file_->write(buffer_);
    buffer_.clear();
  }
  if (bytes.size() >= file_buffer) {
    file_->write(bytes);
  } else {
    buffer_.append(bytes);
  }
}

void CsvFile::finish() {
  file_->write(buffer_);
  buffer_.clear();
  file_->commit();
}

}  // namespace envgrid::gis

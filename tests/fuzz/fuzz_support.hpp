#pragma once
// Shared by the fuzz harnesses (tests/fuzz/*_fuzz.cpp). A harness may let
// envgrid::gis::Error out of the code under test (that is the documented way
// to refuse bad input) but nothing else: any other exception, a crash, a
// sanitizer report or a hang is a finding.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "envgrid/gis/error.hpp"

namespace envgrid::fuzz {

inline std::string as_text(const std::uint8_t* data, std::size_t size) {
  return std::string(reinterpret_cast<const char*>(data), size);
}

// Runs `body`, swallowing envgrid's own errors (clean refusals of bad input).
template <typename Body>
void refusing_cleanly(Body&& body) {
  try {
    body();
  } catch (const gis::Error&) {
  }
}

// Splits text at `separator`; keeps empty parts.
std::vector<std::string> split(std::string_view text, char separator);

// Sets log levels so that the fuzzers do not drown in warnings; call once.
void quiet_logging();

// A file holding `bytes` while in scope: in GDAL's memory file system
// (/vsimem/, for sources read through GDAL) or on disk in the temporary
// directory (for libraries that open paths themselves, like exiv2).
class TemporaryFile {
 public:
  enum class Where { gdal_memory, disk };
  TemporaryFile(Where where, const std::string& suffix, std::string_view bytes);
  ~TemporaryFile();
  TemporaryFile(const TemporaryFile&) = delete;
  TemporaryFile& operator=(const TemporaryFile&) = delete;
  [[nodiscard]] const std::string& path() const { return path_; }

 private:
  Where where_;
  std::string path_;
};

}  // namespace envgrid::fuzz

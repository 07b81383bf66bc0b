#include "fuzz_support.hpp"

#include <cpl_vsi.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "envgrid/gis/log.hpp"

namespace envgrid::fuzz {

std::vector<std::string> split(std::string_view text, char separator) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    const std::size_t end = text.find(separator, start);
    parts.emplace_back(text.substr(start, end == std::string_view::npos ? end : end - start));
    if (end == std::string_view::npos) return parts;
    start = end + 1;
  }
}

void quiet_logging() {
  static const bool done = [] {
    gis::set_log_level(gis::LogLevel::error);
    gis::initialize_gdal();
    return true;
  }();
  (void)done;
}

namespace {
std::atomic<unsigned> file_counter{0};

std::string unique_name(const std::string& prefix, const std::string& suffix) {
  return prefix + "envgrid_fuzz_" + std::to_string(::getpid()) + "_" +
         std::to_string(file_counter++) + suffix;
}
}  // namespace

TemporaryFile::TemporaryFile(Where where, const std::string& suffix, std::string_view bytes)
    : where_(where),
      path_(unique_name(where == Where::gdal_memory
                            ? std::string("/vsimem/")
                            : std::filesystem::temp_directory_path().string() + "/",
                        suffix)) {
  if (where_ == Where::gdal_memory) {
    auto* buffer = static_cast<GByte*>(VSIMalloc(bytes.size() + 1));
    std::memcpy(buffer, bytes.data(), bytes.size());
    VSIFCloseL(VSIFileFromMemBuffer(path_.c_str(), buffer, bytes.size(), /*take_ownership=*/TRUE));
  } else {
    std::ofstream out(path_, std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  }
}

TemporaryFile::~TemporaryFile() {
  if (where_ == Where::gdal_memory)
    VSIUnlink(path_.c_str());
  else
    std::remove(path_.c_str());
}

}  // namespace envgrid::fuzz

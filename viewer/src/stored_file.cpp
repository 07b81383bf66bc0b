#include "stored_file.hpp"

#include <filesystem>
#include <fstream>
#include <iterator>

namespace envgrid::viewer::detail {

namespace {

std::optional<std::string> read_signed_file(const std::string& path, std::size_t max_bytes,
                                            const std::string& signature) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return std::nullopt;
  const auto size = std::filesystem::file_size(path, ec);
  if (ec || size > max_bytes || size < signature.size()) return std::nullopt;
  std::ifstream file(path, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  if (!file.good() && !file.eof()) return std::nullopt;
  if (bytes.compare(0, signature.size(), signature) != 0) return std::nullopt;
  return bytes;
}

}  // namespace

std::optional<std::string> read_png_file(const std::string& path, std::size_t max_bytes) {
  return read_signed_file(path, max_bytes, "\x89PNG\r\n\x1a\n");
}

std::optional<std::string> read_jpeg_file(const std::string& path, std::size_t max_bytes) {
  return read_signed_file(path, max_bytes, "\xFF\xD8\xFF");
}

}  // namespace envgrid::viewer::detail

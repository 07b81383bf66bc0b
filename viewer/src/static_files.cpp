#include "static_files.hpp"

#include <fstream>
#include <sstream>

namespace envgrid::viewer::detail {

namespace {

std::string content_type_of(const std::filesystem::path& file) {
  static const std::map<std::string, std::string> types{{".html", "text/html; charset=utf-8"},
                                                        {".js", "text/javascript; charset=utf-8"},
                                                        {".mjs", "text/javascript; charset=utf-8"},
                                                        {".css", "text/css; charset=utf-8"},
                                                        {".json", "application/json"},
                                                        {".svg", "image/svg+xml"},
                                                        {".png", "image/png"},
                                                        {".jpg", "image/jpeg"},
                                                        {".ico", "image/x-icon"},
                                                        {".map", "application/json"},
                                                        {".woff2", "font/woff2"},
                                                        {".txt", "text/plain; charset=utf-8"}};
  auto it = types.find(file.extension().string());
  return it == types.end() ? "application/octet-stream" : it->second;
}

}  // namespace

StaticFiles::StaticFiles(const std::filesystem::path& root) {
  namespace fs = std::filesystem;
  const fs::path canonical_root = fs::canonical(root);
  for (const auto& entry : fs::recursive_directory_iterator(canonical_root)) {
    if (!entry.is_regular_file()) continue;
    const fs::path file = fs::canonical(entry.path());
    const fs::path relative = file.lexically_relative(canonical_root);
    if (relative.empty() || *relative.begin() == "..") continue;
    std::ifstream in(file, std::ios::binary);
    std::ostringstream content;
    content << in.rdbuf();
    files_["/" + relative.generic_string()] = {content.str(), content_type_of(file)};
  }
}

const StaticFile* StaticFiles::find(const std::string& url_path) const {
  auto it = files_.find(url_path == "/" ? "/index.html" : url_path);
  return it == files_.end() ? nullptr : &it->second;
}

}  // namespace envgrid::viewer::detail

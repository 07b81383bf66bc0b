#pragma once
// The built web app, loaded into memory at startup: a map from URL path
// ("/index.html", "/assets/app-1a2b.js") to content. Requests are answered
// only from this map, so no request path ever reaches the filesystem.

#include <filesystem>
#include <map>
#include <string>

namespace envgrid::viewer::detail {

struct StaticFile {
  std::string content;
  std::string content_type;
};

class StaticFiles {
 public:
  StaticFiles() = default;
  // Loads every regular file under root (symlinks leaving root are skipped).
  explicit StaticFiles(const std::filesystem::path& root);

  // "/" means "/index.html"; nullptr when the map has no such path.
  [[nodiscard]] const StaticFile* find(const std::string& url_path) const;
  [[nodiscard]] std::size_t size() const noexcept { return files_.size(); }

 private:
  std::map<std::string, StaticFile> files_;
};

}  // namespace envgrid::viewer::detail

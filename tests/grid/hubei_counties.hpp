#pragma once
// The 17 files of Hubei's county polygons in ../shared/data/real/admin/hubei
// (13 prefectures' counties under citys/, the 4 county-level units under the
// province under county/), sorted, for the real-data tests.

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

namespace envgrid::test {

inline std::vector<std::string> hubei_county_files(const std::filesystem::path& hubei) {
  std::vector<std::string> files;
  for (const char* folder : {"citys", "county"}) {
    for (const auto& entry : std::filesystem::directory_iterator(hubei / folder)) {
      if (entry.path().extension() == ".json") files.push_back(entry.path().string());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace envgrid::test

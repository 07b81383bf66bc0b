#pragma once
// A project store made as a user makes it: `envgrid init`, `envgrid hydro
// build` from a GeoJSON network, then `envgrid import` of CSV layers.

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "test_support.hpp"

namespace envgrid::test {

// A GeoJSON FeatureCollection of LineStrings with a "rid" property, from
// {id, "lon lat, lon lat, ..."} in flow order.
inline std::string reaches_geojson(const std::vector<std::pair<std::string, std::string>>& lines) {
  std::string features;
  for (const auto& [id, coordinates] : lines) {
    std::string points;
    std::size_t start = 0;
    while (start < coordinates.size()) {
      std::size_t end = coordinates.find(',', start);
      if (end == std::string::npos) end = coordinates.size();
      std::string pair = coordinates.substr(start, end - start);
      const auto first = pair.find_first_not_of(' ');
      pair = pair.substr(first);
      pair.replace(pair.find(' '), 1, ", ");
      points += (points.empty() ? "[" : ", [") + pair + "]";
      start = end + 1;
    }
    features += (features.empty() ? "" : ",\n") +
                std::string(R"({"type": "Feature", "properties": {"rid": ")") + id +
                R"("}, "geometry": {"type": "LineString", "coordinates": [)" + points + "]}}";
  }
  return R"({"type": "FeatureCollection", "features": [)"
         "\n" +
         features + "\n]}";
}

// A main stem r1 -> r2 -> r3 flowing south along 114 E from 30.03 N, 0.01
// degree of latitude each, and a tributary t1 from the east joining at the
// top of r3.
inline std::string main_stem_with_tributary_geojson() {
  return reaches_geojson({{"r1", "114.0 30.03, 114.0 30.02"},
                          {"r2", "114.0 30.02, 114.0 30.01"},
                          {"t1", "114.01 30.01, 114.0 30.01"},
                          {"r3", "114.0 30.01, 114.0 30.0"}});
}

// Makes dir/project.gpkg; layers are {store layer, CSV text}. Returns its path.
inline std::string make_project(const TempDir& dir, const std::string& geojson,
                                const std::vector<std::pair<std::string, std::string>>& layers) {
  const std::string project = dir.file("project.gpkg");
  write_text(dir.file("reaches.geojson"), geojson);
  EXPECT_EQ(run_envgrid({"init", project}).exit_code, 0);
  const auto built = run_envgrid({"hydro", "build", "--reaches", dir.file("reaches.geojson"),
                                  "--id-field", "rid", "-o", project});
  EXPECT_LE(built.exit_code, 1) << built.err;
  for (const auto& [layer, csv] : layers) {
    const std::string source = dir.file(layer + ".csv");
    write_text(source, csv);
    const auto imported = run_envgrid({"import", project, "--layer", layer, source});
    EXPECT_EQ(imported.exit_code, 0) << layer << ": " << imported.err << imported.out;
  }
  return project;
}

}  // namespace envgrid::test

#pragma once
// Every API route of the server's own table (viewer::api_routes()), made
// into concrete request targets for the security tests. A route's
// parameters take sample values from the sample store of viewer_fixture.hpp:
// one object in C1 (gm1's cell) and one in C2. A route with a parameter
// that has no sample here still gets the checks that need no real object
// (401, CSRF, traversal, CSP, reflection) with a made-up value;
// EveryRouteParameterHasASample fails until a sample is added.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "envgrid/viewer/routes.hpp"

namespace envgrid::test {

struct ParameterSample {
  std::string in_own_cell;  // an object in C1, gm1's cell
  std::string elsewhere;    // an object in C2
};

inline const std::map<std::string, ParameterSample>& parameter_samples() {
  static const std::map<std::string, ParameterSample> samples{
      {"flag_id", {"F1", "F3"}},
      {"enterprise_id", {"E1", "E2"}},
      {"layer", {"cells", "cells"}},  // the role table of layers: map_layer_actions()
  };
  return samples;
}

// Parameters of routes whose objects (chips, rasters, traces, patrols) the
// plain sample store does not hold: their role and scope checks are in the
// named tests, on the fixture of published_fixture.hpp or a traced store.
inline const std::map<std::string, std::string>& parameters_tested_elsewhere() {
  static const std::map<std::string, std::string> tests{
      {"view", "PublishedApiTest.ChipsAreServedByFlagAndViewWithinTheUsersCells"},
      {"raster_id", "PublishedApiTest.TilePixelsShowTheOrthomosaicAtTheRightPlace"},
      {"z", "PublishedApiTest.TilesOutOfRangeOrNotByIdAre404"},
      {"x", "PublishedApiTest.TilesOutOfRangeOrNotByIdAre404"},
      {"y_png", "PublishedApiTest.TilesOutOfRangeOrNotByIdAre404"},
      {"trace_id", "TraceApiTest.WhoMayRunAndReadTraces"},
      {"patrol_id", "PublishedApiTest.PatrolsOfMyCellsWithTheirRouteAndGpx"},
      {"task_id", "TaskApiTest.GridManagerActsOnlyOnTheirOwnTasks"},
      {"photo_id", "TaskApiTest.PhotoUploadIsSniffedCappedAndStoredOnce"},
  };
  return tests;
}

// The {name} parameters of a pattern, in order.
inline std::vector<std::string> parameters_of(const std::string& pattern) {
  std::vector<std::string> names;
  for (auto open = pattern.find('{'); open != std::string::npos;
       open = pattern.find('{', open + 1)) {
    names.push_back(pattern.substr(open + 1, pattern.find('}', open) - open - 1));
  }
  return names;
}

// The pattern with every parameter replaced by value (sent as is: the
// caller percent-encodes what needs it).
inline std::string fill_all(const std::string& pattern, const std::string& value) {
  std::string target;
  for (std::size_t at = 0; at < pattern.size();) {
    if (pattern[at] == '{') {
      target += value;
      at = pattern.find('}', at) + 1;
    } else {
      target += pattern[at++];
    }
  }
  return target;
}

// The pattern with each parameter replaced by its sample (in_own_cell or
// elsewhere), or nullopt when a parameter has no sample.
inline std::optional<std::string> fill_samples(const std::string& pattern, bool own_cell) {
  std::string target;
  for (std::size_t at = 0; at < pattern.size();) {
    if (pattern[at] != '{') {
      target += pattern[at++];
      continue;
    }
    const std::size_t close = pattern.find('}', at);
    auto sample = parameter_samples().find(pattern.substr(at + 1, close - at - 1));
    if (sample == parameter_samples().end()) return std::nullopt;
    target += own_cell ? sample->second.in_own_cell : sample->second.elsewhere;
    at = close + 1;
  }
  return target;
}

inline bool is_write(const viewer::RouteInfo& route) {
  return route.method != "GET" && route.method != "HEAD";
}

inline std::string describe(const viewer::RouteInfo& route) {
  return route.method + " " + route.pattern;
}

}  // namespace envgrid::test

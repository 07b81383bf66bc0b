#pragma once
// Fixtures of the monitor suite: a store with an enterprise's outfall, and
// HJ 212 frames written as devices write them.

#include <string>

#include "test_support.hpp"

namespace envgrid::test {

// A new GeoPackage store in dir with cells C1 (county X above it), enterprise
// E1 and its outfall O1 in C1. Returns its path.
[[nodiscard]] std::string make_monitor_store(const TempDir& dir);
// The same in the store at `location` (a GeoPackage path or a PG: string);
// dir holds the CSV files.
void make_monitor_store_at(const std::string& location, const TempDir& dir);

// A frame (CRLF included) of an HJ 212-2017 data packet of MN with CP's body.
[[nodiscard]] std::string hj212_packet(const std::string& mn, const std::string& cn,
                                       const std::string& cp,
                                       const std::string& qn = "20240510130000123", int flag = 5);

// One value of a SELECT on the store, as text ("" when no row).
[[nodiscard]] std::string query_one(const std::string& store, const std::string& sql);

}  // namespace envgrid::test

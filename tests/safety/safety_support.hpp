#pragma once
// What the safety suite checks around every hostile run (docs/error-policy.md,
// "Guarantees"): the store's rows and integrity before and after, a file's
// bytes, and runs that need a shell (standard input from /dev/zero, a file
// size limit standing in for a full disk).

#include <map>
#include <string>

#include "store_backends.hpp"
#include "test_support.hpp"

namespace envgrid::test {

// Rows of every layer of a store (GeoPackage path or "PG:..." location),
// the store schema's tables included.
[[nodiscard]] std::map<std::string, long long> store_row_counts(const std::string& location);

// A store of one 4 km cell C1 (114-114.04 E, 30-30.04 N) with 4 enterprises
// due on 2026-11-02, at location (made with `envgrid init`).
void make_one_cell_store(const std::string& location, const TempDir& dir);

// A new empty store (`envgrid init`) on each backend.
class EmptyStoreTest : public StoreBackendTest {
 protected:
  void SetUp() override {
    StoreBackendTest::SetUp();
    if (IsSkipped()) return;
    const auto made = run_envgrid({"init", location()});
    ASSERT_EQ(made.exit_code, 0) << made.err;
  }
};

// `sh -c script` with ENVGRID set to the envgrid binary; stdout and stderr
// together in out. The script runs under a 1 GB address-space limit (not
// under AddressSanitizer), so an unbounded read fails the test quickly
// instead of filling the machine.
[[nodiscard]] RunResult run_shell(const std::string& script);

// How many times what occurs in text (a message said once, not per row).
[[nodiscard]] int occurrences(const std::string& text, const std::string& what);

// Single-quoted for sh.
[[nodiscard]] std::string shell_quote(const std::string& text);

}  // namespace envgrid::test

#pragma once
// The store of the tasks suite: two cells (C1 managed by wang, C2 by
// nobody), three enterprises (E1 electroplating special and E3 food in C1,
// E2 livestock in C2), E1's outfall O1, a flag marked for a field check (F1,
// at an outlet) and a new one (F2), a trace T1 with three suspects, an open
// alert A1 at O1, and the four demo templates of data/templates.

#include <string>

#include "envgrid/gis/store.hpp"
#include "envgrid/tasks/task_store.hpp"
#include "test_support.hpp"

namespace envgrid::test {

// Fills the store at location (a new GeoPackage path or an empty PG schema);
// dir holds the CSV files. Fails the calling test on any error.
void make_tasks_store(const std::string& location, const TempDir& dir);

// A draw of 2026Q4 recorded by `grid draw` with three outside inspectors
// (zhao, qian, sun); returns its id.
[[nodiscard]] std::string record_test_draw(const std::string& location, const TempDir& dir);

// The office's actor for library calls.
[[nodiscard]] tasks::Actor office();

[[nodiscard]] std::string data_templates_dir();

}  // namespace envgrid::test

#pragma once
// Enterprise risk classes (enterprises.risk_class): their order and their
// default inspection intervals, one table (risk_classes.cpp) behind
// `grid workload` and `patrol plan` (due dates, workload.hpp's
// default_frequencies), `grid draw` and `patrol plan` (class order) and the
// viewer's "inspections due". docs/grid-workload.md ("Frequency table").

#include <cstddef>
#include <string>
#include <vector>

namespace envgrid::grid {

// The classes envgrid knows, most closely supervised first: special, key,
// ordinary (the values the store accepts, docs/store.md).
[[nodiscard]] const std::vector<std::string>& risk_classes();

// The class's place in risk_classes() (0 = special); risk_classes().size()
// for any other class, which so comes last.
[[nodiscard]] std::size_t risk_class_rank(const std::string& risk_class);

}  // namespace envgrid::grid

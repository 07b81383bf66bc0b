#pragma once
// Workload of grid cells and their managers for one period: what each
// enterprise's inspection frequency makes due, what is overdue, which flags
// wait for a field check, the load against each manager's capacity, and
// which border cells could move from an overloaded manager to a neighbour
// with spare capacity. Plain structs in, plain results out; reading the
// store is in workload_store.hpp. Rules: docs/grid-workload.md.

#include <chrono>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace envgrid::grid {

// How many days may pass between two inspections of an enterprise, by risk class.
struct FrequencyTable {
  std::map<std::string, int> interval_days;
};

// envgrid's defaults (docs/grid-workload.md): special every quarter (90 days),
// key every 6 months (182 days), ordinary once a year (365 days).
[[nodiscard]] FrequencyTable default_frequencies();

// A calendar day.
using Date = std::chrono::sys_days;
// Parses YYYY-MM-DD; nullopt when malformed or not a real day.
[[nodiscard]] std::optional<Date> parse_iso_date(const std::string& text);
[[nodiscard]] std::string format_iso_date(Date date);

// First and last day of a quarter "YYYYQn".
struct Period {
  Date first;
  Date last;
};
// Throws gis::Error(usage) when not YYYYQn.
[[nodiscard]] Period quarter_period(const std::string& period);
// The quarter of today's UTC date, e.g. "2026Q4".
[[nodiscard]] std::string current_quarter();

// The due rule: last inspection + the class interval; never inspected (or an
// unknown class) is due on `due_now`. nullopt when the class has no interval.
[[nodiscard]] std::optional<Date> next_due_date(const std::optional<Date>& last_inspected,
                                                const std::string& risk_class,
                                                const FrequencyTable& frequencies, Date due_now);

struct WorkloadEnterprise {
  std::string enterprise_id;
  std::string risk_class;
  std::optional<Date> last_inspected;
  std::string cell_id;
};

struct WorkloadOutfall {
  std::string outfall_id;
  bool registered = true;
  std::string cell_id;
};

// The flag statuses that wait for a field check: counted as field work and
// visited by patrols.
inline const std::vector<std::string> field_check_statuses = {"field_check", "accepted"};

struct WorkloadFlag {
  std::string flag_id;
  std::string status;  // only field_check and accepted wait for a field check
  std::string cell_id;
};

struct WorkloadCell {
  std::string cell_id;
  std::string manager;
  std::string geometry_wkt;  // for adjacency; "" = no geometry (never adjacent)
};

struct WorkloadInput {
  std::vector<WorkloadCell> cells;
  std::vector<WorkloadEnterprise> enterprises;
  std::vector<WorkloadOutfall> outfalls;
  std::vector<WorkloadFlag> flags;
};

// Counts of one cell or one manager.
struct WorkloadCounts {
  std::map<std::string, int> enterprises_by_class;  // special/key/ordinary/other
  int outfalls_registered = 0;
  int outfalls_unregistered = 0;
  int inspections_due = 0;      // next due date on or before the period's last day
  int inspections_overdue = 0;  // of those, due before the period's first day
  int field_checks = 0;         // flags with status field_check or accepted

  // Visits the period needs: inspections due plus field checks.
  [[nodiscard]] int load() const { return inspections_due + field_checks; }
};

struct CellWorkload {
  std::string cell_id;
  std::string manager;
  WorkloadCounts counts;
};

struct ManagerWorkload {
  std::string manager;
  std::vector<std::string> cells;
  WorkloadCounts counts;
  int capacity = 0;
  [[nodiscard]] bool over_capacity() const { return counts.load() > capacity; }
};

// Move a whole cell from an overloaded manager to a neighbour's manager.
struct CellMoveSuggestion {
  std::string cell_id;
  std::string from_manager;
  std::string to_manager;
  int cell_load = 0;
  double shared_edge_length = 0;  // in the cells' CRS units
};

struct WorkloadResult {
  std::vector<CellWorkload> cells;        // by cell_id
  std::vector<ManagerWorkload> managers;  // by name; cells without manager under ""
  std::vector<CellMoveSuggestion> suggestions;
  std::vector<std::string> warnings;  // records that could not be counted, with the reason
};

struct WorkloadRequest {
  Period period;
  FrequencyTable frequencies = default_frequencies();
  int capacity_per_manager = 60;  // visits a manager can make in the period
};

[[nodiscard]] WorkloadResult compute_workload(const WorkloadInput& input,
                                              const WorkloadRequest& request);

// Pairs of cells sharing an edge (intersection of the boundaries has a
// positive length; touching at a corner does not count), with that length.
struct CellAdjacency {
  std::size_t a = 0;
  std::size_t b = 0;
  double shared_edge_length = 0;
};
[[nodiscard]] std::vector<CellAdjacency> adjacent_cells(std::span<const WorkloadCell> cells);

// Greedy rebalancing: for each manager over capacity (most overloaded
// first), move border cells (largest load that fits first) to an adjacent
// cell's manager whose spare capacity takes the whole cell, until the
// manager is within capacity or no move fits.
[[nodiscard]] std::vector<CellMoveSuggestion> suggest_cell_moves(
    std::span<const WorkloadCell> cells, std::span<const CellWorkload> cell_loads,
    std::span<const ManagerWorkload> managers);

}  // namespace envgrid::grid

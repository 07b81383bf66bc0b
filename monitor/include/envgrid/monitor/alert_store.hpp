#pragma once
// The limits, alerts and alert_events layers: typed reads and writes.

#include <optional>
#include <string>
#include <vector>

#include "envgrid/gis/store.hpp"
#include "envgrid/monitor/alerts.hpp"

namespace envgrid::monitor {

struct StoredAlert {
  std::string alert_id;
  std::string outfall_id;
  std::string enterprise_id;
  std::string mn;
  std::string parameter;
  std::string cell_id;
  int level = 1;
  std::string status;  // open | acknowledged | closed
  std::string first_at;
  std::string last_at;
  std::int64_t exceedance_count = 0;
  double max_value = 0;
  double limit_value = 0;
  std::string unit;
  std::vector<std::string> audience;  // the cell, then each cell above it
  std::string updated_at;
};

struct AlertEvent {
  std::string alert_id;
  std::string at;
  std::string user_name;
  std::string old_status;
  std::string new_status;
  int level = 1;
  std::string note;
};

[[nodiscard]] std::vector<DischargeLimit> read_limits(gis::Store& store);

struct AlertFilter {
  std::string cell_id;        // alerts whose audience holds this cell ("" any)
  std::string status;         // "" any
  std::string enterprise_id;  // "" any
  // Alerts whose audience holds at least one of these cells (empty: any):
  // a viewer user's cells, whatever level they are at.
  std::vector<std::string> any_of_cells;
  bool include_closed = true;
};
[[nodiscard]] std::vector<StoredAlert> read_alerts(gis::Store& store,
                                                   const AlertFilter& filter = {});
// The alert with this id; nullopt when there is none.
[[nodiscard]] std::optional<StoredAlert> read_alert(gis::Store& store, const std::string& alert_id);
// Whether one of cells is in the alert's audience (its cell or a level above).
[[nodiscard]] bool alert_seen_from(const StoredAlert& alert, const std::vector<std::string>& cells);
[[nodiscard]] std::vector<AlertEvent> read_alert_events(gis::Store& store,
                                                        const std::string& alert_id);

struct AlertSync {
  std::size_t raised = 0;
  std::size_t escalated = 0;
  std::size_t updated = 0;
};
// Raises an alert for each new episode and updates those already raised
// (count, last time, level; an escalation is an event). One transaction.
AlertSync sync_alerts(gis::Store& store, const std::vector<Episode>& episodes);

// Acknowledges or closes an alert with a note; the change is an alert_events
// row. Throws Error(input) for an unknown alert, Error(usage) for a status
// change that is not allowed (closed is final).
StoredAlert change_alert_status(gis::Store& store, const std::string& alert_id,
                                const std::string& new_status, const std::string& user_name,
                                const std::string& note);

}  // namespace envgrid::monitor

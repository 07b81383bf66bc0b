#pragma once
// An alert with its events as the API shows it (GET /api/alerts, a dossier,
// a field task's history).

#include "envgrid/monitor/alert_store.hpp"
#include "http_types.hpp"

namespace envgrid::viewer::detail {

[[nodiscard]] Json alert_json(gis::Store& store, const monitor::StoredAlert& alert);

}  // namespace envgrid::viewer::detail

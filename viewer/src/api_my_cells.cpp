// GET /api/me/cells: the grid manager view: my cells, the enterprises in
// them with inspection due dates (overdue first), confirmed flags
// (accepted or needing a field check) to visit, and the alerts not yet
// closed whose audience holds one of my cells.

#include <algorithm>

#include "api.hpp"
#include "envgrid/grid/grid_rows.hpp"
#include "envgrid/grid/project_intervals.hpp"
#include "envgrid/imagery/flag_rows.hpp"
#include "geojson.hpp"
#include "inspections.hpp"

namespace envgrid::viewer::detail {

namespace {

// Enterprises due within this many days are listed as due.
constexpr long long due_horizon_days = 30;

}  // namespace

Response get_my_cells(ApiState& state, RequestContext& context) {
  const Scope scope = require_scope(context, Action::read_my_cells);
  const User& user = *context.user;
  const std::string today = today_iso_date();
  const grid::FrequencyTable frequencies = grid::project_frequencies(state.store);

  Json cells = Json::array();
  grid::for_each_supervision_cell(state.store, [&](OGRFeature& cell) {
    if (cell_in_scope(user, scope, cell.GetFieldAsString("cell_id"))) {
      cells.push_back(feature_json(cell));
    }
  });

  Json due = Json::array();
  grid::for_each_enterprise(state.store, [&](OGRFeature& e) {
    if (!cell_in_scope(user, scope, e.GetFieldAsString("cell_id"))) return;
    const InspectionDue when = inspection_due(
        e.GetFieldAsString("risk_class"), e.GetFieldAsString("last_inspected"), today, frequencies);
    if (!when.scheduled) return;
    const bool never = when.due_date.empty();
    if (!never && when.days_left > due_horizon_days) return;
    due.push_back({{"enterprise_id", e.GetFieldAsString("enterprise_id")},
                   {"name", e.GetFieldAsString("name")},
                   {"cell_id", e.GetFieldAsString("cell_id")},
                   {"risk_class", e.GetFieldAsString("risk_class")},
                   {"last_inspected", e.GetFieldAsString("last_inspected")},
                   {"due_date", when.due_date},
                   {"days_left", never ? Json() : Json(when.days_left)},
                   {"overdue", never || when.days_left < 0}});
  });
  std::stable_sort(due.begin(), due.end(), [](const Json& a, const Json& b) {
    const long long da = a["days_left"].is_null() ? -1'000'000 : a["days_left"].get<long long>();
    const long long db = b["days_left"].is_null() ? -1'000'000 : b["days_left"].get<long long>();
    return da < db;
  });

  Json confirmed = Json::array();
  imagery::FlagFilter to_visit;
  to_visit.statuses = {"accepted", "field_check"};
  imagery::for_each_flag(state.store, to_visit, [&](OGRFeature& f) {
    if (cell_in_scope(user, scope, f.GetFieldAsString("cell_id"))) {
      confirmed.push_back(feature_json(f));
    }
  });
  return json_response(
      context.request, http::status::ok,
      {{"today", today},
       {"cells", std::move(cells)},
       {"inspections_due", std::move(due)},
       {"confirmed_flags", std::move(confirmed)},
       {"alerts",
        alerts_in_scope(state, context, scope_for(user.role, Action::read_alerts), false)}});
}

}  // namespace envgrid::viewer::detail

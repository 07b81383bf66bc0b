// The layers and fields of the project store. docs/store.md documents every
// field with its unit; tests/gis/store_test.cpp checks that it does.

#include <algorithm>

#include "envgrid/gis/error.hpp"
#include "envgrid/gis/store.hpp"
#include "envgrid/gis/text.hpp"

namespace envgrid::gis {

namespace {

StoreField text(std::string name, std::vector<std::string> allowed = {}) {
  return {std::move(name), FieldType::text, FieldFormat::any, std::move(allowed)};
}
StoreField date(std::string name) {
  return {std::move(name), FieldType::text, FieldFormat::iso_date, {}};
}
StoreField datetime(std::string name) {
  return {std::move(name), FieldType::text, FieldFormat::iso_datetime, {}};
}
StoreField json(std::string name) {
  return {std::move(name), FieldType::text, FieldFormat::json, {}};
}
StoreField real(std::string name) {
  return {std::move(name), FieldType::real, FieldFormat::any, {}};
}
StoreField integer(std::string name, std::vector<std::string> allowed = {}) {
  return {std::move(name), FieldType::integer, FieldFormat::any, std::move(allowed)};
}

const std::vector<std::string> flag_statuses{"new", "accepted", "rejected", "field_check"};
const std::vector<std::string> monitor_kinds{"wastewater", "flue_gas"};
const std::vector<std::string> alert_statuses{"open", "acknowledged", "closed"};
const std::vector<std::string> viewer_roles{"admin", "analyst", "grid_manager", "investigator"};
// Inspection tasks (docs/field-work.md), owned by envgrid::tasks.
const std::vector<std::string> task_kinds{"random_inspection", "flag_check",      "alert_response",
                                          "complaint",         "trace_follow_up", "cross_check"};
const std::vector<std::string> task_targets{"enterprise", "outfall", "flag", "alert", "point"};
const std::vector<std::string> task_states{"created",   "dispatched", "in_progress",
                                           "submitted", "returned",   "closed"};

std::vector<StoreLayerSchema> make_schema() {
  return {
      {"cells",
       wkbMultiPolygon,
       "cell_id",
       {text("cell_id"), text("parent_id"),
        text("level", {"province", "city", "county", "township", "cell"}), text("name"),
        text("manager"), real("area_m2"), text("boundary_id")},
       {"parent_id"}},
      {"enterprises",
       wkbPoint,
       "enterprise_id",
       {text("enterprise_id"), text("name"), text("industry"),
        text("risk_class", {"key", "ordinary", "special"}), text("permit_no"),
        date("last_inspected"), text("cell_id")},
       {"cell_id"}},
      {"outfalls",
       wkbPoint,
       "outfall_id",
       {text("outfall_id"), text("name"), text("enterprise_id"), integer("registered", {"0", "1"}),
        text("cell_id"), text("reach_id"), real("measure")},
       {"cell_id", "reach_id", "enterprise_id"}},
      {"reaches",
       wkbLineString,
       "reach_id",
       {text("reach_id"), integer("from_node"), integer("to_node"), real("length_m"),
        real("flow_distance_m"), real("upstream_length_m"), integer("strahler"),
        text("levelpath_id"), integer("divergence", {"0", "1", "2"}), real("velocity_m_s"),
        text("name")},
       {"from_node", "to_node"}},
      {"sections",
       wkbPoint,
       "section_id",
       {text("section_id"), text("name"), integer("target_class", {"1", "2", "3", "4", "5"}),
        text("reach_id"), real("measure"), text("kind", {"monitoring", "drinking_water_intake"})},
       {"reach_id"}},
      {"readings",
       wkbNone,
       "",
       {text("section_id"), datetime("taken_at"), text("parameter"), real("value"), text("unit"),
        real("permit_limit")},
       {"section_id"}},
      {"photos",
       wkbPolygon,
       "file",
       {text("file"), datetime("taken_at"), real("lon"), real("lat"), real("rel_alt_m"),
        real("gsd_m"), real("yaw_deg"), real("pitch_deg"), text("camera")},
       {}},
      {"flags",
       wkbPolygon,
       "flag_id",
       {text("flag_id"), text("kind"), real("score"), text("status", flag_statuses), text("source"),
        text("cell_id"), real("area_m2"), datetime("created_at"), real("source_lon"),
        real("source_lat")},
       {"cell_id", "status"}},
      {"reviews",
       wkbNone,
       "review_id",
       {text("review_id"), text("flag_id"), text("user_name"), datetime("decided_at"),
        text("old_status", flag_statuses), text("new_status", flag_statuses), text("comment")},
       {"flag_id"}},
      {"traces",
       wkbMultiLineString,
       "trace_id",
       {text("trace_id"), datetime("created_at"), text("mode"), text("start_reach"),
        text("section_id"), text("parameter"), datetime("at"), integer("reach_count"),
        json("stop_sections")},
       {}},
      {"suspects",
       wkbPoint,
       "",
       {text("trace_id"), integer("rank"), text("kind"), text("object_id"), real("score"),
        json("terms"), real("flow_distance_m"), real("travel_time_h")},
       {"trace_id"}},
      {"patrols",
       wkbPoint,
       "",
       {text("patrol_id"), text("cell_id"), date("plan_date"), integer("stop_order"),
        text("object_kind"), text("object_id"), datetime("eta")},
       {"patrol_id", "cell_id"}},
      // Review chips of flags (imagery publish --chips): where each PNG is.
      {"chips",
       wkbNone,
       "",
       {text("flag_id"), text("view"), text("file"), integer("width_px"), integer("height_px"),
        datetime("created_at")},
       {"flag_id"}},
      // Orthomosaics shown as map tiles (imagery publish --ortho). Polygon: the footprint.
      {"rasters",
       wkbPolygon,
       "raster_id",
       {text("raster_id"), text("name"), text("file"), integer("width_px"), integer("height_px"),
        real("gsd_m"), text("crs"), datetime("created_at")},
       {}},
      {"draws",
       wkbNone,
       "draw_id",
       {text("draw_id"), text("period"), text("seed"), text("rules"), text("input_digest"),
        text("result_digest"), integer("target_count"), datetime("created_at"), text("user_name")},
       {}},
      {"draw_targets",
       wkbNone,
       "",
       {text("draw_id"), integer("rank"), text("enterprise_id"), text("risk_class"),
        text("cell_id"), text("rank_key"), text("inspectors")},
       {"draw_id", "enterprise_id"}},
      // Automatic monitoring (HJ 212, docs/monitoring.md), owned by envgrid::monitor.
      {"monitors",
       wkbNone,
       "mn",
       {text("mn"), text("outfall_id"), text("enterprise_id"), text("kind", monitor_kinds),
        datetime("bound_at")},
       {"outfall_id"}},
      {"online_readings",
       wkbNone,
       "reading_key",
       {text("reading_key"), text("mn"), text("outfall_id"), text("enterprise_id"), text("cn"),
        datetime("data_time"), text("parameter"), text("statistic"), real("value"), text("unit"),
        text("device_flag"), integer("valid", {"0", "1"}), text("reason"), text("factor_code"),
        datetime("received_at")},
       {"mn", "outfall_id"}},
      {"rejected_packets",
       wkbNone,
       "",
       {datetime("received_at"), text("origin"), text("mn"), text("reason"), text("raw")},
       {"mn"}},
      {"limits",
       wkbNone,
       "",
       {text("outfall_id"), text("parameter"), text("statistic"), real("limit_value"), text("unit"),
        text("source")},
       {"outfall_id"}},
      {"alerts",
       wkbNone,
       "alert_id",
       {text("alert_id"), text("outfall_id"), text("enterprise_id"), text("mn"), text("parameter"),
        text("cell_id"), integer("level", {"1", "2", "3", "4"}), text("status", alert_statuses),
        datetime("first_at"), datetime("last_at"), integer("exceedance_count"), real("max_value"),
        real("limit_value"), text("unit"), json("audience"), datetime("updated_at")},
       {"outfall_id", "cell_id", "status"}},
      {"alert_events",
       wkbNone,
       "",
       {text("alert_id"), datetime("at"), text("user_name"), text("old_status", alert_statuses),
        text("new_status", alert_statuses), integer("level"), text("note")},
       {"alert_id"}},
      // Inspection tasks and field work (docs/field-work.md), owned by envgrid::tasks.
      // Point: where the team goes (the target's position when the task was made).
      {"tasks",
       wkbPoint,
       "task_id",
       {text("task_id"), text("kind", task_kinds), text("target_kind", task_targets),
        text("target_id"), text("target_name"), text("cell_id"), text("team"), date("due"),
        text("state", task_states), text("source"), text("template_id"), json("result"),
        datetime("created_at"), text("created_by"), datetime("updated_at")},
       {"target_id", "cell_id", "state"}},
      {"task_events",
       wkbNone,
       "",
       {text("task_id"), datetime("at"), text("user_name"), text("host"), text("action"),
        text("old_state", task_states), text("new_state", task_states), text("team"), text("note")},
       {"task_id"}},
      // Point: where the photo was taken (EXIF, else the phone's position).
      {"task_photos",
       wkbPoint,
       "photo_id",
       {text("photo_id"), text("task_id"), text("file"), text("thumbnail"), text("sha256"),
        datetime("taken_at"), real("lon"), real("lat"), text("position_source"), real("distance_m"),
        datetime("added_at"), text("user_name"), text("host")},
       {"task_id"}},
      {"task_templates",
       wkbNone,
       "template_id",
       {text("template_id"), text("name"), json("industries"), json("task_kinds"),
        integer("item_count"), json("body"), text("source_file"), datetime("imported_at"),
        text("user_name")},
       {}},
      // The viewer's accounts and logins: written by `envgrid user` and the
      // viewer only (password hashes, session digests), never imported.
      // Stores made before they were listed here get them from the viewer.
      {"users",
       wkbNone,
       "user_name",
       {text("user_name"), text("role", viewer_roles), text("password_hash"),
        integer("disabled", {"0", "1"}), text("cells")},
       {},
       false},
      {"sessions",
       wkbNone,
       "session_id",
       {text("session_id"), text("user_name"), text("csrf_token"), datetime("created_at"),
        integer("expires_at")},
       {"user_name"},
       false},
  };
}

}  // namespace

const StoreField* StoreLayerSchema::field(const std::string& name) const {
  auto it = std::find_if(fields.begin(), fields.end(),
                         [&name](const StoreField& f) { return f.name == name; });
  return it == fields.end() ? nullptr : &*it;
}

const std::vector<StoreLayerSchema>& store_schema() {
  static const std::vector<StoreLayerSchema> schema = make_schema();
  return schema;
}

const StoreLayerSchema& store_layer_schema(const std::string& layer) {
  for (const auto& s : store_schema()) {
    if (s.name == layer) return s;
  }
  const std::string names =
      join(store_schema(), ", ", [](const StoreLayerSchema& s) { return s.name; });
  throw_usage_error("unknown store layer '" + layer + "' (layers: " + names + ")");
}

const StoreLayerSchema& store_import_schema(const std::string& layer) {
  const StoreLayerSchema& schema = store_layer_schema(layer);
  if (!schema.importable) {
    throw_usage_error("the store layer '" + layer +
                      "' is written by envgrid itself (`envgrid user`, the viewer), not imported");
  }
  return schema;
}

}  // namespace envgrid::gis

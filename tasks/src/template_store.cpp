// Inspection templates in the store's task_templates layer: the whole
// template as JSON in `body`, with its id, name and what it is for beside it.

#include <nlohmann/json.hpp>

#include "envgrid/gis/error.hpp"
#include "envgrid/gis/log.hpp"
#include "envgrid/tasks/template_store.hpp"
#include "rows.hpp"

namespace envgrid::tasks {

namespace {

constexpr const char* templates_layer = "task_templates";

void set_template_fields(OGRFeature& f, const InspectionTemplate& t, const std::string& body,
                         const std::string& source_file, const Actor& actor) {
  f.SetField("template_id", t.template_id.c_str());
  f.SetField("name", t.name.c_str());
  f.SetField("industries", nlohmann::json(t.industries).dump().c_str());
  f.SetField("task_kinds", nlohmann::json(t.task_kinds).dump().c_str());
  f.SetField("item_count", static_cast<GIntBig>(t.items.size()));
  f.SetField("body", body.c_str());
  f.SetField("source_file", source_file.c_str());
  f.SetField("imported_at", gis::utc_now_iso8601().c_str());
  f.SetField("user_name", actor.user_name.c_str());
}

std::vector<InspectionTemplate> parse_stored(gis::Store& store, const std::string& where) {
  std::vector<InspectionTemplate> templates;
  rows::for_each(gis::store_layer(store, templates_layer), where, [&](OGRFeature& f) {
    // Stored bodies were checked on import; a damaged one names the store.
    auto parsed = parse_templates(rows::text(f, "body"), store.location() + " task_templates " +
                                                             rows::text(f, "template_id"));
    templates.insert(templates.end(), parsed.begin(), parsed.end());
  });
  return templates;
}

}  // namespace

ImportReport import_templates(gis::Store& store, const std::vector<InspectionTemplate>& templates,
                              const std::string& source_file, const Actor& actor) {
  gis::StepScope step("task templates import");
  ImportReport report;
  store.transaction([&] {
    OGRLayer& layer = gis::store_layer(store, templates_layer);
    for (const auto& t : templates) {
      const std::string body = template_json(t);
      gis::FeaturePtr existing;
      rows::for_each(layer, "template_id = " + rows::sql_quote(t.template_id),
                     [&](OGRFeature& f) { existing.reset(f.Clone()); });
      if (existing && rows::text(*existing, "body") == body) {
        report.unchanged.push_back(t.template_id);
        continue;
      }
      OGRFeature fresh(layer.GetLayerDefn());
      OGRFeature& f = existing ? *existing : fresh;
      set_template_fields(f, t, body, source_file, actor);
      existing ? rows::update(store, layer, f) : rows::insert(store, layer, f);
      (existing ? report.replaced : report.added).push_back(t.template_id);
    }
  });
  return report;
}

std::vector<InspectionTemplate> read_templates(gis::Store& store) {
  auto templates = parse_stored(store, "");
  std::sort(templates.begin(), templates.end(),
            [](const auto& a, const auto& b) { return a.template_id < b.template_id; });
  return templates;
}

std::optional<InspectionTemplate> find_template(gis::Store& store, const std::string& template_id) {
  auto found = parse_stored(store, "template_id = " + rows::sql_quote(template_id));
  if (found.empty()) return std::nullopt;
  return found.front();
}

}  // namespace envgrid::tasks

// Reading inspection templates from their JSON file format, strictly: an
// unknown key is refused (a misspelt "legal_basis" must not pass as absent).

#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>

#include "envgrid/gis/error.hpp"
#include "envgrid/tasks/inspection_template.hpp"
#include "envgrid/tasks/task.hpp"

namespace envgrid::tasks {

namespace {

using Json = nlohmann::json;

[[noreturn]] void refuse(const std::string& source, const std::string& where,
                         const std::string& what) {
  gis::throw_input_error(where + ": " + what, {.step = "task templates", .dataset = source});
}

void allow_keys(const Json& object, const std::set<std::string>& keys, const std::string& source,
                const std::string& where) {
  for (const auto& [key, value] : object.items()) {
    if (!keys.count(key)) refuse(source, where, "unknown key \"" + key + "\"");
  }
}

std::string text_of(const Json& object, const std::string& key, bool required,
                    const std::string& source, const std::string& where) {
  const auto it = object.find(key);
  if (it == object.end() || it->is_null()) {
    if (required) refuse(source, where, "needs \"" + key + "\"");
    return "";
  }
  if (!it->is_string()) refuse(source, where, "\"" + key + "\" must be text");
  const std::string value = it->get<std::string>();
  if (required && value.empty()) refuse(source, where, "\"" + key + "\" must not be empty");
  return value;
}

std::vector<std::string> names_of(const Json& object, const std::string& key,
                                  const std::string& source, const std::string& where) {
  std::vector<std::string> names;
  const auto it = object.find(key);
  if (it == object.end()) return names;
  if (!it->is_array()) refuse(source, where, "\"" + key + "\" must be an array of text");
  for (const auto& name : *it) {
    if (!name.is_string() || name.get<std::string>().empty()) {
      refuse(source, where, "\"" + key + "\" must be an array of text");
    }
    names.push_back(name.get<std::string>());
  }
  return names;
}

bool valid_id(const std::string& id) {
  return !id.empty() && id.size() <= 64 && std::all_of(id.begin(), id.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.';
  });
}

TemplateItem parse_item(const Json& j, std::size_t number, const std::string& source,
                        const std::string& template_where) {
  std::string where = template_where + ", item " + std::to_string(number);
  if (!j.is_object()) refuse(source, where, "an item is an object");
  const std::string id = text_of(j, "item_id", true, source, where);
  where += " (" + id + ")";
  if (!valid_id(id)) refuse(source, where, "item_id is letters, digits, _ - . (64 at most)");
  allow_keys(j, {"item_id", "type", "text", "legal_basis", "unit"}, source, where);
  TemplateItem item{id, ItemType::check, text_of(j, "text", true, source, where),
                    text_of(j, "legal_basis", false, source, where), ""};
  const std::string type = text_of(j, "type", true, source, where);
  if (type == "measure") {
    item.type = ItemType::measure;
    if (!j.contains("unit")) refuse(source, where, "a measure needs \"unit\" (\"\" for pH)");
    item.unit = text_of(j, "unit", false, source, where);
  } else if (type == "finding") {
    item.type = ItemType::finding;
  } else if (type != "check") {
    refuse(source, where, "type '" + type + "' is not one of check, measure, finding");
  }
  if (item.type != ItemType::finding && item.legal_basis.empty()) {
    refuse(source, where, "a " + type + " needs its \"legal_basis\"");
  }
  if (item.type != ItemType::measure && j.contains("unit")) {
    refuse(source, where, "only a measure has a \"unit\"");
  }
  return item;
}

InspectionTemplate parse_one(const Json& j, std::size_t number, const std::string& source) {
  std::string where = "template " + std::to_string(number);
  if (!j.is_object()) refuse(source, where, "a template is a JSON object");
  InspectionTemplate t;
  t.template_id = text_of(j, "template_id", true, source, where);
  where += " (" + t.template_id + ")";
  if (!valid_id(t.template_id)) {
    refuse(source, where, "template_id is letters, digits, _ - . (64 at most)");
  }
  allow_keys(j, {"template_id", "name", "industries", "task_kinds", "items"}, source, where);
  t.name = text_of(j, "name", true, source, where);
  t.industries = names_of(j, "industries", source, where);
  t.task_kinds = names_of(j, "task_kinds", source, where);
  for (const auto& kind : t.task_kinds) {
    if (!parse_kind(kind)) refuse(source, where, "task kind '" + kind + "' is unknown");
  }
  const auto items = j.find("items");
  if (items == j.end() || !items->is_array() || items->empty()) {
    refuse(source, where, "needs \"items\", a non-empty array");
  }
  std::set<std::string> seen;
  for (const auto& item_json : *items) {
    TemplateItem item = parse_item(item_json, t.items.size() + 1, source, where);
    if (!seen.insert(item.item_id).second) {
      refuse(source, where + ", item " + std::to_string(t.items.size() + 1),
             "item_id '" + item.item_id + "' appears twice");
    }
    t.items.push_back(std::move(item));
  }
  return t;
}

Json item_json(const TemplateItem& item) {
  Json j{{"item_id", item.item_id}, {"type", item_type_name(item.type)}, {"text", item.text}};
  if (!item.legal_basis.empty()) j["legal_basis"] = item.legal_basis;
  if (item.type == ItemType::measure) j["unit"] = item.unit;
  return j;
}

}  // namespace

const char* item_type_name(ItemType type) {
  static const char* const names[] = {"check", "measure", "finding"};
  return names[static_cast<int>(type)];
}

std::vector<InspectionTemplate> parse_templates(const std::string& text,
                                                const std::string& source) {
  Json document;
  try {
    document = Json::parse(text);
  } catch (const Json::parse_error& e) {
    gis::throw_input_error(std::string("not JSON: ") + e.what(),
                           {.step = "task templates", .dataset = source});
  }
  std::vector<InspectionTemplate> templates;
  if (document.is_array()) {
    if (document.empty()) refuse(source, "the file", "holds no template");
    for (const auto& j : document) templates.push_back(parse_one(j, templates.size() + 1, source));
  } else {
    templates.push_back(parse_one(document, 1, source));
  }
  return templates;
}

std::string template_json(const InspectionTemplate& t) {
  Json items = Json::array();
  for (const auto& item : t.items) items.push_back(item_json(item));
  return Json{{"template_id", t.template_id},
              {"name", t.name},
              {"industries", t.industries},
              {"task_kinds", t.task_kinds},
              {"items", items}}
      .dump();
}

std::optional<std::string> choose_template(const std::vector<InspectionTemplate>& templates,
                                           const std::string& industry, const std::string& kind) {
  auto holds = [](const std::vector<std::string>& names, const std::string& name) {
    return !name.empty() && std::find(names.begin(), names.end(), name) != names.end();
  };
  for (const auto& t : templates) {
    if (holds(t.industries, industry)) return t.template_id;
  }
  for (const auto& t : templates) {
    if (holds(t.task_kinds, kind)) return t.template_id;
  }
  return std::nullopt;
}

}  // namespace envgrid::tasks

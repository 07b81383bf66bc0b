// A team's answers checked against the template, item by item, and written
// back as the filled template (the submitted result).

#include <nlohmann/json.hpp>

#include <cmath>
#include <set>

#include "envgrid/gis/error.hpp"
#include "envgrid/tasks/inspection_template.hpp"

namespace envgrid::tasks {

namespace {

using Json = nlohmann::json;

[[noreturn]] void refuse(const std::string& source, const std::string& where,
                         const std::string& what) {
  gis::throw_input_error(where + ": " + what, {.step = "task submit", .dataset = source});
}

// A check: "pass", "fail" or "not_applicable", alone or as {"result", "note"}.
Json fill_check(const Json& answer, const std::string& source, const std::string& where) {
  const Json& result = answer.is_object() ? answer.value("result", Json()) : answer;
  const std::string value = result.is_string() ? result.get<std::string>() : "";
  if (value != "pass" && value != "fail" && value != "not_applicable") {
    refuse(source, where, "a check is answered pass, fail or not_applicable");
  }
  Json filled{{"result", value}};
  if (answer.is_object() && answer.contains("note")) filled["note"] = answer["note"];
  return filled;
}

// A measure: a number in the template's unit, {"value", "unit"}, or null
// (not measured, with a note saying why).
Json fill_measure(const TemplateItem& item, const Json& answer, const std::string& source,
                  const std::string& where) {
  const Json& value = answer.is_object() ? answer.value("value", Json()) : answer;
  if (answer.is_object() && answer.contains("unit") && answer["unit"] != Json(item.unit)) {
    refuse(
        source, where,
        "measured in " + answer["unit"].dump() + ", the template's unit is \"" + item.unit + "\"");
  }
  if (value.is_null()) {
    if (!answer.is_object() || !answer.contains("note")) {
      refuse(source, where, "not measured (null) needs a \"note\" saying why");
    }
    return Json{{"value", nullptr}, {"unit", item.unit}, {"note", answer["note"]}};
  }
  if (!value.is_number() || !std::isfinite(value.get<double>())) {
    refuse(source, where, "a measure is answered with a number");
  }
  Json filled{{"value", value.get<double>()}, {"unit", item.unit}};
  if (answer.is_object() && answer.contains("note")) filled["note"] = answer["note"];
  return filled;
}

Json fill_finding(const Json& answer, const std::string& source, const std::string& where) {
  if (!answer.is_string()) refuse(source, where, "a finding is answered with text");
  return Json{{"finding", answer}};
}

Json parse_answers(const std::string& text, const InspectionTemplate& t,
                   const std::string& source) {
  Json document;
  try {
    document = Json::parse(text);
  } catch (const Json::parse_error& e) {
    refuse(source, "the result", std::string("not JSON: ") + e.what());
  }
  if (!document.is_object() || !document.contains("answers") || !document["answers"].is_object()) {
    refuse(source, "the result", "needs \"template_id\" and an \"answers\" object");
  }
  if (document.value("template_id", std::string()) != t.template_id) {
    refuse(source, "the result",
           "answers the template " + document.value("template_id", Json("(none)")).dump() +
               ", the task's template is " + t.template_id);
  }
  return document["answers"];
}

}  // namespace

std::string fill_template(const InspectionTemplate& t, const std::string& answers_text,
                          const std::string& source) {
  const Json answers = parse_answers(answers_text, t, source);
  std::set<std::string> known;
  Json items = Json::array();
  std::size_t number = 0;
  for (const auto& item : t.items) {
    known.insert(item.item_id);
    const std::string where = "item " + std::to_string(++number) + " (" + item.item_id + ")";
    const auto it = answers.find(item.item_id);
    Json filled;
    if (it == answers.end()) {
      if (item.type != ItemType::finding) refuse(source, where, "is not answered");
      filled = Json{{"finding", ""}};
    } else if (item.type == ItemType::check) {
      filled = fill_check(*it, source, where);
    } else if (item.type == ItemType::measure) {
      filled = fill_measure(item, *it, source, where);
    } else {
      filled = fill_finding(*it, source, where);
    }
    filled["item_id"] = item.item_id;
    filled["type"] = item_type_name(item.type);
    filled["text"] = item.text;
    if (!item.legal_basis.empty()) filled["legal_basis"] = item.legal_basis;
    items.push_back(std::move(filled));
  }
  for (const auto& [id, answer] : answers.items()) {
    if (!known.count(id)) refuse(source, "answer '" + id + "'", "is no item of " + t.template_id);
  }
  return Json{{"template_id", t.template_id}, {"name", t.name}, {"items", items}}.dump();
}

}  // namespace envgrid::tasks

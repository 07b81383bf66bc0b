#pragma once
// Inspection templates (docs/field-work.md, "Templates"): a checklist of
// items, measured values with their units and free findings, each with the
// legal basis it is checked against. Read from a JSON file, kept in the
// store (task_templates), filled by the team: a submitted result is the
// filled template.

#include <optional>
#include <string>
#include <vector>

namespace envgrid::tasks {

enum class ItemType { check, measure, finding };
[[nodiscard]] const char* item_type_name(ItemType type);

struct TemplateItem {
  std::string item_id;
  ItemType type = ItemType::check;
  std::string text;         // what to check, measure or note
  std::string legal_basis;  // the article or standard; required for check and measure
  std::string unit;         // measure only; "" for a dimensionless value (pH)
};

struct InspectionTemplate {
  std::string template_id;
  std::string name;
  std::vector<std::string> industries;  // enterprises.industry values it is for
  std::vector<std::string> task_kinds;  // task kinds it is for (used when no industry fits)
  std::vector<TemplateItem> items;
};

// Parses one file's text: a template object or an array of them. Throws
// Error(input) naming the file (source) and the item ("item 3 (cr6):
// a measure needs \"unit\"") when anything is missing, unknown or malformed.
[[nodiscard]] std::vector<InspectionTemplate> parse_templates(const std::string& text,
                                                              const std::string& source);
// The template as JSON text, the form parse_templates reads (stored as body).
[[nodiscard]] std::string template_json(const InspectionTemplate& t);

// Checks a team's answers (JSON text, docs/field-work.md "Results") against
// the template and returns the filled template as JSON text. Throws
// Error(input) naming source and the item when an answer is missing, of the
// wrong type, in another unit, or answers no item of the template.
[[nodiscard]] std::string fill_template(const InspectionTemplate& t, const std::string& answers,
                                        const std::string& source);

// The template for a task: the first whose industries hold the industry,
// else the first whose task kinds hold the kind; nullopt when none does.
[[nodiscard]] std::optional<std::string> choose_template(
    const std::vector<InspectionTemplate>& templates, const std::string& industry,
    const std::string& kind);

}  // namespace envgrid::tasks

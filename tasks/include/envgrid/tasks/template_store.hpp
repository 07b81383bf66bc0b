#pragma once
// Inspection templates in the project store (layer task_templates).

#include <optional>
#include <string>
#include <vector>

#include "envgrid/gis/store.hpp"
#include "envgrid/tasks/inspection_template.hpp"
#include "envgrid/tasks/task_store.hpp"

namespace envgrid::tasks {

struct ImportReport {
  std::vector<std::string> added;
  std::vector<std::string> replaced;  // same id, other content: the stored one is replaced
  std::vector<std::string> unchanged;
};

// Stores the templates in one transaction. A submitted result keeps the items
// it was filled from, so replacing a template changes no past result.
ImportReport import_templates(gis::Store& store, const std::vector<InspectionTemplate>& templates,
                              const std::string& source_file, const Actor& actor);
[[nodiscard]] std::vector<InspectionTemplate> read_templates(gis::Store& store);
[[nodiscard]] std::optional<InspectionTemplate> find_template(gis::Store& store,
                                                              const std::string& template_id);

}  // namespace envgrid::tasks

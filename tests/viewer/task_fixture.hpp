#pragma once
// Tasks in the sample store of viewer_fixture.hpp, made by the tasks library
// as `envgrid task create` and `task dispatch` make them.

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "envgrid/gis/store.hpp"
#include "envgrid/tasks/inspection_template.hpp"
#include "envgrid/tasks/task_sources.hpp"
#include "envgrid/tasks/task_store.hpp"
#include "envgrid/tasks/template_store.hpp"
#include "test_support.hpp"

namespace envgrid::test {

inline std::string read_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Imports the outfall template and makes one dispatched complaint task per
// enterprise (to its cell's manager); their ids in the enterprises' order.
inline std::vector<std::string> dispatched_tasks(const std::string& store_path,
                                                 const std::vector<std::string>& enterprises) {
  gis::Store store = gis::Store::open(store_path, true);
  const tasks::Actor office{"admin", "test", "admin"};
  const std::string file = (source_dir() / "data/templates/outfall_check.json").string();
  (void)tasks::import_templates(store, tasks::parse_templates(read_bytes(file), file), file,
                                office);
  const auto drafts = tasks::drafts_for_enterprises(store, enterprises, tasks::Kind::complaint);
  const auto report = tasks::create_tasks(store, drafts, office, "outfall_check");
  for (const auto& id : report.created) {
    (void)tasks::change_task(store, id, {.action = tasks::Action::dispatch}, office);
  }
  return report.created;
}

}  // namespace envgrid::test

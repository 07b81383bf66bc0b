// Inspection templates from their JSON files: the shipped ones load, and a
// wrong file is refused with a message naming the file and the item.

#include <gtest/gtest.h>

#include "envgrid/gis/bounded_input.hpp"
#include "envgrid/gis/error.hpp"
#include "envgrid/tasks/inspection_template.hpp"
#include "tasks_test_support.hpp"

namespace envgrid::test {
namespace {

std::string refusal(const std::string& text) {
  try {
    (void)tasks::parse_templates(text, "/data/t.json");
  } catch (const gis::Error& e) {
    EXPECT_EQ(e.code(), gis::ExitCode::input);
    return e.what();
  }
  return "accepted";
}

std::string with_items(const std::string& items) {
  return R"({"template_id": "t1", "name": "检查表", "items": [)" + items + "]}";
}

const std::string good_check =
    R"({"item_id": "permit", "type": "check", "text": "持证", "legal_basis": "水污染防治法第二十一条"})";

TEST(InspectionTemplates, TheShippedTemplatesLoadWithALegalBasisForEveryCheckAndMeasure) {
  for (const char* name : {"electroplating", "livestock", "sewage_works", "outfall_check"}) {
    const std::string file = data_templates_dir() + "/" + name + ".json";
    const auto templates = tasks::parse_templates(
        gis::read_bounded_text_file(file, gis::max_text_file_bytes, {}), file);
    ASSERT_EQ(templates.size(), 1u) << file;
    EXPECT_EQ(templates[0].template_id, name);
    int measures = 0;
    for (const auto& item : templates[0].items) {
      if (item.type != tasks::ItemType::finding) EXPECT_FALSE(item.legal_basis.empty()) << name;
      measures += item.type == tasks::ItemType::measure;
    }
    EXPECT_GE(measures, 2) << name << " measures something";
  }
}

TEST(InspectionTemplates, ALoadErrorNamesTheFileAndTheItem) {
  const std::string no_basis =
      refusal(with_items(good_check + R"(, {"item_id": "cod", "type": "measure", "text": "COD",
                                         "unit": "mg/L"})"));
  EXPECT_NE(no_basis.find("/data/t.json"), std::string::npos) << no_basis;
  EXPECT_NE(no_basis.find("template 1 (t1), item 2 (cod): a measure needs its \"legal_basis\""),
            std::string::npos)
      << no_basis;
  EXPECT_NE(refusal(with_items(good_check + R"(, {"item_id": "cod", "type": "measure",
                    "text": "COD", "legal_basis": "GB 8978"})"))
                .find("item 2 (cod): a measure needs \"unit\""),
            std::string::npos);
  EXPECT_NE(refusal(with_items(R"({"item_id": "permit", "type": "check", "text": "持证",
                    "legal_bases": "x"})"))
                .find("item 1 (permit): unknown key \"legal_bases\""),
            std::string::npos);
  EXPECT_NE(refusal(with_items(good_check + "," + good_check)).find("'permit' appears twice"),
            std::string::npos);
  EXPECT_NE(refusal(with_items(R"({"item_id": "x", "type": "photo", "text": "t"})"))
                .find("item 1 (x): type 'photo' is not one of check, measure, finding"),
            std::string::npos);
  EXPECT_NE(refusal(with_items("")).find("needs \"items\""), std::string::npos);
  EXPECT_NE(refusal(R"({"template_id": "t1", "name": "n", "task_kinds": ["patrol"], "items": [)" +
                    good_check + "]}")
                .find("task kind 'patrol' is unknown"),
            std::string::npos);
  const std::string broken = refusal(R"({"template_id": "t1", "name": )");
  EXPECT_NE(broken.find("/data/t.json"), std::string::npos);
  EXPECT_NE(broken.find("not JSON"), std::string::npos) << broken;
}

TEST(InspectionTemplates, ChosenByIndustryThenByKind) {
  const auto templates = tasks::parse_templates(
      R"([{"template_id": "plating", "name": "a", "industries": ["electroplating"], "items": [)" +
          good_check + R"(]}, {"template_id": "outfall", "name": "b", "task_kinds": ["flag_check",
          "random_inspection"], "items": [)" +
          good_check + "]}]",
      "two.json");
  EXPECT_EQ(tasks::choose_template(templates, "electroplating", "random_inspection"), "plating");
  EXPECT_EQ(tasks::choose_template(templates, "food", "random_inspection"), "outfall");
  EXPECT_EQ(tasks::choose_template(templates, "food", "complaint"), std::nullopt);
}

TEST(InspectionTemplates, TheFilledTemplateIsTheTemplateWithTheAnswers) {
  const auto t = tasks::parse_templates(
      with_items(good_check + R"(, {"item_id": "ph", "type": "measure", "text": "pH",
                 "unit": "", "legal_basis": "GB 8978"}, {"item_id": "notes", "type": "finding",
                 "text": "其他"})"),
      "t.json")[0];
  const std::string filled = tasks::fill_template(
      t, R"({"template_id": "t1", "answers": {"permit": "fail", "ph": 9.5}})", "r.json");
  EXPECT_NE(filled.find(R"("item_id":"permit")"), std::string::npos) << filled;
  EXPECT_NE(filled.find(R"("legal_basis":"水污染防治法第二十一条")"), std::string::npos) << filled;
  EXPECT_NE(filled.find(R"("value":9.5)"), std::string::npos) << filled;
  EXPECT_NE(filled.find(R"("finding":"")"), std::string::npos) << "a finding may be left empty";
  EXPECT_THROW((void)tasks::fill_template(
                   t, R"({"template_id": "t1", "answers": {"permit": "ok", "ph": 9}})", "r.json"),
               gis::Error);
  EXPECT_THROW(
      (void)tasks::fill_template(
          t, R"({"template_id": "t1", "answers": {"permit": "pass", "ph": null}})", "r.json"),
      gis::Error)
      << "not measured needs a note";
}

}  // namespace
}  // namespace envgrid::test

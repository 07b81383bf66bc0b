// Tasks in a real store, GeoPackage and PostGIS: made once per target and
// kind from each source, moved through their states with every change kept,
// listed by state, cell and team member.

#include <gtest/gtest.h>
#include <unistd.h>

#include <climits>

#include "envgrid/gis/error.hpp"
#include "envgrid/tasks/task_sources.hpp"
#include "envgrid/tasks/task_store.hpp"
#include "store_backends.hpp"
#include "tasks_test_support.hpp"

namespace envgrid::test {
namespace {

using tasks::Action;
using tasks::State;

class TaskStore : public StoreBackendTest {
 protected:
  void SetUp() override {
    StoreBackendTest::SetUp();
    if (IsSkipped()) return;
    make_tasks_store(location(), dir());
    store_ = std::make_unique<gis::Store>(gis::Store::open(location(), true));
  }
  void TearDown() override {
    store_.reset();
    StoreBackendTest::TearDown();
  }
  gis::Store& store() { return *store_; }
  std::string make_one(const std::string& enterprise, tasks::Kind kind = tasks::Kind::complaint) {
    const auto report = tasks::create_tasks(
        store(), tasks::drafts_for_enterprises(store(), {enterprise}, kind), office());
    EXPECT_EQ(report.created.size(), 1u);
    return report.created.empty() ? "" : report.created[0];
  }
  tasks::Task change(const std::string& id, Action action, const std::string& note = "",
                     const tasks::Actor& actor = office()) {
    tasks::Change c{.action = action, .note = note};
    return tasks::change_task(store(), id, c, actor);
  }

 private:
  std::unique_ptr<gis::Store> store_;
};

TEST_P(TaskStore, OneOpenTaskPerTargetAndKind) {
  const auto first = tasks::create_tasks(
      store(), tasks::drafts_for_enterprises(store(), {"E1", "E2"}, tasks::Kind::complaint),
      office());
  EXPECT_EQ(first.created, (std::vector<std::string>{"K000001", "K000002"}));
  const auto again = tasks::create_tasks(
      store(), tasks::drafts_for_enterprises(store(), {"E2", "E1", "E1"}, tasks::Kind::complaint),
      office());
  EXPECT_TRUE(again.created.empty());
  ASSERT_EQ(again.already_open.size(), 3u);
  EXPECT_EQ(again.already_open[0], (std::pair<std::string, std::string>{"E2", "K000002"}));
  // Another reason to go to the same enterprise is another task.
  EXPECT_EQ(make_one("E1", tasks::Kind::cross_check), "K000003");
  EXPECT_EQ(tasks::read_tasks(store()).size(), 3u);
}

TEST_P(TaskStore, AClosedTaskLeavesRoomForANewOne) {
  const std::string id = make_one("E3");
  tasks::Change dispatch{
      .action = Action::dispatch, .team = {"zhou"}, .template_id = "outfall_check"};
  (void)tasks::change_task(store(), id, dispatch, office());
  tasks::Change submit{.action = Action::submit};
  submit.answers = R"({"template_id": "outfall_check", "answers": {"outfall_exists": "fail",
      "registered": "not_applicable", "no_hidden_pipe": "pass", "ph": {"value": null,
      "note": "no water"}, "cod": {"value": null, "note": "no water"},
      "nh3n": {"value": null, "note": "no water"}}})";
  submit.answers_source = "answers.json";
  (void)tasks::change_task(store(), id, submit, office());
  (void)change(id, Action::close, "nothing found");
  EXPECT_EQ(make_one("E3"), "K000002");
}

TEST_P(TaskStore, FromADrawWithTheDrawnPairDueAtTheQuarterEnd) {
  const std::string draw_id = record_test_draw(location(), dir());
  const auto drafts = tasks::drafts_from_draw(store(), draw_id);
  ASSERT_EQ(drafts.size(), 3u) << "E1 special, E2 key, E3 ordinary: one of each is drawn";
  const auto report = tasks::create_tasks(store(), drafts, office());
  ASSERT_EQ(report.created.size(), 3u);
  for (const auto& t : tasks::read_tasks(store())) {
    EXPECT_EQ(t.kind, tasks::Kind::random_inspection);
    EXPECT_EQ(t.team.size(), 2u) << t.task_id;
    EXPECT_EQ(t.due, "2026-12-31");
    EXPECT_EQ(t.source, "draw:" + draw_id);
    if (t.target_id == "E1") EXPECT_EQ(t.template_id, "electroplating");
    if (t.target_id == "E2") EXPECT_EQ(t.template_id, "livestock");
    if (t.target_id == "E3") EXPECT_EQ(t.template_id, "") << "no template for food";
  }
  EXPECT_TRUE(tasks::create_tasks(store(), drafts, office()).created.empty());
  EXPECT_THROW((void)tasks::drafts_from_draw(store(), "2026Q4-000000000000"), gis::Error);
}

TEST_P(TaskStore, FromFlagsMarkedForAFieldCheckAtTheOutlet) {
  const auto drafts = tasks::drafts_from_flags(store());
  ASSERT_EQ(drafts.size(), 1u);
  const auto report = tasks::create_tasks(store(), drafts, office());
  const auto t = tasks::find_task(store(), report.created.at(0));
  ASSERT_TRUE(t);
  EXPECT_EQ(t->target_id, "F1");
  EXPECT_EQ(t->kind, tasks::Kind::flag_check);
  EXPECT_EQ(t->team, std::vector<std::string>{"wang"}) << "C1's manager";
  EXPECT_EQ(t->template_id, "outfall_check");
  ASSERT_TRUE(t->x && t->y);
  EXPECT_NEAR(*t->x, 114.0042, 1e-6) << "the outlet, not the plume's centre (114.004)";
  EXPECT_NEAR(*t->y, 30.0041, 1e-6);
  EXPECT_EQ(tasks::drafts_from_flags(store(), "new").at(0).target_id, "F2");
}

TEST_P(TaskStore, FromATracesTopSuspectsInRankOrder) {
  const auto drafts = tasks::drafts_from_trace(store(), "T1", 2);
  ASSERT_EQ(drafts.size(), 2u);
  EXPECT_EQ(drafts[0].target_kind, tasks::TargetKind::outfall);
  EXPECT_EQ(drafts[0].target_id, "O1");
  EXPECT_EQ(drafts[1].target_id, "E2");
  EXPECT_EQ(drafts[1].source, "trace:T1 rank 2");
  const auto report = tasks::create_tasks(store(), drafts, office());
  const auto e2 = tasks::find_task(store(), report.created.at(1));
  EXPECT_TRUE(e2->team.empty()) << "C2 has no manager";
  EXPECT_EQ(e2->template_id, "livestock") << "the industry's template before the kind's";
  EXPECT_THROW((void)tasks::drafts_from_trace(store(), "T9", 3), gis::Error);
}

TEST_P(TaskStore, FromOpenAlertsAtTheirOutfall) {
  const auto drafts = tasks::drafts_from_alerts(store());
  ASSERT_EQ(drafts.size(), 1u) << "A2 is closed";
  EXPECT_EQ(drafts[0].target_kind, tasks::TargetKind::alert);
  EXPECT_EQ(drafts[0].target_id, "A1");
  ASSERT_TRUE(drafts[0].x);
  EXPECT_NEAR(*drafts[0].x, 114.004, 1e-9);
  const auto t =
      tasks::find_task(store(), tasks::create_tasks(store(), drafts, office()).created.at(0));
  EXPECT_EQ(t->kind, tasks::Kind::alert_response);
  EXPECT_EQ(t->template_id, "outfall_check");
}

TEST_P(TaskStore, StatesMoveOnlyAsAllowedAndEveryChangeIsKept) {
  const std::string id = make_one("E1");
  try {
    (void)change(id, Action::close, "done?");
    FAIL() << "a created task was closed";
  } catch (const gis::Error& e) {
    EXPECT_EQ(e.code(), gis::ExitCode::usage);
    EXPECT_NE(std::string(e.what()).find("it is created (only a task submitted can be)"),
              std::string::npos)
        << e.what();
  }
  EXPECT_THROW((void)change(id, Action::submit), gis::Error) << "not dispatched yet";
  EXPECT_EQ(change(id, Action::dispatch).state, State::dispatched);
  EXPECT_THROW((void)change(id, Action::dispatch), gis::Error) << "dispatched twice";
  const tasks::Actor wang{"wang", "phone-7", ""};
  EXPECT_EQ(change(id, Action::start, "", wang).state, State::in_progress);
  tasks::Change submit{.action = Action::submit};
  submit.answers = R"({"template_id": "electroplating", "answers": {"permit": "pass",
    "treatment_running": "pass", "no_bypass": {"result": "fail", "note": "hose to the ditch"},
    "online_monitor": "pass", "hazardous_waste": "pass", "ph": 7.1, "total_cr": 0.4,
    "cr6": {"value": 0.05, "unit": "mg/L"}, "total_ni": 0.2}})";
  submit.answers_source = "answers.json";
  const tasks::Task submitted = tasks::change_task(store(), id, submit, wang);
  EXPECT_EQ(submitted.state, State::submitted);
  EXPECT_NE(submitted.result.find(R"("result":"fail")"), std::string::npos) << submitted.result;
  EXPECT_NE(submitted.result.find("GB 21900-2008"), std::string::npos)
      << "the filled template keeps each item's legal basis";
  EXPECT_EQ(change(id, Action::return_, "photo of the hose missing").state, State::returned);
  EXPECT_EQ(change(id, Action::start, "", wang).state, State::in_progress);
  (void)tasks::change_task(store(), id, submit, wang);
  EXPECT_EQ(change(id, Action::close, "hose removed; fined").state, State::closed);
  EXPECT_THROW((void)change(id, Action::return_, "again"), gis::Error) << "closed is final";

  const auto events = tasks::read_task_events(store(), id);
  std::vector<std::string> trail;
  for (const auto& e : events) trail.push_back(e.action + ":" + e.old_state + ">" + e.new_state);
  EXPECT_EQ(trail, (std::vector<std::string>{
                       "create:>created", "dispatch:created>dispatched",
                       "start:dispatched>in_progress", "submit:in_progress>submitted",
                       "return:submitted>returned", "start:returned>in_progress",
                       "submit:in_progress>submitted", "close:submitted>closed"}));
  EXPECT_EQ(events[2].user_name, "wang");
  EXPECT_EQ(events[2].host, "phone-7");
  EXPECT_EQ(events[4].note, "photo of the hose missing");
  EXPECT_EQ(events[1].team, "wang") << "dispatched to C1's manager";
  for (const auto& e : events) EXPECT_FALSE(e.at.empty());
}

TEST_P(TaskStore, DispatchNeedsATeam) {
  const std::string id = make_one("E2");  // C2 has no manager
  try {
    (void)change(id, Action::dispatch);
    FAIL() << "dispatched to nobody";
  } catch (const gis::Error& e) {
    EXPECT_NE(std::string(e.what()).find("give --team"), std::string::npos) << e.what();
  }
  EXPECT_EQ(tasks::find_task(store(), id)->state, State::created) << "rolled back";
  tasks::Change c{.action = Action::dispatch, .team = {"li", "zhou"}};
  EXPECT_EQ(tasks::change_task(store(), id, c, office()).team,
            (std::vector<std::string>{"li", "zhou"}));
}

TEST_P(TaskStore, ListsByStateCellAndTeamMember) {
  const std::string e1 = make_one("E1");
  const std::string e2 = make_one("E2");
  const std::string e3 = make_one("E3");
  (void)change(e1, Action::dispatch);
  EXPECT_EQ(tasks::read_tasks(store(), {State::dispatched, "", ""}).at(0).task_id, e1);
  EXPECT_EQ(tasks::read_tasks(store(), {State::created, "", ""}).size(), 2u);
  const auto c1 = tasks::read_tasks(store(), {std::nullopt, "C1", ""});
  ASSERT_EQ(c1.size(), 2u);
  EXPECT_EQ(c1[0].task_id, e1);
  EXPECT_EQ(c1[1].task_id, e3);
  EXPECT_EQ(tasks::read_tasks(store(), {std::nullopt, "", "wang"}).size(), 2u);
  EXPECT_TRUE(tasks::read_tasks(store(), {std::nullopt, "", "wan"}).empty())
      << "a member is a whole name";
  EXPECT_EQ(tasks::read_tasks(store(), {State::closed, "", ""}).size(), 0u);
  (void)e2;
}

TEST_P(TaskStore, SubmittedAnswersMustFillTheTemplate) {
  const std::string id = make_one("E1");
  (void)change(id, Action::dispatch);
  auto submit_with = [&](const std::string& answers) -> std::string {
    tasks::Change c{.action = Action::submit, .answers = answers, .answers_source = "r.json"};
    try {
      (void)tasks::change_task(store(), id, c, office());
    } catch (const gis::Error& e) {
      return e.what();
    }
    return "accepted";
  };
  const std::string all_but_ni = R"("permit": "pass", "treatment_running": "pass",
      "no_bypass": "pass", "online_monitor": "pass", "hazardous_waste": "pass", "ph": 7,
      "total_cr": 0.1, "cr6": 0.01)";
  EXPECT_NE(submit_with(R"({"template_id": "electroplating", "answers": {)" + all_but_ni + "}}")
                .find("r.json: item 9 (total_ni): is not answered"),
            std::string::npos);
  EXPECT_NE(submit_with(R"({"template_id": "electroplating", "answers": {)" + all_but_ni +
                        R"(, "total_ni": {"value": 200, "unit": "ug/L"}}})")
                .find("item 9 (total_ni): measured in \"ug/L\""),
            std::string::npos);
  EXPECT_NE(submit_with(R"({"template_id": "electroplating", "answers": {)" + all_but_ni +
                        R"(, "total_ni": 0.1, "colour": "green"}})")
                .find("answer 'colour': is no item of electroplating"),
            std::string::npos);
  EXPECT_NE(submit_with(R"({"template_id": "livestock", "answers": {}})")
                .find("the task's template is electroplating"),
            std::string::npos);
  EXPECT_EQ(tasks::find_task(store(), id)->state, State::dispatched) << "nothing was submitted";
  EXPECT_EQ(submit_with(R"({"template_id": "electroplating", "answers": {)" + all_but_ni +
                        R"(, "total_ni": 0.1}})"),
            "accepted");
}

ENVGRID_INSTANTIATE_STORE_BACKENDS(TaskStore);

}  // namespace
}  // namespace envgrid::test

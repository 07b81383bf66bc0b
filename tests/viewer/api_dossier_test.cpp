// The dossier (一厂一档, issue #16 section 4): GET /api/enterprises/{id}/dossier
// holds the enterprise's whole file as its reader may see it, and
// ?format=html the same as one self-contained HTML file to keep. The task
// history shows the enterprise's alerts and online data (section 3).

#include <regex>

#include "envgrid/monitor/alert_store.hpp"
#include "envgrid/monitor/monitor_store.hpp"
#include "envgrid/monitor/utc_time.hpp"
#include "task_fixture.hpp"
#include "viewer_fixture.hpp"

namespace envgrid::test {
namespace {

monitor::StoredReading cod(const std::string& at, std::optional<double> value, bool valid) {
  monitor::StoredReading r;
  r.value = {.mn = "MN-O1",
             .cn = "2061",
             .data_time = at,
             .factor_code = "w01018",
             .parameter = "COD",
             .statistic = "avg",
             .value = value,
             .unit = "mg/L",
             .device_flag = "N",
             .valid = valid,
             .reason = valid ? "" : "device flag D"};
  r.outfall_id = "O1";
  r.enterprise_id = "E1";
  return r;
}

// The sample store with a task per enterprise (E1's done in the field with
// a photo and closed by the office), a device on O1 with three hourly COD
// values (one not valid) and an alert, and a trace that suspected O1.
class DossierApiTest : public ViewerApiTest {
 protected:
  void SetUp() override {
    ViewerApiTest::SetUp();
    const auto made = dispatched_tasks(store_path(), {"E1", "E2"});
    ASSERT_EQ(made.size(), 2u);
    e1_task_ = made[0];
    e2_task_ = made[1];
    gis::Store store = gis::Store::open(store_path(), true);
    (void)monitor::bind_monitor(store, "MN-O1", "O1", "wastewater");
    const std::vector<monitor::StoredReading> readings{cod("2026-12-01T02:00:00Z", 120, true),
                                                       cod("2026-12-01T03:00:00Z", 80, true),
                                                       cod("2026-12-01T04:00:00Z", 999, false)};
    store.transaction(
        [&] { (void)monitor::insert_readings(store, readings, "2026-12-01T05:00Z"); });
    monitor::Episode e{.outfall_id = "O1",
                       .enterprise_id = "E1",
                       .mn = "MN-O1",
                       .parameter = "COD",
                       .unit = "mg/L",
                       .first_at = monitor::parse_utc("2026-12-01T02:00:00Z"),
                       .last_at = monitor::parse_utc("2026-12-01T02:00:00Z"),
                       .exceedances = 1,
                       .max_value = 120,
                       .limit_value = 100,
                       .level = 1};
    ASSERT_EQ(monitor::sync_alerts(store, {e}).raised, 1u);
    store.transaction([&] {
      add_feature(gis::store_layer(store, "traces"),
                  {{"trace_id", "T1"},
                   {"created_at", "2026-12-02T08:00:00Z"},
                   {"section_id", "S9"},
                   {"parameter", "COD"}},
                  "MULTILINESTRING((113.0 23.0,113.1 23.1))");
      add_feature(gis::store_layer(store, "suspects"),
                  {{"trace_id", "T1"},
                   {"rank", "1"},
                   {"kind", "outfall"},
                   {"object_id", "O1"},
                   {"score", "0.8"}},
                  "POINT(113.051 23.051)");
    });
  }

  // gm1 does E1's task with the drone photo; a1 closes it.
  void do_and_close_e1_task() {
    const std::string base = "/api/tasks/" + e1_task_;
    ASSERT_EQ(post_as("gm1", base + "/start", Json::object()).status, 200);
    const Login& gm1 = login("gm1");
    const Reply photo = send_request(
        port(), http::verb::post, base + "/photos",
        read_bytes(source_dir() / "data/drone/DJI_0018.JPG"),
        {{"Cookie", gm1.cookie}, {"X-CSRF-Token", gm1.csrf}, {"Content-Type", "image/jpeg"}});
    ASSERT_EQ(photo.status, 201) << photo.body;
    const Reply submit = post_as("gm1", base + "/submit", Json::parse(answers));
    ASSERT_EQ(submit.status, 200) << submit.body;
    ASSERT_EQ(post_as("a1", base + "/close", {{"note", "sign board ordered"}}).status, 200);
  }

  static constexpr const char* answers = R"({"template_id": "outfall_check", "answers": {
    "outfall_exists": "pass", "registered": {"result": "fail", "note": "no sign board"},
    "no_hidden_pipe": "pass", "ph": 7.2, "cod": 48, "nh3n": 3.1,
    "source": "污水来自染整车间"}})";
  std::string e1_task_, e2_task_;
};

const Json* task_in(const Json& tasks, const std::string& task_id) {
  for (const Json& t : tasks)
    if (t["task_id"] == task_id) return &t;
  return nullptr;
}

TEST_F(DossierApiTest, TheWholeFileOfAnEnterpriseWithinTheReadersScope) {
  do_and_close_e1_task();
  const Reply reply = get_as("gm1", "/api/enterprises/E1/dossier");
  ASSERT_EQ(reply.status, 200) << reply.body;
  const Json d = reply.json();
  EXPECT_EQ(d["enterprise"]["properties"]["permit_no"], "P-1");
  ASSERT_EQ(d["outfalls"].size(), 1u);
  ASSERT_EQ(d["monitors"].size(), 1u);
  EXPECT_EQ(d["monitors"][0]["mn"], "MN-O1");
  // The task done in the field and closed by the office, with its result and photo.
  const Json* task = task_in(d["tasks"], e1_task_);
  ASSERT_NE(task, nullptr) << d["tasks"].dump();
  EXPECT_EQ((*task)["state"], "closed");
  EXPECT_EQ((*task)["result"]["items"].size(), 7u);
  EXPECT_EQ((*task)["events"].back()["note"], "sign board ordered");
  ASSERT_EQ((*task)["photos"].size(), 1u);
  EXPECT_EQ(task_in(d["tasks"], e2_task_), nullptr) << "E2's task is not E1's";
  ASSERT_EQ(d["alerts"].size(), 1u);
  EXPECT_EQ(d["alerts"][0]["max_value"], 120);
  // Online data: three values of one series, two valid, their range and mean.
  ASSERT_EQ(d["online"].size(), 1u) << d["online"].dump();
  EXPECT_EQ(d["online"][0]["values"], 3);
  EXPECT_EQ(d["online"][0]["valid"], 2);
  EXPECT_EQ(d["online"][0]["max"], 120.0) << "the value that is not valid is left out";
  EXPECT_EQ(d["online"][0]["mean"], 100.0);
  EXPECT_EQ(d["online"][0]["last_at"], "2026-12-01T04:00:00Z");
  ASSERT_EQ(d["flags_nearby"].size(), 1u);
  EXPECT_TRUE(d["traces"].is_null()) << "a grid manager reads no traces";

  // Another cell's enterprise, an unknown one, a bad format.
  EXPECT_EQ(get_as("gm1", "/api/enterprises/E2/dossier").status, 403);
  EXPECT_EQ(get_as("gm1", "/api/enterprises/E9/dossier").status, 404);
  EXPECT_EQ(get_as("gm1", "/api/enterprises/E1/dossier?format=pdf").status, 400);

  // The investigator reads traces: O1 was suspect number 1 of T1.
  const Json inv = get_as("inv1", "/api/enterprises/E1/dossier").json();
  ASSERT_EQ(inv["traces"].size(), 1u) << inv.dump();
  EXPECT_EQ(inv["traces"][0]["trace_id"], "T1");
  EXPECT_EQ(inv["traces"][0]["object_id"], "O1");
  EXPECT_EQ(inv["traces"][0]["section_id"], "S9");
  EXPECT_EQ(get_as("a1", "/api/enterprises/E2/dossier").json()["traces"].size(), 0u);
}

TEST_F(DossierApiTest, TheHtmlFileIsAnAttachmentThatNeedsNothingElse) {
  do_and_close_e1_task();
  const Reply reply = get_as("gm1", "/api/enterprises/E1/dossier?format=html");
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(reply.header("Content-Type"), "text/html; charset=utf-8");
  EXPECT_EQ(reply.header("Content-Disposition"), "attachment; filename=\"dossier-E1.html\"");
  const std::string& html = reply.body;
  EXPECT_NE(html.find(e1_task_), std::string::npos);
  EXPECT_NE(html.find("污水来自染整车间"), std::string::npos) << "the finding, in Chinese";
  EXPECT_NE(html.find("sign board ordered"), std::string::npos);
  EXPECT_NE(html.find("<img alt=\"" + e1_task_), std::string::npos);
  EXPECT_NE(html.find("src=\"data:image/jpeg;base64,/9j/"), std::string::npos)
      << "the thumbnail inlined as a JPEG";
  EXPECT_NE(html.find("@media print"), std::string::npos);
  // Nothing it would fetch: no URL, no route of the server.
  EXPECT_FALSE(std::regex_search(html, std::regex(R"((src|href)=\"(?!data:))")));
  EXPECT_FALSE(std::regex_search(html, std::regex(R"(https?:|url\(|@import)")));
  EXPECT_EQ(html.find("/api/"), std::string::npos);
}

TEST_F(DossierApiTest, TheTaskHistoryShowsTheEnterprisesAlertsAndOnlineData) {
  const Json history = get_as("gm1", "/api/tasks/" + e1_task_).json()["history"];
  EXPECT_EQ(history["enterprise_id"], "E1");
  ASSERT_EQ(history["alerts"].size(), 1u) << history.dump();
  EXPECT_EQ(history["alerts"][0]["parameter"], "COD");
  ASSERT_EQ(history["online"].size(), 1u);
  EXPECT_EQ(history["online"][0]["valid"], 2);
  const Json other = get_as("admin", "/api/tasks/" + e2_task_).json()["history"];
  EXPECT_EQ(other["alerts"].size(), 0u) << "E2 has none";
  EXPECT_EQ(other["online"].size(), 0u);
}

}  // namespace
}  // namespace envgrid::test

// Alerts in the viewer (#15 section 4): each user sees the alerts whose
// audience holds one of their cells (a grid manager their cell, a county
// user the county above it), and acknowledges or closes only those, every
// change an alert_events row with who and when.

#include "envgrid/monitor/alert_store.hpp"
#include "envgrid/monitor/utc_time.hpp"
#include "viewer_fixture.hpp"

namespace envgrid::test {
namespace {

// The store's cells under a county K1, a county user with K1, and one alert
// raised (by the monitor library, as `monitor audit` raises them) on each
// of O1 (in C1, gm1's cell) and O2 (in C2).
class AlertApiTest : public ViewerApiTest {
 protected:
  void SetUp() override {
    ViewerApiTest::SetUp();
    gis::Store store = gis::Store::open(store_path(), true);
    store.transaction([&] {
      OGRLayer& cells = gis::store_layer(store, "cells");
      add_feature(cells, {{"cell_id", "K1"}, {"level", "county"}}, "");
      cells.SetAttributeFilter("level = 'cell'");
      std::vector<gis::FeaturePtr> rows;
      for (auto& f : cells) rows.emplace_back(f.release());
      cells.SetAttributeFilter(nullptr);
      for (auto& f : rows) {
        f->SetField("parent_id", "K1");
        ASSERT_EQ(cells.SetFeature(f.get()), OGRERR_NONE);
      }
    });
    viewer::add_user(store, "county1", viewer::Role::grid_manager, password_of("county1"), {"K1"});
    std::vector<monitor::Episode> episodes;
    for (const std::string outfall : {"O1", "O2"}) {
      monitor::Episode e;
      e.outfall_id = outfall;
      e.enterprise_id = outfall == "O1" ? "E1" : "E2";
      e.mn = "MN-" + outfall;
      e.parameter = "COD";
      e.unit = "mg/L";
      e.first_at = monitor::parse_utc("2026-12-01T02:00:00Z");
      e.last_at = monitor::parse_utc("2026-12-01T05:00:00Z");
      e.exceedances = 4;
      e.max_value = 180;
      e.limit_value = 100;
      e.level = 2;
      episodes.push_back(e);
    }
    ASSERT_EQ(monitor::sync_alerts(store, episodes).raised, 2u);
  }

  static std::vector<std::string> alert_outfalls(const Json& alerts) {
    std::vector<std::string> outfalls;
    for (const auto& a : alerts) outfalls.push_back(a["outfall_id"]);
    return outfalls;
  }

  static std::vector<monitor::AlertEvent> events_of(const std::string& alert_id) {
    gis::Store store = gis::Store::open(store_path(), false);
    return monitor::read_alert_events(store, alert_id);
  }
};

const std::string o1_alert = "O1/COD/2026-12-01T02:00:00Z";
const std::string o2_alert = "O2/COD/2026-12-01T02:00:00Z";

TEST_F(AlertApiTest, EachUserSeesTheAlertsOfTheirCellsAndLevel) {
  const Json mine = get_as("gm1", "/api/me/cells").json();
  EXPECT_EQ(alert_outfalls(mine["alerts"]), std::vector<std::string>{"O1"}) << mine.dump();
  const Json raised = mine["alerts"][0];
  EXPECT_EQ(raised["alert_id"], o1_alert);
  EXPECT_EQ(raised["status"], "open");
  EXPECT_EQ(raised["audience"], Json::array({"C1", "K1"}));
  ASSERT_EQ(raised["events"].size(), 1u);
  EXPECT_EQ(raised["events"][0]["user_name"], "envgrid");

  EXPECT_EQ(alert_outfalls(get_as("gm1", "/api/alerts").json()["alerts"]),
            std::vector<std::string>{"O1"});
  // The county sees both of its cells' alerts; the investigator reads all.
  EXPECT_EQ(alert_outfalls(get_as("county1", "/api/me/cells").json()["alerts"]),
            (std::vector<std::string>{"O1", "O2"}));
  EXPECT_EQ(get_as("inv1", "/api/alerts").json()["alerts"].size(), 2u);
}

TEST_F(AlertApiTest, AManagerAcknowledgesAndClosesOnlyTheirCellsAlerts) {
  const Reply other = post_as("gm1", "/api/alerts/status",
                              {{"alert_id", o2_alert}, {"status", "acknowledged"}, {"note", "x"}});
  EXPECT_EQ(other.status, 403) << other.body;
  EXPECT_EQ(events_of(o2_alert).size(), 1u) << "a refused change left no event";
  const Reply unknown = post_as("gm1", "/api/alerts/status",
                                {{"alert_id", "O9/COD/x"}, {"status", "closed"}, {"note", "x"}});
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(post_as("inv1", "/api/alerts/status",
                    {{"alert_id", o1_alert}, {"status", "acknowledged"}, {"note", "x"}})
                .status,
            403);
  EXPECT_EQ(
      post_as("gm1", "/api/alerts/status", {{"alert_id", o1_alert}, {"status", "acknowledged"}})
          .status,
      400)
      << "a note is required";

  const Reply ack = post_as("gm1", "/api/alerts/status",
                            {{"alert_id", o1_alert},
                             {"status", "acknowledged"},
                             {"note", "called the plant, sampling now"}});
  ASSERT_EQ(ack.status, 200) << ack.body;
  EXPECT_EQ(ack.json()["alert"]["status"], "acknowledged");
  // The county closes it (its level sees it too).
  const Reply close = post_as("county1", "/api/alerts/status",
                              {{"alert_id", o1_alert}, {"status", "closed"}, {"note", "fixed"}});
  ASSERT_EQ(close.status, 200) << close.body;
  EXPECT_EQ(post_as("gm1", "/api/alerts/status",
                    {{"alert_id", o1_alert}, {"status", "acknowledged"}, {"note", "again"}})
                .status,
            409);

  const auto events = events_of(o1_alert);
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[1].user_name, "gm1");
  EXPECT_EQ(events[1].old_status, "open");
  EXPECT_EQ(events[1].new_status, "acknowledged");
  EXPECT_EQ(events[1].note, "called the plant, sampling now");
  EXPECT_FALSE(events[1].at.empty());
  EXPECT_EQ(events[2].user_name, "county1");
  EXPECT_EQ(events[2].new_status, "closed");
  // Closed alerts leave My cells; the list with closed=1 still has them.
  EXPECT_TRUE(get_as("gm1", "/api/me/cells").json()["alerts"].empty());
  EXPECT_EQ(get_as("gm1", "/api/alerts?closed=1").json()["alerts"][0]["status"], "closed");
}

TEST_F(AlertApiTest, AChangeNeedsTheSessionsCsrfToken) {
  const Login& session = login("gm1");
  const Reply reply =
      send_request(port(), http::verb::post, "/api/alerts/status",
                   Json{{"alert_id", o1_alert}, {"status", "acknowledged"}, {"note", "x"}}.dump(),
                   {{"Cookie", session.cookie}});
  EXPECT_EQ(reply.status, 403);
  EXPECT_EQ(events_of(o1_alert).size(), 1u);
}

}  // namespace
}  // namespace envgrid::test

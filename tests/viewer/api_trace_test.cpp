// POST /api/traces on a store made as a user makes it (init, hydro build,
// import, hydro snap): the trace stops at the compliant upstream section and
// ranks the suspects with every score term; who may run and read traces.

#include "../hydro/project_fixture.hpp"
#include "viewer_fixture.hpp"

namespace envgrid::test {
namespace {

// A main stem r1 -> r2 -> r3 flowing south and a tributary t1 joining at the
// top of r3; U (compliant) on r1, X (exceeding) on r3; E1 (chemicals) on r2,
// E2 above U, the unregistered O3 on t1.
class TraceApiTest : public ViewerApiTest {
 protected:
  static void SetUpTestSuite() {
    suite_dir_ = new TempDir();
    const std::string project = make_project(
        *suite_dir_,
        reaches_geojson({{"r1", "114.0 30.03, 114.0 30.02"},
                         {"r2", "114.0 30.02, 114.0 30.01"},
                         {"t1", "114.01 30.01, 114.0 30.01"},
                         {"r3", "114.0 30.01, 114.0 30.0"}}),
        {{"sections",
          "section_id,name,target_class,lon,lat\nX,town,3,114.0003,30.005\n"
          "U,upstream,3,114.0003,30.025\n"},
         {"enterprises",
          "enterprise_id,name,industry,risk_class,lon,lat\n"
          "E1,Hubei Chem,chemicals,key,114.001,30.015\nE2,Dairy,food,ordinary,114.001,30.028\n"},
         {"outfalls",
          "outfall_id,enterprise_id,registered,lon,lat\nO1,E1,1,114.0002,30.015\n"
          "O2,E2,1,114.0002,30.028\nO3,,0,114.005,30.0102\n"},
         {"readings",
          "section_id,taken_at,parameter,value,unit\nX,2024-05-10T12:00:00,NH3-N,3.0,mg/L\n"
          "U,2024-05-10T10:00:00,NH3-N,0.3,mg/L\n"}});
    ASSERT_EQ(run_envgrid({"hydro", "snap", project}).exit_code, 0);
    std::filesystem::rename(project, suite_dir_->file("template.gpkg"));
    gis::Store store = gis::Store::open(suite_dir_->file("template.gpkg"), true);
    viewer::ensure_access_tables(store);
    for (const auto& [user, role] :
         std::vector<std::pair<std::string, viewer::Role>>{{"admin", viewer::Role::admin},
                                                           {"a1", viewer::Role::analyst},
                                                           {"gm1", viewer::Role::grid_manager},
                                                           {"inv1", viewer::Role::investigator}}) {
      viewer::add_user(store, user, role, password_of(user));
    }
  }
};

const Json trace_request{{"section_id", "X"},
                         {"at", "2024-05-10T12:00:00"},
                         {"parameter", "NH3N"},
                         {"window_hours", 72}};

TEST_F(TraceApiTest, AnInvestigatorRunsATraceAndReadsTheRankedSuspects) {
  const Reply reply = post_as("inv1", "/api/traces", trace_request);
  ASSERT_EQ(reply.status, 201) << reply.body;
  const Json answer = reply.json();
  const Json& trace = answer["trace"]["properties"];
  EXPECT_EQ(trace["trace_id"], "T1");
  EXPECT_EQ(trace["section_id"], "X");
  EXPECT_EQ(trace["reach_count"], 4);
  ASSERT_EQ(trace["stop_sections"].size(), 1u) << trace.dump();
  EXPECT_EQ(trace["stop_sections"][0]["section_id"], "U");
  EXPECT_EQ(answer["trace"]["geometry"]["type"], "MultiLineString");
  const Json& suspects = answer["suspects"];
  ASSERT_EQ(suspects.size(), 2u) << suspects.dump();
  const Json& first = suspects[0]["properties"];
  EXPECT_EQ(first["rank"], 1);
  EXPECT_EQ(first["kind"], "enterprise");
  EXPECT_EQ(first["object_id"], "E1");
  EXPECT_DOUBLE_EQ(first["terms"]["industry"].get<double>(), 2.0);
  EXPECT_NE(first["reasons"]["industry"].get<std::string>().find("chemicals"), std::string::npos);
  EXPECT_EQ(suspects[1]["properties"]["object_id"], "O3");
  // The score is the sum of its terms.
  double sum = 0;
  for (const auto& [name, points] : first["terms"].items())
    if (points.is_number()) sum += points.get<double>();
  EXPECT_NEAR(first["score"].get<double>(), sum, 0.01) << first.dump();

  // Stored: listed, and read back with the same ranking.
  const Json listed = get_as("a1", "/api/traces").json();
  ASSERT_EQ(listed["traces"].size(), 1u);
  EXPECT_EQ(listed["traces"][0]["trace_id"], "T1");
  const Json again = get_as("a1", "/api/traces/T1").json();
  ASSERT_EQ(again["suspects"].size(), 2u);
  EXPECT_EQ(again["suspects"][0]["properties"]["object_id"], "E1");
  EXPECT_EQ(again["trace"]["properties"]["stop_sections"][0]["section_id"], "U");
}

TEST_F(TraceApiTest, WhoMayRunAndReadTraces) {
  EXPECT_EQ(post_as("gm1", "/api/traces", trace_request).status, 403);
  EXPECT_EQ(get_as("gm1", "/api/traces").status, 403);
  EXPECT_EQ(post_as("a1", "/api/traces", trace_request).status, 201);
  EXPECT_EQ(post_as("admin", "/api/traces", trace_request).status, 201);
  EXPECT_EQ(get_as("inv1", "/api/traces/T2").status, 200);
  EXPECT_EQ(get_as("inv1", "/api/traces/T9").status, 404);
  // Without the CSRF token a trace is not run.
  const Reply no_csrf = send_request(port(), http::verb::post, "/api/traces", trace_request.dump(),
                                     {{"Cookie", login("inv1").cookie}});
  EXPECT_EQ(no_csrf.status, 403);
  EXPECT_EQ(get_as("inv1", "/api/traces").json()["traces"].size(), 2u);
}

// The server keeps the network it built for the next traces, and builds it
// again when the reaches change (here another program cuts the tributary
// t1 off the network).
TEST_F(TraceApiTest, ATraceAfterTheReachesChangedSeesTheNewNetwork) {
  const Reply first = post_as("inv1", "/api/traces", trace_request);
  ASSERT_EQ(first.status, 201) << first.body;
  EXPECT_EQ(first.json()["trace"]["properties"]["reach_count"], 4);
  EXPECT_EQ(
      post_as("inv1", "/api/traces", trace_request).json()["trace"]["properties"]["reach_count"],
      4);
  {
    gis::DatasetPtr db = gis::open_dataset(store_path(), GDAL_OF_VECTOR | GDAL_OF_UPDATE);
    OGRLayer* result =
        db->ExecuteSQL("UPDATE reaches SET to_node = -7 WHERE reach_id = 't1'", nullptr, nullptr);
    if (result) db->ReleaseResultSet(result);
  }
  const Reply after = post_as("inv1", "/api/traces", trace_request);
  ASSERT_EQ(after.status, 201) << after.body;
  EXPECT_EQ(after.json()["trace"]["properties"]["reach_count"], 3);
}

// The server keeps the sections and checked readings it read for the next
// traces, and reads them again when they change: here another program
// makes U's reading an exceedance (the trace no longer stops at U), makes
// it compliant again, and deletes it.
TEST_F(TraceApiTest, ATraceAfterTheReadingsChangedSeesTheNewReadings) {
  auto stops = [&] {
    const Reply reply = post_as("inv1", "/api/traces", trace_request);
    EXPECT_EQ(reply.status, 201) << reply.body;
    return reply.json()["trace"]["properties"]["stop_sections"].size();
  };
  auto edit = [&](const char* sql) {
    gis::DatasetPtr db = gis::open_dataset(store_path(), GDAL_OF_VECTOR | GDAL_OF_UPDATE);
    OGRLayer* result = db->ExecuteSQL(sql, nullptr, nullptr);
    if (result) db->ReleaseResultSet(result);
  };
  EXPECT_EQ(stops(), 1u);
  EXPECT_EQ(stops(), 1u);
  edit("UPDATE readings SET value = 3.0 WHERE section_id = 'U'");
  EXPECT_EQ(stops(), 0u);
  edit("UPDATE readings SET value = 0.3 WHERE section_id = 'U'");
  EXPECT_EQ(stops(), 1u);
  edit("DELETE FROM readings WHERE section_id = 'U'");
  EXPECT_EQ(stops(), 0u);
}

TEST_F(TraceApiTest, MalformedOrUnknownTraceRequests) {
  Json unknown_section = trace_request;
  unknown_section["section_id"] = "NOPE";
  EXPECT_EQ(post_as("inv1", "/api/traces", unknown_section).status, 404);
  Json bad_parameter = trace_request;
  bad_parameter["parameter"] = "arsenic";
  EXPECT_EQ(post_as("inv1", "/api/traces", bad_parameter).status, 400);
  Json bad_time = trace_request;
  bad_time["at"] = "yesterday";
  EXPECT_EQ(post_as("inv1", "/api/traces", bad_time).status, 400);
  Json bad_window = trace_request;
  bad_window["window_hours"] = "long";
  EXPECT_EQ(post_as("inv1", "/api/traces", bad_window).status, 400);
  EXPECT_EQ(post_as("inv1", "/api/traces", Json::object()).status, 400);
  EXPECT_TRUE(get_as("inv1", "/api/traces").json()["traces"].empty());
}

}  // namespace
}  // namespace envgrid::test

// Review decisions, the queue, layers by bounding box and the enterprise dossier.

#include <set>

#include "envgrid/gis/store.hpp"
#include "envgrid/gis/store_tables.hpp"
#include "viewer_fixture.hpp"

namespace envgrid::test {
namespace {

// Reads the store with GDAL, as another program would, not through the server.
std::string flag_status_in_store(const std::string& path, const std::string& flag_id) {
  gis::Store store = gis::Store::open(path, false);
  OGRLayer& flags = gis::store_layer(store, "flags");
  flags.SetAttributeFilter(("flag_id = '" + flag_id + "'").c_str());
  gis::FeaturePtr feature(flags.GetNextFeature());
  return feature ? feature->GetFieldAsString("status") : "";
}

int review_rows_in_store(const std::string& path, const std::string& flag_id) {
  gis::Store store = gis::Store::open(path, false);
  OGRLayer& reviews = gis::store_layer(store, "reviews");
  reviews.SetAttributeFilter(("flag_id = '" + flag_id + "'").c_str());
  return static_cast<int>(reviews.GetFeatureCount(TRUE));
}

TEST_F(ViewerApiTest, DecisionUpdatesTheFlagAndAppendsAReview) {
  const Reply reply =
      post_as("a1", "/api/flags/F2/review", {{"status", "accepted"}, {"comment", "pipe visible"}});
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(reply.json()["review"]["old_status"], "new");
  EXPECT_EQ(reply.json()["review"]["new_status"], "accepted");
  EXPECT_EQ(flag_status_in_store(store_path(), "F2"), "accepted");
  EXPECT_EQ(review_rows_in_store(store_path(), "F2"), 1);
  const Json history = get_as("a1", "/api/flags/F2/reviews").json();
  ASSERT_EQ(history["reviews"].size(), 1u);
  EXPECT_EQ(history["reviews"][0]["user_name"], "a1");
  EXPECT_EQ(history["reviews"][0]["comment"], "pipe visible");
  EXPECT_FALSE(history["reviews"][0]["decided_at"].get<std::string>().empty());
}

TEST_F(ViewerApiTest, TwoAnalystsDisagreeBothRecordedLaterWinsQueueShowsConflict) {
  ASSERT_EQ(post_as("a1", "/api/flags/F3/review", {{"status", "accepted"}}).status, 200);
  const Reply second = post_as("a2", "/api/flags/F3/review", {{"status", "rejected"}});
  ASSERT_EQ(second.status, 200);
  EXPECT_EQ(second.json()["review"]["old_status"], "accepted");
  EXPECT_TRUE(second.json()["conflict"].get<bool>());
  EXPECT_EQ(flag_status_in_store(store_path(), "F3"), "rejected");
  EXPECT_EQ(review_rows_in_store(store_path(), "F3"), 2);
  const Json queue = get_as("a1", "/api/flags").json();
  for (const auto& item : queue["items"]) {
    const auto& p = item["properties"];
    EXPECT_EQ(p["conflict"].get<bool>(), p["flag_id"] == "F3") << p["flag_id"];
    if (p["flag_id"] == "F3") EXPECT_EQ(p["status"], "rejected");
  }
  // Agreeing analysts are no conflict.
  ASSERT_EQ(post_as("a1", "/api/flags/F1/review", {{"status", "rejected"}}).status, 200);
  const Reply agree = post_as("a2", "/api/flags/F1/review", {{"status", "rejected"}});
  EXPECT_FALSE(agree.json()["conflict"].get<bool>());
}

TEST_F(ViewerApiTest, QueueFiltersSortsAndPages) {
  Json all = get_as("a1", "/api/flags").json();
  ASSERT_EQ(all["total"], 4);
  std::vector<std::string> order;
  for (const auto& item : all["items"]) order.push_back(item["properties"]["flag_id"]);
  EXPECT_EQ(order, (std::vector<std::string>{"F1", "F3", "F2", "F4"}));  // by score, highest first

  EXPECT_EQ(get_as("a1", "/api/flags?kind=outfall").json()["total"], 2);
  EXPECT_EQ(get_as("a1", "/api/flags?cell=C2&min_score=0.5").json()["total"], 1);
  const Json page = get_as("a1", "/api/flags?offset=1&limit=2").json();
  EXPECT_EQ(page["total"], 4);
  ASSERT_EQ(page["items"].size(), 2u);
  EXPECT_EQ(page["items"][0]["properties"]["flag_id"], "F3");
  ASSERT_EQ(post_as("a1", "/api/flags/F4/review", {{"status", "field_check"}}).status, 200);
  EXPECT_EQ(get_as("a1", "/api/flags?status=new").json()["total"], 3);
  EXPECT_EQ(
      get_as("a1", "/api/flags?status=field_check").json()["items"][0]["properties"]["flag_id"],
      "F4");
}

TEST_F(ViewerApiTest, LayersAreGeoJsonInLonLatAndFollowTheBoundingBox) {
  const Json cells = get_as("inv1", "/api/layers/cells").json();
  ASSERT_EQ(cells["type"], "FeatureCollection");
  ASSERT_EQ(cells["features"].size(), 2u);
  const auto& ring = cells["features"][0]["geometry"]["coordinates"][0][0];
  EXPECT_NEAR(ring[0][0].get<double>(), 113.0, 1e-9);  // longitude first
  EXPECT_NEAR(ring[0][1].get<double>(), 23.0, 1e-9);
  // A box inside the eastern cell C2 only.
  const Json east = get_as("inv1", "/api/layers/cells?bbox=113.15,23.02,113.18,23.04").json();
  ASSERT_EQ(east["features"].size(), 1u);
  EXPECT_EQ(east["features"][0]["properties"]["cell_id"], "C2");
  EXPECT_TRUE(
      get_as("inv1", "/api/layers/enterprises?bbox=100,10,101,11").json()["features"].empty());
}

TEST_F(ViewerApiTest, EnterpriseDossierHasOutfallsNearbyFlagsAndReviews) {
  ASSERT_EQ(post_as("a1", "/api/flags/F1/review", {{"status", "accepted"}}).status, 200);
  const Reply reply = get_as("a1", "/api/enterprises/E1");
  ASSERT_EQ(reply.status, 200);
  const Json dossier = reply.json();
  EXPECT_EQ(dossier["enterprise"]["properties"]["permit_no"], "P-1");
  ASSERT_EQ(dossier["outfalls"].size(), 1u);
  EXPECT_EQ(dossier["outfalls"][0]["properties"]["outfall_id"], "O1");
  std::set<std::string> nearby;
  for (const auto& flag : dossier["flags_nearby"]) nearby.insert(flag["properties"]["flag_id"]);
  // F1 is 250 m away; F2 1 km east, F3 and F4 10 km east: not near.
  EXPECT_EQ(nearby, (std::set<std::string>{"F1"}));
  ASSERT_EQ(dossier["reviews"].size(), 1u);
  EXPECT_EQ(dossier["inspection"]["due_date"], "2020-07-01");
}

}  // namespace
}  // namespace envgrid::test

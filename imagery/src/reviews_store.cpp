// Review decisions on flags: appended to `reviews` in the same transaction
// as the flag's status update, and read back per flag with the conflict
// rule (different users decided different outcomes; the latest wins).

#include <algorithm>
#include <set>

#include "envgrid/gis/store_tables.hpp"
#include "envgrid/imagery/flag_rows.hpp"

namespace envgrid::imagery {

namespace {

std::map<std::string, std::vector<Review>> reviews_matching(gis::Store& store,
                                                            const std::string& filter) {
  std::map<std::string, std::vector<Review>> by_flag;
  gis::for_each_feature(gis::store_layer(store, "reviews"), filter, [&by_flag](OGRFeature& f) {
    Review review{f.GetFieldAsString("review_id"),  f.GetFieldAsString("flag_id"),
                  f.GetFieldAsString("user_name"),  f.GetFieldAsString("decided_at"),
                  f.GetFieldAsString("old_status"), f.GetFieldAsString("new_status"),
                  f.GetFieldAsString("comment")};
    by_flag[review.flag_id].push_back(std::move(review));
  });
  // ISO-8601 UTC sorts as text; stable keeps insertion order within one second.
  for (auto& [id, list] : by_flag) {
    std::stable_sort(list.begin(), list.end(),
                     [](const Review& a, const Review& b) { return a.decided_at < b.decided_at; });
  }
  return by_flag;
}

}  // namespace

bool is_flag_status(const std::string& status) {
  return status == "new" || status == "accepted" || status == "rejected" || status == "field_check";
}

std::map<std::string, std::vector<Review>> reviews_by_flag(gis::Store& store,
                                                           const std::string& flag_id) {
  return reviews_matching(store, flag_id.empty() ? "" : "flag_id = " + gis::sql_quote(flag_id));
}

std::map<std::string, std::vector<Review>> reviews_of_flags(
    gis::Store& store, const std::vector<std::string>& flag_ids) {
  if (flag_ids.empty()) return {};
  std::string filter = "flag_id IN (";
  for (std::size_t i = 0; i < flag_ids.size(); ++i)
    filter += (i ? "," : "") + gis::sql_quote(flag_ids[i]);
  return reviews_matching(store, filter + ")");
}

bool has_conflict(const std::vector<Review>& reviews) {
  // Each user's latest outcome; a conflict is two users whose outcomes differ.
  std::map<std::string, std::string> latest_by_user;
  for (const auto& review : reviews) latest_by_user[review.user_name] = review.new_status;
  std::set<std::string> outcomes;
  for (const auto& [user, status] : latest_by_user) outcomes.insert(status);
  return latest_by_user.size() > 1 && outcomes.size() > 1;
}

void record_review(gis::Store& store, OGRFeature& flag, const Review& review) {
  store.transaction([&] {
    flag.SetField("status", review.new_status.c_str());
    gis::update_feature(store, gis::store_layer(store, "flags"), flag);
    OGRLayer& reviews = gis::store_layer(store, "reviews");
    OGRFeature row(reviews.GetLayerDefn());
    row.SetField("review_id", review.review_id.c_str());
    row.SetField("flag_id", review.flag_id.c_str());
    row.SetField("user_name", review.user_name.c_str());
    row.SetField("decided_at", review.decided_at.c_str());
    row.SetField("old_status", review.old_status.c_str());
    row.SetField("new_status", review.new_status.c_str());
    row.SetField("comment", review.comment.c_str());
    gis::insert_feature(store, reviews, row);
  });
}

}  // namespace envgrid::imagery

#pragma once
// Typed reads and writes of the tables imagery owns (flags, reviews, chips,
// rasters) for the viewer and the CLI, which do not open store layers
// themselves (docs/store.md, "Owners").

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "envgrid/gis/gdal_handles.hpp"
#include "envgrid/gis/store.hpp"

namespace envgrid::imagery {

[[nodiscard]] gis::FeaturePtr find_flag(gis::Store& store, const std::string& flag_id);
// The flag with this feature id (as visited by for_each_flag), or nullptr.
[[nodiscard]] gis::FeaturePtr flag_by_fid(gis::Store& store, GIntBig fid);

// Which flags for_each_flag visits; every condition left empty matches all.
struct FlagFilter {
  std::vector<std::string> statuses;  // any of these
  std::string cell_id;
  std::optional<gis::StoreBox> within;  // the flag's geometry meets the box
  bool geometry = true;                 // false: rows without their geometry (faster)
};
void for_each_flag(gis::Store& store, const FlagFilter& filter, const gis::StoreRowVisitor& visit);

// The chips rows of a flag, of one view ("" for every view); none when the
// store predates the chips table.
void for_each_chip(gis::Store& store, const std::string& flag_id, const std::string& view,
                   const gis::StoreRowVisitor& visit);

// The published rasters; none when the store predates the rasters table.
void for_each_raster(gis::Store& store, const gis::StoreRowVisitor& visit);
[[nodiscard]] gis::FeaturePtr find_raster(gis::Store& store, const std::string& raster_id);

// One reviewer's decision on a flag, a row of `reviews`.
struct Review {
  std::string review_id, flag_id, user_name, decided_at, old_status, new_status, comment;
};
// Reviews of one flag (flag_id given) or of all flags (""), oldest first.
[[nodiscard]] std::map<std::string, std::vector<Review>> reviews_by_flag(
    gis::Store& store, const std::string& flag_id);
// Reviews of these flags only, oldest first.
[[nodiscard]] std::map<std::string, std::vector<Review>> reviews_of_flags(
    gis::Store& store, const std::vector<std::string>& flag_ids);
// Different users decided different outcomes (each user's latest counts).
[[nodiscard]] bool has_conflict(const std::vector<Review>& reviews);
// new, accepted, rejected or field_check.
[[nodiscard]] bool is_flag_status(const std::string& status);
// Sets the flag's status to review.new_status and appends the review, in
// one transaction. REQUIRES: is_flag_status(review.new_status).
void record_review(gis::Store& store, OGRFeature& flag, const Review& review);

}  // namespace envgrid::imagery

// GET /api/flags/{id}/chips and /api/flags/{id}/chips/{view}: the review
// chips of a flag. The PNG's path comes from the store's `chips` row of
// (flag_id, view); the request only names the flag and the view.

#include <algorithm>

#include "api.hpp"
#include "envgrid/imagery/flag_rows.hpp"
#include "stored_file.hpp"

namespace envgrid::viewer::detail {

namespace {

// imagery::ChipWriter writes at most 512 px a side; anything much larger
// is not a chip.
constexpr std::size_t max_chip_bytes = 8u << 20;

}  // namespace

Response get_chips(ApiState& state, RequestContext& context, const std::string& flag_id) {
  (void)scoped_flag(state, context, flag_id, Action::read_flags);
  Json chips = Json::array();
  imagery::for_each_chip(state.store, flag_id, "", [&](OGRFeature& chip) {
    const std::string view = chip.GetFieldAsString("view");
    chips.push_back({{"view", view},
                     {"url", "/api/flags/" + flag_id + "/chips/" + view},
                     {"width_px", chip.GetFieldAsInteger("width_px")},
                     {"height_px", chip.GetFieldAsInteger("height_px")}});
  });
  // before, after, then the rest by name: the order a reviewer reads them.
  auto rank = [](const Json& chip) {
    const std::string view = chip["view"];
    return view == "before" ? 0 : view == "after" ? 1 : 2;
  };
  std::stable_sort(chips.begin(), chips.end(), [&](const Json& a, const Json& b) {
    if (rank(a) != rank(b)) return rank(a) < rank(b);
    return a["view"].get<std::string>() < b["view"].get<std::string>();
  });
  return json_response(context.request, http::status::ok,
                       {{"flag_id", flag_id}, {"chips", std::move(chips)}});
}

Response get_chip(ApiState& state, RequestContext& context, const std::string& flag_id,
                  const std::string& view) {
  (void)scoped_flag(state, context, flag_id, Action::read_flags);
  std::string file;
  imagery::for_each_chip(state.store, flag_id, view,
                         [&](OGRFeature& chip) { file = chip.GetFieldAsString("file"); });
  if (file.empty()) {
    throw HttpError(http::status::not_found, "flag '" + flag_id + "' has no chip '" + view + "'");
  }
  auto png = read_png_file(file, max_chip_bytes);
  if (!png) throw HttpError(http::status::not_found, "the chip's file is missing or not a PNG");
  Response response =
      text_response(context.request, http::status::ok, std::move(*png), "image/png");
  response.set(http::field::cache_control, "private, no-cache");
  return response;
}

}  // namespace envgrid::viewer::detail

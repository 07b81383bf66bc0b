// GET /api/enterprises/{id}: the enterprise, its permit and inspection
// dates, its outfalls, the flags near it and their reviews (the map's
// popup), and GET /api/enterprises/{id}/dossier[?format=html]: its whole
// file (一厂一档, dossier_json.cpp), as JSON or as one HTML file to keep.

#include "api.hpp"
#include "dossier.hpp"
#include "envgrid/grid/grid_rows.hpp"
#include "envgrid/viewer/dossier.hpp"
#include "query_params.hpp"

namespace envgrid::viewer::detail {

namespace {

// The enterprise when the user may see it: 404 when unknown, 403 when it is
// in another cell.
gis::FeaturePtr scoped_enterprise(ApiState& state, const RequestContext& context,
                                  const std::string& enterprise_id) {
  const Scope scope = require_scope(context, Action::read_enterprises);
  gis::FeaturePtr enterprise = grid::find_enterprise(state.store, enterprise_id);
  if (!enterprise)
    throw HttpError(http::status::not_found, "no enterprise '" + enterprise_id + "'");
  if (!cell_in_scope(*context.user, scope, enterprise->GetFieldAsString("cell_id"))) {
    throw HttpError(http::status::forbidden, "enterprise is outside your cells");
  }
  return enterprise;
}

// A file name of letters, digits, '-' and '_' only: the id comes from the
// store, the header must not carry anything else.
std::string attachment_name(const std::string& enterprise_id) {
  std::string name = "dossier-";
  for (char c : enterprise_id) {
    const bool plain = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                       c == '-' || c == '_';
    name += plain ? c : '_';
  }
  return name + ".html";
}

}  // namespace

Response get_enterprise(ApiState& state, RequestContext& context,
                        const std::string& enterprise_id) {
  gis::FeaturePtr enterprise = scoped_enterprise(state, context, enterprise_id);
  Json dossier = enterprise_head(state.store, *enterprise);
  NearbyFlags near = flags_near(state.store, *context.user, *enterprise);
  dossier["flags_nearby"] = std::move(near.flags);
  dossier["reviews"] = std::move(near.reviews);
  return json_response(context.request, http::status::ok, dossier);
}

Response get_dossier(ApiState& state, RequestContext& context, const std::string& enterprise_id) {
  (void)scoped_enterprise(state, context, enterprise_id);
  const std::string format = query_text(context, "format");
  if (format == "html") {
    auto html = dossier_html(state.store, enterprise_id, *context.user);
    if (!html) throw HttpError(http::status::not_found, "no enterprise '" + enterprise_id + "'");
    Response response = text_response(context.request, http::status::ok, std::move(*html),
                                      "text/html; charset=utf-8");
    response.set(http::field::content_disposition,
                 "attachment; filename=\"" + attachment_name(enterprise_id) + "\"");
    response.set(http::field::cache_control, "no-store");
    return response;
  }
  if (!format.empty() && format != "json")
    throw HttpError(http::status::bad_request, "format must be json or html");
  auto dossier = dossier_json(state.store, *context.user, enterprise_id);
  if (!dossier) throw HttpError(http::status::not_found, "no enterprise '" + enterprise_id + "'");
  return json_response(context.request, http::status::ok, *dossier);
}

}  // namespace envgrid::viewer::detail

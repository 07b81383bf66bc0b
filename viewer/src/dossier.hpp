#pragma once
// The dossier as JSON (GET /api/enterprises/{id}/dossier) and as an HTML
// document (?format=html, `envgrid dossier`), each section as the reader's
// role and cells allow.

#include <optional>

#include "api.hpp"

namespace envgrid::viewer::detail {

// The enterprise's row, its inspection dates and its outfalls: the head of
// the dossier and the answer of GET /api/enterprises/{id}.
[[nodiscard]] Json enterprise_head(gis::Store& store, OGRFeature& enterprise);

// The whole file; nullopt when there is no such enterprise. The caller
// checks that the reader may see the enterprise itself. A section the role
// may not read (tasks, alerts, traces) is null.
[[nodiscard]] std::optional<Json> dossier_json(gis::Store& store, const User& reader,
                                               const std::string& enterprise_id);

// The JSON as a printable, self-contained HTML document; thumbnail(task_id,
// photo_id) gives a photo's JPEG thumbnail bytes ("" when missing).
[[nodiscard]] std::string dossier_document(
    const Json& dossier,
    const std::function<std::string(const std::string&, const std::string&)>& thumbnail);

// Alerts of the enterprise the reader may see (null when the role may not
// read alerts), and a summary of its online data: the history a field task
// and the dossier show.
[[nodiscard]] Json enterprise_alerts(gis::Store& store, const User& reader,
                                     const std::string& enterprise_id);
[[nodiscard]] Json enterprise_online(gis::Store& store, const std::string& enterprise_id);

}  // namespace envgrid::viewer::detail

#pragma once
// The dossier of one enterprise (一厂一档, docs/viewer.md "Dossier"): its
// registration, permit and limits, outfalls and monitors, every task with
// its result and photos, the flags and reviews near it, its alerts, a
// summary of its online data and the traces where it was a suspect. The
// viewer serves it (GET /api/enterprises/{id}/dossier) and `envgrid dossier`
// writes it as one self-contained HTML file.

#include <optional>
#include <string>

#include "envgrid/gis/store.hpp"
#include "envgrid/viewer/users.hpp"

namespace envgrid::viewer {

// The dossier as one HTML file for this reader (what their role and cells
// let them see), task photos inlined as data: thumbnails, no external URL;
// nullopt when the store has no such enterprise. The CLI reads as an admin.
[[nodiscard]] std::optional<std::string> dossier_html(gis::Store& store,
                                                      const std::string& enterprise_id,
                                                      const User& reader);

}  // namespace envgrid::viewer

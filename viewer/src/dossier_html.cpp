// The dossier as one HTML file: an A4 page to print or keep, its own styles
// inline and the task photos as data: thumbnails, so that it needs nothing
// else (no server, no network; its CSP allows no other source). Every text
// from the store is escaped.

#include <sodium.h>

#include <sstream>

#include "dossier.hpp"
#include "envgrid/tasks/photo_store.hpp"
#include "envgrid/viewer/dossier.hpp"
#include "stored_file.hpp"

namespace envgrid::viewer::detail {

namespace {

constexpr std::size_t max_thumbnail_bytes = 4u << 20;

std::string escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// A JSON value as escaped text: strings as they are, null as "", numbers as JSON writes them.
std::string text(const Json& value) {
  if (value.is_null()) return "";
  if (value.is_string()) return escape(value.get<std::string>());
  return escape(json_text(value));
}

std::string field(const Json& object, const char* key) {
  auto it = object.find(key);
  return it == object.end() ? "" : text(*it);
}

std::string base64(const std::string& bytes) {
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), sodium_base64_VARIANT_ORIGINAL);
  out.resize(out.size() - 1);  // the terminating NUL
  return out;
}

// A table of rows of objects: one column per key.
std::string table(const Json& rows, std::initializer_list<const char*> keys, const char* id) {
  if (!rows.is_array() || rows.empty()) return "<p class=\"none\">none</p>\n";
  std::ostringstream out;
  out << "<table id=\"" << id << "\"><tr>";
  for (const char* key : keys) out << "<th>" << escape(key) << "</th>";
  out << "</tr>\n";
  for (const Json& row : rows) {
    const Json& values = row.contains("properties") ? row["properties"] : row;
    out << "<tr>";
    for (const char* key : keys) out << "<td>" << field(values, key) << "</td>";
    out << "</tr>\n";
  }
  out << "</table>\n";
  return out.str();
}

// The filled template: each item with its answer.
std::string result_list(const Json& result) {
  if (!result.is_object() || !result.contains("items")) return "<p class=\"none\">no result</p>\n";
  std::ostringstream out;
  out << "<ol class=\"result\">";
  for (const Json& item : result["items"]) {
    const std::string type = item.value("type", "");
    out << "<li>" << field(item, "text") << ": <strong>";
    if (type == "check") out << field(item, "result");
    if (type == "measure") out << field(item, "value") << " " << field(item, "unit");
    if (type == "finding") out << field(item, "finding");
    out << "</strong>";
    if (item.contains("note")) out << " (" << field(item, "note") << ")";
    if (item.contains("legal_basis")) out << " <small>" << field(item, "legal_basis") << "</small>";
    out << "</li>";
  }
  out << "</ol>\n";
  return out.str();
}

using Thumbnail = std::function<std::string(const std::string&, const std::string&)>;

std::string task_section(const Json& task, const Thumbnail& thumbnail) {
  std::ostringstream out;
  const std::string task_id = task.value("task_id", "");
  out << "<section class=\"task\" data-task=\"" << escape(task_id) << "\"><h3>" << escape(task_id)
      << " · " << field(task, "kind") << " · " << field(task, "state") << "</h3>\n<p>target "
      << field(task, "target_kind") << " " << field(task, "target_id") << ", team "
      << escape(task["team"].is_array() ? task["team"].dump() : "") << ", due "
      << field(task, "due") << "</p>\n"
      << result_list(task["result"])
      << table(task["events"], {"at", "user_name", "host", "action", "new_state", "note"},
               ("trail-" + task_id).c_str());
  out << "<div class=\"photos\">";
  for (const Json& photo : task["photos"]) {
    const std::string bytes = thumbnail(task_id, photo.value("photo_id", ""));
    out << "<figure>";
    if (!bytes.empty())
      out << "<img alt=\"" << field(photo, "photo_id") << "\" src=\"data:image/jpeg;base64,"
          << base64(bytes) << "\">";
    out << "<figcaption>" << field(photo, "taken_at") << " " << field(photo, "position_source")
        << " " << field(photo, "user_name") << "</figcaption></figure>";
  }
  out << "</div></section>\n";
  return out.str();
}

// A4, black on white, no screen chrome; each task kept on one page when it fits.
constexpr const char* style = R"(
@page { size: A4; margin: 15mm; }
body { font: 10.5pt/1.4 "Noto Sans CJK SC", "Noto Sans", sans-serif; color: #000; max-width: 180mm; margin: 0 auto; }
h1 { font-size: 16pt; border-bottom: 2px solid #000; } h2 { font-size: 13pt; margin-top: 1.2em; border-bottom: 1px solid #888; }
h3 { font-size: 11pt; } table { border-collapse: collapse; width: 100%; margin: 0.3em 0; }
th, td { border: 1px solid #999; padding: 2px 4px; text-align: left; vertical-align: top; font-size: 9pt; }
.none { color: #555; } .photos { display: flex; flex-wrap: wrap; gap: 4mm; }
figure { margin: 0; width: 50mm; } figure img { width: 50mm; } figcaption { font-size: 8pt; }
section.task { break-inside: avoid; border-top: 1px dotted #888; }
@media print { a { color: #000; text-decoration: none; } }
)";

std::string list_section(const char* title, const Json& rows,
                         std::initializer_list<const char*> keys, const char* id) {
  std::ostringstream out;
  out << "<h2>" << title << " (" << (rows.is_array() ? rows.size() : 0) << ")</h2>\n";
  if (rows.is_null()) return out.str() + "<p class=\"none\">not shown to this role</p>\n";
  return out.str() + table(rows, keys, id);
}

}  // namespace

std::string dossier_document(const Json& dossier, const Thumbnail& thumbnail) {
  const Json& e = dossier["enterprise"]["properties"];
  std::ostringstream out;
  out << "<!doctype html>\n<html lang=\"zh\"><head><meta charset=\"utf-8\">\n"
      << "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src "
         "data:; style-src 'unsafe-inline'\">\n"
      << "<title>" << field(e, "name") << " " << field(e, "enterprise_id")
      << " — dossier</title>\n<style>" << style << "</style></head><body>\n"
      << "<h1>" << field(e, "name") << " <small>" << field(e, "enterprise_id")
      << "</small></h1>\n<p>一厂一档 · generated " << field(dossier, "generated_at") << " for "
      << field(dossier["generated_for"], "user_name") << " ("
      << field(dossier["generated_for"], "role") << ")</p>\n";
  out << "<h2>Registration and permit</h2>\n"
      << table(Json::array({e}),
               {"enterprise_id", "name", "industry", "risk_class", "permit_no", "cell_id",
                "last_inspected"},
               "registration")
      << "<p>next inspection due " << field(dossier["inspection"], "due_date") << "</p>\n";
  out << list_section("Discharge limits", dossier["limits"],
                      {"outfall_id", "parameter", "statistic", "limit_value", "unit", "source"},
                      "limits")
      << list_section("Outfalls", dossier["outfalls"], {"outfall_id", "name", "registered"},
                      "outfalls")
      << list_section("Monitors", dossier["monitors"], {"mn", "outfall_id", "kind"}, "monitors");
  out << "<h2>Tasks (" << (dossier["tasks"].is_array() ? dossier["tasks"].size() : 0) << ")</h2>\n";
  if (dossier["tasks"].is_null()) out << "<p class=\"none\">not shown to this role</p>\n";
  for (const Json& task : dossier["tasks"]) out << task_section(task, thumbnail);
  out << list_section("Alerts", dossier["alerts"],
                      {"alert_id", "parameter", "level", "status", "first_at", "last_at",
                       "exceedance_count", "max_value", "limit_value", "unit"},
                      "alerts")
      << list_section("Online data", dossier["online"],
                      {"outfall_id", "mn", "parameter", "statistic", "unit", "values", "valid",
                       "first_at", "last_at", "min", "max", "mean"},
                      "online")
      << list_section("Flags within 500 m", dossier["flags_nearby"],
                      {"flag_id", "kind", "status", "cell_id"}, "flags")
      << list_section("Reviews", dossier["reviews"],
                      {"flag_id", "decided_at", "user_name", "old_status", "new_status", "comment"},
                      "reviews")
      << list_section("Traces where it was a suspect", dossier["traces"],
                      {"trace_id", "created_at", "section_id", "parameter", "at", "rank", "kind",
                       "object_id", "score"},
                      "traces")
      << "</body></html>\n";
  return out.str();
}

}  // namespace envgrid::viewer::detail

namespace envgrid::viewer {

std::optional<std::string> dossier_html(gis::Store& store, const std::string& enterprise_id,
                                        const User& reader) {
  const auto dossier = detail::dossier_json(store, reader, enterprise_id);
  if (!dossier) return std::nullopt;
  // Only photos the dossier lists, found again by their task's stored rows.
  auto thumbnail = [&store](const std::string& task_id, const std::string& photo_id) {
    for (const auto& p : tasks::read_task_photos(store, task_id)) {
      if (p.photo_id != photo_id) continue;
      return detail::read_jpeg_file(p.photo.thumbnail, detail::max_thumbnail_bytes)
          .value_or(std::string());
    }
    return std::string();
  };
  return detail::dossier_document(*dossier, thumbnail);
}

}  // namespace envgrid::viewer

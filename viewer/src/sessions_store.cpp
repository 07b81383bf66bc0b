// Login sessions in the store table `sessions`, which the viewer owns
// (docs/store.md, "Owners").

#include "envgrid/viewer/sessions.hpp"

#include <sodium.h>

#include <algorithm>
#include <vector>

#include "envgrid/gis/error.hpp"
#include "envgrid/gis/log.hpp"
#include "envgrid/gis/store_tables.hpp"
#include "envgrid/viewer/users.hpp"

namespace envgrid::viewer {

namespace {

constexpr std::size_t token_bytes = 32;  // 256 bits, above the 128 the issue asks

std::int64_t now_unix_s() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

bool is_hex_token(const std::string& token) {
  return token.size() == 2 * token_bytes && std::all_of(token.begin(), token.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

std::string to_hex(const unsigned char* bytes, std::size_t size) {
  std::string hex(2 * size + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), bytes, size);
  hex.pop_back();
  return hex;
}

std::string session_id_of(const std::string& token) {
  unsigned char digest[32];
  crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(token.data()),
                     token.size(), nullptr, 0);
  return to_hex(digest, sizeof digest);
}

void delete_matching(gis::Store& store, const std::string& filter) {
  OGRLayer& sessions = gis::store_layer(store, sessions_table);
  std::vector<GIntBig> doomed;
  gis::for_each_feature(sessions, filter,
                        [&doomed](OGRFeature& f) { doomed.push_back(f.GetFID()); });
  if (doomed.empty()) return;
  store.transaction([&] {
    for (GIntBig fid : doomed) {
      if (sessions.DeleteFeature(fid) != OGRERR_NONE) {
        gis::throw_output_error(
            "cannot delete a session: " + gis::take_last_gdal_error(),
            {.step = "serve", .dataset = store.location(), .layer = sessions_table});
      }
    }
  });
}

}  // namespace

std::string random_hex(std::size_t bytes) {
  if (sodium_init() < 0) gis::throw_output_error("libsodium cannot be initialised");
  std::vector<unsigned char> buffer(bytes);
  randombytes_buf(buffer.data(), buffer.size());
  return to_hex(buffer.data(), buffer.size());
}

bool same_secret(const std::string& a, const std::string& b) {
  return a.size() == b.size() && !a.empty() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

NewSession start_session(gis::Store& store, const std::string& user_name,
                         std::chrono::seconds lifetime) {
  delete_matching(store, "expires_at < " + std::to_string(now_unix_s()));
  NewSession created{.token = random_hex(token_bytes),
                     .session = {.user_name = user_name,
                                 .csrf_token = random_hex(token_bytes),
                                 .expires_at_unix_s = now_unix_s() + lifetime.count()}};
  store.transaction([&] {
    OGRLayer& sessions = gis::store_layer(store, sessions_table);
    OGRFeature feature(sessions.GetLayerDefn());
    feature.SetField("session_id", session_id_of(created.token).c_str());
    feature.SetField("user_name", user_name.c_str());
    feature.SetField("csrf_token", created.session.csrf_token.c_str());
    feature.SetField("created_at", gis::utc_now_iso8601().c_str());
    feature.SetField("expires_at", static_cast<GIntBig>(created.session.expires_at_unix_s));
    gis::insert_feature(store, sessions, feature);
  });
  return created;
}

std::optional<Session> find_session(gis::Store& store, const std::string& token) {
  if (!is_hex_token(token)) return std::nullopt;
  gis::FeaturePtr feature = gis::find_feature(gis::store_layer(store, sessions_table), "session_id",
                                              session_id_of(token));
  if (!feature) return std::nullopt;
  Session session{.user_name = feature->GetFieldAsString("user_name"),
                  .csrf_token = feature->GetFieldAsString("csrf_token"),
                  .expires_at_unix_s = feature->GetFieldAsInteger64("expires_at")};
  if (session.expires_at_unix_s <= now_unix_s()) return std::nullopt;
  return session;
}

void end_session(gis::Store& store, const std::string& token) {
  if (!is_hex_token(token)) return;
  delete_matching(store, "session_id = " + gis::sql_quote(session_id_of(token)));
}

void end_sessions_of(gis::Store& store, const std::string& user_name) {
  delete_matching(store, "user_name = " + gis::sql_quote(user_name));
}

}  // namespace envgrid::viewer

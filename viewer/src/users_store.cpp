// Users of the viewer in the store table `users`, which the viewer owns
// (docs/store.md, "Owners").

#include "envgrid/viewer/users.hpp"

#include <sodium.h>

#include <algorithm>
#include <sstream>

#include "envgrid/gis/error.hpp"
#include "envgrid/gis/store_tables.hpp"
#include "envgrid/gis/text.hpp"
#include "envgrid/grid/grid_rows.hpp"
#include "envgrid/viewer/sessions.hpp"

namespace envgrid::viewer {

namespace {

void require_sodium() {
  if (sodium_init() < 0) gis::throw_output_error("libsodium cannot be initialised");
}

bool valid_user_name(const std::string& name) {
  return !name.empty() && name.size() <= 64 && std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
  });
}

std::string hash_password(const std::string& password) {
  require_sodium();
  if (password.size() < 8) gis::throw_usage_error("a password needs at least 8 characters");
  char hash[crypto_pwhash_STRBYTES];
  // INTERACTIVE limits (64 MiB, about 0.1-0.5 s): a login should not stall the server.
  if (crypto_pwhash_str(hash, password.c_str(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
    gis::throw_output_error("cannot hash the password (out of memory)");
  }
  return hash;
}

std::vector<std::string> split_cells(const std::string& text) {
  std::vector<std::string> cells;
  std::stringstream stream(text);
  for (std::string cell; std::getline(stream, cell, ',');) {
    cell.erase(0, cell.find_first_not_of(' '));
    cell.erase(cell.find_last_not_of(' ') + 1);
    if (!cell.empty()) cells.push_back(cell);
  }
  return cells;
}

User user_from_feature(gis::Store& store, OGRFeature& feature) {
  User user;
  user.user_name = feature.GetFieldAsString("user_name");
  user.role = parse_role(feature.GetFieldAsString("role")).value_or(Role::analyst);
  user.disabled = feature.GetFieldAsInteger("disabled") != 0;
  user.cells = split_cells(feature.GetFieldAsString("cells"));
  for (auto& id : grid::cells_managed_by(store, user.user_name)) {
    if (std::find(user.cells.begin(), user.cells.end(), id) == user.cells.end()) {
      user.cells.push_back(std::move(id));
    }
  }
  return user;
}

gis::FeaturePtr require_user_feature(gis::Store& store, const std::string& user_name) {
  gis::FeaturePtr feature =
      gis::find_feature(gis::store_layer(store, users_table), "user_name", user_name);
  if (!feature) {
    gis::throw_input_error("no user '" + user_name + "'",
                           {.dataset = store.location(), .layer = users_table});
  }
  return feature;
}

}  // namespace

void ensure_access_tables(gis::Store& store) {
  // Stores made before users and sessions were in store_schema() lack them.
  if (store.has_layer(users_table) && store.has_layer(sessions_table)) return;
  store.transaction([&store] {
    store.create_layer_if_missing(users_table);
    store.create_layer_if_missing(sessions_table);
  });
}

std::string random_password() {
  require_sodium();
  static constexpr char alphabet[] = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  std::string password;
  for (int i = 0; i < 20; ++i) password += alphabet[randombytes_uniform(sizeof alphabet - 1)];
  return password;
}

std::optional<std::string> create_first_admin(gis::Store& store) {
  ensure_access_tables(store);
  if (gis::store_layer(store, users_table).GetFeatureCount(TRUE) > 0) return std::nullopt;
  std::string password = random_password();
  add_user(store, "admin", Role::admin, password);
  return password;
}

std::vector<std::string> missing_cells(gis::Store& store, const std::vector<std::string>& cells) {
  std::vector<std::string> missing;
  for (const auto& cell : cells) {
    if (!grid::has_cell(store, cell)) missing.push_back(cell);
  }
  return missing;
}

void add_user(gis::Store& store, const std::string& user_name, Role role,
              const std::string& password, const std::vector<std::string>& cells) {
  if (!valid_user_name(user_name)) {
    gis::throw_usage_error("user name '" + user_name +
                           "' must be 1-64 letters, digits, '.', '_' or '-'");
  }
  ensure_access_tables(store);
  const std::string hash = hash_password(password);
  store.transaction([&] {
    OGRLayer& users = gis::store_layer(store, users_table);
    if (gis::find_feature(users, "user_name", user_name)) {
      gis::throw_usage_error("user '" + user_name + "' exists already");
    }
    OGRFeature feature(users.GetLayerDefn());
    feature.SetField("user_name", user_name.c_str());
    feature.SetField("role", std::string(role_name(role)).c_str());
    feature.SetField("password_hash", hash.c_str());
    feature.SetField("disabled", 0);
    feature.SetField("cells", gis::join(cells, ",").c_str());
    gis::insert_feature(store, users, feature);
  });
}

void set_password(gis::Store& store, const std::string& user_name, const std::string& password) {
  const std::string hash = hash_password(password);
  store.transaction([&] {
    gis::FeaturePtr feature = require_user_feature(store, user_name);
    feature->SetField("password_hash", hash.c_str());
    gis::update_feature(store, gis::store_layer(store, users_table), *feature);
  });
}

void disable_user(gis::Store& store, const std::string& user_name) {
  store.transaction([&] {
    gis::FeaturePtr feature = require_user_feature(store, user_name);
    feature->SetField("disabled", 1);
    gis::update_feature(store, gis::store_layer(store, users_table), *feature);
  });
  end_sessions_of(store, user_name);
}

bool has_users(gis::Store& store) {
  return store.has_layer(users_table) &&
         gis::store_layer(store, users_table).GetFeatureCount(TRUE) > 0;
}

std::optional<User> find_user(gis::Store& store, const std::string& user_name) {
  if (!valid_user_name(user_name) || !store.has_layer(users_table)) return {};
  gis::FeaturePtr feature =
      gis::find_feature(gis::store_layer(store, users_table), "user_name", user_name);
  if (!feature) return std::nullopt;
  return user_from_feature(store, *feature);
}

std::optional<User> check_password(gis::Store& store, const std::string& user_name,
                                   const std::string& password) {
  require_sodium();
  if (!valid_user_name(user_name)) return std::nullopt;
  gis::FeaturePtr feature =
      gis::find_feature(gis::store_layer(store, users_table), "user_name", user_name);
  if (!feature || feature->GetFieldAsInteger("disabled") != 0) return std::nullopt;
  const std::string hash = feature->GetFieldAsString("password_hash");
  if (crypto_pwhash_str_verify(hash.c_str(), password.c_str(), password.size()) != 0) {
    return std::nullopt;
  }
  return user_from_feature(store, *feature);
}

}  // namespace envgrid::viewer

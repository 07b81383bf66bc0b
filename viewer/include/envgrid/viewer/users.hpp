#pragma once
// The viewer's users, kept in the store table `users` (user_name, role,
// password_hash, disabled, cells). Passwords are hashed with libsodium's
// crypto_pwhash_str (argon2id); the plain password never reaches the store.

#include <optional>
#include <string>
#include <vector>

#include "envgrid/gis/store.hpp"
#include "envgrid/viewer/access.hpp"

namespace envgrid::viewer {

inline constexpr const char* users_table = "users";
inline constexpr const char* sessions_table = "sessions";

struct User {
  std::string user_name;
  Role role = Role::analyst;
  bool disabled = false;
  // Cells a grid manager manages: the `cells` field of users (comma-separated)
  // plus every cell whose cells.manager is the user's name.
  std::vector<std::string> cells;
};

// Creates the users and sessions tables when missing, in one transaction.
void ensure_access_tables(gis::Store& store);

// A random password of 20 letters and digits (about 119 bits).
[[nodiscard]] std::string random_password();

// When the store has no user yet, creates `admin` with a random password and
// returns that password (to print once); nullopt otherwise.
[[nodiscard]] std::optional<std::string> create_first_admin(gis::Store& store);

// The cell ids that are not in the store's cells layer (a user given them
// would see nothing there).
[[nodiscard]] std::vector<std::string> missing_cells(gis::Store& store,
                                                     const std::vector<std::string>& cells);

// Throws Error(usage) when the name is taken or malformed (letters, digits, . _ -).
void add_user(gis::Store& store, const std::string& user_name, Role role,
              const std::string& password, const std::vector<std::string>& cells = {});
// Throws Error(input) when the user does not exist.
void set_password(gis::Store& store, const std::string& user_name, const std::string& password);
// Disables the user and ends their sessions.
void disable_user(gis::Store& store, const std::string& user_name);

// Whether the store has any viewer user (then every actor must be one).
[[nodiscard]] bool has_users(gis::Store& store);
[[nodiscard]] std::optional<User> find_user(gis::Store& store, const std::string& user_name);
// The user when the name exists, is enabled and the password matches.
[[nodiscard]] std::optional<User> check_password(gis::Store& store, const std::string& user_name,
                                                 const std::string& password);

}  // namespace envgrid::viewer

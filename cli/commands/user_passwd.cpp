// envgrid user passwd PROJECT USER [--password-stdin]

#include <iostream>

#include "envgrid/viewer/sessions.hpp"
#include "envgrid/viewer/users.hpp"
#include "registry.hpp"
#include "user_common.hpp"

namespace envgrid::cli {

namespace {

int run_user_passwd(const ParsedArgs& args) {
  gis::Store store = open_store_for_user_verb(args);
  bool generated = false;
  const std::string password = password_from(args, generated);
  viewer::set_password(store, args.positionals[1], password);
  // A new password ends the sessions opened with the old one.
  viewer::end_sessions_of(store, args.positionals[1]);
  std::cout << "changed the password of " << args.positionals[1];
  if (generated) std::cout << " to " << password;
  std::cout << "\n";
  return 0;
}

const CommandRegistrar registrar{{
    .path = "user passwd",
    .summary = "set a viewer user's password (ends their sessions)",
    .usage = "PROJECT USER [--password-stdin]",
    .options = {password_stdin_option()},
    .run = run_user_passwd,
}};

}  // namespace

}  // namespace envgrid::cli

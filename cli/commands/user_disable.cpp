// envgrid user disable PROJECT USER

#include <iostream>

#include "envgrid/viewer/users.hpp"
#include "registry.hpp"
#include "user_common.hpp"

namespace envgrid::cli {

namespace {

int run_user_disable(const ParsedArgs& args) {
  gis::Store store = open_store_for_user_verb(args);
  viewer::disable_user(store, args.positionals[1]);
  std::cout << "disabled user " << args.positionals[1] << " and ended their sessions\n";
  return 0;
}

const CommandRegistrar registrar{{
    .path = "user disable",
    .summary = "disable a viewer user and end their sessions",
    .usage = "PROJECT USER",
    .options = {},
    .run = run_user_disable,
}};

}  // namespace

}  // namespace envgrid::cli

#include "user_common.hpp"

#include <iostream>

#include "envgrid/gis/error.hpp"
#include "envgrid/viewer/users.hpp"

namespace envgrid::cli {

gis::Store open_store_for_user_verb(const ParsedArgs& args) {
  if (args.positionals.size() != 2) gis::throw_usage_error("give PROJECT and USER");
  gis::Store store = gis::Store::open(args.positionals[0], true);
  viewer::ensure_access_tables(store);
  return store;
}

std::string password_from(const ParsedArgs& args, bool& generated) {
  generated = !args.has("--password-stdin");
  if (generated) return viewer::random_password();
  std::string password;
  std::getline(std::cin, password);
  if (!password.empty() && password.back() == '\r') password.pop_back();
  return password;
}

OptionSpec password_stdin_option() {
  return {"--password-stdin", "", false,
          "read the password from the first line of standard input (DEFAULT: a random one, "
          "printed)"};
}

}  // namespace envgrid::cli

#include "user_common.hpp"

#include <iostream>

#include "envgrid/gis/bounded_input.hpp"
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
  // A password is one short line: /dev/zero or a binary file piped in by
  // mistake is refused at the bound.
  constexpr std::size_t max_password_bytes = 1024;
  const gis::ErrorContext where{.step = "--password-stdin", .dataset = "standard input"};
  auto password = gis::read_bounded_line(std::cin, max_password_bytes, where);
  if (!password) gis::throw_input_error("no password line", where);
  if (password->find('\0') != std::string::npos) {
    gis::throw_input_error("the password holds a NUL byte", where);
  }
  return *password;
}

OptionSpec password_stdin_option() {
  return {"--password-stdin", "", false,
          "read the password from the first line of standard input (DEFAULT: a random one, "
          "printed)"};
}

}  // namespace envgrid::cli

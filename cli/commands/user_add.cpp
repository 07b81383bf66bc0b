// envgrid user add PROJECT USER --role ROLE [--cells C1,C2] [--password-stdin]

#include <iostream>
#include <sstream>

#include "envgrid/gis/error.hpp"
#include "envgrid/viewer/users.hpp"
#include "registry.hpp"
#include "user_common.hpp"

namespace envgrid::cli {

namespace {

int run_user_add(const ParsedArgs& args) {
  const auto role = viewer::parse_role(args.require("--role"));
  if (!role) gis::throw_usage_error("--role must be admin, analyst, grid_manager or investigator");
  std::vector<std::string> cells;
  std::stringstream list(args.get_or("--cells", ""));
  for (std::string cell; std::getline(list, cell, ',');) {
    if (!cell.empty()) cells.push_back(cell);
  }
  gis::Store store = open_store_for_user_verb(args);
  if (const auto missing = viewer::missing_cells(store, cells); !missing.empty()) {
    std::string names;
    for (const auto& cell : missing) names += (names.empty() ? "" : ", ") + cell;
    gis::throw_usage_error("--cells: no cell " + names + " in the store (cells.cell_id)");
  }
  bool generated = false;
  const std::string password = password_from(args, generated);
  viewer::add_user(store, args.positionals[1], *role, password, cells);
  std::cout << "added user " << args.positionals[1] << " (" << viewer::role_name(*role) << ")";
  if (generated) std::cout << ", password " << password;
  std::cout << "\n";
  return 0;
}

const CommandRegistrar registrar{{
    .path = "user add",
    .summary = "add a viewer user with a role",
    .usage = "PROJECT USER --role admin|analyst|grid_manager|investigator [--cells C1,C2] "
             "[--password-stdin]",
    .options = {{"--role", "", true, "admin, analyst, grid_manager or investigator"},
                {"--cells", "", true,
                 "cell ids a grid manager manages, comma-separated (cells whose manager "
                 "field names the user count too)"},
                password_stdin_option()},
    .run = run_user_add,
}};

}  // namespace

}  // namespace envgrid::cli

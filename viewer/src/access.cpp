// The role x action -> scope table. Change it here and in docs/viewer.md.

#include "envgrid/viewer/access.hpp"

#include <array>

namespace envgrid::viewer {

namespace {

constexpr Scope N = Scope::none;
constexpr Scope O = Scope::own_cells;
constexpr Scope A = Scope::all;

struct Row {
  Action action;
  std::array<Scope, 4> scope_by_role;  // admin, analyst, grid_manager, investigator
};

// clang-format off
constexpr std::array<Row, 13> access_table{{
    //                              admin analyst grid_manager investigator
    {Action::read_context,     {A,    A,      A,           A}},
    {Action::read_flags,       {A,    A,      O,           A}},
    {Action::review_flag,      {A,    A,      O,           N}},
    {Action::read_enterprises, {A,    A,      O,           A}},
    {Action::read_patrols,     {A,    N,      O,           N}},
    {Action::read_traces,      {A,    A,      N,           A}},
    {Action::run_trace,        {A,    A,      N,           A}},
    {Action::read_my_cells,    {A,    N,      O,           N}},
    {Action::read_alerts,      {A,    A,      O,           A}},
    {Action::change_alert,     {A,    N,      O,           N}},
    {Action::read_tasks,       {A,    A,      O,           A}},
    {Action::do_task,          {A,    N,      O,           A}},
    {Action::review_task,      {A,    A,      N,           N}},
}};
// clang-format on

}  // namespace

Scope scope_for(Role role, Action action) {
  for (const Row& row : access_table) {
    if (row.action == action) return row.scope_by_role[static_cast<std::size_t>(role)];
  }
  return Scope::none;  // an action missing from the table is refused
}

std::string_view role_name(Role role) {
  switch (role) {
    case Role::admin:
      return "admin";
    case Role::analyst:
      return "analyst";
    case Role::grid_manager:
      return "grid_manager";
    case Role::investigator:
      return "investigator";
  }
  return "unknown";
}

std::optional<Role> parse_role(std::string_view name) {
  for (Role role : {Role::admin, Role::analyst, Role::grid_manager, Role::investigator}) {
    if (role_name(role) == name) return role;
  }
  return std::nullopt;
}

}  // namespace envgrid::viewer

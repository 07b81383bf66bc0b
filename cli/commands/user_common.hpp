#pragma once
// Shared by the `envgrid user ...` verbs: opening the store and reading a
// password from standard input.

#include <string>

#include "envgrid/gis/store.hpp"
#include "options.hpp"

namespace envgrid::cli {

// Opens PROJECT (positional 0) for update; USER is positional 1.
// Throws Error(usage) unless exactly two positionals are given.
[[nodiscard]] gis::Store open_store_for_user_verb(const ParsedArgs& args);

// With --password-stdin: the first line of standard input. Otherwise a new
// random password, which the caller prints.
[[nodiscard]] std::string password_from(const ParsedArgs& args, bool& generated);

[[nodiscard]] OptionSpec password_stdin_option();

}  // namespace envgrid::cli

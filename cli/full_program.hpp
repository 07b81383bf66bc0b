#pragma once
// The slim envgrid program runs envgrid-full, the program with every verb,
// for the verbs it does not hold and for the overview of all verbs
// (cli/CMakeLists.txt says which verbs and why).

namespace envgrid::cli {

// Replaces this process by envgrid-full from the directory of this program,
// with the same arguments. Returns the exit code only when it cannot be run.
[[nodiscard]] int run_full_program(char** argv);

}  // namespace envgrid::cli

#pragma once
// The one root error type of envgrid. Its message names where the problem is
// (dataset, layer, feature or line) and the envgrid step that met it, so that
// the CLI's main() can print it as is and choose the exit code in one place.

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>

namespace envgrid::gis {

// Exit codes of the envgrid program (docs/cli.md). 124-127 and 137 are left
// to timeout(1) and kills.
enum class ExitCode : int {
  done = 0,
  data_problems = 1,  // done, but some records were reported and skipped
  usage = 2,
  input = 100,   // an input cannot be opened or understood
  output = 101,  // an output or the store cannot be written
  internal = 102,
};

// Where an error happened; every field is optional.
struct ErrorContext {
  std::string step;     // envgrid step, e.g. "import", "crs transform"
  std::string dataset;  // file name or connection string
  std::string layer;
  std::optional<std::int64_t> feature;  // feature id or row number
  std::optional<std::int64_t> line;     // line number in a text input

  [[nodiscard]] std::string describe() const;
};

class Error : public std::runtime_error {
 public:
  Error(ExitCode code, const std::string& what, ErrorContext context = {});

  [[nodiscard]] ExitCode code() const noexcept { return code_; }
  [[nodiscard]] const ErrorContext& context() const noexcept { return context_; }
  [[nodiscard]] const std::string& reason() const noexcept { return reason_; }

 private:
  ExitCode code_;
  std::string reason_;
  ErrorContext context_;
};

// Shorthands for the common classes.
[[noreturn]] void throw_input_error(const std::string& what, ErrorContext context = {});
[[noreturn]] void throw_output_error(const std::string& what, ErrorContext context = {});
[[noreturn]] void throw_usage_error(const std::string& what);

}  // namespace envgrid::gis

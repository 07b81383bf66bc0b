#pragma once
// A small option parser for envgrid verbs: each verb declares its options,
// so a misspelt option is a usage error (exit 2) rather than silently ignored.

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace envgrid::cli {

struct OptionSpec {
  std::string name;   // long form, e.g. "--s-srs"
  std::string alias;  // short form or second spelling, e.g. "-o", "--of"; may be empty
  bool takes_value = true;
  std::string help;
  // The value is a file or folder the verb writes. The conventional output
  // options (output_option_names) are outputs whatever this says, so a new
  // verb cannot forget to mark its -o.
  bool writes = false;
};

// Options that name what a verb writes, in every verb.
inline constexpr const char* output_option_names[] = {"--output", "-o", "--mask-out", "--report",
                                                      "--gpx"};
[[nodiscard]] bool is_output_option(const OptionSpec& spec);

class ParsedArgs {
 public:
  std::vector<std::string> positionals;

  [[nodiscard]] bool has(const std::string& name) const { return values_.count(name) != 0; }
  [[nodiscard]] std::optional<std::string> get(const std::string& name) const;
  [[nodiscard]] std::string get_or(const std::string& name, const std::string& fallback) const;
  [[nodiscard]] std::string require(const std::string& name) const;
  [[nodiscard]] std::optional<double> get_double(const std::string& name) const;
  [[nodiscard]] std::optional<long long> get_int(const std::string& name) const;
  [[nodiscard]] const std::vector<std::string>& all(const std::string& name) const;

  void add(const std::string& name, std::string value) {
    values_[name].push_back(std::move(value));
  }

 private:
  std::map<std::string, std::vector<std::string>> values_;
};

// Parses args against specs (values are stored under the long name).
// Throws gis::Error(usage) on an unknown option or a missing value, and on an
// output that resolves to an input or another output (gis/output_guard.hpp):
// every positional and every other option's value counts as an input.
[[nodiscard]] ParsedArgs parse_args(const std::vector<std::string>& args,
                                    const std::vector<OptionSpec>& specs);

}  // namespace envgrid::cli

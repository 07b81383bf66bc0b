#include "options.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "envgrid/gis/error.hpp"
#include "envgrid/gis/output_guard.hpp"

namespace envgrid::cli {

using gis::throw_usage_error;

std::optional<std::string> ParsedArgs::get(const std::string& name) const {
  auto it = values_.find(name);
  if (it == values_.end() || it->second.empty()) return std::nullopt;
  return it->second.back();
}

std::string ParsedArgs::get_or(const std::string& name, const std::string& fallback) const {
  return get(name).value_or(fallback);
}

std::string ParsedArgs::require(const std::string& name) const {
  auto value = get(name);
  if (!value) throw_usage_error("missing required option " + name);
  return *value;
}

namespace {

// The whole text must be the number: "12abc" and "1e3" for an integer are refused.
template <typename Number>
Number parse_number_option(const std::string& name, const std::string& text, const char* kind) {
  Number out{};
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, out);
  if (ec != std::errc{} || ptr != end) {
    throw_usage_error(name + " expects " + kind + ", got '" + text + "'");
  }
  return out;
}

// Refuses, before the verb opens anything, an output that is one of the
// command's inputs or another output.
void guard_outputs(const ParsedArgs& parsed, const std::vector<OptionSpec>& specs) {
  std::vector<gis::NamedPath> outputs;
  std::vector<gis::NamedPath> inputs;
  for (const auto& positional : parsed.positionals) inputs.push_back({"argument", positional});
  for (const auto& spec : specs) {
    if (!spec.takes_value) continue;
    auto& side = is_output_option(spec) ? outputs : inputs;
    for (const auto& value : parsed.all(spec.name)) side.push_back({spec.name, value});
  }
  gis::refuse_outputs_onto_inputs(outputs, inputs);
}

}  // namespace

bool is_output_option(const OptionSpec& spec) {
  if (spec.writes) return true;
  return std::any_of(std::begin(output_option_names), std::end(output_option_names),
                     [&](const char* name) { return spec.name == name || spec.alias == name; });
}

std::optional<double> ParsedArgs::get_double(const std::string& name) const {
  auto value = get(name);
  if (!value) return std::nullopt;
  const double number = parse_number_option<double>(name, *value, "a number");
  if (!std::isfinite(number))
    throw_usage_error(name + " expects a finite number, got '" + *value + "'");
  return number;
}

std::optional<long long> ParsedArgs::get_int(const std::string& name) const {
  auto value = get(name);
  if (!value) return std::nullopt;
  return parse_number_option<long long>(name, *value, "an integer");
}

const std::vector<std::string>& ParsedArgs::all(const std::string& name) const {
  static const std::vector<std::string> none;
  auto it = values_.find(name);
  return it == values_.end() ? none : it->second;
}

ParsedArgs parse_args(const std::vector<std::string>& args, const std::vector<OptionSpec>& specs) {
  ParsedArgs parsed;
  bool only_positionals = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (only_positionals || arg.size() < 2 || arg[0] != '-' || (arg[1] >= '0' && arg[1] <= '9')) {
      parsed.positionals.push_back(arg);
      continue;
    }
    if (arg == "--") {
      only_positionals = true;
      continue;
    }
    std::string name = arg;
    std::optional<std::string> inline_value;
    if (auto eq = arg.find('='); eq != std::string::npos && arg.rfind("--", 0) == 0) {
      name = arg.substr(0, eq);
      inline_value = arg.substr(eq + 1);
    }
    const OptionSpec* spec = nullptr;
    for (const auto& s : specs) {
      if (s.name == name || (!s.alias.empty() && s.alias == name)) spec = &s;
    }
    if (!spec) throw_usage_error("unknown option " + name);
    if (!spec->takes_value) {
      parsed.add(spec->name, "1");
      continue;
    }
    if (inline_value) {
      parsed.add(spec->name, *inline_value);
    } else if (i + 1 < args.size()) {
      parsed.add(spec->name, args[++i]);
    } else {
      throw_usage_error("option " + name + " needs a value");
    }
  }
  guard_outputs(parsed, specs);
  return parsed;
}

}  // namespace envgrid::cli

#include "envgrid/gis/error.hpp"

namespace envgrid::gis {

std::string ErrorContext::describe() const {
  std::string out;
  auto add = [&out](const std::string& part) {
    if (part.empty()) return;
    if (!out.empty()) out += ", ";
    out += part;
  };
  if (!dataset.empty()) add(dataset);
  if (!layer.empty()) add("layer " + layer);
  if (feature) add("feature " + std::to_string(*feature));
  if (line) add("line " + std::to_string(*line));
  return out;
}

namespace {
std::string compose(const std::string& what, const ErrorContext& context) {
  std::string message;
  if (!context.step.empty()) message += context.step + ": ";
  const std::string where = context.describe();
  if (!where.empty()) message += where + ": ";
  return message + what;
}
}  // namespace

Error::Error(ExitCode code, const std::string& what, ErrorContext context)
    : std::runtime_error(compose(what, context)),
      code_(code),
      reason_(what),
      context_(std::move(context)) {}

void throw_input_error(const std::string& what, ErrorContext context) {
  throw Error(ExitCode::input, what, std::move(context));
}

void throw_output_error(const std::string& what, ErrorContext context) {
  throw Error(ExitCode::output, what, std::move(context));
}

void throw_usage_error(const std::string& what) { throw Error(ExitCode::usage, what); }

}  // namespace envgrid::gis

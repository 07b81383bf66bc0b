// envgrid crs transform --s-srs SRC --t-srs DST: cs2cs for envgrid's CRS
// (GCJ-02 and BD-09 included). Reads "x y [rest]" lines from stdin, writes
// "X<TAB>Y[<TAB>rest]" lines to stdout; docs/cli/crs-transform.md.

#include <cstdio>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>

#include "envgrid/gis/bounded_input.hpp"
#include "envgrid/gis/coordinate_line.hpp"
#include "envgrid/gis/crs.hpp"
#include "envgrid/gis/error.hpp"
#include "envgrid/gis/log.hpp"
#include "registry.hpp"

namespace envgrid::cli {

namespace {

bool is_passthrough(std::string_view text) {
  const auto first = text.find_first_not_of(" \t");
  return first == std::string_view::npos || text[first] == '#';
}

void append_coordinate(std::string& out, double value) {
  // 9 decimals: 1e-9 degree is 0.1 mm, 1e-9 m is far below any CRS's accuracy.
  char buffer[64];
  const int n = std::snprintf(buffer, sizeof buffer, "%.9f", value);
  out.append(buffer, static_cast<std::size_t>(n));
}

void report_bad_line(long long number, const std::string& reason) {
  gis::ErrorContext where;
  where.dataset = "<stdin>";
  where.line = number;
  gis::log_error(gis::Error(gis::ExitCode::data_problems, reason, where).what());
}

int run_transform(const ParsedArgs& args) {
  const gis::Crs source = gis::Crs::parse(args.require("--s-srs"));
  const gis::Crs target = gis::Crs::parse(args.require("--t-srs"));
  if (!args.positionals.empty()) {
    gis::throw_usage_error("unexpected argument '" + args.positionals.front() +
                           "': coordinates are read from standard input");
  }
  const gis::CoordinateTransformer transformer(source, target);
  gis::StepScope step("crs transform");
  std::ios::sync_with_stdio(false);

  std::string out;
  long long number = 0;
  long long failures = 0;
  while (auto next = gis::read_bounded_line(std::cin, gis::max_input_line_bytes,
                                            {.dataset = "<stdin>", .line = number + 1})) {
    const std::string& line = *next;
    ++number;
    if (is_passthrough(line)) {
      out += line;
    } else {
      auto parsed = gis::parse_coordinate_line(line);
      const bool ok = parsed && transformer.transform(parsed->x, parsed->y);
      if (ok) {
        append_coordinate(out, parsed->x);
        out += '\t';
        append_coordinate(out, parsed->y);
      } else {
        ++failures;
        report_bad_line(number, parsed ? "cannot transform '" + line + "' from " + source.name() +
                                             " to " + target.name() +
                                             " (not finite or outside the CRS's domain)"
                                       : "'" + line + "' does not start with two numbers x y");
        out += "*\t*";  // cs2cs's placeholder: output lines stay aligned with input lines
      }
      if (parsed && !parsed->rest.empty()) (out += '\t') += parsed->rest;
    }
    out += '\n';
    if (out.size() > (1u << 16)) {
      std::cout << out;
      out.clear();
    }
  }
  std::cout << out << std::flush;
  if (failures > 0) {
    gis::log_warning(std::to_string(failures) + " of " + std::to_string(number) +
                     " lines could not be transformed");
  }
  return static_cast<int>(failures > 0 ? gis::ExitCode::data_problems : gis::ExitCode::done);
}

const CommandRegistrar registrar{Command{
    .path = "crs transform",
    .summary = "transform x y lines on stdin between CRSs (EPSG:n, PROJ, WKT, GCJ02, BD09)",
    .usage = "--s-srs SRC --t-srs DST < points.txt",
    .options =
        {{.name = "--s-srs",
          .alias = "",
          .takes_value = true,
          .help = "source CRS: EPSG:n, PROJ string, WKT, GCJ02 or BD09"},
         {.name = "--t-srs", .alias = "", .takes_value = true, .help = "target CRS, same forms"}},
    .run = run_transform,
}};

}  // namespace

}  // namespace envgrid::cli

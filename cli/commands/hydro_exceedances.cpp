// envgrid hydro exceedances: the store's readings over their section's
// GB 3838-2002 target-class limit, with the factor over the limit; readings
// that cannot be assessed are reported by row.

#include <iomanip>
#include <iostream>

#include "envgrid/gis/error.hpp"
#include "envgrid/gis/iso_time.hpp"
#include "envgrid/gis/log.hpp"
#include "envgrid/gis/vector_io.hpp"
#include "envgrid/hydro/readings_store.hpp"
#include "registry.hpp"

namespace envgrid::cli {

namespace {

const std::vector<gis::OutputField>& exceedance_fields() {
  static const std::vector<gis::OutputField> fields = {
      {"section_id", gis::FieldType::text},  {"taken_at", gis::FieldType::text},
      {"parameter", gis::FieldType::text},   {"value", gis::FieldType::real},
      {"unit", gis::FieldType::text},        {"limit", gis::FieldType::real},
      {"limit_kind", gis::FieldType::text},  {"target_class", gis::FieldType::text},
      {"water_class", gis::FieldType::text}, {"factor", gis::FieldType::real},
      {"row", gis::FieldType::integer}};
  return fields;
}

std::vector<gis::FieldValue> values_of(const hydro::CheckedReading& r) {
  const bool minimum = r.parameter->kind == hydro::LimitKind::minimum;
  return {r.section_id,
          r.taken_at,
          r.parameter->name,
          r.value_mg_l,
          r.parameter->unit,
          r.assessment.limit,
          std::string(minimum ? "minimum" : "maximum"),
          hydro::roman_class(r.target_class),
          hydro::roman_class(r.assessment.water_class),
          r.assessment.factor,
          r.row};
}

void print_csv(const std::vector<hydro::CheckedReading>& rows, std::ostream& out) {
  const auto& fields = exceedance_fields();
  for (std::size_t k = 0; k < fields.size(); ++k) out << (k ? "," : "") << fields[k].name;
  out << "\n";
  for (const auto& r : rows) {
    const auto values = values_of(r);
    for (std::size_t k = 0; k < values.size(); ++k) {
      out << (k ? "," : "");
      std::visit(
          [&](const auto& v) {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, double>)
              out << std::setprecision(6) << v;
            else if constexpr (!std::is_same_v<T, std::monostate>)
              out << v;
          },
          values[k]);
    }
    out << "\n";
  }
}

// --to DATE (a date alone) lists that whole day: its end is the day's last second.
hydro::TimeWindow window_of(const ParsedArgs& args) {
  hydro::TimeWindow window;
  auto parse = [](const std::string& option, const std::string& text) {
    auto t = gis::parse_iso_seconds(text);
    if (!t) {
      gis::throw_usage_error(
          option + " '" + text +
          "' is not an ISO 8601 date or time (YYYY-MM-DD[THH:MM[:SS]][Z|+hh:mm])");
    }
    return *t;
  };
  if (auto from = args.get("--from")) window.from_s = parse("--from", *from);
  if (auto to = args.get("--to")) {
    window.to_s = parse("--to", *to);
    if (gis::parse_iso_days(*to)) *window.to_s += gis::seconds_per_day - 1;
  }
  return window;
}

int run(const ParsedArgs& args) {
  if (args.positionals.size() != 1) gis::throw_usage_error("give one PROJECT");
  const hydro::TimeWindow window = window_of(args);
  gis::Store store = gis::Store::open(args.positionals[0], false);
  const auto checked = hydro::read_checked_readings(store).checked;
  for (const auto& p : checked.problems)
    gis::log_warning("readings row " + std::to_string(p.row) + ": " + p.what);
  const auto rows = hydro::exceedances(checked, window);
  if (auto out_path = args.get("-o")) {
    gis::VectorWriter writer(*out_path, "exceedances", wkbNone, gis::Crs::wgs84(),
                             exceedance_fields());
    for (const auto& r : rows) writer.add(nullptr, values_of(r));
    writer.finish();
  } else {
    print_csv(rows, std::cout);
  }
  gis::log_info(std::to_string(rows.size()) + " exceedances in " +
                std::to_string(checked.readings.size()) + " assessed readings; " +
                std::to_string(checked.problems.size()) + " readings not assessed");
  return checked.problems.empty() ? 0 : 1;
}

const CommandRegistrar registrar{Command{
    "hydro exceedances",
    "readings over their section's GB 3838-2002 target-class limit",
    "PROJECT [--from TIME] [--to TIME] [-o OUT]",
    {
        {"--from", "", true, "first sampling time to list, ISO 8601 (DEFAULT: all)"},
        {"--to", "", true, "last sampling time to list, ISO 8601 (DEFAULT: all)"},
        {"-o", "--output", true, "output table (CSV, GeoPackage, ...; DEFAULT: CSV on stdout)"},
    },
    run}};

}  // namespace

}  // namespace envgrid::cli

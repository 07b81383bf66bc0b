// envgrid::synth::generate_sample: the order of the steps and the files.
// Every step draws from its own random stream (Random(seed, purpose)), so a
// layer's content does not depend on which other layers are written.

#include <cpl_conv.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <optional>
#include <sstream>

#include "cells.hpp"
#include "enterprises.hpp"
#include "envgrid/gis/error.hpp"
#include "envgrid/gis/log.hpp"
#include "envgrid/gis/progress.hpp"
#include "envgrid/gis/vector_io.hpp"
#include "envgrid/synth/synth.hpp"
#include "monitoring.hpp"
#include "names.hpp"
#include "outfalls.hpp"

namespace envgrid::synth {

namespace fs = std::filesystem;
using namespace detail;

namespace {

// The default county: about 1,200 km2 around 114.30 E, 30.55 N (south-east
// of Wuhan, Hubei).
constexpr double base_area_m2 = 1.2e9;
constexpr gis::LonLat county_centre{114.30, 30.55};

// GeoPackage stores a "last change" time in gpkg_contents; fixing it keeps
// two runs byte-identical. Restores the caller's setting on exit.
class FixedGpkgTimestamp {
 public:
  FixedGpkgTimestamp() {
    const char* old = CPLGetThreadLocalConfigOption("OGR_CURRENT_DATE", nullptr);
    if (old) previous_ = old;
    CPLSetThreadLocalConfigOption("OGR_CURRENT_DATE", "2026-01-01T00:00:00.000Z");
  }
  ~FixedGpkgTimestamp() {
    CPLSetThreadLocalConfigOption("OGR_CURRENT_DATE", previous_ ? previous_->c_str() : nullptr);
  }
  FixedGpkgTimestamp(const FixedGpkgTimestamp&) = delete;
  FixedGpkgTimestamp& operator=(const FixedGpkgTimestamp&) = delete;

 private:
  std::optional<std::string> previous_;
};

// The fields shared by the county, townships and cells layers: the same as
// the store's cells layer, so the upper levels import as cells of their level.
std::vector<gis::OutputField> area_unit_fields() {
  return {{"cell_id"},    {"parent_id"}, {"level"},
          {"name"},       {"manager"},   {"area_m2", gis::FieldType::real},
          {"boundary_id"}};
}

std::vector<gis::FieldValue> area_unit_values(const std::string& id, const std::string& parent,
                                              const std::string& level, const std::string& name,
                                              const std::string& manager, double area_m2) {
  // The top level has no parent: null, as the store's cells layer expects.
  const gis::FieldValue parent_value = parent.empty() ? gis::FieldValue{} : gis::FieldValue{parent};
  return {id,
          parent_value,
          level,
          name,
          manager,
          std::round(area_m2 * 100) / 100,
          std::string(County::code)};
}

std::vector<CsvColumn> enterprise_columns() {
  return {{"enterprise_id", "String"},
          {"name", "String"},
          {"industry", "String"},
          {"risk_class", "String"},
          {"permit_no", "String"},
          {"last_inspected", "String"},
          {"lon", "Real"},
          {"lat", "Real"},
          {"coord_system", "String"}};
}

class SampleWriter {
 public:
  SampleWriter(fs::path directory, const SynthOptions& options)
      : directory_(std::move(directory)),
        options_(options),
        sizes_(plan_sizes(options)),
        geos_(gis::thread_geos_context()),
        frame_(county_centre),
        county_(geos_, frame_.centre(), base_area_m2 * sizes_.area_factor, sizes_.townships,
                options.seed),
        progress_(sizes_.cells + sizes_.reaches + sizes_.enterprises + sizes_.sections) {
    report_.planned = sizes_;
  }

  SynthReport run() {
    if (wanted(Layer::boundary)) write_boundary();
    if (wanted(Layer::cells)) write_cells();
    progress_.set(sizes_.cells);
    open_point_tables();
    std::optional<gis::VectorWriter> reaches;
    if (wanted(Layer::reaches)) {
      reaches.emplace(file("reaches.gpkg"), "reaches", wkbLineString, frame_.output_crs(),
                      std::vector<gis::OutputField>{{"reach_id"},
                                                    {"from_node", gis::FieldType::integer},
                                                    {"to_node", gis::FieldType::integer},
                                                    {"divergence", gis::FieldType::integer},
                                                    {"name"}});
    }
    OutfallPlacer placer(county_, options_.seed, sizes_.outfalls, sizes_.reaches);
    const double length_factor =
        std::min(1.0, std::sqrt(sizes_.area_factor * 500.0 / static_cast<double>(sizes_.reaches)));
    RiverNetwork network = grow_rivers(county_, {sizes_.reaches, length_factor, options_.seed},
                                       [&](const Reach& reach) {
                                         if (reaches) write_reach(*reaches, reach);
                                         for (Outfall& outfall : placer.place(reach))
                                           add_outfall(outfall);
                                         progress_.advance();
                                       });
    if (reaches) finish(*reaches, "reaches.gpkg");
    report_.reaches = network.reaches;
    report_.braids = network.braids;
    add_remaining_enterprises();
    finish_point_tables();
    write_monitoring(network);
    progress_.done();
    return report_;
  }

 private:
  [[nodiscard]] bool wanted(Layer layer) const {
    return (options_.layers & static_cast<unsigned>(layer)) != 0;
  }
  [[nodiscard]] std::string file(const std::string& name) const {
    return (directory_ / name).string();
  }
  void finish(gis::VectorWriter& writer, const std::string& name) {
    writer.finish();
    report_.files.push_back(name);
  }
  void finish(std::optional<CsvWriter>& writer, const std::string& name) {
    if (!writer) return;
    writer->finish();
    report_.files.push_back(name);
  }

  void write_area(gis::VectorWriter& writer, const GEOSGeometry* area,
                  std::span<const gis::FieldValue> values) {
    gis::GeometryPtr geometry = as_multipolygon(to_ogr_lonlat(geos_, area, frame_));
    writer.add(geometry.get(), values);
  }

  void write_boundary() {
    gis::StepScope step("synth boundary");
    const std::string path = file("boundary.gpkg");
    // The county and townships are the unions of their cells, so the three
    // levels import into one store and tile each other exactly.
    const std::vector<Cell>& all_cells = cells();
    {
      gis::VectorWriter county(path, "county", wkbMultiPolygon, frame_.output_crs(),
                               area_unit_fields());
      // The county is the top of the sample's hierarchy: no parent.
      const gis::GeosGeometryPtr area = union_of_cells(geos_, all_cells, "");
      write_area(county, area.get(),
                 area_unit_values(County::code, "", "county", County::name, "",
                                  area_of(geos_, area.get())));
      county.finish();
    }
    gis::VectorWriter townships(path, "townships", wkbMultiPolygon, frame_.output_crs(),
                                area_unit_fields(), "", gis::WriteMode::add_layer);
    for (const Township& t : county_.townships()) {
      const gis::GeosGeometryPtr area = union_of_cells(geos_, all_cells, t.code);
      write_area(townships, area.get(),
                 area_unit_values(t.code, County::code, "township", t.name, "",
                                  area_of(geos_, area.get())));
    }
    finish(townships, "boundary.gpkg");
    report_.townships = county_.townships().size();
  }

  void write_cells() {
    gis::StepScope step("synth cells");
    const std::vector<Cell>& cells = this->cells();
    gis::VectorWriter writer(file("cells.gpkg"), "cells", wkbMultiPolygon, frame_.output_crs(),
                             area_unit_fields());
    for (const Cell& c : cells) {
      write_area(writer, c.area.get(),
                 area_unit_values(c.cell_id, c.parent_id, "cell", c.name, c.manager, c.area_m2));
    }
    finish(writer, "cells.gpkg");
    report_.cells = cells.size();
  }

  // Made once: the boundary layers are built from the same cells.
  const std::vector<Cell>& cells() {
    if (!cells_) cells_ = make_cells(geos_, county_, sizes_.cells, options_.seed);
    return *cells_;
  }

  void write_reach(gis::VectorWriter& writer, const Reach& reach) {
    OGRLineString line;
    for (const Point& p : reach.line) {
      const gis::LonLat ll = frame_.to_lonlat(p);
      line.addPoint(ll.lon, ll.lat);
    }
    const std::vector<gis::FieldValue> values{
        numbered_id('R', reach.number, sizes_.reaches), static_cast<std::int64_t>(reach.from_node),
        static_cast<std::int64_t>(reach.to_node), static_cast<std::int64_t>(reach.divergence),
        *reach.name};
    writer.add(&line, values);
  }

  void open_point_tables() {
    if (wanted(Layer::enterprises)) {
      enterprises_wgs84_.emplace(file("enterprises.csv"), enterprise_columns());
      enterprises_gcj02_.emplace(file("enterprises_gcj02.csv"), enterprise_columns());
    }
    if (wanted(Layer::outfalls)) {
      outfalls_.emplace(file("outfalls.csv"), std::vector<CsvColumn>{{"outfall_id", "String"},
                                                                     {"name", "String"},
                                                                     {"enterprise_id", "String"},
                                                                     {"registered", "Integer"},
                                                                     {"lon", "Real"},
                                                                     {"lat", "Real"}});
    }
  }

  void finish_point_tables() {
    finish(enterprises_wgs84_, "enterprises.csv");
    finish(enterprises_gcj02_, "enterprises_gcj02.csv");
    finish(outfalls_, "outfalls.csv");
  }

  void add_outfall(Outfall& outfall) {
    std::string owner_id;
    OutfallRecord record{outfall.reach_node, static_cast<std::uint32_t>(outfall.number), 0, 0,
                         outfall.upstream_of_middle};
    if (outfall.registered && enterprises_.made() < sizes_.enterprises) {
      const Enterprise e = enterprises_.make(outfall.owner_site, true);
      write_enterprise(e);
      owner_id = e.id;
      outfall.name = e.name + "入河排污口";
      record.enterprise_number = static_cast<std::uint32_t>(e.number);
      record.industry = static_cast<std::uint8_t>(e.industry);
    }
    outfall_records_.push_back(record);
    if (!outfalls_) return;
    const gis::LonLat ll = frame_.to_lonlat(outfall.position);
    outfalls_->text(outfall.id).text(outfall.name).text(owner_id);
    outfalls_->integer(owner_id.empty() ? 0 : 1).real(ll.lon, 7).real(ll.lat, 7).end_row();
    ++report_.outfalls;
  }

  void add_remaining_enterprises() {
    gis::StepScope step("synth enterprises");
    EnterpriseSites sites(county_, sizes_.area_factor, options_.seed);
    while (enterprises_.made() < sizes_.enterprises)
      write_enterprise(enterprises_.make(sites.next(), false));
  }

  void write_enterprise(const Enterprise& e) {
    progress_.advance();
    if (!enterprises_wgs84_) return;
    gis::LonLat ll = frame_.to_lonlat(e.position);
    if (e.published_in_gcj02) ll = gis::wgs84_to_gcj02(ll);
    CsvWriter& out = e.published_in_gcj02 ? *enterprises_gcj02_ : *enterprises_wgs84_;
    out.text(e.id).text(e.name).text(industries()[e.industry].code).text(e.risk_class);
    out.text(e.permit_no).text(e.last_inspected).real(ll.lon, 7).real(ll.lat, 7);
    out.text(e.published_in_gcj02 ? "GCJ02" : "WGS84").end_row();
    ++(e.published_in_gcj02 ? report_.enterprises_gcj02 : report_.enterprises_wgs84);
  }

  void write_monitoring(const RiverNetwork& network) {
    gis::StepScope step("synth sections");
    std::vector<Section> sections = choose_sections(network, sizes_.sections, options_.seed);
    // Two intakes in the default county (15 sections), more in bigger ones.
    mark_drinking_water_intakes(network, sections, std::max<std::size_t>(1, sections.size() / 7));
    const std::optional<PollutionSource> source =
        choose_pollution_source(network, sections, outfall_records_);
    if (!source)
      gis::log_warning("synth: no section has a polluting outfall upstream; no exceedance planted");
    if (wanted(Layer::sections)) write_sections(sections);
    std::optional<CsvWriter> readings;
    if (wanted(Layer::readings)) {
      readings.emplace(file("readings.csv"), std::vector<CsvColumn>{{"section_id", "String"},
                                                                    {"taken_at", "String"},
                                                                    {"parameter", "String"},
                                                                    {"value", "Real"},
                                                                    {"unit", "String"}});
    }
    const std::optional<PlantedReading> planted =
        write_readings(readings ? &*readings : nullptr, sections, source, options_.seed);
    if (readings) report_.readings = readings->rows();
    finish(readings, "readings.csv");
    if (source && planted) {
      const Section& s = sections[source->section];
      report_.exceedance =
          PlantedExceedance{s.id,
                            s.name,
                            s.target_class,
                            "NH3N",
                            planted->taken_at,
                            planted->value_mg_l,
                            planted->limit_mg_l,
                            numbered_id('O', source->outfall.outfall_number, sizes_.outfalls),
                            numbered_id('E', source->outfall.enterprise_number, sizes_.enterprises),
                            std::string(industries()[source->outfall.industry].code),
                            source->reaches_between};
    }
    progress_.advance(sizes_.sections);
  }

  void write_sections(const std::vector<Section>& sections) {
    std::optional<CsvWriter> out;
    out.emplace(file("sections.csv"), std::vector<CsvColumn>{{"section_id", "String"},
                                                             {"name", "String"},
                                                             {"target_class", "Integer"},
                                                             {"lon", "Real"},
                                                             {"lat", "Real"},
                                                             {"kind", "String"}});
    for (const Section& s : sections) {
      const gis::LonLat ll = frame_.to_lonlat(s.position);
      // 9 decimals (0.1 mm): the section lies on its reach's vertex.
      out->text(s.id)
          .text(s.name)
          .integer(s.target_class)
          .real(ll.lon, 9)
          .real(ll.lat, 9)
          .text(s.kind)
          .end_row();
    }
    report_.sections = out->rows();
    finish(out, "sections.csv");
  }

  fs::path directory_;
  const SynthOptions& options_;
  SynthSizes sizes_;
  gis::GeosContext& geos_;
  Frame frame_;
  County county_;
  std::optional<std::vector<Cell>> cells_;
  gis::Progress progress_;
  SynthReport report_;
  EnterpriseFactory enterprises_{options_.seed, sizes_.enterprises};
  std::optional<CsvWriter> enterprises_wgs84_, enterprises_gcj02_, outfalls_;
  std::vector<OutfallRecord> outfall_records_;
};

}  // namespace

SynthSizes plan_sizes(const SynthOptions& options) {
  if (!(options.scale > 0) || !std::isfinite(options.scale)) {
    gis::throw_usage_error("--scale must be a positive number");
  }
  SynthSizes s;
  const auto scaled = [&](double base) {
    return static_cast<std::uint64_t>(std::max(1.0, std::round(base * options.scale)));
  };
  s.enterprises = options.enterprises.value_or(scaled(2000));
  s.reaches = options.reaches.value_or(scaled(500));
  if (s.reaches < 2) gis::throw_usage_error("--reaches must be at least 2");
  // The land grows with whatever is asked for, up to a province (x100).
  const double demand = std::max({options.scale, static_cast<double>(s.enterprises) / 2000,
                                  static_cast<double>(s.reaches) / 500});
  s.area_factor = std::clamp(demand, 1.0, 100.0);
  const auto by_area = [&](double base) {
    return static_cast<std::uint64_t>(std::max(1.0, std::round(base * s.area_factor)));
  };
  s.townships = by_area(12);
  s.cells = by_area(200);
  s.sections = by_area(15);
  s.outfalls = static_cast<std::uint64_t>(std::round(0.15 * static_cast<double>(s.enterprises)));
  return s;
}

unsigned parse_layers(const std::string& comma_separated) {
  static const std::vector<std::pair<std::string, Layer>> names{
      {"boundary", Layer::boundary},       {"cells", Layer::cells},
      {"enterprises", Layer::enterprises}, {"outfalls", Layer::outfalls},
      {"reaches", Layer::reaches},         {"sections", Layer::sections},
      {"readings", Layer::readings}};
  unsigned mask = 0;
  std::stringstream in(comma_separated);
  for (std::string word; std::getline(in, word, ',');) {
    if (word.empty()) continue;
    auto it =
        std::find_if(names.begin(), names.end(), [&](const auto& n) { return n.first == word; });
    if (it == names.end()) {
      gis::throw_usage_error(
          "unknown layer '" + word +
          "' (boundary, cells, enterprises, outfalls, reaches, sections, readings)");
    }
    mask |= static_cast<unsigned>(it->second);
  }
  if (mask == 0) gis::throw_usage_error("--only names no layer");
  return mask;
}

SynthReport generate_sample(const std::string& directory, const SynthOptions& options) {
  gis::initialize_gdal();
  gis::StepScope step("synth");
  std::error_code error;
  fs::create_directories(directory, error);
  if (error || !fs::is_directory(directory)) {
    gis::throw_output_error("cannot create the directory: " + error.message(),
                            {.step = "synth", .dataset = directory});
  }
  FixedGpkgTimestamp fixed_time;
  return SampleWriter(directory, options).run();
}

}  // namespace envgrid::synth

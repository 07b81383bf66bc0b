// read_reaches: the layer through gis::read_layer (one streaming pass into
// columns), then each row as a ReachRecord with its line in WGS 84 lon/lat.

#include <bit>
#include <charconv>
#include <cmath>
#include <cstring>

#include "envgrid/gis/crs.hpp"
#include "envgrid/gis/error.hpp"
#include "envgrid/gis/gdal_handles.hpp"
#include "envgrid/gis/log.hpp"
#include "envgrid/gis/progress.hpp"
#include "envgrid/gis/vector_io.hpp"
#include "envgrid/hydro/reach_io.hpp"
#include "step_timer.hpp"

namespace envgrid::hydro {

namespace {

// A named column (case-insensitive), nullptr when not asked for.
const gis::AttributeColumn* column(const gis::FeatureTable& table, const std::string& name) {
  if (name.empty()) return nullptr;
  const gis::AttributeColumn* c = table.column(name);
  if (!c) {
    gis::throw_input_error("no field '" + name + "'",
                           {.step = "hydro read", .dataset = table.source, .layer = table.layer});
  }
  return c;
}

// The first of the candidates that the table has, or "".
std::string first_present(const gis::FeatureTable& table,
                          std::initializer_list<const char*> candidates) {
  for (const char* c : candidates) {
    if (table.column(c)) return c;
  }
  return "";
}

// A number from a numeric or text cell; nullopt for null, "" or "NA"; bad
// when the text is not a number.
std::optional<double> number(const gis::AttributeColumn* c, std::size_t row, bool& bad) {
  if (!c) return std::nullopt;
  const gis::FieldValue& v = c->values[row];
  if (const auto* i = std::get_if<std::int64_t>(&v)) return static_cast<double>(*i);
  if (const auto* d = std::get_if<double>(&v)) return *d;
  const auto* text = std::get_if<std::string>(&v);
  if (!text || text->empty() || *text == "NA") return std::nullopt;
  double value = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc() || end != text->data() + text->size() || !std::isfinite(value)) {
    bad = true;
    return std::nullopt;
  }
  return value;
}

std::optional<std::int64_t> whole(const std::optional<double>& value) {
  if (!value) return std::nullopt;
  return static_cast<std::int64_t>(std::llround(*value));
}

std::string text(const gis::AttributeColumn* c, std::size_t row) {
  if (!c) return "";
  const gis::FieldValue& v = c->values[row];
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  if (const auto* i = std::get_if<std::int64_t>(&v)) return std::to_string(*i);
  if (const auto* d = std::get_if<double>(&v)) {
    // Ids stored as reals (NHDPlus Hydroseq, LevelPathI) print without ".0".
    if (std::floor(*d) == *d && std::abs(*d) < 9e15)
      return std::to_string(static_cast<std::int64_t>(*d));
    return std::to_string(*d);
  }
  return "";
}

// Vertices of a LineString or of a MultiLineString's parts in order (a
// vertex repeated where one part ends and the next starts is kept once).
bool append_vertices(const OGRGeometry& g, std::vector<LonLat>& line) {
  const auto type = wkbFlatten(g.getGeometryType());
  if (type == wkbLineString) {
    const auto& ls = *g.toLineString();
    for (int i = 0; i < ls.getNumPoints(); ++i) {
      const LonLat p{ls.getX(i), ls.getY(i)};
      if (line.empty() || line.back().lon != p.lon || line.back().lat != p.lat) line.push_back(p);
    }
    return true;
  }
  if (type == wkbMultiLineString) {
    for (const auto* part : *g.toMultiLineString()) append_vertices(*part, line);
    return true;
  }
  return false;
}

// The vertices of a non-empty 2D LineString in little-endian WKB, all
// finite (what the lines of most sources are), read straight from the bytes
// as append_vertices would give them. False, with line untouched, for
// anything else: that goes through OGRGeometry.
bool append_plain_line(const std::vector<unsigned char>& wkb, std::vector<LonLat>& line) {
  auto u32 = [&](std::size_t at) {
    std::uint32_t value = 0;
    std::memcpy(&value, wkb.data() + at, sizeof value);
    return value;
  };
  static_assert(std::endian::native == std::endian::little);
  if (wkb.size() < 9 || wkb[0] != 1 || u32(1) != wkbLineString) return false;
  const std::size_t points = u32(5);
  if (points == 0 || wkb.size() != 9 + 16 * points) return false;
  const std::size_t first = line.size();
  line.reserve(first + points);
  for (std::size_t i = 0; i < points; ++i) {
    LonLat p;
    std::memcpy(&p.lon, wkb.data() + 9 + 16 * i, sizeof(double));
    std::memcpy(&p.lat, wkb.data() + 17 + 16 * i, sizeof(double));
    if (!std::isfinite(p.lon) || !std::isfinite(p.lat)) {
      line.resize(first);
      return false;
    }
    if (line.size() == first || line.back().lon != p.lon || line.back().lat != p.lat)
      line.push_back(p);
  }
  return true;
}

struct Columns {
  const gis::AttributeColumn *from, *to, *divergence, *levelpath, *velocity, *name, *length, *toid;
};

Columns resolve_columns(const gis::FeatureTable& table, const ReachSourceOptions& o) {
  if (o.from_node_field.empty() != o.to_node_field.empty()) {
    gis::throw_usage_error("--from-node-field and --to-node-field go together");
  }
  const std::string velocity =
      o.velocity_field.empty() ? first_present(table, {"velocity_m_s"}) : o.velocity_field;
  const std::string name =
      o.name_field.empty() ? first_present(table, {"name", "GNIS_NAME"}) : o.name_field;
  return {column(table, o.from_node_field),  column(table, o.to_node_field),
          column(table, o.divergence_field), column(table, o.levelpath_field),
          column(table, velocity),           column(table, name),
          column(table, o.length_field),     column(table, o.toid_field)};
}

class RowConverter {
 public:
  RowConverter(const gis::FeatureTable& table, const ReachSourceOptions& options)
      : table_(table),
        columns_(resolve_columns(table, options)),
        to_wgs84_(table.crs, gis::Crs::wgs84()) {}

  ReachRecord convert(std::size_t i, std::string& problems) {
    problems_ = &problems;
    ReachRecord r;
    r.row = table_.rows[i];
    r.id = table_.ids[i];
    r.from_node = whole(checked(columns_.from, i, "from node"));
    r.to_node = whole(checked(columns_.to, i, "to node"));
    if (auto d = whole(checked(columns_.divergence, i, "divergence")))
      r.divergence = static_cast<int>(*d);
    r.velocity_m_s = checked(columns_.velocity, i, "velocity");
    r.length_m = checked(columns_.length, i, "length");
    r.levelpath_id = text(columns_.levelpath, i);
    r.name = text(columns_.name, i);
    if (columns_.toid) r.to_ids.push_back(text(columns_.toid, i));
    if (i < table_.geometries.size()) read_line(table_.geometries[i], r);
    return r;
  }

 private:
  std::optional<double> checked(const gis::AttributeColumn* c, std::size_t i, const char* what) {
    bool bad = false;
    auto value = number(c, i, bad);
    if (bad) note(std::string("unreadable ") + what + " '" + text(c, i) + "' ignored");
    return value;
  }

  void note(const std::string& what) { *problems_ += (problems_->empty() ? "" : "; ") + what; }

  void read_line(const std::vector<unsigned char>& wkb, ReachRecord& r) {
    if (wkb.empty()) return;
    if (to_wgs84_.is_identity() && append_plain_line(wkb, r.line)) return;
    OGRGeometry* raw = nullptr;
    if (OGRGeometryFactory::createFromWkb(wkb.data(), nullptr, &raw, wkb.size()) != OGRERR_NONE) {
      note("unreadable geometry; treated as missing");
      return;
    }
    gis::GeometryPtr geometry(raw);
    if (!to_wgs84_.transform(*geometry)) {
      note("geometry cannot be transformed to WGS 84; treated as missing");
    } else if (!append_vertices(*geometry, r.line)) {
      note(std::string("geometry is a ") + geometry->getGeometryName() +
           ", not a line; treated as missing");
      r.line.clear();
    }
  }

  const gis::FeatureTable& table_;
  Columns columns_;
  gis::CoordinateTransformer to_wgs84_;
  std::string* problems_ = nullptr;
};

}  // namespace

ReachSource read_reaches(const std::string& source, const ReachSourceOptions& options) {
  gis::StepScope step("hydro read");
  gis::ReadOptions read;
  read.layer = options.layer;
  read.where = options.where;
  if (!options.id_field.empty()) read.id_field = options.id_field;
  // Only the fields a reach record takes (the named ones and the defaults
  // looked for), so the rest of a wide source is never read.
  read.fields = std::vector<std::string>{"velocity_m_s", "name", "GNIS_NAME"};
  for (const std::string* f :
       {&options.from_node_field, &options.to_node_field, &options.toid_field,
        &options.divergence_field, &options.levelpath_field, &options.velocity_field,
        &options.name_field, &options.length_field}) {
    if (!f->empty()) read.fields->push_back(*f);
  }
  std::optional<gis::Progress> progress;
  read.on_progress = [&](std::uint64_t done, std::uint64_t total) {
    if (!progress) progress.emplace(total);
    progress->set(done);
  };
  detail::StepTimer timer;
  const gis::FeatureTable table = gis::read_layer(source, read);
  if (progress) progress->done();
  timer.lap("layer");
  if (table.points) {
    gis::throw_input_error("reaches must be lines, not points",
                           {.step = "hydro read", .dataset = source, .layer = table.layer});
  }
  ReachSource out;
  out.description = source + ", layer " + table.layer;
  RowConverter converter(table, options);
  out.records.reserve(table.size());
  for (std::size_t i = 0; i < table.size(); ++i) {
    std::string problems;
    out.records.push_back(converter.convert(i, problems));
    if (!problems.empty())
      out.problems.push_back({out.records.back().id, out.records.back().row, problems, false});
  }
  if (!options.toid_field.empty()) out.records = nodes_from_edge_list(std::move(out.records));
  timer.lap("records");
  return out;
}

}  // namespace envgrid::hydro

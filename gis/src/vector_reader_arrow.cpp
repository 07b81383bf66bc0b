// read_arrow_columns: a layer through GDAL's Arrow C stream into a
// FeatureTable (see vector_reader_arrow.hpp).

#include "vector_reader_arrow.hpp"

#include <ogr_recordbatch.h>

#include <bit>
#include <cmath>
#include <cstring>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "envgrid/gis/error.hpp"
#include "envgrid/gis/log.hpp"

namespace envgrid::gis::detail {

namespace {

bool maps_one_to_one(const OGRFieldDefn& field) {
  switch (field.GetType()) {
    case OFTInteger:
    case OFTReal:
      return field.GetSubType() == OFSTNone;  // not boolean, int16 or float32
    case OFTInteger64:
    case OFTString:
      return true;
    default:
      return false;
  }
}

// Owns what the stream hands over and releases it.
struct StreamGuard {
  ArrowArrayStream stream{};
  ArrowSchema schema{};
  ~StreamGuard() {
    if (schema.release) schema.release(&schema);
    if (stream.release) stream.release(&stream);
  }
};

struct ArrayGuard {
  ArrowArray array{};
  ~ArrayGuard() {
    if (array.release) array.release(&array);
  }
};

// One column of a batch, read by row.
class Column {
 public:
  Column(const ArrowSchema& schema, const ArrowArray& array) : array_(array) {
    const std::string format = schema.format;
    if (format == "i")
      kind_ = Kind::int32;
    else if (format == "l")
      kind_ = Kind::int64;
    else if (format == "g")
      kind_ = Kind::float64;
    else if (format == "u" || format == "z")
      kind_ = Kind::bytes32;
    else if (format == "U" || format == "Z")
      kind_ = Kind::bytes64;
  }

  // False for an Arrow type that FieldValue does not hold as it is.
  [[nodiscard]] static bool known(const char* format) {
    for (const char* f : {"i", "l", "g", "u", "U", "z", "Z"}) {
      if (std::strcmp(format, f) == 0) return true;
    }
    return false;
  }
  [[nodiscard]] bool is_null(std::int64_t row) const {
    const auto* validity = static_cast<const std::uint8_t*>(array_.buffers[0]);
    if (!validity || array_.null_count == 0) return false;
    const std::int64_t bit = array_.offset + row;
    return (validity[bit / 8] & (1u << (bit % 8))) == 0;
  }
  [[nodiscard]] std::int64_t integer(std::int64_t row) const {
    const std::int64_t i = array_.offset + row;
    if (kind_ == Kind::int32) return static_cast<const std::int32_t*>(array_.buffers[1])[i];
    return static_cast<const std::int64_t*>(array_.buffers[1])[i];
  }
  // Bytes of a string or binary value.
  [[nodiscard]] std::pair<const char*, std::size_t> bytes(std::int64_t row) const {
    const std::int64_t i = array_.offset + row;
    const char* data = static_cast<const char*>(array_.buffers[2]);
    std::int64_t begin = 0, end = 0;
    if (kind_ == Kind::bytes64) {
      const auto* offsets = static_cast<const std::int64_t*>(array_.buffers[1]);
      begin = offsets[i];
      end = offsets[i + 1];
    } else {
      const auto* offsets = static_cast<const std::int32_t*>(array_.buffers[1]);
      begin = offsets[i];
      end = offsets[i + 1];
    }
    return {data + begin, static_cast<std::size_t>(end - begin)};
  }

  [[nodiscard]] FieldValue value(std::int64_t row) const {
    if (is_null(row)) return std::monostate{};
    if (kind_ == Kind::int32 || kind_ == Kind::int64) return integer(row);
    if (kind_ == Kind::float64)
      return static_cast<const double*>(array_.buffers[1])[array_.offset + row];
    const auto [data, size] = bytes(row);
    return std::string(data, size);
  }
  // As OGRFeature::GetFieldAsString gives an integer or string field.
  [[nodiscard]] std::string text(std::int64_t row) const {
    if (is_null(row)) return "";
    if (kind_ == Kind::int32 || kind_ == Kind::int64) return std::to_string(integer(row));
    const auto [data, size] = bytes(row);
    return std::string(data, size);
  }

 private:
  enum class Kind { int32, int64, float64, bytes32, bytes64, other };
  Kind kind_ = Kind::other;
  const ArrowArray& array_;
};

std::uint32_t little_endian_u32(const unsigned char* p) {
  return static_cast<std::uint32_t>(p[0]) | static_cast<std::uint32_t>(p[1]) << 8 |
         static_cast<std::uint32_t>(p[2]) << 16 | static_cast<std::uint32_t>(p[3]) << 24;
}

// A non-empty 2D LineString in little-endian WKB: exactly what
// exportToWkb(wkbNDR, wkbVariantIso) gives for it, so it is kept as it is.
bool is_plain_line(const unsigned char* wkb, std::size_t size) {
  if (size < 9 || wkb[0] != 1 || little_endian_u32(wkb + 1) != wkbLineString) return false;
  const std::uint32_t points = little_endian_u32(wkb + 5);
  return points > 0 && size == 9 + std::size_t{16} * points;
}

// The row's geometry as read_geometry (vector_reader.cpp) stores it: ISO
// little-endian WKB, or empty with the problem "no geometry".
void add_geometry(const Column& geometry, std::int64_t row, FeatureTable& table) {
  std::vector<unsigned char> wkb;
  if (!geometry.is_null(row)) {
    const auto [data, size] = geometry.bytes(row);
    const auto* bytes = reinterpret_cast<const unsigned char*>(data);
    if (is_plain_line(bytes, size)) {
      wkb.assign(bytes, bytes + size);
    } else {
      OGRGeometry* raw = nullptr;
      if (OGRGeometryFactory::createFromWkb(bytes, nullptr, &raw, size) == OGRERR_NONE) {
        const GeometryPtr parsed(raw);
        if (!parsed->IsEmpty()) {
          wkb.resize(parsed->WkbSize());
          parsed->exportToWkb(wkbNDR, wkb.data(), wkbVariantIso);
        }
      }
    }
  }
  table.problems.emplace_back(wkb.empty() ? "no geometry" : "");
  table.geometries.push_back(std::move(wkb));
}

// The row's point as read_geometry (vector_reader.cpp) stores it: x and y,
// or NaN with the problem "no geometry" (none, or empty: WKB gives an empty
// point as NaN, NaN) or "coordinates are not finite". A 2D little-endian
// point (21 bytes, what GDAL makes of a GeoPackage point) is read in place;
// anything else through OGR.
void add_point(const Column& geometry, std::int64_t row, FeatureTable& table) {
  constexpr double not_a_number = std::numeric_limits<double>::quiet_NaN();
  double x = not_a_number, y = not_a_number;
  bool empty = true;
  if (!geometry.is_null(row)) {
    const auto [data, size] = geometry.bytes(row);
    const auto* bytes = reinterpret_cast<const unsigned char*>(data);
    if (std::endian::native == std::endian::little && size == 21 && bytes[0] == 1 &&
        little_endian_u32(bytes + 1) == wkbPoint) {
      std::memcpy(&x, bytes + 5, sizeof x);
      std::memcpy(&y, bytes + 13, sizeof y);
      empty = std::isnan(x) && std::isnan(y);
    } else {
      OGRGeometry* raw = nullptr;
      if (OGRGeometryFactory::createFromWkb(bytes, nullptr, &raw, size) == OGRERR_NONE) {
        const GeometryPtr parsed(raw);
        if (!parsed->IsEmpty() && wkbFlatten(parsed->getGeometryType()) == wkbPoint) {
          x = parsed->toPoint()->getX();
          y = parsed->toPoint()->getY();
          empty = false;
        }
      }
    }
  }
  const bool finite = !empty && std::isfinite(x) && std::isfinite(y);
  table.xs.push_back(finite ? x : not_a_number);
  table.ys.push_back(finite ? y : not_a_number);
  table.problems.emplace_back(empty ? "no geometry" : (finite ? "" : "coordinates are not finite"));
}

int child_index(const ArrowSchema& schema, const char* name) {
  for (std::int64_t i = 0; i < schema.n_children; ++i) {
    if (EQUAL(schema.children[i]->name, name)) return static_cast<int>(i);
  }
  return -1;
}

}  // namespace

bool can_read_arrow_columns(OGRLayer& layer, std::span<const int> column_fields, int id_index) {
  if (!layer.TestCapability(OLCFastGetArrowStream)) return false;
  OGRFeatureDefn& definition = *layer.GetLayerDefn();
  if (definition.GetGeomFieldCount() != 1) return false;
  for (int i : column_fields) {
    if (!maps_one_to_one(*definition.GetFieldDefn(i))) return false;
  }
  return id_index < 0 || (maps_one_to_one(*definition.GetFieldDefn(id_index)) &&
                          definition.GetFieldDefn(id_index)->GetType() != OFTReal);
}

bool read_arrow_columns(OGRLayer& layer, int id_index,
                        const std::function<void(std::uint64_t, std::uint64_t)>& on_progress,
                        std::uint64_t total, FeatureTable& table) {
  const ErrorContext where{.step = current_step(), .dataset = table.source, .layer = table.layer};
  auto fail = [&](const std::string& what, ArrowArrayStream* stream) {
    const char* reason =
        stream && stream->get_last_error ? stream->get_last_error(stream) : nullptr;
    throw_input_error(what + ": " + (reason ? reason : take_last_gdal_error()), where);
  };
  StreamGuard guard;
  layer.ResetReading();
  if (!layer.GetArrowStream(&guard.stream, nullptr)) fail("cannot read as a stream", nullptr);
  if (guard.stream.get_schema(&guard.stream, &guard.schema) != 0)
    fail("cannot read the stream's schema", &guard.stream);
  const ArrowSchema& schema = guard.schema;
  const char* fid_name = *layer.GetFIDColumn() ? layer.GetFIDColumn() : "OGC_FID";
  const int fid_child = child_index(schema, fid_name);
  // GDAL names an unnamed geometry column (FlatGeobuf's) "wkb_geometry".
  const char* geometry_name =
      *layer.GetGeometryColumn() ? layer.GetGeometryColumn() : "wkb_geometry";
  const int geometry_child = child_index(schema, geometry_name);
  const int id_child =
      id_index >= 0
          ? child_index(schema, layer.GetLayerDefn()->GetFieldDefn(id_index)->GetNameRef())
          : -1;
  std::vector<int> field_child;
  for (const auto& column : table.attributes)
    field_child.push_back(child_index(schema, column.name.c_str()));
  field_child.push_back(geometry_child);
  if (id_index >= 0) field_child.push_back(id_child);
  // Nothing read yet: a stream not laid out as expected is read feature by
  // feature instead.
  for (int child : field_child) {
    if (child < 0 || !Column::known(schema.children[child]->format)) return false;
  }
  if (id_index >= 0) field_child.pop_back();
  field_child.pop_back();  // the geometry

  std::uint64_t index = 0;
  while (true) {
    ArrayGuard batch;
    if (guard.stream.get_next(&guard.stream, &batch.array) != 0)
      fail("cannot read the next rows", &guard.stream);
    if (!batch.array.release) break;  // the end
    const ArrowArray& array = batch.array;
    auto column = [&](int child) {
      return Column(*schema.children[child], *array.children[child]);
    };
    std::vector<Column> fields;
    fields.reserve(field_child.size());
    for (int child : field_child) fields.push_back(column(child));
    const Column geometry = column(geometry_child);
    const std::optional<Column> fids =
        fid_child >= 0 ? std::optional<Column>(column(fid_child)) : std::nullopt;
    const std::optional<Column> ids =
        id_child >= 0 ? std::optional<Column>(column(id_child)) : std::nullopt;
    for (std::int64_t row = 0; row < array.length; ++row) {
      ++index;
      const std::int64_t fid = fids && !fids->is_null(row) ? fids->integer(row) : -1;
      table.rows.push_back(fid >= 0 ? fid : static_cast<std::int64_t>(index));
      table.ids.push_back(ids ? ids->text(row) : std::to_string(table.rows.back()));
      if (table.points) {
        add_point(geometry, row, table);
      } else {
        add_geometry(geometry, row, table);
      }
      for (std::size_t c = 0; c < fields.size(); ++c)
        table.attributes[c].values.push_back(fields[c].value(row));
    }
    if (on_progress) on_progress(index, total);
  }
  return true;
}

}  // namespace envgrid::gis::detail

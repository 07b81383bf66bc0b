// GpkgPackedSpatialIndex: a GeoPackage R-tree (SQLite's rtree module, 2
// dimensions, 32-bit floats) written as packed nodes through GDAL's SQL.
//
// SQLite's rtree keeps each node as one blob in <rtree>_node (node 1 is the
// root): 2 bytes tree depth (root only), 2 bytes cell count, then per cell
// an 8-byte id (fid in a leaf, child node above) and min x, max x, min y,
// max y as 32-bit floats, all big-endian, the rest zero up to the node size.
// <rtree>_rowid maps each fid to its leaf, <rtree>_parent each node but the
// root to its parent. Coordinates are rounded outwards to float, as SQLite
// rounds them, so a box always covers its feature.

#include "envgrid/gis/gpkg_spatial_index.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <functional>

#include "envgrid/gis/error.hpp"
#include "envgrid/gis/log.hpp"
#include "envgrid/gis/store_tables.hpp"

namespace envgrid::gis::detail {

namespace {

// SQLite's RTREE_MAXCELLS: a node never holds more cells, whatever its size.
constexpr int sqlite_max_cells = 51;
constexpr int cell_bytes = 8 + 4 * 4;
// Statements of about this many characters: big enough that parsing, not
// the round trips through GDAL, sets the pace; small enough to stay cheap.
constexpr std::size_t statement_chars = 1 << 20;

// Doubles to floats as SQLite's rtree module rounds them (rtreeValueDown /
// rtreeValueUp): when the nearest float lies on the wrong side, the value is
// scaled by one part in 2^23 outwards first. The same boxes as SQLite would
// store for the same features.
constexpr double towards_zero = 1.0 - 1.0 / 8388608.0;
constexpr double away_from_zero = 1.0 + 1.0 / 8388608.0;

float rounded_down(double value) {
  const auto f = static_cast<float>(value);
  if (static_cast<double>(f) <= value) return f;
  return static_cast<float>(value * (value < 0 ? away_from_zero : towards_zero));
}

float rounded_up(double value) {
  const auto f = static_cast<float>(value);
  if (static_cast<double>(f) >= value) return f;
  return static_cast<float>(value * (value < 0 ? towards_zero : away_from_zero));
}

void append_hex(std::string& out, std::uint64_t value, int bytes) {
  static constexpr char digits[] = "0123456789ABCDEF";
  for (int shift = 8 * (bytes - 1); shift >= 0; shift -= 8) {
    const auto byte = static_cast<unsigned>((value >> shift) & 0xFF);
    out += digits[byte >> 4];
    out += digits[byte & 0xF];
  }
}

// Rows of an INSERT ... VALUES, sent in statements of about statement_chars.
class BatchedInsert {
 public:
  BatchedInsert(std::string table, const std::function<void(const std::string&)>& run)
      : prefix_("INSERT INTO " + std::move(table) + " VALUES "), run_(run) {}
  // The row's values, comma-separated, without parentheses.
  std::string& next_row() {
    if (sql_.size() >= statement_chars) flush();
    sql_ += sql_.empty() ? prefix_ + "(" : ",(";
    return sql_;
  }
  void end_row() { sql_ += ')'; }
  void flush() {
    if (!sql_.empty()) run_(sql_);
    sql_.clear();
  }

 private:
  std::string prefix_;
  const std::function<void(const std::string&)>& run_;
  std::string sql_;
};

// The <rtree>_rowid rows: the fids in leaf order, as JSON arrays expanded
// by SQLite (json_each), the leaf of each computed from its position, since
// every leaf but the last is full. Far cheaper to parse than a VALUES row
// per fid.
class LeafFids {
 public:
  LeafFids(std::string table, std::int64_t first_leaf, std::size_t capacity,
           const std::function<void(const std::string&)>& run)
      : table_(std::move(table)), first_leaf_(first_leaf), capacity_(capacity), run_(run) {}
  void add(std::int64_t fid) {
    json_ += json_.empty() ? "[" : ",";
    json_ += std::to_string(fid);
    if (++count_ % capacity_ == 0 && json_.size() >= statement_chars) flush();
  }
  void flush() {
    if (json_.empty()) return;
    // count_ is a multiple of capacity_ here except at the very end, so the
    // first fid of this batch starts a leaf.
    const std::size_t batch_first = written_;
    run_("INSERT INTO " + table_ + " SELECT value, " + std::to_string(first_leaf_) + " + (" +
         std::to_string(batch_first) + " + key) / " + std::to_string(capacity_) +
         " FROM json_each('" + json_ + "]')");
    written_ = count_;
    json_.clear();
  }

 private:
  std::string table_;
  std::int64_t first_leaf_;
  std::size_t capacity_;
  const std::function<void(const std::string&)>& run_;
  std::string json_;
  std::size_t count_ = 0;
  std::size_t written_ = 0;
};

void run_sql(GDALDataset& dataset, const std::string& sql, const std::string& layer = {}) {
  run_sql_or_throw(dataset, sql, {.step = current_step(), .layer = layer});
}

}  // namespace

TriggersSetAside::TriggersSetAside(GDALDataset& dataset, const std::string& condition,
                                   const std::string& kind)
    : dataset_(dataset) {
  const std::string select = "SELECT name, sql FROM sqlite_master WHERE type = " + sql_quote(kind) +
                             " AND (" + condition + ")";
  std::vector<std::string> names;
  OGRLayer* result = dataset_.ExecuteSQL(select.c_str(), nullptr, nullptr);
  if (result) {
    for (auto& row : *result) {
      names.emplace_back(row->GetFieldAsString(0));
      triggers_.emplace_back(row->GetFieldAsString(1));
    }
    dataset_.ReleaseResultSet(result);
  }
  for (const auto& name : names)
    run_sql(dataset_, "DROP " + kind + " " + sql_quote_identifier(name));
}

void TriggersSetAside::restore() {
  for (const auto& trigger : triggers_) run_sql(dataset_, trigger);
  triggers_.clear();
}

GpkgPackedSpatialIndex::GpkgPackedSpatialIndex(GDALDataset& dataset, std::string layer,
                                               const std::string& geometry_column)
    : dataset_(dataset), layer_(std::move(layer)) {
  rtree_ = "rtree_" + layer_ + "_" + geometry_column;
  {
    take_last_gdal_error();
    const std::string sql =
        "SELECT CreateSpatialIndex(" + sql_quote(layer_) + ", " + sql_quote(geometry_column) + ")";
    OGRLayer* result = dataset_.ExecuteSQL(sql.c_str(), nullptr, nullptr);
    FeaturePtr row(result ? result->GetNextFeature() : nullptr);
    const bool made = row && row->GetFieldAsInteger(0) == 1;
    if (result) dataset_.ReleaseResultSet(result);
    if (!made) {
      throw_output_error("cannot make the spatial index: " + take_last_gdal_error(),
                         {.step = current_step(), .layer = layer_});
    }
  }
  triggers_.emplace(dataset_, "substr(name, 1, " + std::to_string(rtree_.size() + 1) +
                                  ") = " + sql_quote(rtree_ + "_"));
  // The node size SQLite chose for this file's page size (the root's blob).
  const std::string select_root =
      "SELECT length(data) FROM " + sql_quote_identifier(rtree_ + "_node") + " WHERE nodeno = 1";
  OGRLayer* result = dataset_.ExecuteSQL(select_root.c_str(), nullptr, nullptr);
  FeaturePtr root(result ? result->GetNextFeature() : nullptr);
  node_bytes_ = root ? root->GetFieldAsInteger(0) : 0;
  if (result) dataset_.ReleaseResultSet(result);
  node_capacity_ = std::min((node_bytes_ - 4) / cell_bytes, sqlite_max_cells);
  if (node_capacity_ < 2) {
    throw_output_error("unexpected R-tree node size " + std::to_string(node_bytes_),
                       {.step = current_step(), .layer = layer_});
  }
}

void GpkgPackedSpatialIndex::add(std::int64_t fid, const OGREnvelope& e) {
  entries_.push_back(
      {fid, rounded_down(e.MinX), rounded_up(e.MaxX), rounded_down(e.MinY), rounded_up(e.MaxY)});
}

// Straight to SQLite on GDAL's own connection (inside its transaction):
// GDAL's ExecuteSQL scans the text of every statement for keywords, case
// folded, which cost more than SQLite's parse of these megabyte statements.
void GpkgPackedSpatialIndex::execute(const std::string& sql) {
  auto* db = static_cast<sqlite3*>(dataset_.GetInternalHandle("SQLITE_HANDLE"));
  if (!db) {
    run_sql(dataset_, sql, layer_);
    return;
  }
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) {
    throw_output_error(sql.substr(0, 80) + "...: " + sqlite3_errmsg(db),
                       {.step = current_step(), .layer = layer_});
  }
}

// Sort-tile-recursive packing: the boxes sorted by centre x into vertical
// slices of about sqrt(nodes) nodes each, each slice sorted by centre y and
// cut into full nodes; then the same over the nodes' boxes, up to one root.
// Returns the levels, leaves first; in each level the cells of node k are
// cells [k * capacity, ...), and above the leaves a cell's id is the index
// of its child in the level below (numbered by write_nodes).
std::vector<std::vector<GpkgPackedSpatialIndex::Entry>> GpkgPackedSpatialIndex::pack_levels() {
  const auto capacity = static_cast<std::size_t>(node_capacity_);
  auto centre_x = [](const Entry& e) { return double{e.min_x} + e.max_x; };
  auto centre_y = [](const Entry& e) { return double{e.min_y} + e.max_y; };
  std::vector<std::vector<Entry>> levels;
  std::vector<Entry> cells = std::move(entries_);
  while (true) {
    const std::size_t nodes = (cells.size() + capacity - 1) / capacity;
    const auto slices = static_cast<std::size_t>(std::ceil(std::sqrt(static_cast<double>(nodes))));
    const std::size_t slice_cells = slices * capacity;
    // Ties broken by id: the same features give the same file.
    std::sort(cells.begin(), cells.end(), [&](const Entry& a, const Entry& b) {
      return centre_x(a) != centre_x(b) ? centre_x(a) < centre_x(b) : a.id < b.id;
    });
    for (std::size_t first = 0; first < cells.size(); first += slice_cells) {
      const auto last =
          cells.begin() + static_cast<std::ptrdiff_t>(std::min(cells.size(), first + slice_cells));
      std::sort(cells.begin() + static_cast<std::ptrdiff_t>(first), last,
                [&](const Entry& a, const Entry& b) {
                  return centre_y(a) != centre_y(b) ? centre_y(a) < centre_y(b) : a.id < b.id;
                });
    }
    std::vector<Entry> parents;
    parents.reserve(nodes);
    for (std::size_t k = 0; k < nodes; ++k) {
      Entry box = cells[k * capacity];
      box.id = static_cast<std::int64_t>(k);
      for (std::size_t i = k * capacity; i < std::min(cells.size(), (k + 1) * capacity); ++i) {
        box.min_x = std::min(box.min_x, cells[i].min_x);
        box.max_x = std::max(box.max_x, cells[i].max_x);
        box.min_y = std::min(box.min_y, cells[i].min_y);
        box.max_y = std::max(box.max_y, cells[i].max_y);
      }
      parents.push_back(box);
    }
    levels.push_back(std::move(cells));
    if (nodes == 1) return levels;
    cells = std::move(parents);
  }
}

// Nodes are numbered from the root (1) down, level by level, so the nodes
// of a level have consecutive numbers.
void GpkgPackedSpatialIndex::write_nodes(const std::vector<std::vector<Entry>>& levels) {
  const auto capacity = static_cast<std::size_t>(node_capacity_);
  const std::size_t depth = levels.size() - 1;
  std::vector<std::int64_t> first_number(levels.size());
  std::int64_t next = 1;
  for (std::size_t level = levels.size(); level-- > 0;) {
    first_number[level] = next;
    next += static_cast<std::int64_t>((levels[level].size() + capacity - 1) / capacity);
  }
  const std::function<void(const std::string&)> run = [this](const std::string& sql) {
    execute(sql);
  };
  execute("DELETE FROM " + sql_quote_identifier(rtree_ + "_node"));
  BatchedInsert node_rows(sql_quote_identifier(rtree_ + "_node"), run);
  LeafFids leaf_fids(sql_quote_identifier(rtree_ + "_rowid"), first_number[0], capacity, run);
  BatchedInsert parent_rows(sql_quote_identifier(rtree_ + "_parent"), run);
  for (std::size_t level = 0; level < levels.size(); ++level) {
    const std::vector<Entry>& cells = levels[level];
    const std::int64_t child_first = level > 0 ? first_number[level - 1] : 0;
    for (std::size_t first = 0; first < cells.size(); first += capacity) {
      const std::size_t count = std::min(capacity, cells.size() - first);
      const std::int64_t number = first_number[level] + static_cast<std::int64_t>(first / capacity);
      std::string& row = node_rows.next_row();
      row += std::to_string(number) + ",X'";
      append_hex(row, level == depth ? depth : 0, 2);
      append_hex(row, count, 2);
      for (std::size_t i = first; i < first + count; ++i) {
        const Entry& e = cells[i];
        const std::int64_t id = level > 0 ? child_first + e.id : e.id;
        append_hex(row, static_cast<std::uint64_t>(id), 8);
        for (float v : {e.min_x, e.max_x, e.min_y, e.max_y})
          append_hex(row, std::bit_cast<std::uint32_t>(v), 4);
        if (level == 0) {
          leaf_fids.add(id);
        } else {
          parent_rows.next_row() += std::to_string(id) + "," + std::to_string(number);
          parent_rows.end_row();
        }
      }
      row.append(2 * (static_cast<std::size_t>(node_bytes_) - 4 - count * cell_bytes), '0');
      row += '\'';
      node_rows.end_row();
    }
  }
  node_rows.flush();
  leaf_fids.flush();
  parent_rows.flush();
}

void GpkgPackedSpatialIndex::finish() {
  if (!entries_.empty()) write_nodes(pack_levels());
  triggers_->restore();
}

}  // namespace envgrid::gis::detail

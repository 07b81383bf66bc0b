// assign_store: the store side of `grid assign PROJECT`.

#include "envgrid/grid/assign_store.hpp"

#include <algorithm>
#include <cstdio>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "envgrid/gis/error.hpp"
#include "envgrid/gis/gdal_handles.hpp"
#include "envgrid/gis/log.hpp"
#include "envgrid/gis/progress.hpp"
#include "envgrid/gis/store.hpp"
#include "envgrid/gis/store_lookup_function.hpp"
#include "envgrid/gis/store_tables.hpp"

namespace envgrid::grid {

namespace {

constexpr const char* cell_id_field = "cell_id";

LoadedCells load_usable_store_cells(const std::string& project) {
  auto cells = load_store_cells(project);
  if (cells.index.size() == 0) {
    gis::throw_input_error("the store has no usable cell: import or make cells first",
                           {.step = "grid assign", .dataset = project, .layer = "cells"});
  }
  return cells;
}

constexpr const char* staging_table = "envgrid_assigned_cells";
constexpr std::size_t rows_per_insert = 200000;

// text as a JSON string.
void append_json_string(std::string& out, std::string_view text) {
  out += '"';
  for (const char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned>(c));
      out += escaped;
    } else {
      out += c;
    }
  }
  out += '"';
}

// The statements that put rows [begin, end) into the staging table on
// PostGIS: the fids grouped by cell in one JSON document,
// {"C1":[1,5],"C2":[2]}, which PostgreSQL's json functions unpack; the rows
// with no cell in a JSON array. A few megabytes of SQL instead of a VALUES
// list per row, whose parsing cost 4.5 s of CPU for 10^6 rows.
std::vector<std::string> staging_inserts(const LayerAssignment& assigned, const CellIndex& cells,
                                         std::size_t begin, std::size_t end) {
  const auto& rows = assigned.sites.table.rows;
  std::vector<std::pair<std::int32_t, std::int64_t>> by_cell;
  by_cell.reserve(end - begin);
  for (std::size_t i = begin; i < end; ++i)
    by_cell.emplace_back(assigned.result.sites[i].cell, rows[i]);
  std::sort(by_cell.begin(), by_cell.end());
  std::string cells_json = "{", nulls_json = "[";
  for (std::size_t k = 0; k < by_cell.size(); ++k) {
    const auto [cell, fid] = by_cell[k];
    if (cell < 0) {
      nulls_json += (nulls_json.size() > 1 ? "," : "") + std::to_string(fid);
      continue;
    }
    if (k == 0 || by_cell[k - 1].first != cell) {
      if (cells_json.size() > 1) cells_json += "],";
      append_json_string(cells_json, cells.id(static_cast<std::uint32_t>(cell)));
      cells_json += ":[";
    } else {
      cells_json += ',';
    }
    cells_json += std::to_string(fid);
  }
  cells_json += cells_json.size() > 1 ? "]}" : "}";
  nulls_json += ']';
  const std::string insert = std::string("INSERT INTO ") + staging_table + " (fid, cell_id) ";
  return {insert + "SELECT f.value::bigint, c.key FROM json_each(" + gis::sql_quote(cells_json) +
              "::json) c, json_array_elements_text(c.value) f",
          insert + "SELECT value::bigint, NULL FROM json_array_elements_text(" +
              gis::sql_quote(nulls_json) + "::json)"};
}

// The integer a one-value query gives (GDAL runs it on the store's
// connection), or fallback when it gives no row.
std::int64_t query_integer(gis::Store& store, const std::string& sql, std::int64_t fallback) {
  GDALDataset& dataset = gis::store_dataset(store);
  OGRLayer* result = dataset.ExecuteSQL(sql.c_str(), nullptr, nullptr);
  if (!result) return fallback;
  gis::FeaturePtr feature(result->GetNextFeature());
  const std::int64_t value = feature ? feature->GetFieldAsInteger64(0) : fallback;
  dataset.ReleaseResultSet(result);
  return value;
}

// The first fid of the staging table whose row left the layer since it was
// read (another process deleted it), or -1.
std::int64_t first_vanished_fid(gis::Store& store, const std::string& layer) {
  return query_integer(
      store,
      std::string("SELECT a.fid FROM ") + staging_table + " a WHERE NOT EXISTS (SELECT 1 FROM " +
          gis::sql_quote_identifier(layer) + " l WHERE l.fid = a.fid) ORDER BY a.fid LIMIT 1",
      -1);
}

// GeoPackage: the statements that make the layer's indexes over cell_id.
// When most rows change they are dropped before the UPDATE and made again
// after it, in the same transaction: SQLite then sorts the index once instead
// of moving 10^6 entries one by one (6.4 s of CPU down to 1.9 s in a trial).
std::vector<std::pair<std::string, std::string>> cell_id_indexes(gis::Store& store,
                                                                 const std::string& layer) {
  std::vector<std::pair<std::string, std::string>> indexes;
  if (store.is_postgis()) return indexes;
  const std::string sql =
      "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND "
      "tbl_name = " +
      gis::sql_quote(layer);
  GDALDataset& dataset = gis::store_dataset(store);
  OGRLayer* result = dataset.ExecuteSQL(sql.c_str(), nullptr, nullptr);
  if (!result) return indexes;
  for (const auto& row : *result) {
    const std::string create = row->GetFieldAsString(1);
    if (create.find(cell_id_field) != std::string::npos) {
      indexes.emplace_back(row->GetFieldAsString(0), create);
    }
  }
  dataset.ReleaseResultSet(result);
  return indexes;
}

// The message for a row of the layer that another process deleted since it
// was read (fid, in the layer's table of rows).
[[noreturn]] void throw_vanished(gis::Store& store, const LayerAssignment& assigned,
                                 std::int64_t fid) {
  const auto& rows = assigned.sites.table.rows;
  const auto at = std::find(rows.begin(), rows.end(), fid) - rows.begin();
  gis::throw_output_error(
      assigned.sites.table.describe_row(static_cast<std::size_t>(at)) +
          ": vanished while assigning",
      {.step = "grid assign", .dataset = store.location(), .layer = assigned.layer});
}

// PostGIS: the (fid, cell_id) pairs go into a temporary table
// (staging_inserts), then one UPDATE ... FROM changes the rows whose cell_id
// differs. Rewriting each OGRFeature instead took 110 s for 10^6 enterprises
// (bench/grid-assign-2026-12-07.md).
void update_through_staging(gis::Store& store, const LayerAssignment& assigned,
                            const CellIndex& cells,
                            const std::function<void(std::size_t)>& on_rows) {
  const auto& rows = assigned.sites.table.rows;
  gis::run_sql_or_throw(store, std::string("CREATE TEMPORARY TABLE ") + staging_table +
                                   " (fid BIGINT PRIMARY KEY, cell_id TEXT)");
  for (std::size_t begin = 0; begin < rows.size(); begin += rows_per_insert) {
    const std::size_t end = std::min(rows.size(), begin + rows_per_insert);
    for (const auto& insert : staging_inserts(assigned, cells, begin, end)) {
      gis::run_sql_or_throw(store, insert);
    }
    on_rows(end - begin);
  }
  if (const std::int64_t fid = first_vanished_fid(store, assigned.layer); fid >= 0) {
    throw_vanished(store, assigned, fid);
  }
  const std::string layer = gis::sql_quote_identifier(assigned.layer);
  gis::run_sql_or_throw(store, "UPDATE " + layer + " SET " + cell_id_field + " = a." +
                                   cell_id_field + " FROM " + staging_table + " a WHERE " + layer +
                                   ".fid = a.fid AND " + layer + "." + cell_id_field +
                                   " IS DISTINCT FROM a." + cell_id_field);
  gis::run_sql_or_throw(store, std::string("DROP TABLE ") + staging_table);
}

// GeoPackage: one UPDATE over the whole layer takes each row's cell_id from
// memory through the SQL function envgrid_assigned_cell(fid, cell_id) (the
// row's own cell_id for a row added since the read) and writes only the rows
// it changes. A statement per row cost as much as the staged UPDATE ... FROM
// (4.7 s of CPU for 10^6 rows, bench/grid-assign-2026-12-07.md). A count of
// the rows to change comes first: every row passes through the function
// there, so a row read but never met has vanished, and a run that changes
// nothing writes nothing.
void update_from_memory(gis::Store& store, const LayerAssignment& assigned, const CellIndex& cells,
                        const std::function<void(std::size_t)>& on_rows) {
  const auto& rows = assigned.sites.table.rows;
  const auto& sites = assigned.result.sites;
  std::vector<std::pair<std::int64_t, std::size_t>> by_fid;  // (fid, site), by fid
  by_fid.reserve(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) by_fid.emplace_back(rows[i], i);
  std::sort(by_fid.begin(), by_fid.end());
  std::vector<char> met(by_fid.size(), 0);
  std::size_t next = 0;  // SQLite scans by fid: the next row is usually the next entry
  const gis::StoreLookupFunction function(
      store, "envgrid_assigned_cell", [&](std::int64_t fid) -> gis::LookupValue {
        // The rows come by fid: the same entry again (the SET after the
        // WHERE of a row) or the next one.
        if (next + 1 < by_fid.size() && by_fid[next].first != fid &&
            by_fid[next + 1].first == fid) {
          ++next;
        } else if (next >= by_fid.size() || by_fid[next].first != fid) {
          next = static_cast<std::size_t>(
              std::lower_bound(by_fid.begin(), by_fid.end(), std::pair(fid, std::size_t{0})) -
              by_fid.begin());
          if (next >= by_fid.size() || by_fid[next].first != fid) return {};
        }
        met[next] = 1;
        const std::int32_t cell = sites[by_fid[next].second].cell;
        if (cell < 0) return {.known = true, .text = std::nullopt};
        return {.known = true, .text = cells.id(static_cast<std::uint32_t>(cell))};
      });
  const std::string layer = gis::sql_quote_identifier(assigned.layer);
  const std::string value = std::string("envgrid_assigned_cell(fid, ") + cell_id_field + ")";
  const std::string differs = std::string(" WHERE ") + cell_id_field + " IS NOT " + value;
  const std::int64_t changes = query_integer(store, "SELECT count(*) FROM " + layer + differs, 0);
  for (std::size_t k = 0; k < by_fid.size(); ++k) {
    if (!met[k]) throw_vanished(store, assigned, by_fid[k].first);
  }
  if (changes > 0) {
    // Many changes (a first assignment): the indexes over cell_id are
    // dropped and made again, one sort instead of 10^6 moves; a few (the
    // run after a register update) are moved in place.
    const auto indexes = changes > static_cast<std::int64_t>(rows.size() / 8)
                             ? cell_id_indexes(store, assigned.layer)
                             : std::vector<std::pair<std::string, std::string>>{};
    for (const auto& [name, create] : indexes) {
      gis::run_sql_or_throw(store, "DROP INDEX " + gis::sql_quote_identifier(name));
    }
    gis::run_sql_or_throw(store,
                          "UPDATE " + layer + " SET " + cell_id_field + " = " + value + differs);
    for (const auto& [name, create] : indexes) gis::run_sql_or_throw(store, create);
  }
  on_rows(rows.size());
}

// Sets cell_id of every feature of one layer to its assigned cell (null when
// none); a row that vanished since it was read fails the command. on_rows(n)
// is called as rows are written (or staged).
void write_cell_ids(gis::Store& store, const LayerAssignment& assigned, const CellIndex& cells,
                    const std::function<void(std::size_t)>& on_rows) {
  if (assigned.sites.table.rows.empty()) return;
  if (store.is_postgis()) {
    update_through_staging(store, assigned, cells, on_rows);
  } else {
    update_from_memory(store, assigned, cells, on_rows);
  }
}

}  // namespace

LoadedCells load_store_cells(const std::string& project) {
  CellSourceOptions options;
  options.id_field = cell_id_field;
  options.layer = "cells";
  options.where = gis::supervision_cells_where;
  const std::string sources[] = {project};
  return load_cells(sources, options);
}

const std::vector<std::string>& store_site_layers() {
  static const std::vector<std::string> layers = {"enterprises", "outfalls", "flags"};
  return layers;
}

StoreAssignment assign_store(const std::string& project, const AssignOptions& options,
                             gis::PhaseTimes* times) {
  auto phase = [&](const std::string& name) {
    if (times) times->done(name);
  };
  // Reading and assigning is the first half of the progress, writing the
  // second (in percent).
  gis::Progress progress(100);
  StoreAssignment out{.cells = load_usable_store_cells(project), .layers = {}};
  phase("read and index " + std::to_string(out.cells.index.size()) + " cells");
  for (const auto& layer : store_site_layers()) {
    SiteSourceOptions site_options;
    site_options.layer = layer;
    site_options.id_field = gis::store_layer_schema(layer).id_field;
    LayerAssignment assigned{
        .layer = layer, .sites = load_sites(project, site_options, out.cells.crs), .result = {}};
    phase("read " + std::to_string(assigned.sites.table.size()) + " " + layer);
    assigned.result = assign_to_cells(out.cells.index, assigned.sites.columns(), options);
    phase("assign " + layer);
    out.layers.push_back(std::move(assigned));
    progress.set(50 * out.layers.size() / store_site_layers().size());
  }
  std::uint64_t rows = 0, written = 0;
  for (const auto& assigned : out.layers) rows += assigned.sites.table.size();
  gis::Store store = gis::Store::open(project, true);
  store.transaction([&] {
    for (const auto& assigned : out.layers) {
      write_cell_ids(store, assigned, out.cells.index, [&](std::size_t staged) {
        written += staged;
        progress.set(50 + 50 * written / std::max<std::uint64_t>(rows, 1));
      });
    }
  });
  progress.done();
  phase("write cell_id");
  return out;
}

}  // namespace envgrid::grid

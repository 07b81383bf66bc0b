// The stored network in the project store: tables reach_network (one row of
// bytes per array) and reach_network_state (its format and the fingerprint
// of the reaches layer it was made from), and the triggers that count the
// edits of the reaches layer (docs/store.md, docs/hydro.md "Stored network").

#include <cstring>

#include "envgrid/gis/error.hpp"
#include "envgrid/gis/log.hpp"
#include "envgrid/gis/store.hpp"
#include "envgrid/gis/store_tables.hpp"
#include "envgrid/hydro/reach_io.hpp"
#include "envgrid/hydro/stored_network.hpp"
#include "stored_arrays.hpp"
#include "stored_network_tables.hpp"
#include "stored_parts_read.hpp"

namespace envgrid::hydro {

namespace {

constexpr const char* parts_table = "reach_network";
constexpr const char* state_table = "reach_network_state";

// The fingerprint of the reaches layer and the state row, as one query.
struct Fingerprint {
  std::int64_t format = 0;
  std::int64_t reach_count = 0;
  std::int64_t max_fid = 0;
  std::int64_t stored_edits = 0;
  std::int64_t edits = 0;
  std::int64_t now_max_fid = 0;
  bool triggers = false;
};

std::string triggers_count_sql(gis::Store& store) {
  if (store.is_postgis()) {
    return "(SELECT COUNT(*) FROM pg_trigger WHERE tgname = 'reach_network_edit' AND "
           "tgrelid = 'reaches'::regclass)";
  }
  return "(SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'reaches' "
         "AND name IN ('reach_network_edit_insert', 'reach_network_edit_update', "
         "'reach_network_edit_delete'))";
}

std::optional<Fingerprint> read_fingerprint(gis::Store& store) {
  if (!gis::find_store_layer(store, state_table)) return std::nullopt;
  const std::string sql =
      std::string("SELECT format, reach_count, max_fid, stored_edits, edits, ") +
      "(SELECT COALESCE(MAX(fid), 0) FROM reaches) AS now_max_fid, " + triggers_count_sql(store) +
      " AS triggers FROM " + state_table;
  GDALDataset& dataset = gis::store_dataset(store);
  (void)gis::take_last_gdal_error();
  OGRLayer* result = dataset.ExecuteSQL(sql.c_str(), nullptr, nullptr);
  if (!result) return std::nullopt;
  std::optional<Fingerprint> out;
  if (gis::FeaturePtr row{result->GetNextFeature()}) {
    out = Fingerprint{row->GetFieldAsInteger64(0),
                      row->GetFieldAsInteger64(1),
                      row->GetFieldAsInteger64(2),
                      row->GetFieldAsInteger64(3),
                      row->GetFieldAsInteger64(4),
                      row->GetFieldAsInteger64(5),
                      row->GetFieldAsInteger64(6) == (store.is_postgis() ? 1 : 3)};
  }
  dataset.ReleaseResultSet(result);
  return out;
}

// Why the stored network does not match its reaches; "" when it does.
std::string mismatch(const Fingerprint& f) {
  if (f.stored_edits < 0) return "none is stored yet";
  if (f.format != stored_network_format) {
    return "it was written in format " + std::to_string(f.format) + ", this envgrid reads " +
           std::to_string(stored_network_format);
  }
  if (!f.triggers) return "the triggers that count the reaches' edits are missing";
  if (f.edits != f.stored_edits) return "the reaches were changed since it was stored";
  if (f.max_fid != f.now_max_fid) {
    return "it was made from reaches up to fid " + std::to_string(f.max_fid) +
           ", the reaches layer goes to fid " + std::to_string(f.now_max_fid);
  }
  return "";
}

// Reads the parts the mode needs into net; "" when read, otherwise why not.
std::string read_parts(gis::Store& store, TraceMode mode, bool measures, StoredNetwork& net) {
  const std::vector<std::string> names = detail::parts_for(mode, measures);
  const std::string damaged = "it is incomplete or damaged";
  auto parts = detail::read_stored_parts(store, parts_table, names);
  if (!parts || parts->size() != names.size()) return damaged;
  for (detail::ReadPart& part : *parts) {
    if (part.name == "byte_order") {
      const auto order = detail::byte_order_of(part.data, part.size);
      if (order == detail::ByteOrder::swapped)
        return "it was written on a machine of the other byte order";
      if (order != detail::ByteOrder::same) return damaged;
    } else if (!detail::take_part(net, part.name, std::move(part.owner), part.data, part.size)) {
      return damaged;
    }
  }
  net.reach_count = net.id_end.size();
  return detail::consistent(net, mode, measures) ? "" : damaged;
}

void run(gis::Store& store, const std::string& sql) { gis::run_sql_or_throw(store, sql); }

void create_edit_triggers(gis::Store& store) {
  const std::string count = std::string("UPDATE ") + state_table + " SET edits = edits + 1";
  if (store.is_postgis()) {
    run(store,
        "CREATE OR REPLACE FUNCTION reach_network_edit() RETURNS trigger LANGUAGE plpgsql AS "
        "$$BEGIN " +
            count + "; RETURN NULL; END$$");
    run(store,
        "CREATE TRIGGER reach_network_edit AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "
        "reaches FOR EACH STATEMENT EXECUTE PROCEDURE reach_network_edit()");
    return;
  }
  for (const char* event : {"insert", "update", "delete"}) {
    run(store, std::string("CREATE TRIGGER reach_network_edit_") + event + " AFTER " + event +
                   " ON reaches BEGIN " + count + "; END");
  }
}

}  // namespace

namespace detail {

OGRLayer& plain_table(gis::Store& store, const char* name,
                      const std::vector<std::pair<const char*, OGRFieldType>>& fields) {
  if (OGRLayer* layer = gis::find_store_layer(store, name)) return *layer;
  CPLStringList options;
  options.SetNameValue("FID", gis::store_fid_column);
  if (store.is_postgis()) options.SetNameValue("LAUNDER", "NO");
  OGRLayer* layer = gis::store_dataset(store).CreateLayer(name, nullptr, wkbNone, options.List());
  if (!layer) {
    gis::throw_output_error(
        std::string("cannot create ") + name + ": " + gis::take_last_gdal_error(),
        {.step = "hydro write", .dataset = store.location(), .layer = name});
  }
  for (const auto& [field, type] : fields) {
    OGRFieldDefn defn(field, type);
    if (layer->CreateField(&defn) != OGRERR_NONE) {
      gis::throw_output_error(
          std::string("cannot create field ") + field + ": " + gis::take_last_gdal_error(),
          {.step = "hydro write", .dataset = store.location(), .layer = name});
    }
  }
  return *layer;
}

void drop_edit_triggers(gis::Store& store) {
  if (store.is_postgis()) {
    run(store, "DROP TRIGGER IF EXISTS reach_network_edit ON reaches");
    return;
  }
  for (const char* event : {"insert", "update", "delete"})
    run(store, std::string("DROP TRIGGER IF EXISTS reach_network_edit_") + event);
}

}  // namespace detail

std::optional<std::size_t> StoredNetwork::find(std::string_view reach_id) const {
  for (std::size_t r = 0; r < reach_count; ++r) {
    if (id(r) == reach_id) return r;
  }
  return std::nullopt;
}

namespace {

void ensure_tables(gis::Store& store) {
  (void)detail::plain_table(store, parts_table, {{"part", OFTString}, {"data", OFTBinary}});
  (void)detail::plain_table(store, state_table,
                            {{"format", OFTInteger64},
                             {"reach_count", OFTInteger64},
                             {"max_fid", OFTInteger64},
                             {"stored_edits", OFTInteger64},
                             {"edits", OFTInteger64}});
}

// The state row: the edit count kept as it is (or one up with bump), the
// network stored for the reaches as they were at edit count stored_edits
// (nullopt: none stored).
void write_state(gis::Store& store, std::optional<std::int64_t> stored_edits, bool bump) {
  const std::int64_t edits = read_fingerprint(store).value_or(Fingerprint{}).edits + (bump ? 1 : 0);
  run(store, std::string("DELETE FROM ") + state_table);
  run(store, std::string("INSERT INTO ") + state_table +
                 " (format, reach_count, max_fid, stored_edits, edits) SELECT " +
                 std::to_string(stored_edits ? stored_network_format : 0) +
                 ", COUNT(*), COALESCE(MAX(fid), 0), " + std::to_string(stored_edits.value_or(-1)) +
                 ", " + std::to_string(edits) + " FROM reaches");
}

void write_parts(const Network& net, gis::Store& store) {
  OGRLayer& parts = gis::store_layer(store, parts_table);
  run(store, std::string("DELETE FROM ") + parts_table);
  for (const detail::StoredPart& part : detail::stored_parts(net)) {
    gis::FeaturePtr f(OGRFeature::CreateFeature(parts.GetLayerDefn()));
    f->SetField(0, part.name.c_str());
    f->SetField(1, static_cast<int>(part.bytes.size()),
                reinterpret_cast<const GByte*>(part.bytes.data()));
    gis::insert_feature(store, parts, *f);
  }
}

}  // namespace

void write_stored_network(const Network* net, gis::Store& store) {
  ensure_tables(store);
  detail::drop_edit_triggers(store);
  // The count goes one up, so that caches keyed by it see a new version.
  const std::int64_t edits = read_fingerprint(store).value_or(Fingerprint{}).edits + 1;
  if (net) {
    write_parts(*net, store);
    write_state(store, edits, true);
  } else {
    run(store, std::string("DELETE FROM ") + parts_table);
    write_state(store, std::nullopt, true);
  }
  create_edit_triggers(store);
}

std::optional<std::int64_t> prepare_stored_network(const std::string& path) {
  if (!gis::is_store_location(path)) return std::nullopt;
  try {
    gis::Store store = gis::Store::open(path, true);
    std::int64_t edits = 0;
    store.transaction([&] {
      const auto f = read_fingerprint(store);
      if (!f || !f->triggers) write_stored_network(nullptr, store);
      edits = read_fingerprint(store).value().edits;
    });
    return edits;
  } catch (const gis::Error& error) {
    gis::log_warning(std::string("cannot store a network in ") + path + ": " + error.what());
    return std::nullopt;
  }
}

bool store_network(const std::string& path, const Network& net, std::int64_t edits_seen) {
  try {
    gis::Store store = gis::Store::open(path, true);
    bool stored = false;
    store.transaction([&] {
      const auto f = read_fingerprint(store);
      if (!f || !f->triggers || f->edits != edits_seen) return;  // edited meanwhile
      write_parts(net, store);
      write_state(store, edits_seen, false);
      stored = true;
    });
    return stored;
  } catch (const gis::Error& error) {
    gis::log_warning(std::string("could not store the network in ") + path + ": " + error.what());
    return false;
  }
}

std::optional<StoredNetwork> load_stored_network(const std::string& path, TraceMode mode,
                                                 bool measures) {
  if (!gis::is_store_location(path)) return std::nullopt;
  gis::Store store = gis::Store::open(path, false);
  const std::optional<Fingerprint> fingerprint = read_fingerprint(store);
  if (!fingerprint) {
    gis::log_info("no stored network in " + path +
                  ": building the network from the reaches (`envgrid hydro build` stores it)");
    return std::nullopt;
  }
  if (const std::string why = mismatch(*fingerprint); !why.empty()) {
    gis::log_warning("the stored network of " + path + " is not used: " + why +
                     "; building the network from the reaches");
    return std::nullopt;
  }
  StoredNetwork net;
  if (const std::string why = read_parts(store, mode, measures, net); !why.empty()) {
    gis::log_warning("the stored network of " + path + " is not used: " + why +
                     "; building the network from the reaches");
    return std::nullopt;
  }
  return net;
}

std::string reaches_fingerprint(gis::Store& store) {
  const std::optional<Fingerprint> f = read_fingerprint(store);
  if (!f || !f->triggers) return "";
  return std::to_string(f->now_max_fid) + ":" + std::to_string(f->edits);
}

}  // namespace envgrid::hydro

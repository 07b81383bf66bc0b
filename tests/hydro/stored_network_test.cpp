// The network `hydro build` stores beside the reaches (hydro/stored_network.hpp):
// traces over it equal traces over the network rebuilt from the reaches, on
// real NHDPlus networks with braids and with loops, on GeoPackage and PostGIS;
// and a stored network that no longer matches its reaches (edited, truncated,
// older format, triggers gone, damaged, other byte order) is not used.

#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <filesystem>
#include <string>
#include <vector>

#include "envgrid/gis/gdal_handles.hpp"
#include "envgrid/hydro/navigate.hpp"
#include "envgrid/hydro/reach_io.hpp"
#include "envgrid/hydro/stored_network.hpp"
#include "store_backends.hpp"
#include "test_support.hpp"

namespace {

using envgrid::hydro::TraceMode;
using envgrid::test::run_envgrid;

constexpr TraceMode all_modes[] = {TraceMode::upstream_tributaries, TraceMode::upstream_main,
                                   TraceMode::downstream_main, TraceMode::downstream_diversions};

std::string real(const std::string& relative) {
  return (*envgrid::test::shared_real_data() / "hydro" / relative).string();
}

// `envgrid hydro build` of a real network into the store.
void build_again(const std::string& store, const std::vector<std::string>& source) {
  std::vector<std::string> args = {"hydro", "build"};
  args.insert(args.end(), source.begin(), source.end());
  args.insert(args.end(), {"-o", store});
  const auto built = run_envgrid(args);
  ASSERT_LE(built.exit_code, 1) << built.err;
}

// `envgrid init` first.
void build_into(const std::string& store, const std::vector<std::string>& source) {
  ASSERT_EQ(run_envgrid({"init", store}).exit_code, 0);
  build_again(store, source);
}

std::vector<std::string> new_hope() {
  return {"--reaches", real("hydroloom/new_hope.gpkg"), "--id-field", "COMID", "--divergence-field",
          "Divergence"};
}

// An id -> toid edge list with real flow loops.
std::vector<std::string> loop_edge_list() {
  return {"--reaches",    real("hydroloom/loop2.csv"),
          "--id-field",   "id",
          "--topology",   "nodes",
          "--toid-field", "toid"};
}

// Every trace from every reach, in every mode, with and without a distance
// limit, over the stored network and over the rebuilt one: the same steps
// (reach, distance, travel time, exactly) and loops. Counts the loops entered.
void expect_stored_traces_equal_rebuilt(const std::string& store, std::size_t& loops) {
  const envgrid::hydro::Network rebuilt = envgrid::hydro::load_network(store);
  ASSERT_GT(rebuilt.reaches.size(), 0u);
  for (TraceMode mode : all_modes) {
    const auto stored = envgrid::hydro::load_stored_network(store, mode);
    ASSERT_TRUE(stored.has_value());
    EXPECT_EQ(stored->reach_count, rebuilt.reaches.size());
    for (std::size_t r = 0; r < rebuilt.reaches.size(); ++r) {
      ASSERT_EQ(stored->id(r), rebuilt.reaches[r].id);
      for (std::optional<double> limit : {std::optional<double>{}, std::optional<double>{5.0}}) {
        envgrid::hydro::TraceOptions options;
        options.mode = mode;
        options.max_distance_km = limit;
        const auto a = envgrid::hydro::trace(*stored, r, options);
        const auto b = envgrid::hydro::trace(rebuilt, r, options);
        ASSERT_EQ(a.steps.size(), b.steps.size()) << "from " << rebuilt.reaches[r].id;
        for (std::size_t k = 0; k < a.steps.size(); ++k) {
          ASSERT_EQ(a.steps[k].reach, b.steps[k].reach);
          ASSERT_EQ(a.steps[k].distance_km, b.steps[k].distance_km);
          ASSERT_EQ(a.steps[k].travel_hours, b.steps[k].travel_hours);
        }
        ASSERT_EQ(a.loops, b.loops);
        for (std::size_t loop : a.loops) {
          ASSERT_EQ(stored->loop_size[loop], rebuilt.report.loops[loop].size());
          ASSERT_EQ(stored->id(stored->loop_first[loop]), rebuilt.report.loops[loop].front());
        }
        loops += a.loops.size();
      }
    }
  }
}

class StoredNetwork : public envgrid::test::StoreBackendTest {};

TEST_P(StoredNetwork, TracesEqualTheRebuiltNetworkOnABraidedRealNetwork) {
  if (!envgrid::test::shared_real_data()) GTEST_SKIP() << "../shared/data/real is absent";
  build_into(location(), new_hope());
  std::size_t loops = 0;
  expect_stored_traces_equal_rebuilt(location(), loops);
}

TEST_P(StoredNetwork, TracesEqualTheRebuiltNetworkOnARealNetworkWithLoops) {
  if (!envgrid::test::shared_real_data()) GTEST_SKIP() << "../shared/data/real is absent";
  build_into(location(), loop_edge_list());
  std::size_t loops = 0;
  expect_stored_traces_equal_rebuilt(location(), loops);
  EXPECT_GT(loops, 0u) << "no trace entered a loop";
}

// Runs SQL on the store as another tool would.
void edit(const std::string& store, const std::string& sql) {
  envgrid::test::postgis_execute(store, sql);
}

struct Traced {
  std::string ids;
  std::string log;
};

Traced trace_ut(const std::string& store, const std::string& from) {
  const auto run = run_envgrid({"hydro", "trace", store, "--from-reach", from, "--mode", "UT"});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  return {run.out, run.err};
}

// What the rebuilt network says, as ids a line.
std::string rebuilt_ut(const std::string& store, const std::string& from) {
  const auto net = envgrid::hydro::load_network(store);
  std::string ids;
  for (const auto& step : envgrid::hydro::trace(net, net.find(from).value(), {}).steps)
    ids += net.reaches[step.reach].id + "\n";
  return ids;
}

// A reach inside the network, ten steps up from the outlet.
std::string inner_reach(const std::string& store, const std::string& outlet) {
  const auto net = envgrid::hydro::load_network(store);
  const auto steps = envgrid::hydro::trace(net, net.find(outlet).value(), {}).steps;
  return net.reaches[steps.at(10).reach].id;
}

// After each change the trace says why it did not use the stored network and
// answers from the reaches as they are now (not as they were stored).
TEST_P(StoredNetwork, AStoredNetworkThatNoLongerMatchesItsReachesIsNotUsed) {
  if (!envgrid::test::shared_real_data()) GTEST_SKIP() << "../shared/data/real is absent";
  const std::string outlet = "8897784";
  const std::string& store = location();
  build_into(store, new_hope());
  const Traced fresh = trace_ut(store, outlet);
  EXPECT_EQ(fresh.ids, rebuilt_ut(store, outlet));
  EXPECT_EQ(fresh.log.find("stored network"), std::string::npos) << fresh.log;
  const std::size_t all = std::count(fresh.ids.begin(), fresh.ids.end(), '\n');
  ASSERT_EQ(all, 746u);

  // Edited: a reach inside the network cut from the one below it.
  edit(store,
       "UPDATE reaches SET to_node = -7 WHERE reach_id = '" + inner_reach(store, outlet) + "'");
  const Traced edited = trace_ut(store, outlet);
  EXPECT_NE(edited.log.find("the reaches were changed"), std::string::npos) << edited.log;
  EXPECT_EQ(edited.ids, rebuilt_ut(store, outlet));
  EXPECT_LT(std::count(edited.ids.begin(), edited.ids.end(), '\n'), all);
  // That trace stored the network it built: the next one uses it.
  EXPECT_NE(edited.log.find("stored for the next traces"), std::string::npos) << edited.log;
  const Traced next = trace_ut(store, outlet);
  EXPECT_EQ(next.log.find("stored network"), std::string::npos) << next.log;
  EXPECT_EQ(next.ids, edited.ids);

  // Stored again by a build; then truncated.
  build_again(store, new_hope());
  const Traced again = trace_ut(store, outlet);
  EXPECT_EQ(again.log.find("stored network"), std::string::npos) << again.log;
  EXPECT_EQ(again.ids, rebuilt_ut(store, outlet));
  edit(store,
       "DELETE FROM reaches WHERE fid > (SELECT MIN(fid) + 600 FROM reaches) AND "
       "reach_id <> '" +
           outlet + "'");
  const Traced truncated = trace_ut(store, outlet);
  EXPECT_NE(truncated.log.find("the reaches were changed"), std::string::npos) << truncated.log;
  EXPECT_EQ(truncated.ids, rebuilt_ut(store, outlet));
  EXPECT_LT(std::count(truncated.ids.begin(), truncated.ids.end(), '\n'), all);
}

TEST_P(StoredNetwork, AnOlderFormatMissingTriggersOrDamagedArraysAreNotUsed) {
  if (!envgrid::test::shared_real_data()) GTEST_SKIP() << "../shared/data/real is absent";
  const std::string outlet = "8897784";
  const std::string& store = location();
  build_into(store, new_hope());
  const std::string ids = trace_ut(store, outlet).ids;

  edit(store, "UPDATE reach_network_state SET format = format - 1");
  const Traced older = trace_ut(store, outlet);
  const std::string older_format =
      "written in format " + std::to_string(envgrid::hydro::stored_network_format - 1);
  EXPECT_NE(older.log.find(older_format), std::string::npos) << older.log;
  EXPECT_EQ(older.ids, ids);

  // Triggers gone (a tool that rewrote the table), then an edit they would
  // have counted, keeping the count and the highest fid.
  build_again(store, new_hope());
  const std::string inner = inner_reach(store, outlet);
  if (postgis()) {
    edit(store, "DROP TRIGGER reach_network_edit ON reaches");
  } else {
    edit(store, "DROP TRIGGER reach_network_edit_update");
  }
  edit(store, "UPDATE reaches SET to_node = -7 WHERE reach_id = '" + inner + "'");
  const Traced untracked = trace_ut(store, outlet);
  EXPECT_NE(untracked.log.find("triggers"), std::string::npos) << untracked.log;
  EXPECT_EQ(untracked.ids, rebuilt_ut(store, outlet));
  EXPECT_NE(untracked.ids, ids);

  // Damaged: an array cut short.
  build_again(store, new_hope());
  edit(store, postgis() ? "UPDATE reach_network SET data = substring(data from 1 for 12) "
                          "WHERE part = 'up_slots'"
                        : "UPDATE reach_network SET data = substr(data, 1, 12) "
                          "WHERE part = 'up_slots'");
  const Traced damaged = trace_ut(store, outlet);
  EXPECT_NE(damaged.log.find("damaged"), std::string::npos) << damaged.log;
  EXPECT_EQ(damaged.ids, rebuilt_ut(store, outlet));

  // Written by a big-endian machine: the byte order mark most significant
  // byte first. On a little-endian machine that is the other order.
  build_again(store, new_hope());
  const bool little = std::endian::native == std::endian::little;
  edit(store, std::string("UPDATE reach_network SET data = ") +
                  (postgis() ? "'\\x01020304'::bytea" : "X'01020304'") +
                  " WHERE part = 'byte_order'");
  const Traced swapped = trace_ut(store, outlet);
  EXPECT_EQ(swapped.log.find("other byte order") != std::string::npos, little) << swapped.log;
  EXPECT_EQ(swapped.ids, rebuilt_ut(store, outlet));
}

// The command's own output, stored against rebuilt (a copy whose stored
// network is of another format), for every mode from a braided network's
// reaches, with the loop warnings of a network with loops.
TEST(StoredNetworkCli, SameOutputAsTheRebuildPath) {
  if (!envgrid::test::shared_real_data()) GTEST_SKIP() << "../shared/data/real is absent";
  envgrid::test::TempDir dir;
  for (const auto& source : {new_hope(), loop_edge_list()}) {
    const std::string stored = dir.file("stored.gpkg");
    const std::string rebuilt = dir.file("rebuilt.gpkg");
    std::filesystem::remove(stored);
    std::filesystem::remove(rebuilt);
    build_into(stored, source);
    std::filesystem::copy_file(stored, rebuilt);
    // An outlet, a headwater, a reach midway in the layer, a reach in a loop.
    const auto net = envgrid::hydro::load_network(stored);
    std::vector<std::string> starts = {net.report.outlets.front(), net.report.headwaters.front(),
                                       net.reaches[net.reaches.size() / 2].id};
    if (!net.report.loops.empty()) starts.push_back(net.report.loops.front().front());
    for (const std::string& from : starts) {
      for (const char* mode : {"UT", "UM", "DM", "DD"}) {
        std::vector<std::string> args = {"hydro", "trace",  stored, "--from-reach",
                                         from,    "--mode", mode,   "--max-distance-km",
                                         "40"};
        const auto a = run_envgrid(args);
        args[2] = rebuilt;
        edit(rebuilt, "UPDATE reach_network_state SET format = 0");  // stored again by each trace
        const auto b = run_envgrid(args);
        EXPECT_EQ(a.exit_code, b.exit_code);
        EXPECT_EQ(a.out, b.out) << from << " " << mode;
        EXPECT_EQ(a.err.find("stored network"), std::string::npos) << a.err;
        EXPECT_NE(b.err.find("stored network"), std::string::npos) << b.err;
        auto warnings = [](const std::string& err) {
          std::string kept;
          for (std::size_t at = err.find("entered a loop"); at != std::string::npos;
               at = err.find("entered a loop", at + 1))
            kept += err.substr(at, err.find('\n', at) - at) + "\n";
          return kept;
        };
        EXPECT_EQ(warnings(a.err), warnings(b.err));
      }
    }
  }
}

ENVGRID_INSTANTIATE_STORE_BACKENDS(StoredNetwork);

}  // namespace

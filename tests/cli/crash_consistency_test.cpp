// Crash consistency of the store: `envgrid import` and `envgrid grid assign
// PROJECT` killed with SIGKILL at random moments, many times over, on
// GeoPackage and PostGIS. After every kill the store passes
// store_problems() (crash_checks.hpp), an import is either absent or
// complete, and an assignment's cell_ids are either all old or all new (it
// writes every layer in one transaction). The server's review writes are in
// tests/viewer/crash_consistency_test.cpp.

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <random>

#include "crash_checks.hpp"
#include "envgrid/gis/store_tables.hpp"
#include "store_backends.hpp"
#include "test_support.hpp"

namespace envgrid::test {
namespace {

using Clock = std::chrono::steady_clock;

// How far a killed run got, from its GDAL-style progress on stderr. The
// progress of import and of grid assign PROJECT is half reading, half
// writing: from 50 % on, rows are being written inside the open transaction;
// at "100 - done." every row is written and the commit is under way or over.
// (The kills come after the progress has begun, so reading is the earliest.)
enum class Phase { reading, writing, committing, exited };

Phase phase_of(int status, const std::string& progress) {
  if (WIFEXITED(status)) return Phase::exited;
  if (progress.find("100 - done") != std::string::npos) return Phase::committing;
  for (int tick = 90; tick >= 50; tick -= 10) {
    if (progress.find("..." + std::to_string(tick)) != std::string::npos) return Phase::writing;
  }
  return Phase::reading;
}

struct PhaseCounts {
  std::map<Phase, int> kills;
  [[nodiscard]] std::string text() const {
    auto at = [this](Phase p) { return kills.count(p) ? kills.at(p) : 0; };
    return "reading " + std::to_string(at(Phase::reading)) + ", writing " +
           std::to_string(at(Phase::writing)) + ", all rows written (at the commit) " +
           std::to_string(at(Phase::committing)) + ", after the exit " +
           std::to_string(at(Phase::exited));
  }
};

std::chrono::microseconds since(Clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start);
}

// The kills come after the program has started its work (its progress shows
// 0): what happens before, loading libraries, writes nothing.
std::unique_ptr<EnvgridProcess> start_working(const std::vector<std::string>& args) {
  auto process = std::make_unique<EnvgridProcess>(args);
  EXPECT_TRUE(process->wait_for_err("0")) << "no progress:\n" << process->err();
  return process;
}

// A clean run of args, which must succeed: the time from its first progress to its exit.
std::chrono::microseconds clean_run(const std::vector<std::string>& args) {
  auto process = start_working(args);
  const Clock::time_point start = Clock::now();
  const int status = process->wait_exit();
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << process->err();
  return since(start);
}

void expect_sound(const std::string& location, const std::string& after) {
  for (const auto& problem : store_problems(location)) ADD_FAILURE() << after << ": " << problem;
}

class CrashConsistencyTest : public StoreBackendTest {
 public:
  void SetUp() override {
    StoreBackendTest::SetUp();
    if (IsSkipped()) return;
    const RunResult init = run_envgrid({"init", location()});
    ASSERT_EQ(init.exit_code, 0) << init.err;
  }
  void import_csv(const std::string& layer, const std::string& name, const std::string& csv) {
    write_text(dir().file(name), csv);
    const RunResult result = run_envgrid(
        {"import", location(), "--layer", layer, dir().file(name), "--s-srs", "EPSG:4490"});
    ASSERT_EQ(result.exit_code, 0) << result.err;
  }
  [[nodiscard]] long long rows(const std::string& layer) {
    gis::Store store = gis::Store::open(location(), false);
    return sql_count(gis::store_dataset(store), "SELECT COUNT(*) FROM " + layer);
  }
};

// rows enterprises with ids PREFIX1..PREFIXn, spread over a few km.
std::string enterprises_csv(const std::string& prefix, int rows) {
  std::string csv = "enterprise_id,name,lon,lat\n";
  for (int i = 1; i <= rows; ++i) {
    csv += prefix + std::to_string(i) + ",works " + std::to_string(i) + "," +
           std::to_string(114.0 + (i % 997) * 1e-4) + "," +
           std::to_string(30.0 + (i % 991) * 1e-4) + "\n";
  }
  return csv;
}

// Enough rows that the write phase takes a good part of a run. PostgreSQL
// takes longer per row (a round trip per UPDATE in grid assign): fewer there
// keep the test's run time in bounds.
int rows_per_import(bool postgis) { return postgis ? 4000 : 10000; }

TEST_P(CrashConsistencyTest, KilledImportsLeaveTheLayerAsItWasOrFullyLoaded) {
  KillSchedule schedule(std::string("import into ") + (postgis() ? "PostGIS" : "GeoPackage"));
  const int batch_rows = rows_per_import(postgis());
  // A clean run first: its duration bounds the moments of the kills.
  write_text(dir().file("batch0.csv"), enterprises_csv("B0_", batch_rows));
  const auto clean = clean_run(
      {"--progress", "import", location(), "--layer", "enterprises", dir().file("batch0.csv")});
  long long expected = rows("enterprises");
  ASSERT_EQ(expected, batch_rows);

  PhaseCounts phases;
  for (int kill = 1; kill <= schedule.kills(); ++kill) {
    const std::string csv = dir().file("batch.csv");
    write_text(csv, enterprises_csv("B" + std::to_string(kill) + "_", batch_rows));
    auto import =
        start_working({"--progress", "import", location(), "--layer", "enterprises", csv});
    const auto moment = schedule.moment(clean);
    sleep_for(moment);
    const int status = import->kill_now();
    ++phases.kills[phase_of(status, import->err())];
    const std::string after = "kill " + std::to_string(kill) + " at " +
                              std::to_string(moment.count()) + " us (" + describe_status(status) +
                              ", seed " + std::to_string(schedule.seed()) + ")";
    const long long now = rows("enterprises");
    if (WIFEXITED(status)) {
      EXPECT_EQ(WEXITSTATUS(status), 0) << after << "\n" << import->err();
      EXPECT_EQ(now, expected + batch_rows) << after;
    } else {
      // Killed after the commit but before exiting counts as fully loaded.
      EXPECT_TRUE(now == expected || now == expected + batch_rows)
          << after << ": " << now << " rows, expected " << expected << " or "
          << expected + batch_rows;
    }
    expected = now;
    expect_sound(location(), after);
    if (HasFailure()) break;
  }
  std::cout << "import kills by phase: " << phases.text() << std::endl;
  // The moments must have hit the open write transaction, or the test proves little.
  if (schedule.kills() >= 10) EXPECT_GT(phases.kills[Phase::writing], 0) << phases.text();
  // And the store still takes an import afterwards.
  import_csv("enterprises", "after.csv", enterprises_csv("AFTER_", 10));
  EXPECT_EQ(rows("enterprises"), expected + 10);
}

// id -> cell_id ("" for null) of every site layer, keyed "layer/id".
std::map<std::string, std::string> site_cells(const std::string& location) {
  gis::Store store = gis::Store::open(location, false);
  std::map<std::string, std::string> cells;
  for (const auto& [layer, id] :
       {std::pair{"enterprises", "enterprise_id"}, std::pair{"outfalls", "outfall_id"},
        std::pair{"flags", "flag_id"}}) {
    OGRLayer& table = gis::store_layer(store, layer);
    for (const auto& feature : table) {
      cells[std::string(layer) + "/" + feature->GetFieldAsString(id)] =
          feature->GetFieldAsString("cell_id");
    }
  }
  return cells;
}

std::string square_wkt(double lon, double lat, double size) {
  auto p = [](double x, double y) { return std::to_string(x) + " " + std::to_string(y); };
  return "\"POLYGON((" + p(lon, lat) + "," + p(lon + size, lat) + "," + p(lon + size, lat + size) +
         "," + p(lon, lat + size) + "," + p(lon, lat) + "))\"";
}

// A 20 x 20 lattice of 0.01-degree cells and sites strewn over it at random
// (fixed seed: the data, not the kills).
// sites: enterprises; a third as many outfalls and a sixth as many flags.
void make_assign_project(CrashConsistencyTest& test, int sites) {
  std::string cells = "cell_id,level,WKT\n";
  for (int row = 0; row < 20; ++row) {
    for (int column = 0; column < 20; ++column) {
      cells += "C" + std::to_string(row) + "_" + std::to_string(column) + ",cell," +
               square_wkt(114 + column * 0.01, 30 + row * 0.01, 0.01) + "\n";
    }
  }
  std::mt19937 random(7);
  std::uniform_real_distribution<double> offset(0.0001, 0.1999);
  std::string enterprises = "enterprise_id,lon,lat\n", outfalls = "outfall_id,lon,lat\n";
  std::string flags = "flag_id,kind,score,status,WKT\n";
  for (int i = 0; i < sites; ++i) {
    enterprises += "E" + std::to_string(i) + "," + std::to_string(114 + offset(random)) + "," +
                   std::to_string(30 + offset(random)) + "\n";
  }
  for (int i = 0; i < sites / 3; ++i) {
    outfalls += "O" + std::to_string(i) + "," + std::to_string(114 + offset(random)) + "," +
                std::to_string(30 + offset(random)) + "\n";
  }
  for (int i = 0; i < sites / 6; ++i) {
    flags += "F" + std::to_string(i) + ",construction,0.5,new," +
             square_wkt(114 + offset(random), 30 + offset(random), 0.0003) + "\n";
  }
  test.import_csv("cells", "cells.csv", cells);
  test.import_csv("enterprises", "enterprises.csv", enterprises);
  test.import_csv("outfalls", "outfalls.csv", outfalls);
  test.import_csv("flags", "flags.csv", flags);
}

// Marks every site's cell_id 'OLD', the state a kill must leave untouched
// unless the assignment committed.
void mark_all_old(const std::string& location) {
  gis::Store store = gis::Store::open(location, true);
  for (const char* layer : {"enterprises", "outfalls", "flags"}) {
    (void)sql_column(gis::store_dataset(store),
                     std::string("UPDATE ") + layer + " SET cell_id = 'OLD'");
  }
}

TEST_P(CrashConsistencyTest, KilledAssignmentsLeaveEveryCellIdOldOrEveryOneNew) {
  const int sites = postgis() ? 1200 : 6000;
  make_assign_project(*this, sites);
  KillSchedule schedule(std::string("grid assign on ") + (postgis() ? "PostGIS" : "GeoPackage"));
  mark_all_old(location());
  const std::vector<std::string> assign{"--progress", "grid",      "assign",
                                        location(),   "--threads", "2"};
  const auto clean = clean_run(assign);
  const auto assigned = site_cells(location());
  ASSERT_EQ(assigned.size(), static_cast<std::size_t>(sites + sites / 3 + sites / 6));
  for (const auto& [site, cell] : assigned) ASSERT_NE(cell, "OLD") << site;

  int all_old = 0, all_new = 0;
  PhaseCounts phases;
  for (int kill = 1; kill <= schedule.kills(); ++kill) {
    mark_all_old(location());
    auto process = start_working(assign);
    const auto moment = schedule.moment(clean);
    sleep_for(moment);
    const int status = process->kill_now();
    ++phases.kills[phase_of(status, process->err())];
    const std::string after = "kill " + std::to_string(kill) + " at " +
                              std::to_string(moment.count()) + " us (" + describe_status(status) +
                              ", seed " + std::to_string(schedule.seed()) + ")";
    const auto now = site_cells(location());
    ASSERT_EQ(now.size(), assigned.size()) << after;
    long long old_count = 0;
    for (const auto& [site, cell] : now) old_count += cell == "OLD";
    if (old_count == 0) {
      ++all_new;
      EXPECT_EQ(now, assigned) << after;
    } else {
      ++all_old;
      EXPECT_EQ(old_count, static_cast<long long>(now.size()))
          << after << ": " << old_count << " of " << now.size() << " cell_ids still old";
      EXPECT_FALSE(WIFEXITED(status)) << after << ": finished but left old cell_ids";
    }
    expect_sound(location(), after);
    if (HasFailure()) break;
  }
  std::cout << "grid assign kills by phase: " << phases.text() << "; " << all_old
            << " left every cell_id old, " << all_new << " found every one new" << std::endl;
  if (schedule.kills() >= 10) EXPECT_GT(phases.kills[Phase::writing], 0) << phases.text();
}

ENVGRID_INSTANTIATE_STORE_BACKENDS(CrashConsistencyTest);

}  // namespace
}  // namespace envgrid::test

// The real NHDPlus networks of ../shared/data/real/hydro (CC0, SOURCE.md
// there). Traces are checked against answers derived independently from the
// NHDPlus value-added attributes with NLDI's navigation rules.

#include <gtest/gtest.h>

#include <algorithm>
#include <deque>
#include <map>
#include <set>

#include "envgrid/gis/gdal_handles.hpp"
#include "envgrid/gis/log.hpp"
#include "envgrid/hydro/navigate.hpp"
#include "envgrid/hydro/reach_io.hpp"
#include "sample_networks.hpp"
#include "test_support.hpp"

namespace {

namespace hydro = envgrid::hydro;
using envgrid::test::downstream_pairs;
using hydro::Network;
using hydro::TraceMode;

std::optional<std::string> real_file(const std::string& relative) {
  auto root = envgrid::test::shared_real_data();
  if (!root) return std::nullopt;
  return (*root / "hydro" / relative).string();
}

#define REAL_FILE_OR_SKIP(var, relative) \
  const auto var = real_file(relative);  \
  if (!var) GTEST_SKIP() << "../shared/data/real is absent: " << relative << " not tested"

Network build(const std::string& path, hydro::ReachSourceOptions source, hydro::Topology topology) {
  hydro::BuildOptions options;
  options.topology = topology;
  const auto records = hydro::read_reaches(path, source).records;
  return hydro::build_network(records, options);
}

hydro::ReachSourceOptions nhdplus_fields(const std::string& id, const std::string& from,
                                         const std::string& to, const std::string& divergence) {
  hydro::ReachSourceOptions o;
  o.id_field = id;
  o.from_node_field = from;
  o.to_node_field = to;
  o.divergence_field = divergence;
  return o;
}

std::set<std::string> trace_ids(const Network& net, const std::string& from,
                                hydro::TraceOptions options) {
  std::set<std::string> ids;
  for (const auto& s : hydro::trace(net, net.find(from).value(), options).steps)
    ids.insert(net.reaches[s.reach].id);
  return ids;
}

TEST(HydroRealData, NewHopeUpstreamFromTheOutletReachesAll746) {
  REAL_FILE_OR_SKIP(path, "hydroloom/new_hope.gpkg");
  const Network net =
      build(*path, nhdplus_fields("COMID", "", "", "Divergence"), hydro::Topology::geometry);
  EXPECT_EQ(net.reaches.size(), 746u);
  EXPECT_EQ(net.report.outlets, std::vector<std::string>{"8897784"});
  EXPECT_TRUE(net.report.loops.empty());
  EXPECT_EQ(net.report.divergences.size(), 83u);  // the 83 main-path flowlines of SOURCE.md
  hydro::TraceOptions ut;
  EXPECT_EQ(trace_ids(net, "8897784", ut).size(), 746u);
}

TEST(HydroRealData, WalkerHasOneOutletAnd26Headwaters) {
  REAL_FILE_OR_SKIP(path, "hydroloom/walker.gpkg");
  const Network net = build(*path, nhdplus_fields("COMID", "", "", ""), hydro::Topology::geometry);
  EXPECT_EQ(net.reaches.size(), 62u);
  EXPECT_EQ(net.report.outlets, std::vector<std::string>{"5329303"});
  EXPECT_EQ(net.report.headwaters.size(), 26u);
  EXPECT_EQ(net.report.part_sizes, std::vector<std::size_t>{62});
}

// Walker is dendritic, so Strahler order and flow distance must match
// NHDPlus's StreamOrde and Pathlength (km to the terminus, which is this outlet).
// The lines are simplified (2-5 vertices), so lengths are taken from LENGTHKM.
TEST(HydroRealData, WalkerStrahlerAndFlowDistanceMatchNhdplus) {
  REAL_FILE_OR_SKIP(path, "hydroloom/walker.gpkg");
  auto source = nhdplus_fields("COMID", "", "", "");
  source.length_field = "LENGTHKM";
  auto records = hydro::read_reaches(*path, source).records;
  for (auto& r : records) *r.length_m *= 1000;
  const Network net = hydro::build_network(records);
  auto dataset = envgrid::gis::open_dataset(*path, GDAL_OF_VECTOR);
  OGRLayer* layer = dataset->GetLayer(0);
  std::size_t checked = 0;
  for (envgrid::gis::FeaturePtr f(layer->GetNextFeature()); f; f.reset(layer->GetNextFeature())) {
    const auto& r = net.reaches.at(net.find(f->GetFieldAsString("COMID")).value());
    EXPECT_EQ(r.strahler, f->GetFieldAsInteger("StreamOrde")) << r.id;
    // Pathlength and LENGTHKM are rounded to 1 m.
    EXPECT_NEAR(r.flow_distance_m / 1000, f->GetFieldAsDouble("Pathlength"), 0.002) << r.id;
    ++checked;
  }
  EXPECT_EQ(checked, 62u);
}

TEST(HydroRealData, GeometryBuiltEqualsNodeBuilt) {
  for (const char* file : {"hydroloom/walker.gpkg", "hydroloom/new_hope.gpkg"}) {
    REAL_FILE_OR_SKIP(path, file);
    const auto fields = nhdplus_fields("COMID", "FromNode", "ToNode", "Divergence");
    const Network by_geometry = build(*path, fields, hydro::Topology::geometry);
    const Network by_nodes = build(*path, fields, hydro::Topology::nodes);
    EXPECT_EQ(by_geometry.reaches.size(), by_nodes.reaches.size()) << file;
    EXPECT_EQ(downstream_pairs(by_geometry), downstream_pairs(by_nodes)) << file;
    EXPECT_TRUE(by_geometry.report.problems.empty()) << file;  // no line runs against its nodes
  }
}

// NLDI's navigation (navigate.xml), written again over the VAA attributes.
class NldiOracle {
 public:
  explicit NldiOracle(const std::string& path) {
    auto dataset = envgrid::gis::open_dataset(path, GDAL_OF_VECTOR);
    OGRLayer* layer = dataset->GetLayer(0);
    for (envgrid::gis::FeaturePtr f(layer->GetNextFeature()); f; f.reset(layer->GetNextFeature())) {
      if (f->GetFieldAsInteger("fcode") == 56600) continue;  // NLDI never navigates onto coastline
      Row r{f->GetFieldAsString("comid"),
            f->GetFieldAsInteger64("hydroseq"),
            f->GetFieldAsInteger64("dnhydroseq"),
            f->GetFieldAsInteger64("dnminorhyd"),
            f->GetFieldAsInteger64("uphydroseq"),
            f->GetFieldAsInteger64("levelpathid"),
            f->GetFieldAsInteger64("terminalpathid"),
            f->GetFieldAsDouble("pathlength"),
            f->GetFieldAsDouble("lengthkm"),
            f->GetFieldAsInteger("startflag") == 1,
            f->GetFieldAsInteger("terminalflag") == 1};
      by_hydroseq_[r.hydroseq] = rows_.size();
      rows_.push_back(r);
    }
    for (std::size_t i = 0; i < rows_.size(); ++i) {
      for (auto dn : {rows_[i].dnhydroseq, rows_[i].dnminorhyd}) {
        if (dn != 0) flowing_into_[dn].push_back(i);
      }
    }
  }

  std::vector<std::string> comids() const {
    std::vector<std::string> out;
    for (const auto& r : rows_) out.push_back(r.comid);
    return out;
  }

  std::set<std::string> navigate(const std::string& comid, TraceMode mode,
                                 std::optional<double> d) const {
    std::size_t start = 0;
    while (rows_[start].comid != comid) ++start;
    const Row& s = rows_[start];
    std::set<std::size_t> found{start};
    std::deque<std::size_t> queue{start};
    auto add = [&](std::size_t x) {
      if (found.insert(x).second) queue.push_back(x);
    };
    while (!queue.empty()) {
      const Row& cur = rows_[queue.front()];
      queue.pop_front();
      for (std::size_t x : next(cur, mode)) {
        const Row& r = rows_[x];
        const bool upstream =
            mode == TraceMode::upstream_tributaries || mode == TraceMode::upstream_main;
        const bool within =
            !d || (upstream ? r.pathlength <= s.pathlength + *d
                            : r.pathlength + r.lengthkm >= s.pathlength + s.lengthkm - *d);
        if (within) add(x);
      }
    }
    std::set<std::string> ids;
    for (std::size_t i : found) ids.insert(rows_[i].comid);
    return ids;
  }

 private:
  struct Row {
    std::string comid;
    std::int64_t hydroseq, dnhydroseq, dnminorhyd, uphydroseq, levelpath, terminalpath;
    double pathlength, lengthkm;
    bool start_flag, terminal_flag;
  };

  std::vector<std::size_t> next(const Row& cur, TraceMode mode) const {
    std::vector<std::size_t> out;
    auto row_of = [&](std::int64_t hs) -> std::optional<std::size_t> {
      auto it = by_hydroseq_.find(hs);
      if (hs == 0 || it == by_hydroseq_.end()) return std::nullopt;
      return it->second;
    };
    switch (mode) {
      case TraceMode::upstream_tributaries:
        if (cur.start_flag) break;
        if (auto it = flowing_into_.find(cur.hydroseq); it != flowing_into_.end()) out = it->second;
        break;
      case TraceMode::upstream_main:
        if (auto x = row_of(cur.uphydroseq); x && rows_[*x].levelpath == cur.levelpath)
          out.push_back(*x);
        break;
      case TraceMode::downstream_main:
        if (auto x = row_of(cur.dnhydroseq); x && rows_[*x].terminalpath == cur.terminalpath)
          out.push_back(*x);
        break;
      case TraceMode::downstream_diversions:
        if (cur.terminal_flag) break;
        for (auto hs : {cur.dnhydroseq, cur.dnminorhyd}) {
          if (auto x = row_of(hs)) out.push_back(*x);
        }
        break;
    }
    return out;
  }

  std::vector<Row> rows_;
  std::map<std::int64_t, std::size_t> by_hydroseq_;
  std::map<std::int64_t, std::vector<std::size_t>> flowing_into_;
};

// Our network from the lines (digitized direction) with NHDPlus lengths,
// divergences and level paths, against NLDI's rules over Hydroseq,
// DnHydroseq, DnMinorHyd, UpHydroseq, LevelPathI and Pathlength.
TEST(HydroRealData, NldiTracesMatchTracesDerivedFromHydroseq) {
  REAL_FILE_OR_SKIP(path, "nldi/nldi_flowline.gpkg");
  auto source = nhdplus_fields("comid", "", "", "divergence");
  source.levelpath_field = "levelpathid";
  source.where = "fcode <> 56600";
  auto read = hydro::read_reaches(*path, source);
  auto dataset = envgrid::gis::open_dataset(*path, GDAL_OF_VECTOR);
  std::map<std::string, double> lengthkm;
  for (envgrid::gis::FeaturePtr f(dataset->GetLayer(0)->GetNextFeature()); f;
       f.reset(dataset->GetLayer(0)->GetNextFeature())) {
    lengthkm[f->GetFieldAsString("comid")] = f->GetFieldAsDouble("lengthkm");
  }
  // NLDI measures with LENGTHKM; use the same lengths so that limits compare alike.
  for (auto& r : read.records) r.length_m = lengthkm.at(r.id) * 1000;
  const Network net = hydro::build_network(read.records);
  const NldiOracle oracle(*path);
  std::size_t compared = 0, differing = 0;
  for (const std::string& comid : oracle.comids()) {
    for (TraceMode mode : {TraceMode::upstream_tributaries, TraceMode::upstream_main,
                           TraceMode::downstream_main, TraceMode::downstream_diversions}) {
      for (std::optional<double> d :
           {std::optional<double>{}, std::optional<double>{10.0}, std::optional<double>{50.0}}) {
        hydro::TraceOptions options;
        options.mode = mode;
        options.max_distance_km = d;
        const auto ours = trace_ids(net, comid, options);
        const auto expected = oracle.navigate(comid, mode, d);
        ++compared;
        if (ours != expected) {
          ++differing;
          if (differing <= 5) {
            ADD_FAILURE() << "from " << comid << " mode " << static_cast<int>(mode) << " d "
                          << d.value_or(-1) << ": " << ours.size() << " reaches, NLDI rules give "
                          << expected.size();
          }
        }
      }
    }
  }
  EXPECT_EQ(differing, 0u) << "of " << compared << " traces";
  EXPECT_GT(compared, 900u * 12);
}

TEST(HydroRealData, LoopCsvEdgeListBuildsReportsAndTerminates) {
  REAL_FILE_OR_SKIP(path, "hydroloom/loop.csv");
  const auto read = hydro::read_reaches(*path, nhdplus_fields("id", "fromnode", "tonode", ""));
  EXPECT_EQ(read.records.size(), 1425u);
  hydro::BuildOptions options;
  options.topology = hydro::Topology::nodes;
  const Network net = hydro::build_network(read.records, options);
  EXPECT_EQ(net.reaches.size(), 1327u);  // 98 multi-toid rows repeat an id
  std::size_t duplicates = 0;
  for (const auto& p : net.report.problems) duplicates += p.what.starts_with("duplicate reach id");
  EXPECT_EQ(duplicates, 98u);
  hydro::TraceOptions ut;
  for (const auto& outlet : net.report.outlets) EXPECT_FALSE(trace_ids(net, outlet, ut).empty());
  hydro::TraceOptions dd;
  dd.mode = TraceMode::downstream_diversions;
  for (const auto& headwater : net.report.headwaters)
    EXPECT_FALSE(trace_ids(net, headwater, dd).empty());
}

// loop2.csv is an id -> toid edge list with real flow loops. A reach is in a
// loop when it can reach itself through toids: checked here directly on the
// rows, reach by reach.
TEST(HydroRealData, Loop2EdgeListLoopsAreReportedAndTracesTerminate) {
  REAL_FILE_OR_SKIP(path, "hydroloom/loop2.csv");
  hydro::ReachSourceOptions source;
  source.id_field = "id";
  source.toid_field = "toid";
  const auto read = hydro::read_reaches(*path, source);
  hydro::BuildOptions options;
  options.topology = hydro::Topology::nodes;
  const Network net = hydro::build_network(read.records, options);
  EXPECT_EQ(net.reaches.size(), 782u);

  std::map<std::string, std::vector<std::string>> toids;
  for (const auto& r : read.records) toids[r.id] = r.to_ids;
  auto reaches_itself = [&](const std::string& id) {
    std::set<std::string> seen;
    std::vector<std::string> stack = toids[id];
    while (!stack.empty()) {
      const std::string cur = stack.back();
      stack.pop_back();
      if (cur == id) return true;
      if (!seen.insert(cur).second || !toids.count(cur)) continue;
      for (const auto& next : toids[cur]) stack.push_back(next);
    }
    return false;
  };
  std::set<std::string> expected, reported;
  for (const auto& [id, unused] : toids) {
    if (reaches_itself(id)) expected.insert(id);
  }
  for (const auto& loop : net.report.loops) reported.insert(loop.begin(), loop.end());
  EXPECT_FALSE(expected.empty());
  EXPECT_EQ(reported, expected);

  hydro::TraceOptions ut, dd;
  dd.mode = TraceMode::downstream_diversions;
  for (const auto& r : net.reaches) {
    EXPECT_FALSE(trace_ids(net, r.id, ut).empty());
    EXPECT_FALSE(trace_ids(net, r.id, dd).empty());
  }
}

}  // namespace

#include "safety_support.hpp"

#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>

#include "envgrid/gis/store.hpp"

namespace envgrid::test {

std::map<std::string, long long> store_row_counts(const std::string& location) {
  GDALAllRegister();
  GDALDatasetUniquePtr store(GDALDataset::Open(location.c_str(), GDAL_OF_VECTOR));
  std::map<std::string, long long> rows;
  if (!store) {
    ADD_FAILURE() << "the store does not open: " << location;
    return rows;
  }
  // GDAL lists a PostGIS table without geometry only when asked by name, and
  // lists other schemas' tables (tests running beside this one): on PostGIS
  // only the store's tables are counted.
  if (location.rfind("PG:", 0) != 0) {
    for (auto* layer : store->GetLayers()) rows[layer->GetName()] = layer->GetFeatureCount(TRUE);
  }
  for (const auto& schema : gis::store_schema()) {
    if (OGRLayer* layer = store->GetLayerByName(schema.name.c_str())) {
      rows[schema.name] = layer->GetFeatureCount(TRUE);
    }
  }
  return rows;
}

void make_one_cell_store(const std::string& location, const TempDir& dir) {
  make_one_cell_project(location, dir,
                        "enterprise_id,risk_class,last_inspected,cell_id,lon,lat\n"
                        "E-ord,ordinary,,C1,114.030,30.030\n"
                        "E-late,key,2026-01-01,C1,114.010,30.030\n"
                        "E-spec,special,2026-08-10,C1,114.030,30.010\n"
                        "E-key,key,,C1,114.010,30.010\n");
}

int occurrences(const std::string& text, const std::string& what) {
  int n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

std::string shell_quote(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

RunResult run_shell(const std::string& script) {
#if defined(__SANITIZE_ADDRESS__)
  const std::string limit;  // AddressSanitizer reserves terabytes of address space
#else
  const std::string limit = "ulimit -v 1000000; ";
#endif
  const std::string command =
      limit + "ENVGRID=" + shell_quote(ENVGRID_BINARY) + "; export ENVGRID; " + script + " 2>&1";
  RunResult result;
  FILE* pipe = ::popen(("/bin/sh -c " + shell_quote(command)).c_str(), "r");
  if (!pipe) {
    ADD_FAILURE() << "cannot start sh";
    return result;
  }
  char buffer[4096];
  for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;)
    result.out.append(buffer, n);
  const int status = ::pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  result.err = result.out;
  return result;
}

}  // namespace envgrid::test

#pragma once
// `envgrid monitor audit`: the series rules over the stored values of bound
// devices, then exceedances of the valid values over `limits` into `alerts`.

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "envgrid/gis/store.hpp"
#include "envgrid/monitor/alert_store.hpp"
#include "envgrid/monitor/alerts.hpp"
#include "envgrid/monitor/series_audit.hpp"

namespace envgrid::monitor {

struct SeriesSummary {
  std::string mn;
  std::string parameter;
  std::string statistic;
  std::string cn;
  std::size_t values = 0;
  std::size_t valid = 0;
  SeriesAudit audit;
};

struct AuditReport {
  std::vector<SeriesSummary> series;
  std::size_t newly_not_valid = 0;
  std::map<std::string, std::size_t> not_valid_reasons;  // every stored value's
  std::size_t values_valid = 0;
  std::size_t episodes = 0;
  AlertSync alerts;
};

AuditReport run_audit(gis::Store& store, const SeriesAuditOptions& series_options = {},
                      const AlertOptions& alert_options = {});

}  // namespace envgrid::monitor

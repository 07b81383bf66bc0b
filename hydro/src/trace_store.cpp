// read_outfalls / read_enterprises / accepted_flag_reaches / write_source_trace.

#include "envgrid/hydro/trace_store.hpp"

#include <chrono>
#include <cstdio>
#include <ctime>

#include "envgrid/gis/crs.hpp"
#include "envgrid/gis/error.hpp"
#include "envgrid/gis/gdal_handles.hpp"
#include "envgrid/gis/log.hpp"
#include "envgrid/gis/store_tables.hpp"
#include "store_points.hpp"

namespace envgrid::hydro {

namespace {

[[noreturn]] void fail(gis::Store& store, const std::string& layer, const std::string& what) {
  gis::throw_output_error(what + ": " + gis::take_last_gdal_error(),
                          {.step = "hydro trace", .dataset = store.location(), .layer = layer});
}

void create(gis::Store& store, OGRLayer& layer, OGRFeature& f, const std::string& what) {
  if (layer.CreateFeature(&f) != OGRERR_NONE) fail(store, layer.GetName(), "cannot write " + what);
}

// [{"section_id": ..., "reach_id": ..., "travel_time_h": ...}, ...]
std::string stop_sections_json(const std::vector<StopSection>& stops) {
  auto quoted = [](const std::string& text) {
    std::string out = "\"";
    for (char c : text) out += c == '"' || c == '\\' ? std::string("\\") + c : std::string(1, c);
    return out + "\"";
  };
  std::string json = "[";
  for (const auto& stop : stops) {
    char hours[32];
    std::snprintf(hours, sizeof hours, "%.3f", stop.travel_time_h);
    json += (json.size() > 1 ? ", " : "") + std::string("{\"section_id\": ") +
            quoted(stop.section_id) + ", \"reach_id\": " + quoted(stop.reach_id) +
            ", \"travel_time_h\": " + hours + "}";
  }
  return json + "]";
}

}  // namespace

std::vector<OutfallInfo> read_outfalls(gis::Store& store) {
  const gis::CoordinateTransformer to_wgs84(store.crs(), gis::Crs::wgs84(),
                                            gis::DomainCheck::proj_only);
  std::vector<OutfallInfo> outfalls;
  OGRLayer& layer = gis::store_layer(store, "outfalls");
  layer.ResetReading();
  for (auto& f : layer) {
    OutfallInfo o;
    o.outfall_id = f->GetFieldAsString("outfall_id");
    o.enterprise_id = f->GetFieldAsString("enterprise_id");
    if (const int k = f->GetFieldIndex("registered"); f->IsFieldSetAndNotNull(k))
      o.registered = f->GetFieldAsInteger(k) != 0;
    o.reach_id = f->GetFieldAsString("reach_id");
    o.measure = f->GetFieldAsDouble("measure");
    o.point = detail::feature_point(*f, to_wgs84).value_or(LonLat{});
    outfalls.push_back(std::move(o));
  }
  return outfalls;
}

std::map<std::string, EnterpriseInfo> read_enterprises(gis::Store& store) {
  std::map<std::string, EnterpriseInfo> enterprises;
  OGRLayer& layer = gis::store_layer(store, "enterprises");
  layer.ResetReading();
  for (auto& f : layer) {
    EnterpriseInfo e{f->GetFieldAsString("enterprise_id"), f->GetFieldAsString("name"),
                     f->GetFieldAsString("industry"), f->GetFieldAsString("risk_class")};
    enterprises.emplace(e.enterprise_id, std::move(e));
  }
  return enterprises;
}

std::set<std::string> accepted_flag_reaches(gis::Store& store, const Network& net,
                                            const std::function<const Snapper&()>& snapper) {
  const gis::CoordinateTransformer to_wgs84(store.crs(), gis::Crs::wgs84(),
                                            gis::DomainCheck::proj_only);
  std::set<std::string> reaches;
  OGRLayer& layer = gis::store_layer(store, "flags");
  layer.ResetReading();
  for (auto& f : layer) {
    if (std::string(f->GetFieldAsString("status")) != "accepted") continue;
    if (auto p = detail::feature_point(*f, to_wgs84)) {
      if (auto snapped = snapper().snap(*p).nearest) reaches.insert(net.reaches[snapped->reach].id);
    }
  }
  return reaches;
}

StoredTrace write_source_trace(gis::Store& store, const Network& net, const SourceTraceInput& input,
                               const std::string& at, const SourceTraceResult& result) {
  OGRLayer& traces = gis::store_layer(store, "traces");
  OGRLayer& suspects = gis::store_layer(store, "suspects");
  const gis::CoordinateTransformer to_store(gis::Crs::wgs84(), store.crs(),
                                            gis::DomainCheck::proj_only);
  StoredTrace stored{"T" + std::to_string(traces.GetFeatureCount() + 1), gis::utc_now_iso8601()};
  store.transaction([&] {
    gis::FeaturePtr t(OGRFeature::CreateFeature(traces.GetLayerDefn()));
    t->SetField("trace_id", stored.trace_id.c_str());
    t->SetField("created_at", stored.created_at.c_str());
    t->SetField("mode", "to_compliant");
    t->SetField("start_reach", input.section.reach_id.c_str());
    t->SetField("section_id", input.section.section_id.c_str());
    t->SetField("parameter", input.parameter->name.c_str());
    t->SetField("at", at.c_str());
    t->SetField("reach_count", static_cast<int>(result.trace.steps.size()));
    t->SetField("stop_sections", stop_sections_json(result.stops).c_str());
    auto lines = std::make_unique<OGRMultiLineString>();
    for (const auto& step : result.trace.steps) {
      OGRLineString line;
      for (const auto& p : net.reaches[step.reach].line) line.addPoint(p.lon, p.lat);
      if (line.getNumPoints() >= 2) lines->addGeometry(&line);
    }
    if (!to_store.transform(*lines)) fail(store, "traces", "cannot transform the traced reaches");
    t->SetGeometryDirectly(lines.release());
    create(store, traces, *t, "trace " + stored.trace_id);
    int rank = 0;
    for (const Suspect& s : result.suspects) {
      gis::FeaturePtr f(OGRFeature::CreateFeature(suspects.GetLayerDefn()));
      f->SetField("trace_id", stored.trace_id.c_str());
      f->SetField("rank", ++rank);
      f->SetField("kind", s.kind.c_str());
      f->SetField("object_id", s.object_id.c_str());
      f->SetField("score", s.score);
      f->SetField("terms", terms_json(s).c_str());
      f->SetField("flow_distance_m", s.flow_distance_m);
      f->SetField("travel_time_h", s.travel_time_h);
      auto point = std::make_unique<OGRPoint>(s.point.lon, s.point.lat);
      if (to_store.transform(*point)) f->SetGeometryDirectly(point.release());
      create(store, suspects, *f, "suspect " + s.object_id);
    }
  });
  return stored;
}

}  // namespace envgrid::hydro

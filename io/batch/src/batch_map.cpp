#include "equiroute/batch/batch_map.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>
#include <thread>

#include "equiroute/core/error.hpp"
#include "equiroute/geodata/feature_set.hpp"
#include "equiroute/geodata/geometry_ops.hpp"
#include "equiroute/geodata/polygon_rings.hpp"
#include "equiroute/render/choropleth_map.hpp"

namespace equiroute::io {

namespace fs = std::filesystem;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr const char* kMapPrefix = "summary_map_";

/// Runs body(i) for i in [0, n) on up to hardware-concurrency threads. `body` must not throw.
template <class F>
void parallel_for(std::size_t n, F body) {
  const std::size_t workers =
      std::min<std::size_t>(n, std::max(1u, std::thread::hardware_concurrency()));
  if (workers <= 1) {
    for (std::size_t i = 0; i < n; ++i) body(i);
    return;
  }
  std::atomic<std::size_t> next{0};
  std::vector<std::thread> threads;
  for (std::size_t w = 0; w < workers; ++w) {
    threads.emplace_back([&] {
      for (std::size_t i = next++; i < n; i = next++) body(i);
    });
  }
  for (auto& t : threads) t.join();
}

/// Planar area of a lon/lat ring with longitudes scaled by cos(latitude): only to compare
/// rings of one outline with each other.
double ring_area(const LonLatRing& ring) {
  if (ring.size() < 3) return 0.0;
  const double k = std::cos(ring.front().lat * M_PI / 180.0);
  double twice = 0.0;
  for (std::size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
    twice += (ring[j].lon * k) * ring[i].lat - (ring[i].lon * k) * ring[j].lat;
  }
  return std::abs(twice) / 2.0;
}

/// The union of all features of `layer` as plain rings. Holes smaller than 0.5 % of their
/// polygon are dropped: they are slivers between neighbouring units whose borders do not
/// quite match (generalised boundary data), not parts of the study area's outline.
std::vector<std::vector<LonLatRing>> dissolved_outline(const fs::path& layer) {
  geodata::ReadOptions options;
  options.path = layer.string();
  options.require_unique_ids = false;
  const geodata::FeatureSet features = geodata::read_features(options);
  if (features.size() == 0) throw Error("the boundary layer is empty", {.file = layer.string()});
  const geodata::FeatureSet one =
      geodata::dissolve(features, [](std::size_t) { return std::string("all"); });
  auto parts = std::move(geodata::polygon_rings(one).at(0));
  for (auto& polygon : parts) {
    if (polygon.empty()) continue;
    const double outer = ring_area(polygon.front());
    polygon.erase(
        std::remove_if(polygon.begin() + 1, polygon.end(),
                       [&](const LonLatRing& hole) { return ring_area(hole) < 0.005 * outer; }),
        polygon.end());
  }
  if (parts.empty()) throw Error("the boundary layer has no polygons", {.file = layer.string()});
  return parts;
}

/// Resources of a run that have a Gini by area, in the run's order.
std::vector<std::string> area_resources(const RunSummary& summary) {
  std::vector<std::string> out;
  for (const auto& e : summary.equity) {
    if (e.basis == engine::EquityBasis::Area && std::isfinite(e.gini)) out.push_back(e.resource);
  }
  return out;
}

double area_gini(const RunSummary& summary, const std::string& resource) {
  for (const auto& e : summary.equity) {
    if (e.basis == engine::EquityBasis::Area && e.resource == resource) return e.gini;
  }
  return kNaN;
}

std::string join(const std::vector<std::string>& items, const std::string& sep = ", ") {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : sep) + item;
  return out;
}

/// "hunan, hubei" grouped by a per-run text: "population (hunan); area (hubei, jiangxi)".
std::string grouped(const std::vector<std::string>& names, const std::vector<std::string>& what) {
  std::vector<std::string> keys;
  std::vector<std::vector<std::string>> members;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (what[i].empty()) continue;
    auto it = std::find(keys.begin(), keys.end(), what[i]);
    if (it == keys.end()) {
      keys.push_back(what[i]);
      members.push_back({names[i]});
    } else {
      members[static_cast<std::size_t>(it - keys.begin())].push_back(names[i]);
    }
  }
  std::vector<std::string> parts;
  for (std::size_t k = 0; k < keys.size(); ++k) {
    parts.push_back(keys.size() == 1 ? keys[k] : keys[k] + " (" + join(members[k]) + ")");
  }
  return join(parts, "; ");
}

/// A run on the maps.
struct DrawnRun {
  std::string name;
  std::string label;
  fs::path layer;
  RunSummary summary;
  std::vector<std::vector<LonLatRing>> outline;
  std::string error;  ///< reading or dissolving the layer failed
};

/// One mapped headline indicator, a value per drawn run.
struct Indicator {
  std::string key, title, legend, note;
  ColorRamp ramp;
  int decimals;  ///< of the value printed after the run's label
  std::vector<double> values;
};

/// The completed runs with a boundary layer; the others are named in `left_out`.
std::vector<DrawnRun> runs_to_draw(const BatchManifest& manifest, const BatchResult& result,
                                   const fs::path& dir, std::vector<std::string>& left_out) {
  std::vector<DrawnRun> runs;
  for (const BatchRunRecord& record : result.runs) {
    if (!record.summary ||
        (record.status != BatchRunStatus::Ok && record.status != BatchRunStatus::Skipped)) {
      left_out.push_back(record.name + ": " + to_string(record.status));
      continue;
    }
    const fs::path layer = run_boundary_layer(dir / record.name);
    if (layer.empty()) {
      left_out.push_back(record.name + ": no boundary layer");
      continue;
    }
    const auto spec = std::find_if(manifest.runs.begin(), manifest.runs.end(),
                                   [&](const BatchRun& r) { return r.name == record.name; });
    DrawnRun run;
    run.name = record.name;
    run.label = spec != manifest.runs.end() && !spec->label.empty() ? spec->label : record.name;
    run.layer = layer;
    run.summary = *record.summary;
    runs.push_back(std::move(run));
  }
  return runs;
}

/// Dissolves every run's layer (in parallel: GEOS contexts are per thread); runs whose
/// layer cannot be read are dropped with a warning and named in `left_out`.
void dissolve_outlines(std::vector<DrawnRun>& runs, std::vector<std::string>& left_out) {
  parallel_for(runs.size(), [&](std::size_t i) {
    try {
      runs[i].outline = dissolved_outline(runs[i].layer);
    } catch (const std::exception& e) {
      runs[i].error = e.what();
    }
  });
  for (auto it = runs.begin(); it != runs.end();) {
    if (it->error.empty()) {
      ++it;
      continue;
    }
    spdlog::warn("summary map: run '{}' left out: {}", it->name, it->error);
    left_out.push_back(it->name + ": boundary layer unreadable (" + it->error + ")");
    it = runs.erase(it);
  }
}

/// Every earlier summary map goes; the ones drawn now are written again.
void remove_earlier_maps(const fs::path& dir) {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const std::string file = entry.path().filename().string();
    if (file.rfind(kMapPrefix, 0) == 0) fs::remove(entry.path(), ec);
  }
}

/// The resource of each run's Gini map: the first every run has, else each run's first.
std::vector<std::string> gini_resources(const std::vector<DrawnRun>& runs) {
  std::string common;
  for (const auto& candidate : area_resources(runs.front().summary)) {
    const bool everywhere = std::all_of(runs.begin(), runs.end(), [&](const DrawnRun& run) {
      const auto theirs = area_resources(run.summary);
      return std::count(theirs.begin(), theirs.end(), candidate) > 0;
    });
    if (everywhere) {
      common = candidate;
      break;
    }
  }
  std::vector<std::string> resource;
  for (const auto& run : runs) {
    const auto theirs = area_resources(run.summary);
    resource.push_back(!common.empty() ? common : (theirs.empty() ? "" : theirs.front()));
  }
  return resource;
}

Indicator travel_indicator(const std::vector<DrawnRun>& runs,
                           const std::vector<std::string>& names) {
  Indicator travel{"mean_nearest_min",
                   "Mean travel time to the nearest facility",
                   "Minutes (weighted mean of each run)",
                   "",
                   ColorRamp::YlOrRd,
                   1,
                   {}};
  std::vector<std::string> weights, straight;
  for (const auto& run : runs) {
    const auto& t = run.summary.travel;
    travel.values.push_back(t ? t->mean_nearest_min : kNaN);
    weights.push_back(t ? t->weight : "");
    if (t && t->approximate) straight.push_back(run.name);
  }
  travel.note = "Mean travel time weighted by " + grouped(names, weights) + ".";
  if (straight.size() == runs.size()) {
    travel.note += " Travel times are straight-line approximations.";
  } else if (!straight.empty()) {
    travel.note += " Travel times are straight-line approximations for " + join(straight) + ".";
  }
  return travel;
}

Indicator gini_indicator(const std::vector<DrawnRun>& runs, const std::vector<std::string>& names) {
  const std::vector<std::string> resource = gini_resources(runs);
  Indicator gini{
      "gini_area", "Gini coefficient by area", "Gini (area basis)", "", ColorRamp::Purples, 3, {}};
  for (std::size_t i = 0; i < runs.size(); ++i)
    gini.values.push_back(resource[i].empty() ? kNaN : area_gini(runs[i].summary, resource[i]));
  const std::string resources = grouped(names, resource);
  if (!resources.empty())
    gini.title += " of " + (resources.find(';') == std::string::npos ? resources
                                                                     : "each run's first resource");
  gini.note =
      "Gini by area of " + resources + " across each run's units (0 = equal density everywhere).";
  return gini;
}

/// Draws one indicator's map; returns an error message, or "" when drawn.
std::string draw_indicator(const Indicator& ind, const std::vector<DrawnRun>& runs,
                           const ChoroplethSpec& base, const FigureOutputs& out) {
  std::vector<MapRegion> regions(runs.size());
  for (std::size_t i = 0; i < runs.size(); ++i) {
    regions[i].id = runs[i].name;
    regions[i].label = runs[i].label;
    if (std::isfinite(ind.values[i]))
      regions[i].label += " " + fmt::format("{:.{}f}", ind.values[i], ind.decimals);
    regions[i].parts = runs[i].outline;
    regions[i].value = ind.values[i];
  }
  ChoroplethSpec spec = base;
  spec.title = base.title.empty() ? ind.title : base.title + ": " + ind.title;
  spec.legend_title = ind.legend;
  spec.ramp = ind.ramp;
  spec.source_note = base.source_note + " " + ind.note;
  try {
    render_choropleth(regions, {}, spec, out);
    return {};
  } catch (const std::exception& e) {
    return e.what();
  }
}

}  // namespace

fs::path run_boundary_layer(const fs::path& run_dir) {
  const fs::path layers = run_dir / "layers";
  for (const char* stem : {"groups", "regions"}) {
    for (const char* ext : {".gpkg", ".geojson"}) {
      const fs::path candidate = layers / (std::string(stem) + ext);
      if (fs::is_regular_file(candidate)) return candidate;
    }
    const fs::path shp = layers / stem / (std::string(stem) + ".shp");
    if (fs::is_regular_file(shp)) return shp;
  }
  return {};
}

BatchMaps write_batch_maps(const BatchManifest& manifest, const BatchResult& result,
                           const fs::path& dir) {
  BatchMaps maps;
  std::vector<DrawnRun> runs = runs_to_draw(manifest, result, dir, maps.left_out);
  dissolve_outlines(runs, maps.left_out);
  remove_earlier_maps(dir);
  if (runs.empty()) return maps;

  std::vector<std::string> names;
  for (const auto& run : runs) names.push_back(run.name);
  std::vector<Indicator> indicators{travel_indicator(runs, names), gini_indicator(runs, names)};
  indicators.erase(std::remove_if(indicators.begin(), indicators.end(),
                                  [](const Indicator& ind) {
                                    return std::none_of(ind.values.begin(), ind.values.end(),
                                                        [](double v) { return std::isfinite(v); });
                                  }),
                   indicators.end());

  const std::string source = manifest.file.filename().string();
  ChoroplethSpec base;
  base.title = manifest.title;
  base.subtitle = fmt::format("{} of {} runs of {}; each run's regions dissolved into one outline",
                              runs.size(), result.runs.size(), source);
  base.method = ClassMethod::Jenks;
  base.classes = 5;
  base.label_font_pt = 11.0;
  base.source_note = "equiroute batch — " + source + ".";
  if (!maps.left_out.empty())
    base.source_note += " Not on the map: " + join(maps.left_out, "; ") + ".";
  std::vector<fs::path> inputs;
  for (const auto& record : result.runs) inputs.push_back(record.scenario);

  std::vector<std::string> errors(indicators.size());
  std::vector<FigureOutputs> outputs(indicators.size());
  parallel_for(indicators.size(), [&](std::size_t k) {
    outputs[k].png = dir / (kMapPrefix + indicators[k].key + ".png");
    outputs[k].pdf = dir / (kMapPrefix + indicators[k].key + ".pdf");
    outputs[k].inputs = inputs;
    errors[k] = draw_indicator(indicators[k], runs, base, outputs[k]);
  });
  for (std::size_t k = 0; k < indicators.size(); ++k) {
    if (!errors[k].empty()) {
      spdlog::warn("summary map '{}' not drawn: {}", indicators[k].key, errors[k]);
      continue;
    }
    const std::string title =
        manifest.title.empty() ? indicators[k].title : manifest.title + ": " + indicators[k].title;
    maps.figures.push_back({indicators[k].key, title, outputs[k].png, outputs[k].pdf, names});
  }
  return maps;
}

}  // namespace equiroute::io

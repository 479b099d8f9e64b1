#include "equiroute/io/batch_map.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "equiroute/core/error.hpp"
#include "equiroute/geodata/feature_set.hpp"
#include "equiroute/geodata/geometry_ops.hpp"
#include "equiroute/geodata/polygon_rings.hpp"
#include "equiroute/io/choropleth_map.hpp"

namespace equiroute::io {

namespace fs = std::filesystem;
using nlohmann::ordered_json;

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

/// A run's summary.json with its key order (the run's order of resources), or null.
ordered_json read_ordered_summary(const fs::path& run_dir) {
  std::ifstream in(run_dir / "summary.json", std::ios::binary);
  if (!in) return nullptr;
  std::stringstream ss;
  ss << in.rdbuf();
  ordered_json j = ordered_json::parse(ss.str(), nullptr, false);
  return j.is_discarded() ? ordered_json() : j;
}

double number_at(const ordered_json& j, const std::vector<std::string>& keys) {
  const ordered_json* node = &j;
  for (const auto& key : keys) {
    if (!node->is_object() || !node->contains(key)) return kNaN;
    node = &(*node)[key];
  }
  return node->is_number() ? node->get<double>() : kNaN;
}

std::string string_at(const ordered_json& j, const std::vector<std::string>& keys) {
  const ordered_json* node = &j;
  for (const auto& key : keys) {
    if (!node->is_object() || !node->contains(key)) return {};
    node = &(*node)[key];
  }
  if (node->is_string()) return node->get<std::string>();
  if (node->is_boolean()) return node->get<bool>() ? "true" : "false";
  return {};
}

/// Resources of a run that have a Gini by area, in the run's order.
std::vector<std::string> area_resources(const ordered_json& summary) {
  std::vector<std::string> out;
  if (!summary.is_object() || !summary.contains("equity") || !summary["equity"].is_object())
    return out;
  for (const auto& [resource, bases] : summary["equity"].items()) {
    if (std::isfinite(number_at(bases, {"area", "gini"}))) out.push_back(resource);
  }
  return out;
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
  ordered_json summary;
  std::vector<std::vector<LonLatRing>> outline;
  std::string error;  ///< reading or dissolving the layer failed
};

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
  std::vector<DrawnRun> runs;
  for (std::size_t i = 0; i < result.runs.size(); ++i) {
    const BatchRunRecord& record = result.runs[i];
    if (record.status != BatchRunStatus::Ok && record.status != BatchRunStatus::Skipped) {
      maps.left_out.push_back(record.name + ": " + to_string(record.status));
      continue;
    }
    const fs::path layer = run_boundary_layer(dir / record.name);
    if (layer.empty()) {
      maps.left_out.push_back(record.name + ": no boundary layer");
      continue;
    }
    DrawnRun run;
    run.name = record.name;
    const BatchRun* spec = nullptr;
    for (const auto& r : manifest.runs) {
      if (r.name == record.name) spec = &r;
    }
    run.label = spec && !spec->label.empty() ? spec->label : record.name;
    run.layer = layer;
    run.summary = read_ordered_summary(dir / record.name);
    runs.push_back(std::move(run));
  }
  // The unions are independent: one per thread (GEOS contexts are per thread).
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
    maps.left_out.push_back(it->name + ": boundary layer unreadable (" + it->error + ")");
    it = runs.erase(it);
  }

  // Every earlier summary map goes; the ones drawn now are written again.
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const std::string file = entry.path().filename().string();
    if (file.rfind(kMapPrefix, 0) == 0) fs::remove(entry.path(), ec);
  }
  if (runs.empty()) return maps;

  std::vector<std::string> names;
  for (const auto& run : runs) names.push_back(run.name);

  // The resource of the Gini map: the first every run has, else each run's first.
  std::vector<std::string> resource(runs.size());
  {
    const auto first = area_resources(runs.front().summary);
    std::string common;
    for (const auto& candidate : first) {
      bool everywhere = true;
      for (const auto& run : runs) {
        const auto theirs = area_resources(run.summary);
        everywhere = everywhere && std::count(theirs.begin(), theirs.end(), candidate) > 0;
      }
      if (everywhere) {
        common = candidate;
        break;
      }
    }
    for (std::size_t i = 0; i < runs.size(); ++i) {
      const auto theirs = area_resources(runs[i].summary);
      resource[i] = !common.empty() ? common : (theirs.empty() ? "" : theirs.front());
    }
  }

  std::vector<std::string> weights, approximate;
  for (const auto& run : runs) {
    weights.push_back(string_at(run.summary, {"travel", "weight"}));
    approximate.push_back(string_at(run.summary, {"travel", "approximate"}) == "true" ? "yes" : "");
  }

  struct Indicator {
    std::string key, title, legend, note;
    ColorRamp ramp;
    int decimals;  ///< of the value printed after the run's label
    std::vector<double> values;
  };
  std::vector<Indicator> indicators;
  {
    Indicator travel{"mean_nearest_min",
                     "Mean travel time to the nearest facility",
                     "Minutes (weighted mean of each run)",
                     "",
                     ColorRamp::YlOrRd,
                     1,
                     {}};
    for (const auto& run : runs)
      travel.values.push_back(number_at(run.summary, {"travel", "mean_nearest_min"}));
    travel.note = "Mean travel time weighted by " + grouped(names, weights) + ".";
    std::vector<std::string> straight;
    for (std::size_t i = 0; i < runs.size(); ++i) {
      if (!approximate[i].empty()) straight.push_back(names[i]);
    }
    if (straight.size() == runs.size()) {
      travel.note += " Travel times are straight-line approximations.";
    } else if (!straight.empty()) {
      travel.note += " Travel times are straight-line approximations for " + join(straight) + ".";
    }
    indicators.push_back(std::move(travel));

    Indicator gini{"gini_area", "Gini coefficient by area", "Gini (area basis)",
                   "",          ColorRamp::Purples,         3,
                   {}};
    for (std::size_t i = 0; i < runs.size(); ++i) {
      gini.values.push_back(resource[i].empty() ? kNaN
                                                : number_at(runs[i].summary, {"equity", resource[i],
                                                                              "area", "gini"}));
    }
    const std::string resources = grouped(names, resource);
    if (!resources.empty())
      gini.title +=
          " of " +
          (resources.find(';') == std::string::npos ? resources : "each run's first resource");
    gini.note =
        "Gini by area of " + resources + " across each run's units (0 = equal density everywhere).";
    indicators.push_back(std::move(gini));
  }
  indicators.erase(std::remove_if(indicators.begin(), indicators.end(),
                                  [](const Indicator& ind) {
                                    return std::none_of(ind.values.begin(), ind.values.end(),
                                                        [](double v) { return std::isfinite(v); });
                                  }),
                   indicators.end());

  const std::string source = manifest.file.filename().string();
  std::string subtitle =
      fmt::format("{} of {} runs of {}; each run's regions dissolved into one outline", runs.size(),
                  result.runs.size(), source);
  std::vector<fs::path> inputs;
  for (const auto& record : result.runs) inputs.push_back(record.scenario);

  std::vector<BatchMapFigure> figures(indicators.size());
  std::vector<std::string> errors(indicators.size());
  parallel_for(indicators.size(), [&](std::size_t k) {
    const Indicator& ind = indicators[k];
    std::vector<MapRegion> regions(runs.size());
    for (std::size_t i = 0; i < runs.size(); ++i) {
      regions[i].id = runs[i].name;
      regions[i].label = runs[i].label;
      if (std::isfinite(ind.values[i]))
        regions[i].label += " " + fmt::format("{:.{}f}", ind.values[i], ind.decimals);
      regions[i].parts = runs[i].outline;
      regions[i].value = ind.values[i];
    }
    ChoroplethSpec spec;
    spec.title = manifest.title.empty() ? ind.title : manifest.title + ": " + ind.title;
    spec.subtitle = subtitle;
    spec.legend_title = ind.legend;
    spec.ramp = ind.ramp;
    spec.method = ClassMethod::Jenks;
    spec.classes = 5;
    spec.label_font_pt = 11.0;
    spec.source_note = "equiroute batch — " + source + ". " + ind.note;
    if (!maps.left_out.empty())
      spec.source_note += " Not on the map: " + join(maps.left_out, "; ") + ".";
    FigureOutputs out;
    out.png = dir / (kMapPrefix + ind.key + ".png");
    out.pdf = dir / (kMapPrefix + ind.key + ".pdf");
    out.inputs = inputs;
    try {
      render_choropleth(regions, {}, spec, out);
      figures[k] = {ind.key, spec.title, out.png, out.pdf, names};
    } catch (const std::exception& e) {
      errors[k] = e.what();
    }
  });
  for (std::size_t k = 0; k < figures.size(); ++k) {
    if (!errors[k].empty()) {
      spdlog::warn("summary map '{}' not drawn: {}", indicators[k].key, errors[k]);
      continue;
    }
    maps.figures.push_back(std::move(figures[k]));
  }
  return maps;
}

}  // namespace equiroute::io

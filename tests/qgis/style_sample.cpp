// Test helper for tests/qgis/test_style.py, and the prototype of the io wiring of QGIS
// styles: draws the printed choropleth map of one indicator of a region layer (io's
// render_choropleth, SVG), turns what it drew (breaks, colours, legend rows) into a
// geodata::LayerStyle, writes the layer as GeoPackage, GeoJSON and Shapefile with that style,
// and prints the classes as JSON for the test to compare with what QGIS loads.
//
//   equiroute_style_sample REGIONS ID_FIELD FIELD OUT_DIR [--blank N] [--method M]
//                          [--classes K] [--ramp R]
// --blank N sets the first N values to no data (to exercise the "no data" class);
// --classes-only 1 prints the classes without writing the layers (web/build_sample.py);
// --web-geojson PATH also writes the regions (id, name) simplified for a web page, with
// geodata::web_geojson as the report writer will.

#include <fmt/format.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "equiroute/core/error.hpp"
#include "equiroute/geodata/atomic_output.hpp"
#include "equiroute/geodata/feature_builder.hpp"
#include "equiroute/geodata/feature_set.hpp"
#include "equiroute/geodata/layer_writer.hpp"
#include "equiroute/geodata/polygon_rings.hpp"
#include "equiroute/geodata/qgis_style.hpp"
#include "equiroute/geodata/web_geojson.hpp"
#include "equiroute/render/choropleth_map.hpp"

namespace fs = std::filesystem;
using namespace equiroute;

namespace {

struct Args {
  std::string regions, id_field, field, out;
  std::size_t blank = 0;
  bool classes_only = false;
  std::string web_geojson;
  io::ChoroplethSpec spec;
};

Args parse(int argc, char** argv) {
  if (argc < 5) throw Error("usage: REGIONS ID_FIELD FIELD OUT_DIR [--blank N] [options]");
  Args a{argv[1], argv[2], argv[3], argv[4], 0, false, {}, {}};
  a.spec.title = a.field;
  a.spec.legend_title = a.field;
  for (int i = 5; i + 1 < argc; i += 2) {
    const std::string key = argv[i], value = argv[i + 1];
    if (key == "--blank") a.blank = std::stoul(value);
    if (key == "--classes-only") a.classes_only = value == "1";
    if (key == "--web-geojson") a.web_geojson = value;
    if (key == "--method") a.spec.method = io::parse_class_method(value);
    if (key == "--classes") a.spec.classes = std::stoi(value);
    if (key == "--ramp") a.spec.ramp = io::parse_color_ramp(value);
  }
  return a;
}

std::vector<double> indicator(const geodata::FeatureSet& regions, const Args& a) {
  std::vector<double> values;
  for (std::size_t i = 0; i < regions.size(); ++i) {
    const bool null = regions.text(i, a.field).empty();
    values.push_back(i < a.blank || null ? std::numeric_limits<double>::quiet_NaN()
                                         : regions.number(i, a.field));
  }
  return values;
}

std::vector<io::MapRegion> map_regions(const geodata::FeatureSet& regions,
                                       const std::vector<double>& values) {
  auto rings = geodata::polygon_rings(regions);
  std::vector<io::MapRegion> out(regions.size());
  for (std::size_t i = 0; i < regions.size(); ++i) {
    out[i].id = regions.ids[i];
    out[i].parts = std::move(rings[i]);
    out[i].value = values[i];
  }
  return out;
}

/// What io should call after render_choropleth: the printed map's classes as a QGIS style.
/// Legend rows are the printed ones without the per-class counts (those belong to one
/// map, not to the layer).
geodata::LayerStyle choropleth_layer_style(const io::ChoroplethResult& map,
                                           const std::string& field, const std::string& title) {
  std::vector<geodata::StyleColor> colors;
  for (const auto& c : map.colors) colors.push_back({c.r, c.g, c.b});
  std::vector<std::string> labels;
  for (std::size_t c = 0; c < map.breaks.classes(); ++c) {
    const std::string& row = map.legend_rows[c];
    labels.push_back(row.substr(0, row.find("  (")));
  }
  auto style =
      geodata::graduated_style(field, field, map.breaks.min, map.breaks.upper, colors, labels);
  style.description = title;
  if (map.no_data_count > 0) {
    const std::string& row = map.legend_rows.back();
    style.no_data_label = row.substr(0, row.find("  ("));
  }
  return style;
}

nlohmann::json describe(const geodata::LayerStyle& style, const io::ChoroplethResult& map) {
  nlohmann::json j;
  j["field"] = style.field;
  j["renderer"] = style.no_data_label ? "RuleRenderer" : "graduatedSymbol";
  j["no_data_label"] = style.no_data_label ? nlohmann::json(*style.no_data_label) : nullptr;
  j["no_data_count"] = map.no_data_count;
  for (const auto& c : style.classes) {
    auto byte = [](double unit) { return static_cast<int>(std::lround(unit * 255.0)); };
    j["classes"].push_back({{"lower", c.lower},
                            {"upper", c.upper},
                            {"color", geodata::qgis_color(c.color)},
                            {"hex", fmt::format("#{:02x}{:02x}{:02x}", byte(c.color.r),
                                                byte(c.color.g), byte(c.color.b))},
                            {"label", c.label}});
  }
  return j;
}

void run(const Args& a) {
  auto regions = geodata::read_features({.path = a.regions, .id_field = a.id_field});
  const auto values = indicator(regions, a);
  fs::create_directories(fs::path(a.out) / "shp");
  io::FigureOutputs figure;
  figure.svg = fs::path(a.out) / "map.svg";
  const auto map = io::render_choropleth(map_regions(regions, values), {}, a.spec, figure);
  auto style = choropleth_layer_style(map, a.field, a.spec.title);
  if (!a.web_geojson.empty()) {
    geodata::write_text_atomic(a.web_geojson, geodata::web_geojson(regions, {"name"}));
  }
  if (a.classes_only) {
    std::printf("%s\n", describe(style, map).dump(2).c_str());
    return;
  }

  auto layer = geodata::copy_features(regions, {a.id_field});
  geodata::set_column(layer, a.field, values);
  geodata::WriteOptions options{.layer_name = "regions", .styles = {style}};
  for (const char* file : {"regions.gpkg", "regions.geojson", "shp/regions.shp"}) {
    geodata::write_layer(layer, fs::path(a.out) / file, options);
  }
  std::printf("%s\n", describe(style, map).dump(2).c_str());
}

}  // namespace

int main(int argc, char** argv) {
  // stdout carries the JSON: log lines go to stderr.
  spdlog::set_default_logger(spdlog::stderr_color_mt("style_sample"));
  try {
    run(parse(argc, argv));
    io::release_figure_caches();
    return 0;
  } catch (const Error& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return e.exit_code();
  }
}

// The maps and charts of a run: density choropleths and Lorenz curves of the resources,
// travel time and accessibility choropleths of the regions.

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "equiroute/geodata/polygon_rings.hpp"
#include "equiroute/pipeline/map_regions.hpp"
#include "equiroute/pipeline/run_outputs.hpp"
#include "equiroute/render/choropleth_map.hpp"
#include "equiroute/render/lorenz_chart.hpp"

namespace equiroute::io {

namespace fs = std::filesystem;

/// What every map of a run shares: where figures go, the base map style and the facility
/// symbols.
struct MapContext {
  fs::path dir;
  std::vector<FigureFormat> formats;
  std::vector<fs::path> inputs;
  ChoroplethSpec base;
  std::vector<MapFacility> symbols;

  FigureOutputs outputs(const std::string& name) const {
    FigureOutputs out;
    out.inputs = inputs;
    for (const FigureFormat f : formats) {
      const fs::path path = dir / (name + "." + to_string(f));
      if (f == FigureFormat::Png) out.png = path;
      if (f == FigureFormat::Pdf) out.pdf = path;
      if (f == FigureFormat::Svg) out.svg = path;
    }
    return out;
  }
  /// The file a report shows: the PNG, else the SVG.
  static fs::path shown(const FigureOutputs& out) { return !out.png.empty() ? out.png : out.svg; }
};

std::vector<MapRegion> map_regions(const geodata::FeatureSet& polygons,
                                   const std::vector<std::string>& labels,
                                   const std::vector<double>& values) {
  auto rings = geodata::polygon_rings(polygons);
  std::vector<MapRegion> regions(polygons.size());
  for (std::size_t i = 0; i < polygons.size(); ++i) {
    regions[i].id = polygons.ids[i];
    regions[i].label = labels[i];
    regions[i].parts = std::move(rings[i]);
    regions[i].value = values[i];
  }
  return regions;
}

namespace {

std::string slug(const std::string& text) {
  std::string out;
  for (char c : text) out += (std::isalnum(static_cast<unsigned char>(c)) ? c : '_');
  return out;
}

}  // namespace

/// Every indicator of indicators() as a printed map: density maps and access maps.
void RunOutputs::draw_indicator_maps(const MapContext& context) {
  for (const auto& m : indicators()) {
    ChoroplethSpec spec = m.spec;
    spec.source_note = context.base.source_note;
    spec.facility_legend_title = context.base.facility_legend_title;
    spec.north_label = context.base.north_label;
    const bool groups = m.layer == "groups";
    const auto out = context.outputs(m.file);
    render_choropleth(
        map_regions(groups ? area_.group_polygons : area_.regions,
                    groups ? area_.group_units.names : area_.region_units.names, m.values),
        context.symbols, spec, out);
    auto& figures = m.file.starts_with("access_") ? access_maps_ : density_maps_;
    figures.emplace_back(MapContext::shown(out), m.title);
  }
}

void RunOutputs::draw_lorenz_charts(const MapContext& context) {
  for (const auto& r : equity_.results) {
    const bool population = r.basis == engine::EquityBasis::Population;
    LorenzChartSpec spec;
    spec.title = fmt::format("{} — {}", label(r.resource),
                             population ? scenario_.text("population basis", "人口维度")
                                        : scenario_.text("area basis", "地理维度"));
    spec.x_label = population ? scenario_.text("Cumulative share of population", "人口累计百分比")
                              : scenario_.text("Cumulative share of area", "面积累计百分比");
    spec.y_label = scenario_.text("Cumulative share of ", "资源累计百分比：") + label(r.resource);
    spec.equality_label = scenario_.text("Line of equality", "绝对公平线");
    spec.source_note = "equiroute — " + scenario_.title;
    const std::string basis = engine::to_string(r.basis);
    LorenzCurve curve{basis, r.indices.gini.lorenz.points, r.indices.gini.gini};
    const auto out = context.outputs(fmt::format("lorenz_{}_{}", slug(r.resource), basis));
    render_lorenz_chart({curve}, spec, out);
    lorenz_charts_.emplace_back(MapContext::shown(out),
                                spec.title + fmt::format(" (Gini = {:.3f})", r.indices.gini.gini));
  }
}

void RunOutputs::write_maps() {
  MapContext context;
  context.dir = root_ / "maps";
  fs::create_directories(context.dir);
  context.formats = scenario_.output.map_formats;
  context.inputs = scenario_.input_files();
  context.base.method = scenario_.output.classification;
  context.base.classes = scenario_.output.classes;
  context.base.source_note = source_note();
  context.base.no_data_label = scenario_.text("No data", "无数据");
  context.base.facility_legend_title = scenario_.text("Facility capacity", "机构容量");
  context.base.north_label = scenario_.text("N", "北");
  for (std::size_t j = 0; j < area_.facilities.size(); ++j) {
    context.symbols.push_back(
        {area_.facility_points[j], area_.supply.attribute_count() ? area_.supply.at(j, 0) : 1.0});
  }
  if (!area_.supply.attributes.empty())
    context.base.facility_legend_title += " (" + label(area_.supply.attributes[0]) + ")";
  draw_indicator_maps(context);
  draw_lorenz_charts(context);
  if (uncertainty_ && uncertainty_->sweep)
    sweep_charts_ = draw_sweep_charts(*uncertainty_->sweep, scenario_, context.dir);
}

}  // namespace equiroute::io

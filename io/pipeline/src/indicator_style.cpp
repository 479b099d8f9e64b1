#include "equiroute/pipeline/indicator_style.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace equiroute::io {

namespace {

geodata::StyleColor style_color(const Rgb& c) { return {c.r, c.g, c.b}; }

/// Class bounds in the field's units: the extreme field values of each class's members; a
/// class without members keeps its map bound scaled like its neighbours' values.
std::pair<double, std::vector<double>> field_bounds(const MappedIndicator& m,
                                                    const ClassBreaks& breaks) {
  const std::size_t k = breaks.classes();
  std::vector<double> upper(k, std::numeric_limits<double>::quiet_NaN());
  double min = std::numeric_limits<double>::infinity();
  double scale = std::numeric_limits<double>::quiet_NaN();  // field units per map unit
  for (std::size_t i = 0; i < m.values.size(); ++i) {
    const int c = breaks.class_of(m.values[i]);
    if (c < 0) continue;
    const double field = m.field_values[i];
    min = std::min(min, field);
    double& u = upper[static_cast<std::size_t>(c)];
    u = std::isnan(u) ? field : std::max(u, field);
    if (std::isnan(scale) && m.values[i] != 0.0) scale = field / m.values[i];
  }
  for (std::size_t c = 0; c < k; ++c) {
    if (std::isnan(upper[c])) upper[c] = breaks.upper[c] * (std::isnan(scale) ? 1.0 : scale);
  }
  return {min, upper};
}

}  // namespace

ChoroplethResult indicator_classes(const MappedIndicator& indicator) {
  ChoroplethSpec spec = indicator.spec;
  spec.legend_counts = false;
  return choropleth_classes(indicator.values, spec);
}

geodata::LayerStyle indicator_layer_style(const MappedIndicator& indicator,
                                          const ChoroplethResult& classes,
                                          geodata::StyleGeometry geometry) {
  std::vector<geodata::StyleColor> colors;
  for (const auto& c : classes.colors) colors.push_back(style_color(c));
  const std::size_t k = classes.breaks.classes();
  std::vector<std::string> labels(classes.legend_rows.begin(),
                                  classes.legend_rows.begin() + static_cast<std::ptrdiff_t>(k));
  double min = classes.breaks.min;
  std::vector<double> upper = classes.breaks.upper;
  if (!indicator.field_values.empty())
    std::tie(min, upper) = field_bounds(indicator, classes.breaks);
  auto style = geodata::graduated_style(indicator.field, indicator.field, min, upper, colors,
                                        std::move(labels), geometry);
  style.description = indicator.title;
  if (classes.no_data_count > 0) style.no_data_label = indicator.spec.no_data_label;
  return style;
}

std::vector<geodata::LayerStyle> demand_point_styles(const std::vector<double>& nearest_travel_s,
                                                     const ChoroplethSpec& spec) {
  MappedIndicator m;
  m.field = "nearest_travel_s";
  m.title = spec.title;
  m.field_values = nearest_travel_s;
  for (double s : nearest_travel_s) m.values.push_back(s / 60.0);
  m.spec = spec;
  m.spec.ramp = ColorRamp::YlOrRd;
  const auto classes = indicator_classes(m);
  if (classes.breaks.classes() == 0) return {};
  return {indicator_layer_style(m, classes, geodata::StyleGeometry::Point)};
}

geodata::LayerStyle facility_style() {
  geodata::LayerStyle style;
  style.name = "facilities";
  style.kind = geodata::RendererKind::SingleSymbol;
  style.geometry = geodata::StyleGeometry::Point;
  style.color = {0.15, 0.15, 0.15};  // the printed map's facility circles are near-black
  style.look.outline = {1.0, 1.0, 1.0};
  return style;
}

}  // namespace equiroute::io

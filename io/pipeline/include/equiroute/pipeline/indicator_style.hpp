#pragma once
// One mapped indicator as every view shows it — the printed map (render_choropleth), the QGIS
// style of its layer field (geodata::LayerStyle in layer_styles / .qml) and the interactive
// report's map — with its classes computed in one place: io::choropleth_classes.

#include <string>
#include <vector>

#include "equiroute/geodata/qgis_style.hpp"
#include "equiroute/render/choropleth_map.hpp"

namespace equiroute::io {

struct MappedIndicator {
  std::string layer;  ///< the layer that holds it: regions or groups
  std::string field;  ///< the field of the layer that holds it (e.g. nearest_travel_s)
  std::string file;   ///< stem of the map's files (maps/<file>.png)
  std::string title;
  std::string short_title;  ///< the interactive map's indicator switch
  /// In the units of the map and its legend (minutes for travel times); NaN = no data.
  std::vector<double> values;
  /// The layer field's values when its units differ from the map's (seconds for minutes);
  /// empty when they are `values`.
  std::vector<double> field_values;
  /// Ramp, method, number of classes, titles, "no data" label of the printed map.
  ChoroplethSpec spec;
};

/// The printed map's classes: choropleth_classes(values, spec) with legend rows without the
/// per-class counts (those belong to one map, not to a layer or a legend of the web page).
ChoroplethResult indicator_classes(const MappedIndicator& indicator);

/// The graduated QGIS style of the indicator's field, named after the field, with the printed
/// map's colours and legend rows. When the field's units differ from the map's, each class's
/// bounds are the field values of the regions in that class (first class from the smallest,
/// upper bound the largest), so QGIS puts every feature in the class of the printed map;
/// regions without data get the printed map's hatched "no data" rule.
geodata::LayerStyle indicator_layer_style(
    const MappedIndicator& indicator, const ChoroplethResult& classes,
    geodata::StyleGeometry geometry = geodata::StyleGeometry::Polygon);

/// Styles of the demand points layer (run's demand_points, access's access_demand): travel
/// time to the nearest facility, classed like the region map (YlOrRd, minutes in the legend).
std::vector<geodata::LayerStyle> demand_point_styles(const std::vector<double>& nearest_travel_s,
                                                     const ChoroplethSpec& spec);

/// The facilities layer's style: one dark symbol, as the printed map's facility circles.
geodata::LayerStyle facility_style();

}  // namespace equiroute::io

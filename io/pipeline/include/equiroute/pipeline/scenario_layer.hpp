#pragma once
// One place that writes a result layer of a run in the scenario's layer formats.

#include <filesystem>
#include <string>
#include <vector>

#include "equiroute/geodata/feature_set.hpp"
#include "equiroute/geodata/qgis_style.hpp"
#include "equiroute/scenario/scenario.hpp"

namespace equiroute::io {

/// Writes `layer` as ROOT/layers/<name>.<format> for each of the scenario's layer formats (a
/// Shapefile in a folder of its own, as it is several files), with the QGIS `styles` (the
/// first is the default). An empty layer writes nothing.
void write_scenario_layer(const geodata::FeatureSet& layer, const std::string& name,
                          const Scenario& scenario, const std::filesystem::path& root,
                          std::vector<geodata::LayerStyle> styles = {});

}  // namespace equiroute::io

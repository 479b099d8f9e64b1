#pragma once
// Polygons of a study area as the renderer's regions (run_maps.cpp): shared by the run's
// maps and the planning maps.

#include <string>
#include <vector>

#include "equiroute/geodata/feature_set.hpp"
#include "equiroute/render/choropleth_map.hpp"

namespace equiroute::io {

/// One MapRegion per polygon feature, with its label and value (same order; NaN = no data).
std::vector<MapRegion> map_regions(const geodata::FeatureSet& polygons,
                                   const std::vector<std::string>& labels,
                                   const std::vector<double>& values);

}  // namespace equiroute::io

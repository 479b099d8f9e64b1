#pragma once
// Polygons as plain lon/lat rings, for consumers that must not touch GEOS (map drawing).

#include <vector>

#include "equiroute/geodata/feature_set.hpp"

namespace equiroute::geodata {

/// A ring of lon/lat vertices as stored (closed: first == last).
using Ring = std::vector<LonLat>;
/// One polygon: ring 0 is the exterior, further rings are holes.
using PolygonRings = std::vector<Ring>;

/// The polygons of each feature (a MultiPolygon gives several; points and lines give none;
/// collections are searched for their polygons). result[feature][polygon][ring][vertex].
std::vector<std::vector<PolygonRings>> polygon_rings(const FeatureSet& features);

}  // namespace equiroute::geodata

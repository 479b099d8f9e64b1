#pragma once
// Region geometry for a web page (the interactive report): a GeoJSON FeatureCollection with
// few properties and fewer vertices, small enough to inline in a self-contained HTML file.

#include <string>
#include <vector>

#include "equiroute/geodata/feature_set.hpp"

namespace equiroute::geodata {

struct WebGeoJsonOptions {
  /// Douglas–Peucker tolerance in degrees, topology preserved per feature (GEOS
  /// TopologyPreserveSimplify; the algorithm of `ogr2ogr -simplify`). 0.001° ≈ 100 m: invisible
  /// at province scale, while Hunan's 122 counties shrink from 4.0 MB to 0.9 MB.
  double tolerance_deg = 0.001;
  /// Decimals of the coordinates (4 ≈ 10 m).
  int decimals = 4;
};

/// The features of `regions` (lon/lat) as an RFC 7946 FeatureCollection, in their order, with
/// the properties "id" (the feature id) and each of `fields` (as in the layer: numbers stay
/// numbers, null stays null). Neighbours are simplified independently, so slivers of about the
/// tolerance may open along shared borders (GEOS ≥ 3.12 has coverage simplification; Debian 12
/// ships 3.11). A feature whose simplified polygon would be empty keeps its original geometry.
/// Throws Error naming the field when a field does not exist.
std::string web_geojson(const FeatureSet& regions, const std::vector<std::string>& fields,
                        const WebGeoJsonOptions& options = {});

}  // namespace equiroute::geodata

#pragma once
// Point sets (origins, destinations, demand points, facilities, candidate sites) read from
// any OGR layer or a CSV with coordinate columns, with one rule for ids and coordinates
// shared by every command: `od`, `nearest`, `access`, `plan` and the scenario's layers.

#include <string>
#include <vector>

#include "equiroute/core/geo_types.hpp"
#include "equiroute/geodata/feature_set.hpp"

namespace equiroute::geodata {

struct PointLayerOptions {
  std::string path;
  std::string layer;  ///< empty: the only layer
  std::string where;  ///< OGR SQL attribute filter; empty: all features
  /// Id field; empty: the field "id" when the layer has one (as `od` writes it), else the
  /// OGR feature id.
  std::string id_field;
  std::string x_field;  ///< CSV: longitude / x column (default "lon")
  std::string y_field;  ///< CSV: latitude / y column (default "lat")
  std::string crs;      ///< CRS when the input declares none (CSV default EPSG:4326)
  /// false: polygons are accepted too (demand regions); the caller places their points.
  bool require_points = true;
  /// false: a table without geometry is accepted (demand at seat coordinates).
  bool require_geometry = true;
};

/// The ReadOptions that implement the rules above for read_features (CSV defaults).
ReadOptions point_read_options(const PointLayerOptions& options);

/// Reads the layer (features with unique ids, geometry required). With an empty id_field,
/// ids come from an "id" field when there is one. Throws Error naming the file and layer
/// for an empty layer, and (require_points) naming the feature for a non-point geometry or
/// coordinates outside the lon/lat range after transformation (with a hint about --crs).
FeatureSet read_point_features(const PointLayerOptions& options);

/// The coordinates of a point layer read by read_point_features, checked to be lon/lat.
std::vector<LonLat> lonlat_points(const FeatureSet& points);

}  // namespace equiroute::geodata

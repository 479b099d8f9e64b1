#pragma once
// Demand points and facilities for `equiroute access`: read from any OGR layer or a CSV
// `id,lon,lat,...`; demand points either given as points with a population, or derived
// from region polygons (seat point from attributes, centroid, or point on surface) carrying
// the region's population.

#include <string>
#include <vector>

#include "equiroute/engine/access_model.hpp"
#include "equiroute/geodata/feature_set.hpp"

namespace equiroute::io {

/// How demand points are placed.
enum class DemandRule {
  Auto,            ///< points as given; polygons: Seat when the seat fields exist, else Centroid
  Points,          ///< the layer's own point geometries
  Seat,            ///< polygons: the seat coordinates in two attributes (e.g. seat_lon, seat_lat)
  Centroid,        ///< polygons: centroid (equal-area projection)
  PointOnSurface,  ///< polygons: a point guaranteed inside (GEOSPointOnSurface)
};

/// "auto", "points", "seat", "centroid", "point_on_surface"; throws Error otherwise.
DemandRule demand_rule_from_name(const std::string& name);
std::string to_string(DemandRule rule);

struct DemandOptions {
  std::string path;
  std::string layer;
  std::string where;             ///< OGR SQL attribute filter; empty: all features
  std::string id_field;          ///< empty: the OGR FID
  std::string population_field;  ///< required
  std::string group_field;       ///< empty: no groups
  DemandRule rule = DemandRule::Auto;
  std::string seat_lon_field = "seat_lon";
  std::string seat_lat_field = "seat_lat";
};

struct DemandPoints {
  geodata::FeatureSet features;  ///< as read (polygons or points)
  std::vector<std::string> ids;
  std::vector<LonLat> points;
  std::vector<double> population;        ///< ≥ 0
  std::vector<std::string> groups;       ///< empty without a group field
  DemandRule rule = DemandRule::Points;  ///< the rule actually used
};

/// Reads the demand layer. Throws equiroute::Error (file, layer, feature, field) on a
/// missing or negative population, duplicate ids, a missing field, a layer without
/// geometry, or a rule that does not fit the geometry (e.g. Seat on points).
DemandPoints load_demand_points(const DemandOptions& options);

struct SupplyOptions {
  std::string path;
  std::string layer;
  std::string id_field;
  /// Capacity fields (beds, doctors, ...); empty: every facility counts 1, attribute
  /// "facilities".
  std::vector<std::string> supply_fields;
};

struct SupplyPoints {
  geodata::FeatureSet features;
  std::vector<std::string> ids;
  std::vector<LonLat> points;
  engine::SupplyMatrix supply;
};

/// Reads the facility layer (points). Throws equiroute::Error on missing or negative
/// capacities, duplicate ids, non-point geometries.
SupplyPoints load_supply_points(const SupplyOptions& options);

}  // namespace equiroute::io

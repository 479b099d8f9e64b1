#pragma once
// The inputs of an accessibility analysis made into an AccessProblem: demand points and
// facilities read from point layers or region polygons (the `access` command), or taken from
// a scenario's study area (`run`). One rule places demand points on polygons for both.

#include <string>
#include <vector>

#include "equiroute/engine/access_model.hpp"
#include "equiroute/geodata/feature_set.hpp"
#include "equiroute/geodata/point_layer.hpp"
#include "equiroute/pipeline/access_step.hpp"
#include "equiroute/pipeline/access_tables.hpp"
#include "equiroute/pipeline/study_area.hpp"
#include "equiroute/scenario/scenario.hpp"

namespace equiroute::io {

/// The rule actually used for a layer: Auto becomes Points for a point layer, Seat when the
/// seat fields exist, else PointOnSurface.
DemandRule resolve_demand_rule(const geodata::FeatureSet& features, DemandRule rule,
                               const std::string& seat_lon_field,
                               const std::string& seat_lat_field);

/// One demand point per feature by `rule` (not Auto): the point itself, the seat
/// coordinates, the centroid (measured in `equal_area_crs`; empty: fitted) or a point on
/// the surface. Throws Error naming the feature for seat coordinates outside lon/lat and
/// for a non-point geometry with the Points rule.
std::vector<LonLat> place_demand_points(const geodata::FeatureSet& features, DemandRule rule,
                                        const std::string& seat_lon_field,
                                        const std::string& seat_lat_field,
                                        const std::string& equal_area_crs = {});

struct DemandOptions {
  geodata::PointLayerOptions layer;  ///< path, layer, where, id field (default "id"/FID)
  std::string population_field;      ///< required
  std::string name_field;            ///< empty: no names (for the regions table)
  /// Empty: every demand point is a region of its own; else the region its scores are
  /// averaged into (a point layer of towns in counties, say).
  std::string region_field;
  std::string group_field;  ///< empty: no groups (burden per group, decomposition)
  DemandRule rule = DemandRule::Auto;
  std::string seat_lon_field = "seat_lon";
  std::string seat_lat_field = "seat_lat";
};

struct DemandPoints {
  geodata::FeatureSet features;  ///< as read (polygons or points)
  std::vector<LonLat> points;
  std::vector<double> population;        ///< ≥ 0
  std::vector<std::string> names;        ///< empty without a name field
  std::vector<std::string> regions;      ///< empty without a region field
  std::vector<std::string> groups;       ///< empty without a group field
  DemandRule rule = DemandRule::Points;  ///< the rule actually used
};

/// Reads the demand layer. Throws equiroute::Error (file, layer, feature, field) on a
/// missing or negative population, duplicate ids, a missing field, a layer without
/// geometry (unless seats), or a rule that does not fit the geometry.
DemandPoints load_demand_points(const DemandOptions& options);

struct SupplyOptions {
  geodata::PointLayerOptions layer;
  /// Capacity fields (beds, doctors, ...); empty: every facility counts 1, attribute
  /// "facilities".
  std::vector<std::string> supply_fields;
};

struct SupplyPoints {
  geodata::FeatureSet features;
  std::vector<LonLat> points;
  engine::SupplyMatrix supply;
};

/// Reads the facility layer (points). Throws equiroute::Error on missing or negative
/// capacities, duplicate ids, non-point geometries.
SupplyPoints load_supply_points(const SupplyOptions& options);

/// The `access` command's problem: regions from the region field (else each point is its
/// own), groups from the group field.
AccessProblem access_problem(const DemandPoints& demand, const SupplyPoints& supply);

/// The rows of the `access` command's regions table: the regions of the region field, or
/// else every demand point with its name and group — as `run` lists its regions.
RegionList access_region_list(const DemandPoints& demand, const AccessOutcome& outcome);

/// The study area's regions with names and groups: the rows of `run`'s regions table, maps
/// and sweep rankings.
RegionList study_regions(const StudyArea& area);

/// The `run` command's problem: one demand point per region (scenario.demand.rule), or the
/// points of a demand layer each in the region containing it (points in no region are left
/// out with a warning); groups are the regions' groups; weights the population, or the area
/// when the scenario has none (with a warning).
AccessProblem access_problem(const Scenario& scenario, const StudyArea& area);

}  // namespace equiroute::io

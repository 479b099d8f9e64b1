#pragma once
// The data of one scenario assembled from its files: regions with areas, groups, population,
// resources and facilities with their capacities, as plain vectors the engine can use.
// Every approximation made on the way (population allocated by area, facilities placed at
// seats, …) is recorded in `notes` so that outputs can say so.

#include <string>
#include <vector>

#include "equiroute/engine/access_model.hpp"
#include "equiroute/geodata/feature_set.hpp"
#include "equiroute/scenario/scenario.hpp"

namespace equiroute::io {

/// Units at one level (regions, or groups of regions) with their measures.
struct Units {
  std::vector<std::string> ids;
  std::vector<std::string> names;
  std::vector<double> area_km2;
  std::vector<double> population;  ///< persons; empty when the scenario has none
  /// resources[f][i]: resource field f of unit i (fields in StudyArea::resource_fields)
  std::vector<std::vector<double>> resources;
};

struct StudyArea {
  geodata::FeatureSet regions;  ///< region polygons (lon/lat)
  Units region_units;
  std::vector<std::size_t> region_group;  ///< group index of each region (empty: no groups)
  geodata::FeatureSet group_polygons;     ///< dissolved groups (empty: no groups)
  Units group_units;
  std::string equal_area_crs;  ///< CRS the areas were measured in

  std::vector<std::string> resource_fields;
  ResourceLevel resource_level = ResourceLevel::Group;  ///< the units that carry resources

  geodata::FeatureSet facilities;
  std::vector<LonLat> facility_points;
  engine::SupplyMatrix supply;

  bool population_allocated = false;  ///< region population allocated from groups by area
  bool has_population() const noexcept { return !region_units.population.empty(); }
  bool has_groups() const noexcept { return !region_group.empty(); }
  /// Units that carry the resources (the groups or the regions).
  const Units& resource_units() const noexcept {
    return resource_level == ResourceLevel::Group ? group_units : region_units;
  }
  std::vector<std::string> notes;
};

/// Reads and joins everything the scenario names. Throws equiroute::Error naming file,
/// layer, feature and field on any bad input (unknown fields, a region without population
/// row, a resource row missing for a group, a facility without resources, …).
StudyArea load_study_area(const Scenario& scenario);

}  // namespace equiroute::io

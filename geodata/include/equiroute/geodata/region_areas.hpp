#pragma once
// Areas (and centroids) of regions, optionally dissolved into larger regions first: the work
// behind `equiroute areas`.

#include <cstddef>
#include <string>

#include "equiroute/geodata/feature_set.hpp"

namespace equiroute::geodata {

struct RegionAreaOptions {
  std::string name_field;    ///< copied to "name" (empty: no names)
  std::string crs = "auto";  ///< "auto" (Albers fitted to the data) or any projected CRS text
  std::string dissolve_by;   ///< dissolve features sharing this field's value
  std::size_t dissolve_prefix = 0;  ///< or: dissolve by the first N characters of the id
};

struct RegionAreas {
  /// One feature per (dissolved) region; fields id, name, area_km2, centroid_lon, centroid_lat.
  FeatureSet regions;
  std::string crs;  ///< the equal-area CRS the areas were computed in
  double total_km2 = 0.0;
};

/// Dissolves (if asked) then measures each region in an equal-area CRS. A dissolved region's
/// name is the members' common value of `name_field`, or empty when they differ.
/// Throws Error for unknown fields, both dissolve options at once, or an unusable CRS.
RegionAreas compute_region_areas(const FeatureSet& input, const RegionAreaOptions& options);

}  // namespace equiroute::geodata

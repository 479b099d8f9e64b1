#pragma once
// Candidate sites for what-if planning (issue 14) as a regular square grid inside region
// polygons: the centres of the cells of a grid of `spacing_m` metres aligned to multiples of
// the spacing in a conformal projection (metres are true locally), kept when they fall in a
// region (GEOS prepared geometry; a point on a shared boundary goes to the first region).

#include <cstddef>
#include <string>
#include <vector>

#include "equiroute/core/geo_types.hpp"
#include "equiroute/geodata/feature_set.hpp"

namespace equiroute::geodata {

struct GridCandidates {
  std::vector<LonLat> points;       ///< WGS 84, row by row from south-west, west to east
  std::vector<std::size_t> region;  ///< index of the region holding each point
  std::vector<std::string> ids;     ///< "grid_<row>_<column>" (stable for the same inputs)
  std::string crs;                  ///< the projection the grid was laid out in
};

/// Grid points of `spacing_m` metres inside `regions`. `crs`: the projection (default:
/// auto_conformal_crs of the regions' extent). Throws Error (BadInput) when the spacing is
/// not a positive number, when the extent would hold more than `max_points` grid points
/// (hint: a larger spacing), or when no grid point falls inside a region.
GridCandidates grid_candidates(const FeatureSet& regions, double spacing_m,
                               const std::string& crs = {}, std::size_t max_points = 2000000);

}  // namespace equiroute::geodata

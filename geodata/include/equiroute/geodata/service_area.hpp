#pragma once
// Service-area (isochrone) polygons from the road pieces reached within a time limit:
// the pieces, in the working CRS, are buffered and unioned with GEOS, then returned in
// WGS 84 lon/lat.

#include <utility>
#include <vector>

#include "equiroute/core/geo_types.hpp"
#include "equiroute/geodata/geos_handle.hpp"
#include "equiroute/geodata/projection.hpp"

namespace equiroute::geodata {

/// Union of the pieces (straight segments in the projection's CRS, metres) buffered by
/// `buffer_m` metres (round caps), as a (multi)polygon in lon/lat. An empty piece list
/// gives an empty polygon. Throws Error when GEOS fails and std::invalid_argument when
/// buffer_m is not positive.
GeomPtr service_area_polygon(const std::vector<std::pair<XY, XY>>& pieces, double buffer_m,
                             const Projection& projection);

}  // namespace equiroute::geodata

#pragma once
// No-network mode (docs/routing.md): travel time = great-circle distance × circuity ÷ speed.
// The engine does not call PROJ; the caller passes the distance function (geodata's
// geodesic_distance_m). Results are flagged approximate.

#include <cstddef>
#include <functional>
#include <vector>

#include "equiroute/core/road_edges.hpp"
#include "equiroute/engine/cost_matrix.hpp"
#include "equiroute/engine/travel_queries.hpp"

namespace equiroute::engine {

struct StraightLineOptions {
  double circuity = 1.3;    ///< network distance / straight distance, ≥ 1
  double speed_kmh = 40.0;  ///< average speed, > 0
  double cutoff_s = kUnreachable;
  unsigned threads = 1;
};

/// Distance in metres between two lon/lat points (e.g. geodata::geodesic_distance_m).
/// Must be thread-safe.
using DistanceFunction = std::function<double(LonLat, LonLat)>;

/// Straight-line travel seconds for one distance: distance_m × circuity ÷ (speed / 3.6).
double straight_line_travel_s(double distance_m, const StraightLineOptions& options);

/// Straight-line OD matrix (approximate = true). Pairs beyond the cutoff are absent.
/// Throws std::invalid_argument on circuity < 1 or speed ≤ 0.
CostMatrix straight_line_matrix(const std::vector<LonLat>& origins,
                                const std::vector<LonLat>& destinations,
                                const DistanceFunction& distance_m,
                                const StraightLineOptions& options = {});

/// Straight-line k nearest destinations per origin, same ordering rules as
/// nearest_destinations().
std::vector<std::vector<NearestEntry>> straight_line_nearest(
    const std::vector<LonLat>& origins, const std::vector<LonLat>& destinations,
    const DistanceFunction& distance_m, std::size_t k, const StraightLineOptions& options = {});

}  // namespace equiroute::engine

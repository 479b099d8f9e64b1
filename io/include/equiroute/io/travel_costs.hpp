#pragma once
// Travel costs between point sets for a scenario's [network]: road network (OSM or line
// layer: graph, snapping, OD searches) or straight-line approximation. The glue between
// geodata (files, projections) and the engine (graph, queries) used by `run`.

#include <string>
#include <vector>

#include "equiroute/core/geo_types.hpp"
#include "equiroute/engine/cost_matrix.hpp"
#include "equiroute/engine/snapping.hpp"
#include "equiroute/io/scenario.hpp"

namespace equiroute::io {

struct TravelCosts {
  engine::CostMatrix matrix;
  /// One sentence for outputs: how the times were obtained (and that straight-line ones
  /// are approximations).
  std::string method;
  engine::SnapSummary origin_snaps;       ///< network mode only
  engine::SnapSummary destination_snaps;  ///< network mode only
};

/// All origin → destination travel times (no cutoff). Throws equiroute::Error on an
/// unreadable network (file named) and when no point could be snapped.
TravelCosts travel_costs(const NetworkSpec& network, const std::vector<LonLat>& origins,
                         const std::vector<LonLat>& destinations, unsigned threads);

}  // namespace equiroute::io

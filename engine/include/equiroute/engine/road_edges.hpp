#pragma once
// The engine's view of a road network: the plain RoadEdges arrays produced by geodata's
// readers (declared in geodata's header-only area, shared through equiroute_types).

#include "equiroute/geodata/road_network.hpp"
#include "equiroute/geodata/types.hpp"

namespace equiroute::engine {

using geodata::LonLat;
using geodata::RoadEdges;
using geodata::XY;

}  // namespace equiroute::engine

#pragma once
// A road network as plain arrays: what geodata's readers produce and the engine's graph
// is built from (header-only, no GDAL/GEOS/PROJ/libosmium).

#include <cstddef>
#include <cstdint>
#include <vector>

#include "equiroute/core/geo_types.hpp"

namespace equiroute {

/// A directed road network as plain arrays: nodes in WGS 84 lon/lat, one entry per
/// directed edge (a two-way street segment gives two edges). Edges are straight segments
/// between consecutive vertices of the source geometry, so `length_m` is exact: the
/// geodesic (WGS 84 ellipsoid) length of the segment. `travel_s = length_m / speed`.
/// Node indices are 0-based into `nodes`.
struct RoadEdges {
  std::vector<LonLat> nodes;        ///< node coordinates, lon/lat degrees
  std::vector<std::uint32_t> from;  ///< tail node per directed edge
  std::vector<std::uint32_t> to;    ///< head node per directed edge
  std::vector<double> length_m;     ///< geodesic length, metres
  std::vector<double> travel_s;     ///< travel time, seconds (> 0)

  std::size_t node_count() const noexcept { return nodes.size(); }
  std::size_t edge_count() const noexcept { return from.size(); }
  /// Appends one directed edge.
  void add_edge(std::uint32_t tail, std::uint32_t head, double meters, double seconds) {
    from.push_back(tail);
    to.push_back(head);
    length_m.push_back(meters);
    travel_s.push_back(seconds);
  }
};

}  // namespace equiroute

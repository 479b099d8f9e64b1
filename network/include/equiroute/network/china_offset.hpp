#pragma once
// Points snapped to a road network that look like Chinese web-map coordinates (GCJ-02,
// BD-09) declared as WGS 84: converting them would bring them much closer to the roads
// (geodata/china_offset_check.hpp; docs/coordinates.md, "Detection"). Reports only: the
// user declares the system, nothing is converted here.

#include <cstddef>
#include <string>
#include <vector>

#include "equiroute/core/geo_types.hpp"
#include "equiroute/geodata/china_offset_check.hpp"
#include "equiroute/network/routing_network.hpp"

namespace equiroute::network {

/// At most this many points are checked, evenly spaced through the list (deterministic):
/// the median of a thousand distances is stable to metres, and large point sets stay cheap
/// (three snaps per checked point).
inline constexpr std::size_t kOffsetCheckPoints = 1000;

/// geodata::check_china_offset with each point's distance to its nearest road segment of
/// `network` (no snap limit), over at most kOffsetCheckPoints of `points`.
geodata::OffsetCheck check_china_offset(const RoutingNetwork& network,
                                        const std::vector<LonLat>& points);

/// The check, and one warning line with both medians when a conversion is suggested
/// (`what` names the points, e.g. "facilities 'h.csv'"); silent otherwise.
geodata::OffsetCheck warn_if_china_offset(const RoutingNetwork& network,
                                          const std::vector<LonLat>& points,
                                          const std::string& what);

}  // namespace equiroute::network

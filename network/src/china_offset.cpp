#include "equiroute/network/china_offset.hpp"

#include <spdlog/spdlog.h>

#include <limits>

namespace equiroute::network {

geodata::OffsetCheck check_china_offset(const RoutingNetwork& network,
                                        const std::vector<LonLat>& points) {
  std::vector<LonLat> sample;
  const std::size_t step = points.size() / kOffsetCheckPoints + 1;
  for (std::size_t i = 0; i < points.size(); i += step) sample.push_back(points[i]);
  const engine::SnapOptions unlimited{.max_snap_m = std::numeric_limits<double>::infinity()};
  return geodata::check_china_offset(sample, [&](LonLat p) {
    return network.snapper->snap(network.projection->forward(p), unlimited).distance_m;
  });
}

geodata::OffsetCheck warn_if_china_offset(const RoutingNetwork& network,
                                          const std::vector<LonLat>& points,
                                          const std::string& what) {
  geodata::OffsetCheck check = check_china_offset(network, points);
  if (check.suggested) spdlog::warn("{}", check.warning(what));
  return check;
}

}  // namespace equiroute::network

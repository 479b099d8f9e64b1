#pragma once
// Private to network/: building a network from a road file (load_routing_network and
// prepare_network share it).

#include <memory>
#include <span>

#include "equiroute/network/routing_network.hpp"

namespace equiroute::network::detail {

/// Reads the road file, projects it, builds the compressed graph and its snap index.
std::unique_ptr<RoutingNetwork> build_network(const NetworkOptions& options);

/// Box of the graph nodes (lon/lat); `points` must not be empty.
LonLatBox box_of(std::span<const LonLat> points);

/// Logs the network's size (one line).
void log_network(const RoutingNetwork& net);

}  // namespace equiroute::network::detail

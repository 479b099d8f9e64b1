// `equiroute graph-info NETWORK`: size, components, dropped parts, extent and memory of
// the routing graph built from a road network.

#include <fmt/core.h>
#include <sys/resource.h>

#include "command_registry.hpp"
#include "equiroute/report/routing_outputs.hpp"
#include "routing_options.hpp"

namespace equiroute::cli {
namespace {

const RegisterCommand reg{[](CLI::App& root) {
  auto* cmd = root.add_subcommand("graph-info",
                                  "Build the routing graph of a road network and describe it");
  auto args = std::make_shared<NetworkArgs>();
  args->add(cmd, true, false);
  cmd->callback([args] {
    const auto net = network::load_routing_network(args->options());
    const auto& g = *net->graph;
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    fmt::print("network: {}\n", net->path);
    fmt::print("input nodes: {}\ninput directed edges: {}\n", net->input_nodes, net->input_edges);
    fmt::print("nodes: {}\ndirected edges: {}\n", g.node_count(), g.edge_count());
    fmt::print("strongly connected components: {}\n", g.component_count());
    fmt::print("dropped nodes: {}\ndropped edges: {}\nmerged parallel edges and loops: {}\n",
               g.dropped_nodes(), g.dropped_edges(), g.merged_edges());
    fmt::print("bbox: {:.6f}, {:.6f} - {:.6f}, {:.6f}\n", net->box.min_lon, net->box.min_lat,
               net->box.max_lon, net->box.max_lat);
    double km = 0.0;
    for (const double m : g.length_m()) km += m / 1000.0;
    fmt::print("directed length: {:.3f} km\n", km);
    fmt::print("working crs: {}\n", net->working_crs);
    fmt::print("graph memory: {:.1f} MB\npeak memory: {:.1f} MB\nbuild time: {:.3f} s\n",
               static_cast<double>(g.memory_bytes()) / 1e6,
               static_cast<double>(usage.ru_maxrss) / 1024.0, net->load_seconds);
  });
}};

}  // namespace
}  // namespace equiroute::cli

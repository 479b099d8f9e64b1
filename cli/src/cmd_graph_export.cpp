// `equiroute graph-export NETWORK -o DIR`: the kept routing graph as nodes.csv and
// edges.csv, so that other tools can run on the identical graph.

#include <spdlog/spdlog.h>

#include "command_registry.hpp"
#include "equiroute/report/routing_outputs.hpp"
#include "routing_options.hpp"

namespace equiroute::cli {
namespace {

const RegisterCommand reg{[](CLI::App& root) {
  auto* cmd =
      root.add_subcommand("graph-export", "Write the routing graph as nodes.csv and edges.csv");
  auto args = std::make_shared<NetworkArgs>();
  auto out = std::make_shared<std::string>();
  args->add(cmd, true, false);
  cmd->add_option("-o,--output", *out, "Output directory")->required();
  cmd->callback([args, out] {
    const auto net = network::load_routing_network(args->options());
    io::write_graph_export(*out, *net->graph, {args->path});
    spdlog::info("wrote {}/nodes.csv and {}/edges.csv", *out, *out);
  });
}};

}  // namespace
}  // namespace equiroute::cli

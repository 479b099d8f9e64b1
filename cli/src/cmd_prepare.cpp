// `equiroute prepare NETWORK [profile options] -o NAME.eqnet`: read, build, compress,
// contract and snap-index a road network once, for every later command to map in place of
// the road file.

#include <fmt/core.h>
#include <spdlog/spdlog.h>

#include "command_registry.hpp"
#include "equiroute/core/error.hpp"
#include "equiroute/network/prepared_network.hpp"
#include "routing_options.hpp"

namespace equiroute::cli {
namespace {

struct PrepareArgs {
  NetworkArgs network;
  std::string output;
  unsigned threads = 0;
};

void run_prepare(const PrepareArgs& a) {
  if (std::filesystem::path(a.output).extension() != ".eqnet")
    throw Error("the output of prepare must end in .eqnet", {.file = a.output});
  const auto s = network::prepare_network(a.network.options(), a.output, a.threads);
  spdlog::info(
      "prepared {}: {} road vertices / {} segments -> {} nodes / {} edges, {} shortcuts "
      "(build {:.2f} s, contract {:.2f} s, write {:.2f} s)",
      a.network.path, s.counts.raw_nodes, s.counts.raw_edges, s.nodes, s.edges, s.shortcuts,
      s.build_s, s.contract_s, s.write_s);
  spdlog::info("wrote {} ({:.1f} MB)", a.output, static_cast<double>(s.file_bytes) / 1e6);
}

const RegisterCommand reg{[](CLI::App& root) {
  auto* cmd = root.add_subcommand(
      "prepare", "Build, compress, contract and index a road network once (.eqnet)");
  auto a = std::make_shared<PrepareArgs>();
  a->network.add(cmd, true, false);
  cmd->add_option("-o,--output", a->output, "Prepared network to write (NAME.eqnet)")->required();
  cmd->add_option("--threads", a->threads, "Worker threads (0 = all cores)")->capture_default_str();
  cmd->callback([a] { run_prepare(*a); });
}};

}  // namespace
}  // namespace equiroute::cli

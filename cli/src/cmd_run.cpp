// `equiroute run SCENARIO [-o DIR] [--threads N]`: the whole pipeline from one scenario file.

#include <fmt/core.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cmath>

#include "command_registry.hpp"
#include "equiroute/io/run_pipeline.hpp"
#include "equiroute/io/scenario.hpp"

namespace equiroute::cli {
namespace {

struct RunArgs {
  std::string scenario;
  std::string output;
  unsigned threads = 0;
};

std::string number(const nlohmann::json& v, int decimals) {
  return v.is_number() ? fmt::format("{:.{}f}", v.get<double>(), decimals) : "—";
}

void print_summary(const io::RunResult& result, const std::string& dir) {
  const auto& s = result.summary;
  fmt::print("{}\n", s["title"].get<std::string>());
  fmt::print("  regions: {}   groups: {}\n", s["regions"].get<std::size_t>(),
             s["groups"].get<std::size_t>());
  fmt::print("  {:<16} {:>10} {:>8} {:>8} {:>8} {:>8}\n", "resource", "basis", "Gini", "Theil T",
             "Theil L", "");
  for (const auto& [resource, bases] : s["equity"].items()) {
    for (const auto& [basis, v] : bases.items()) {
      fmt::print("  {:<16} {:>10} {:>8} {:>8} {:>8}  {}\n", resource, basis, number(v["gini"], 3),
                 number(v["theil_t"], 3), number(v["theil_l"], 3), v["band"].get<std::string>());
    }
  }
  const auto& travel = s["travel"];
  if (!travel.empty()) {
    fmt::print(
        "  travel to nearest facility{}: mean {} min, 90th percentile {} min, beyond 60 min {}%\n",
        travel["approximate"].get<bool>() ? " (straight-line approximation)" : "",
        number(travel["mean_nearest_min"], 1), number(travel["p90_nearest_min"], 1),
        travel["share_beyond_60"].is_number()
            ? fmt::format("{:.1f}", 100 * travel["share_beyond_60"].get<double>())
            : "—");
  }
  fmt::print("  {} files in {} ({:.1f} s)\n", result.outputs.size(), dir, result.seconds);
}

const RegisterCommand reg{[](CLI::App& root) {
  auto args = std::make_shared<RunArgs>();
  auto* cmd =
      root.add_subcommand("run", "Run a scenario file end to end: layers, tables, maps, report");
  cmd->add_option("scenario", args->scenario, "Scenario file (TOML, see docs/scenario.md)")
      ->required();
  cmd->add_option("-o,--output", args->output, "Result directory (default: out/<scenario name>)");
  cmd->add_option("--threads", args->threads, "Worker threads (0: all cores)");
  cmd->callback([args] {
    io::Scenario scenario = io::load_scenario(args->scenario);
    io::RunOptions options;
    options.output_dir = args->output.empty()
                             ? std::filesystem::path("out") /
                                   std::filesystem::path(args->scenario).parent_path().filename()
                             : std::filesystem::path(args->output);
    options.threads = args->threads;
    // Progress lines only for a person watching a terminal, never in logs or pipes.
    if (isatty(STDERR_FILENO)) {
      options.on_step = [](const std::string& step) { spdlog::info("{} …", step); };
    }
    auto result = io::run_scenario(scenario, options);
    print_summary(result, options.output_dir.string());
  });
}};

}  // namespace
}  // namespace equiroute::cli

// `equiroute plan SCENARIO [-o DIR] [--threads N]`: only the [plan] section of a scenario —
// its inputs, the access step and the what-if plans (docs/planning.md) — into a result
// directory of its own.

#include <fmt/core.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>

#include "command_registry.hpp"
#include "equiroute/pipeline/run_pipeline.hpp"
#include "equiroute/scenario/scenario.hpp"

namespace equiroute::cli {
namespace {

struct PlanArgs {
  std::string scenario;
  std::string output;
  unsigned threads = 0;
};

void print_plans(const io::RunResult& result, const std::string& dir) {
  const auto& plan = result.plan;
  fmt::print("{}\n", result.summary.title);
  const auto& before = plan["before"];
  if (before["mean_travel_min"].is_number())
    fmt::print("  before: mean travel {:.1f} min\n", before["mean_travel_min"].get<double>());
  for (const auto& s : plan["solutions"]) {
    std::string sites;
    for (std::size_t i = 0; i < s["sites"].size(); ++i) {
      const auto name = s["site_names"][i].get<std::string>();
      sites += (sites.empty() ? "" : "; ") + s["sites"][i].get<std::string>() +
               (name.empty() ? "" : " " + name);
    }
    fmt::print("  {:<16} k={:<3} {} {} ({})  sites: {}\n", s["objective"].get<std::string>(),
               s["k"].get<std::size_t>(), s["value"].get<double>(), s["unit"].get<std::string>(),
               s["status"].get<std::string>(), sites);
  }
  fmt::print("  {} files in {} ({:.1f} s)\n", result.outputs.size(), dir, result.seconds);
}

void plan_command(const PlanArgs& args) {
  const io::Scenario scenario = io::load_scenario(args.scenario);
  io::RunOptions options;
  options.output_dir =
      args.output.empty()
          ? std::filesystem::path("out") /
                (std::filesystem::path(args.scenario).parent_path().filename().string() + "-plan")
          : std::filesystem::path(args.output);
  options.threads = args.threads;
  options.plan_only = true;
  if (isatty(STDERR_FILENO)) {
    options.on_step = [](const std::string& step) { spdlog::info("{} …", step); };
  }
  print_plans(io::run_scenario(scenario, options), options.output_dir.string());
}

const RegisterCommand reg{[](CLI::App& root) {
  auto args = std::make_shared<PlanArgs>();
  auto* cmd = root.add_subcommand(
      "plan", "What-if planning of a scenario's [plan]: where to open k new sites");
  cmd->add_option("scenario", args->scenario,
                  "Scenario file with a [plan] table (docs/scenario.md)")
      ->required();
  cmd->add_option("-o,--output", args->output,
                  "Result directory (default: out/<scenario name>-plan)");
  cmd->add_option("--threads", args->threads, "Worker threads (0: all cores)");
  cmd->callback([args] { plan_command(*args); });
}};

}  // namespace
}  // namespace equiroute::cli

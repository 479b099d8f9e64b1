// `equiroute plan SCENARIO [-o DIR] [--threads N]`: only the [plan] section of a scenario —
// its inputs, the access step and the what-if plans (docs/planning.md) — into a result
// directory of its own. Without a scenario, on point files and a cost matrix:
// `equiroute plan --demand D --population-field F --existing E --candidates C
//  [--cost COST.csv | --network N …] --objective NAME --k K [--threshold-min T] -o DIR`.

#include <fmt/core.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <vector>

#include "command_registry.hpp"
#include "equiroute/core/error.hpp"
#include "equiroute/pipeline/plan_files.hpp"
#include "equiroute/pipeline/run_pipeline.hpp"
#include "equiroute/scenario/scenario.hpp"
#include "routing_options.hpp"

namespace equiroute::cli {
namespace {

struct PlanArgs {
  std::string scenario;
  std::string output;
  // Point-file mode; travel.travel.threads is --threads in both modes.
  NetworkArgs network;
  TravelArgs travel;
  io::PlanFilesOptions files;
  std::vector<std::string> objectives;
  std::vector<std::size_t> ks;
  double threshold_min = 60.0;
  std::string solver = "auto";
};

engine::PlanSolver solver_from_name(const std::string& name) {
  if (name == "auto") return engine::PlanSolver::Auto;
  if (name == "exact") return engine::PlanSolver::Exact;
  if (name == "heuristic") return engine::PlanSolver::Heuristic;
  throw Error("option '--solver' is '" + name + "', expected one of: auto, exact, heuristic");
}

void plan_files_command(PlanArgs args) {
  if (args.files.demand.layer.path.empty() || args.files.existing.layer.path.empty() ||
      args.files.candidates.path.empty() || args.files.demand.population_field.empty() ||
      args.output.empty())
    throw Error(
        "without a scenario, plan needs --demand, --population-field, --existing, --candidates "
        "and -o");
  auto& spec = args.files.spec;
  spec.objectives.clear();
  for (const auto& name : args.objectives)
    spec.objectives.push_back(engine::parse_plan_objective(name));
  if (spec.objectives.empty()) spec.objectives.push_back(engine::PlanObjective::PMedian);
  if (!args.ks.empty()) spec.ks = args.ks;
  if (std::find(spec.ks.begin(), spec.ks.end(), 0) != spec.ks.end())
    throw Error("option '--k' must be ≥ 1");
  spec.threshold_min = args.threshold_min;
  spec.solver.solver = solver_from_name(args.solver);
  // Without --cost: the network's times (as `access`, no cutoff), else straight line.
  if (!args.files.costs.matrix_file.empty() && !args.network.path.empty() && !args.network.none())
    throw Error("give either --cost or --network, not both");
  args.files.costs.travel = args.travel.options(args.network, 0.0);
  args.files.output_dir = args.output;
  const auto files = io::run_plan_files(args.files);
  fmt::print("{} files in {} (solutions.csv: one row per objective and k)\n", files.size(),
             args.output);
}

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
  if (args.scenario.empty()) return plan_files_command(args);
  const io::Scenario scenario = io::load_scenario(args.scenario);
  io::RunOptions options;
  options.output_dir =
      args.output.empty()
          ? std::filesystem::path("out") /
                (std::filesystem::path(args.scenario).parent_path().filename().string() + "-plan")
          : std::filesystem::path(args.output);
  options.threads = args.travel.travel.threads;
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
                  "Scenario file with a [plan] table (docs/scenario.md); or the point files:");
  auto& f = args->files;
  cmd->add_option("--demand", f.demand.layer.path, "Demand points (point layer or CSV lon/lat)");
  cmd->add_option("--demand-id-field", f.demand.layer.id_field, "Demand id field (default id)");
  cmd->add_option("--population-field", f.demand.population_field, "Population of --demand");
  cmd->add_option("--existing", f.existing.layer.path, "Existing facilities (kept open)");
  cmd->add_option("--existing-id-field", f.existing.layer.id_field, "Existing id field");
  cmd->add_option("--candidates", f.candidates.path, "Candidate sites (point layer or CSV)");
  cmd->add_option("--candidates-id-field", f.candidates.id_field, "Candidate id field");
  cmd->add_option("--cost", f.costs.matrix_file,
                  "Cost matrix CSV origin_id,destination_id,travel_s (`od` output), destinations "
                  "the existing and candidate ids; default: --network, else straight line");
  args->network.add(cmd, false, true)->required(false);
  args->travel.add(cmd);
  cmd->add_option("--objective", args->objectives,
                  "pmedian, mclp, pcenter, lscp, min-share-beyond, min-gini-time, maximin-access "
                  "(repeatable; default pmedian)");
  cmd->add_option("--k", args->ks, "New sites (repeatable; default 1)");
  cmd->add_option("--threshold-min", args->threshold_min, "T of the coverage objectives (min)")
      ->capture_default_str();
  cmd->add_option("--solver", args->solver, "auto, exact or heuristic")->capture_default_str();
  cmd->add_option("-o,--output", args->output,
                  "Result directory (default: out/<scenario name>-plan)");
  cmd->callback([args] { plan_command(*args); });
}};

}  // namespace
}  // namespace equiroute::cli

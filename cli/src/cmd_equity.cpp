// `equiroute equity`: densities, Gini/Lorenz and Theil T/L of resources per region against
// population and/or area (Luo et al. 2022, Tables 4–6). Argument handling only: loading is
// io::load_equity_input, computing engine::analyse_equity, writing io::write_equity_report.

#include <fmt/core.h>
#include <spdlog/spdlog.h>

#include <memory>

#include "bootstrap_options.hpp"
#include "command_registry.hpp"
#include "equiroute/engine/equity.hpp"
#include "equiroute/pipeline/bootstrap_step.hpp"
#include "equiroute/pipeline/equity_input.hpp"
#include "equiroute/report/equity_report.hpp"

namespace equiroute::cli {
namespace {

struct EquityArgs {
  std::string table;
  std::string key;
  std::string population;
  double population_scale = 1.0;
  std::vector<std::string> resources;
  std::string name;
  std::string regions;
  std::string regions_key;
  std::size_t dissolve_prefix = 0;
  std::string area_crs = "auto";
  std::string basis;
  std::string group;
  std::string theil_log = "e";
  BootstrapArgs bootstrap;
  std::string output;
};

void run_equity(const EquityArgs& a) {
  const auto bootstrap = a.bootstrap.options(0);  // checked before any work
  io::EquityInputOptions options;
  options.table = a.table;
  options.key_field = a.key;
  options.name_field = a.name;
  options.population_field = a.population;
  options.population_scale = a.population_scale;
  options.resource_fields = a.resources;
  options.group_field = a.group;
  options.regions = a.regions;
  options.regions_key = a.regions_key;
  options.dissolve_prefix = a.dissolve_prefix;
  options.area_crs = a.area_crs;
  options.log_base = a.theil_log == "10" ? engine::LogBase::Ten : engine::LogBase::E;
  if (a.basis == "population") options.bases = {engine::EquityBasis::Population};
  if (a.basis == "area") options.bases = {engine::EquityBasis::Area};
  if (a.basis == "both")
    options.bases = {engine::EquityBasis::Population, engine::EquityBasis::Area};

  io::LoadedEquityInput loaded = io::load_equity_input(options);
  for (const auto& warning : loaded.warnings) spdlog::warn("{}", warning);
  if (!loaded.area_crs.empty()) spdlog::info("areas computed in {}", loaded.area_crs);

  const engine::EquityAnalysis analysis = engine::analyse_equity(std::move(loaded.input));
  for (const auto& r : analysis.results) {
    for (const auto* t : {&r.indices.theil_t, &r.indices.theil_l}) {
      if (!t->defined())
        spdlog::warn("{} ({}): {}", r.resource, engine::to_string(r.basis), t->undefined_reason);
    }
  }

  io::EquityReportContext context;
  context.table = a.table;
  context.regions = a.regions;
  context.area_crs = loaded.area_crs;
  context.population_scale = a.population_scale;
  context.key_field = a.key;
  context.population_field = a.population;
  context.group_field = a.group;
  context.dissolve_prefix = a.dissolve_prefix;
  std::optional<io::EquityIntervals> intervals;
  if (bootstrap) intervals = io::bootstrap_equity_intervals(analysis, *bootstrap);
  io::write_equity_report(analysis, context, a.output, loaded.input_paths,
                          intervals ? &*intervals : nullptr);

  fmt::print("{}", io::summary_table(analysis).to_markdown());
  if (intervals) {
    fmt::print("\n{}", io::gini_intervals_table(analysis, *intervals).to_markdown());
    if (!intervals->contrasts.empty())
      fmt::print("\n{}\n", io::contrasts_sentence(*intervals));
  }
  fmt::print(
      "Theil log base: {}. Written to {}/ (equity.json, equity.csv, densities.csv, equity.md)\n",
      engine::to_string(analysis.input.log_base), a.output);
}

const RegisterCommand reg{[](CLI::App& root) {
  auto* cmd = root.add_subcommand(
      "equity",
      "Densities, Gini/Lorenz and Theil indices of resources per region (Luo et al. 2022)");
  auto a = std::make_shared<EquityArgs>();
  cmd->add_option("--table", a->table, "Table with one row per region (CSV or any OGR table)")
      ->required();
  cmd->add_option("--key", a->key, "Unique key field of the table (e.g. adcode)")->required();
  cmd->add_option("--population", a->population, "Population field")->required();
  cmd->add_option("--population-scale", a->population_scale,
                  "Multiplier of the population field (10000 for tables in 10,000 people)")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--resource", a->resources, "Resource field (repeatable)")->required();
  cmd->add_option("--name", a->name, "Display name field");
  cmd->add_option("--regions", a->regions, "Region polygons for areas (joined by key)");
  cmd->add_option("--regions-key", a->regions_key, "Polygon field matching --key");
  cmd->add_option(
      "--dissolve-prefix", a->dissolve_prefix,
      "Dissolve polygons by the first N characters of their key (4: counties → prefectures)");
  cmd->add_option("--area-crs", a->area_crs, "Equal-area CRS for areas (default: auto Albers)");
  cmd->add_option("--basis", a->basis, "population, area or both (default: both with --regions)")
      ->check(CLI::IsMember({"population", "area", "both"}));
  cmd->add_option("--group", a->group, "Field grouping the rows for the Theil decomposition");
  cmd->add_option("--theil-log", a->theil_log, "Logarithm of the Theil indices: e or 10")
      ->check(CLI::IsMember({"e", "10"}));
  a->bootstrap.add(cmd);
  cmd->add_option("-o,--output", a->output, "Output directory (created if needed)")->required();
  cmd->callback([a] { run_equity(*a); });
}};

}  // namespace
}  // namespace equiroute::cli

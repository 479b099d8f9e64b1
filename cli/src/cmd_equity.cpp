// `equiroute equity`: densities, Gini/Lorenz and Theil T/L of resources per region against
// population and/or area (Luo et al. 2022, Tables 4–6). Argument handling only: loading is
// io::load_equity_input, computing engine::analyse_equity, writing io::write_equity_report.

#include <fmt/core.h>
#include <spdlog/spdlog.h>

#include <map>
#include <memory>
#include <optional>

#include "bootstrap_options.hpp"
#include "command_registry.hpp"
#include "equiroute/engine/equity.hpp"
#include "equiroute/pipeline/bootstrap_step.hpp"
#include "equiroute/pipeline/equity_input.hpp"
#include "equiroute/report/equity_report.hpp"

namespace equiroute::cli {
namespace {

struct EquityArgs {
  io::EquityInputOptions input;
  BootstrapArgs bootstrap;
  std::string output;
};

void run_equity(const EquityArgs& a) {
  const auto bootstrap = a.bootstrap.options(0);  // checked before any work
  io::LoadedEquityInput loaded = io::load_equity_input(a.input);
  for (const auto& warning : loaded.warnings) spdlog::warn("{}", warning);
  if (!loaded.area_crs.empty()) spdlog::info("areas computed in {}", loaded.area_crs);

  const engine::EquityAnalysis analysis = engine::analyse_equity(std::move(loaded.input));
  for (const auto& r : analysis.results) {
    for (const auto* t : {&r.indices.theil_t, &r.indices.theil_l}) {
      if (!t->defined())
        spdlog::warn("{} ({}): {}", r.resource, engine::to_string(r.basis), t->undefined_reason);
    }
  }

  std::optional<io::EquityIntervals> intervals;
  if (bootstrap) intervals = io::bootstrap_equity_intervals(analysis, *bootstrap);
  io::write_equity_report(analysis, io::equity_report_context(a.input, loaded.area_crs), a.output,
                          loaded.input_paths, intervals ? &*intervals : nullptr);

  fmt::print("{}", io::summary_table(analysis).to_markdown());
  if (intervals) {
    fmt::print("\n{}", io::gini_intervals_table(analysis, *intervals).to_markdown());
    if (!intervals->contrasts.empty()) fmt::print("\n{}\n", io::contrasts_sentence(*intervals));
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
  auto& in = a->input;
  cmd->add_option("--table", in.table, "Table with one row per region (CSV or any OGR table)")
      ->required();
  cmd->add_option("--key", in.key_field, "Unique key field of the table (e.g. adcode)")->required();
  cmd->add_option("--population", in.population_field, "Population field")->required();
  cmd->add_option("--population-scale", in.population_scale,
                  "Multiplier of the population field (10000 for tables in 10,000 people)")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--resource", in.resource_fields, "Resource field (repeatable)")->required();
  cmd->add_option("--name", in.name_field, "Display name field");
  cmd->add_option("--regions", in.regions, "Region polygons for areas (joined by key)");
  cmd->add_option("--regions-key", in.regions_key, "Polygon field matching --key");
  cmd->add_option(
      "--dissolve-prefix", in.dissolve_prefix,
      "Dissolve polygons by the first N characters of their key (4: counties → prefectures)");
  cmd->add_option("--area-crs", in.area_crs, "Equal-area CRS for areas (default: auto Albers)");
  const std::map<std::string, std::vector<engine::EquityBasis>> bases{
      {"population", {engine::EquityBasis::Population}},
      {"area", {engine::EquityBasis::Area}},
      {"both", {engine::EquityBasis::Population, engine::EquityBasis::Area}}};
  cmd->add_option_function<std::string>(
         "--basis", [&in, bases](const std::string& name) { in.bases = bases.at(name); },
         "population, area or both (default: both with --regions)")
      ->check(CLI::IsMember({"population", "area", "both"}));
  cmd->add_option("--group", in.group_field, "Field grouping the rows for the Theil decomposition");
  const std::map<std::string, engine::LogBase> log_bases{{"e", engine::LogBase::E},
                                                         {"10", engine::LogBase::Ten}};
  cmd->add_option("--theil-log", in.log_base, "Logarithm of the Theil indices: e or 10")
      ->transform(CLI::CheckedTransformer(log_bases));
  a->bootstrap.add(cmd);
  cmd->add_option("-o,--output", a->output, "Output directory (created if needed)")->required();
  cmd->callback([a] { run_equity(*a); });
}};

}  // namespace
}  // namespace equiroute::cli

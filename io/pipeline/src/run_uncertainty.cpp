#include "equiroute/pipeline/run_uncertainty.hpp"

#include <fmt/core.h>

namespace equiroute::io {

namespace fs = std::filesystem;

std::optional<engine::BootstrapOptions> run_bootstrap_options(const Scenario& scenario,
                                                              unsigned threads) {
  if (!scenario.equity.bootstrap) return std::nullopt;
  engine::BootstrapOptions options = *scenario.equity.bootstrap;
  options.threads = threads;
  return options;
}

void write_uncertainty_tables(const RunUncertainty& uncertainty, const Scenario& scenario,
                              const std::optional<AccessOutcome>& access,
                              const fs::path& tables_dir) {
  if (access && uncertainty.access) {
    const TextTable table = access_intervals_table(*access, *uncertainty.access);
    table.write_csv(tables_dir / "access_equity_intervals.csv");
    table.write_markdown(tables_dir / "access_equity_intervals.md",
                         scenario.text("Bootstrap intervals of the equity of access",
                                       "可达性公平性指标的自助法置信区间"));
  }
  if (uncertainty.sweep) write_sweep_tables(*uncertainty.sweep, scenario, tables_dir);
}

void add_equity_intervals_section(Report& report, const Scenario& scenario,
                                  const engine::EquityAnalysis& equity,
                                  const RunUncertainty& uncertainty) {
  if (!uncertainty.equity) return;
  const Scenario& s = scenario;
  const EquityIntervals& intervals = *uncertainty.equity;
  report.add_table(gini_intervals_table(equity, intervals),
                   s.text("Gini coefficients with bootstrap intervals (Table 5)",
                          "基尼系数及其自助法置信区间（表5）"));
  report.add_paragraph(bootstrap_note(intervals.options, equity.input.unit_ids.size()));
  if (!intervals.contrasts.empty()) {
    report.add_table(contrasts_markdown_table(intervals),
                     s.text("Is allocation fairer by population than by area? The paired "
                            "contrast of Table 5",
                            "按人口配置是否比按面积更公平？表5的配对差值"));
    report.add_paragraph(contrasts_sentence(intervals));
  }
  report.add_paragraph(s.text("Intervals of every index: tables/equity_intervals.csv.",
                              "全部指数的置信区间见 tables/equity_intervals.csv。"));
}

void add_access_intervals_section(Report& report, const Scenario& scenario,
                                  const AccessOutcome& access, const RunUncertainty& uncertainty) {
  if (!uncertainty.access) return;
  const Scenario& s = scenario;
  report.add_table(access_gini_intervals_table(access, *uncertainty.access),
                   s.text("Gini of travel time and accessibility with bootstrap intervals",
                          "出行时间与可达性基尼系数的自助法置信区间"));
  report.add_paragraph(
      bootstrap_note(uncertainty.access->options, access.problem.demand_ids.size()) + " " +
      s.text("Every index: tables/access_equity_intervals.csv.",
             "全部指数见 tables/access_equity_intervals.csv。"));
}

void add_uncertainty_parameters(const RunUncertainty& uncertainty, nlohmann::ordered_json& p) {
  if (uncertainty.equity) p["bootstrap"] = bootstrap_settings_json(uncertainty.equity->options);
  if (!uncertainty.sweep) return;
  const SweepOutcome& sweep = *uncertainty.sweep;
  nlohmann::ordered_json parameters = nlohmann::ordered_json::object();
  for (const auto& axis : sweep.grid.axes()) {
    nlohmann::ordered_json values = nlohmann::ordered_json::array();
    for (const auto& v : axis.values)
      std::visit([&values](const auto& x) { values.push_back(x); }, v);
    parameters[axis.name] = std::move(values);
  }
  p["sweep"] = {{"parameters", parameters},
                {"combinations", sweep.grid.size()},
                {"network_settings", sweep.grid.network_settings()},
                {"travel_cost_matrices", sweep.cost_matrices},
                {"max_rank_change", sweep.max_rank_change}};
}

}  // namespace equiroute::io

#pragma once
// What the planning step writes into a result directory (docs/planning.md):
//   tables/plan_solutions.csv|md    one row per objective and k (chosen site ids, value,
//                                   status, gap, bound, solver)
//   tables/plan_before_after.csv|md every burden and equity indicator of travel time, before
//                                   (existing facilities) and after each plan
//   tables/plan_tradeoff.csv|md     the trade-off points, with [plan.tradeoff]
//   tables/plan_allocation.csv|md   new units per existing facility, with [plan.allocation]
//   tables/plan_allocation_summary.csv|md  mean, variance and Gini of 2SFCA before/after
//   layers/plan_sites.<format>      the chosen sites, one point per plan and site
// Solve times are not in the tables (they vary from run to run): they are in manifest.json,
// with the rest of plan_parameters().

#include <filesystem>
#include <nlohmann/json.hpp>

#include "equiroute/pipeline/plan_step.hpp"
#include "equiroute/report/text_table.hpp"
#include "equiroute/scenario/scenario.hpp"

namespace equiroute::io {

/// `with_seconds`: a last column `seconds` (solve time; the point-file mode's solutions.csv).
TextTable plan_solutions_table(const PlanOutcome& plan, bool with_seconds = false);
TextTable plan_before_after_table(const PlanOutcome& plan);
TextTable plan_tradeoff_table(const PlanOutcome& plan);
TextTable plan_allocation_table(const PlanOutcome& plan);
TextTable plan_allocation_summary_table(const PlanOutcome& plan);

/// Tables and the chosen-sites layer below `root` (in the scenario's layer formats).
void write_plan_outputs(const PlanOutcome& plan, const Scenario& scenario,
                        const std::filesystem::path& root);

/// The [plan] settings, the candidates, the travel-cost method and every solution with its
/// solve time, for manifest.json.
nlohmann::ordered_json plan_parameters(const PlanOutcome& plan);

}  // namespace equiroute::io

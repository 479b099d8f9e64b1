// The report's "What-if plan" section: the tables of plan_outputs.cpp (the same builders as
// tables/plan_*.csv, so the report prints the files' values) and the figures of plan_maps.cpp.

#include "equiroute/pipeline/plan_report.hpp"

#include <fmt/format.h>

#include "equiroute/pipeline/plan_outputs.hpp"

namespace equiroute::io {

void add_plan_section(Report& report, const PlanOutcome& plan, const Scenario& s,
                      const PlanFigures& figures) {
  report.add_heading(s.text("What-if plan", "规划情景分析"));
  report.add_paragraph(
      s.text(fmt::format("{} existing sites and {} candidates. {} Objectives, solvers and "
                         "sources: docs/planning.md.",
                         plan.existing_count, plan.site_ids.size() - plan.existing_count,
                         plan.costs.method),
             fmt::format("现有站点 {} 个，候选站点 {} 个。{} 目标函数、求解器与文献见 "
                         "docs/planning.md。",
                         plan.existing_count, plan.site_ids.size() - plan.existing_count,
                         plan.costs.method)));
  report.add_table(plan_solutions_table(plan),
                   s.text("Plans: chosen sites per objective and k", "各目标与k的规划方案"));
  report.add_table(plan_before_after_table(plan),
                   s.text("Travel burden and equity before and after each plan (minutes)",
                          "各方案前后的出行负担与公平性（分钟）"));
  if (!plan.tradeoff.empty()) {
    report.add_table(plan_tradeoff_table(plan),
                     s.text("Trade-off between efficiency and equity", "效率与公平的权衡"));
  }
  if (plan.allocation) {
    report.add_table(plan_allocation_summary_table(plan),
                     s.text("New units shared among the existing facilities: 2SFCA accessibility "
                            "before and after (per 10,000 people)",
                            "新增资源在现有机构间的分配：前后的2SFCA可达性（每万人）"));
  }
  for (const auto& [path, caption] : figures.maps) report.add_figure(path, caption);
  for (const auto& [path, caption] : figures.lorenz) report.add_figure(path, caption);
  report.add_paragraph(s.text("Tables: tables/plan_*.csv; chosen sites: layers/plan_sites.",
                              "表格见 tables/plan_*.csv；选址图层见 layers/plan_sites。"));
}

}  // namespace equiroute::io

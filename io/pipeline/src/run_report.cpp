// report.md and report.html of a run: the paper's tables, the maps and charts, and the
// travel burden and equity of access, in the scenario's language.

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "equiroute/pipeline/plan_report.hpp"
#include "equiroute/pipeline/run_outputs.hpp"
#include "equiroute/report/equity_report.hpp"

namespace equiroute::io {

void RunOutputs::write_report() {
  const Scenario& s = scenario_;
  Report report(s.title, s.language);
  for (const auto& note : area_.notes) report.add_note(note);
  if (access_) report.add_note(access_->costs.method);
  report.add_paragraph(s.text(
      "Tables 3–6 follow the layout and the methods of Luo B-A, Li S, Chen S, et al. (2022), "
      "PLoS ONE 17(10): e0272073, doi:10.1371/journal.pone.0272073; accessibility models as "
      "cited in the equiroute documentation (docs/accessibility.md).",
      "表3–6沿用 Luo B-A, Li S, Chen S 等（2022，PLoS ONE 17(10): e0272073，"
      "doi:10.1371/journal.pone.0272073）的表格形式与方法；可达性模型的文献见 equiroute 文档"
      "（docs/accessibility.md）。"));

  report.set_html_budget(5'000'000);  // beyond it figures are linked (maps/*.png), not embedded
  if (std::string map = web_map_data(); !map.empty()) {
    report.add_heading(s.text("Map of the indicators", "指标地图"));
    report.add_interactive_map(std::move(map));
  }

  const bool group_level = area_.resource_level == ResourceLevel::Group;
  report.add_heading(s.text("Resources", "资源配置"));
  report.add_paragraph(
      s.text(fmt::format("{} regions in {} groups; resources by {}: {}.", area_.regions.size(),
                         area_.group_units.ids.size(), to_string(area_.resource_level),
                         fmt::join(area_.resource_fields, ", ")),
             fmt::format("{} 个区域，{} 个分组；资源按{}统计：{}。", area_.regions.size(),
                         area_.group_units.ids.size(), group_level ? "分组" : "区域",
                         fmt::join(area_.resource_fields, "、"))));
  report.add_table(resources_table(),
                   s.text("Resources (the paper's Table 3 layout)", "资源（论文表3）"));
  report.add_table(
      densities_table(equity_),
      s.text("Densities per 10,000 people and per km² (Table 4)", "每万人及每平方公里密度（表4）"));
  report.add_heading(
      s.text("Equity of resources: Gini and Theil", "资源配置公平性：基尼系数与泰尔指数"));
  const bool log10 = s.equity.log_base == engine::LogBase::Ten;
  report.add_paragraph(
      s.text(fmt::format("Theil indices use the {} logarithm.", log10 ? "base-10" : "natural"),
             fmt::format("泰尔指数采用{}。", log10 ? "以10为底的对数" : "自然对数")));
  report.add_table(indices_table(equity_), s.text("Gini and Theil by basis (Tables 5–6)",
                                                  "按维度的基尼系数与泰尔指数（表5–6）"));
  if (uncertainty_) add_equity_intervals_section(report, s, equity_, *uncertainty_);
  for (const auto& [path, caption] : density_maps_) report.add_figure(path, caption);
  for (const auto& [path, caption] : lorenz_charts_) report.add_figure(path, caption);

  if (access_) {
    report.add_heading(s.text("Travel burden", "就医出行负担"));
    report.add_table(access_burden_table(*access_, s.text("all", "全部"), TimeUnit::Minutes),
                     s.text("Travel time to the nearest facility, weighted by ",
                            "到最近机构的出行时间，权重：") +
                         access_->problem.weight_name);
    report.add_heading(s.text("Equity of access", "可达性公平性"));
    report.add_table(access_equity_table(*access_),
                     s.text("Gini and Theil of travel time and accessibility across demand points",
                            "出行时间与可达性得分的基尼系数和泰尔指数"));
    report.add_table(access_regions_table(*access_, region_list()),
                     s.text("Accessibility by region", "各区域可达性"));
    if (uncertainty_) add_access_intervals_section(report, s, *access_, *uncertainty_);
    for (const auto& [path, caption] : access_maps_) report.add_figure(path, caption);
    report.add_paragraph(s.text("Scores per region: tables/access_regions.csv; layers in layers/.",
                                "各区域得分见 tables/access_regions.csv；图层见 layers/。"));
  }
  if (uncertainty_ && uncertainty_->sweep)
    add_sweep_section(report, *uncertainty_->sweep, s, sweep_charts_);
  if (plan_) add_plan_section(report, *plan_, s, *plan_figures_);
  report.write(root_ / "report.md", root_ / "report.html", s.input_files());
}

}  // namespace equiroute::io

// The planning step's figures (plan_maps.hpp): per solution, the travel time after the plan
// and its change per region as choropleths (io/render), and the Lorenz curves of travel time
// before and after (the curves of engine::value_equity, as the Gini of plan_before_after).

#include "equiroute/pipeline/plan_maps.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cmath>
#include <limits>

#include "equiroute/engine/burden.hpp"
#include "equiroute/engine/region_scores.hpp"
#include "equiroute/pipeline/access_inputs.hpp"
#include "equiroute/pipeline/access_tables.hpp"
#include "equiroute/pipeline/map_regions.hpp"
#include "equiroute/render/choropleth_map.hpp"
#include "equiroute/render/lorenz_chart.hpp"

namespace equiroute::io {

namespace fs = std::filesystem;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

FigureOutputs figure_outputs(const Scenario& scenario, const fs::path& dir,
                             const std::string& name) {
  FigureOutputs out;
  out.inputs = scenario.input_files();
  for (const FigureFormat f : scenario.output.map_formats) {
    const fs::path path = dir / (name + "." + to_string(f));
    if (f == FigureFormat::Png) out.png = path;
    if (f == FigureFormat::Pdf) out.pdf = path;
    if (f == FigureFormat::Svg) out.svg = path;
  }
  return out;
}

/// The file a report shows: the PNG, else the SVG.
fs::path shown(const FigureOutputs& out) { return !out.png.empty() ? out.png : out.svg; }

std::string plan_label(const PlanChoice& choice) {
  return fmt::format("{} k={}", engine::plan_objective_info(choice.solution.objective).name,
                     choice.solution.k);
}

std::string plan_stem(const PlanChoice& choice) {
  std::string name{engine::plan_objective_info(choice.solution.objective).name};
  for (char& c : name)
    if (c == '-') c = '_';
  return fmt::format("plan_{}_k{}", name, choice.solution.k);
}

/// What both maps of a plan share: classes of the run, the existing facilities as symbols
/// sized by their first supply field (as on the run's maps), the plan's sites as triangles.
struct PlanMapBase {
  ChoroplethSpec spec;
  std::vector<MapFacility> existing;
  std::vector<LonLat> site_points;  ///< every site of the plan's matrix
};

PlanMapBase map_base(const PlanOutcome& plan, const Scenario& scenario, const StudyArea& area) {
  PlanMapBase base;
  base.spec.method = scenario.output.classification;
  base.spec.classes = scenario.output.classes;
  base.spec.no_data_label = scenario.text("No data", "无数据");
  base.spec.north_label = scenario.text("N", "北");
  base.spec.facility_legend_title = scenario.text("Existing facilities", "现有机构");
  if (!area.supply.attributes.empty())
    base.spec.facility_legend_title += " (" + area.supply.attributes[0] + ")";
  base.spec.source_note = "equiroute — " + scenario.title + ". " + plan.costs.method;
  base.spec.marked_label = scenario.text("New site of the plan", "规划新增站点");
  base.site_points = plan.site_points;
  for (std::size_t j = 0; j < plan.existing_count; ++j) {
    base.existing.push_back(
        {plan.site_points[j], area.supply.attribute_count() ? area.supply.at(j, 0) : 1.0});
  }
  return base;
}

std::vector<double> minutes(const std::vector<double>& seconds) {
  std::vector<double> out;
  for (const double s : seconds) out.push_back(s / 60.0);
  return out;
}

LorenzCurve time_lorenz(const std::vector<double>& times, const AccessOutcome& access,
                        const std::string& label) {
  const auto& p = access.problem;
  const auto equity = engine::value_equity("nearest_travel_s", times, p.weights, p.demand_ids,
                                           p.group_keys, engine::LogBase::E);
  if (!equity.indices) return {label, {{0.0, 0.0}, {1.0, 1.0}}, kNaN};
  return {label, equity.indices->gini.lorenz.points, equity.indices->gini.gini};
}

}  // namespace

std::vector<double> plan_nearest_times(const PlanOutcome& plan,
                                       const std::vector<std::uint32_t>& sites) {
  const engine::PlanInstance instance{.costs = plan.costs.matrix,
                                      .population = plan.population,
                                      .existing_count = plan.existing_count,
                                      .existing_closable = plan.spec.existing_closable,
                                      .threshold_min = plan.spec.threshold_min};
  return engine::plan_nearest_times(instance, sites);
}

std::vector<double> plan_region_times(const AccessOutcome& access, const StudyArea& area,
                                      const std::vector<double>& nearest_s) {
  // The access step's aggregation with these times in place of its own (region_values).
  AccessOutcome with_times;
  with_times.problem = access.problem;
  with_times.analysis.regions = access.analysis.regions;
  with_times.analysis.region_population = access.analysis.region_population;
  with_times.analysis.nearest_travel_s = nearest_s;
  if (!access.problem.region_keys.empty()) {
    with_times.analysis.region_nearest_travel_s =
        engine::group_weighted_means(access.analysis.regions, nearest_s, access.problem.weights);
  }
  return region_values(with_times, study_regions(area)).nearest_travel_s;
}

namespace {

/// Travel time before and after one plan, per demand point and per region (s).
struct PlanTimes {
  std::vector<double> points;
  std::vector<double> regions;
};

/// The plan's sites by name (ids where a name is unknown).
std::string site_list(const PlanChoice& choice) {
  std::vector<std::string> names;
  for (std::size_t i = 0; i < choice.site_ids.size(); ++i) {
    const bool named = i < choice.site_names.size() && !choice.site_names[i].empty();
    names.push_back(named ? choice.site_names[i] : choice.site_ids[i]);
  }
  return fmt::format("{}", fmt::join(names, ", "));
}

/// The two maps of one plan: travel time after, change after − before (minutes).
void draw_plan_maps(const PlanChoice& choice, const PlanTimes& before, const PlanTimes& after,
                    const PlanMapBase& base, const Scenario& scenario, const StudyArea& area,
                    const fs::path& dir, PlanFigures& figures) {
  const auto& names = area.region_units.names;
  ChoroplethSpec spec = base.spec;
  spec.subtitle = plan_label(choice) + ": " + site_list(choice);
  for (const auto site : choice.solution.sites)
    spec.marked_points.push_back(base.site_points[site]);

  spec.title = scenario.text("Travel time to the nearest facility after the plan (min)",
                             "规划后到最近机构的出行时间（分钟）");
  spec.legend_title = scenario.text("minutes", "分钟");
  spec.ramp = ColorRamp::YlOrRd;
  auto out = figure_outputs(scenario, dir, plan_stem(choice) + "_travel_min");
  render_choropleth(map_regions(area.regions, names, minutes(after.regions)), base.existing, spec,
                    out);
  figures.maps.emplace_back(shown(out), spec.title + " — " + plan_label(choice));

  std::vector<double> change(after.regions.size());
  for (std::size_t r = 0; r < change.size(); ++r)
    change[r] = (after.regions[r] - before.regions[r]) / 60.0;
  spec.title = scenario.text("Change in travel time per region (after − before, min)",
                             "各区域出行时间变化（规划后 − 规划前，分钟）");
  spec.ramp = ColorRamp::Greens;
  spec.lower_is_better = true;  // the largest decrease darkest
  out = figure_outputs(scenario, dir, plan_stem(choice) + "_change_min");
  render_choropleth(map_regions(area.regions, names, change), base.existing, spec, out);
  figures.maps.emplace_back(shown(out), spec.title + " — " + plan_label(choice));
}

/// The Lorenz curves of travel time before and after one plan in one chart.
void draw_plan_lorenz(const PlanChoice& choice, const PlanTimes& before, const PlanTimes& after,
                      const AccessOutcome& access, const PlanMapBase& base,
                      const Scenario& scenario, const fs::path& dir, PlanFigures& figures) {
  LorenzChartSpec chart;
  chart.title = scenario.text("Travel time to the nearest facility, before and after: ",
                              "规划前后到最近机构的出行时间：") +
                plan_label(choice);
  chart.x_label = scenario.text("Cumulative share of population", "人口累计百分比");
  chart.y_label = scenario.text("Cumulative share of person-time", "出行时间累计百分比");
  chart.equality_label = scenario.text("Line of equality", "绝对公平线");
  chart.source_note = base.spec.source_note;
  const auto out = figure_outputs(scenario, dir, "lorenz_" + plan_stem(choice));
  render_lorenz_chart({time_lorenz(before.points, access, scenario.text("before", "规划前")),
                       time_lorenz(after.points, access, scenario.text("after", "规划后"))},
                      chart, out);
  figures.lorenz.emplace_back(shown(out), chart.title);
}

}  // namespace

PlanFigures write_plan_maps(const PlanOutcome& plan, const Scenario& scenario,
                            const StudyArea& area, const AccessOutcome& access,
                            const fs::path& root) {
  const fs::path dir = root / "maps";
  fs::create_directories(dir);
  const PlanMapBase base = map_base(plan, scenario, area);
  auto times = [&](const std::vector<std::uint32_t>& sites) {
    PlanTimes t;
    t.points = plan_nearest_times(plan, sites);
    t.regions = plan_region_times(access, area, t.points);
    return t;
  };
  const PlanTimes before = times({});
  PlanFigures figures;
  for (const auto& choice : plan.choices) {
    const PlanTimes after = times(choice.solution.sites);
    draw_plan_maps(choice, before, after, base, scenario, area, dir, figures);
    draw_plan_lorenz(choice, before, after, access, base, scenario, dir, figures);
  }
  return figures;
}

}  // namespace equiroute::io

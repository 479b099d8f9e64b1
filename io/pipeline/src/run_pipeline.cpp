#include "equiroute/pipeline/run_pipeline.hpp"

#include <fmt/core.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <cmath>

#include "equiroute/geodata/atomic_output.hpp"
#include "equiroute/pipeline/access_inputs.hpp"
#include "equiroute/pipeline/plan_maps.hpp"
#include "equiroute/pipeline/plan_outputs.hpp"
#include "equiroute/pipeline/result_directory.hpp"
#include "equiroute/pipeline/run_outputs.hpp"
#include "equiroute/pipeline/run_uncertainty.hpp"
#include "equiroute/report/equity_report.hpp"

namespace equiroute::io {

namespace fs = std::filesystem;

namespace {

/// Runs named steps, timing them and turning any error into a StepError naming the step.
class Steps {
 public:
  explicit Steps(std::function<void(const std::string&)> on_step) : on_step_(std::move(on_step)) {}

  template <class F>
  auto run(const std::string& name, F&& body) -> decltype(body()) {
    if (on_step_) on_step_(name);
    spdlog::debug("step '{}'", name);
    const auto start = std::chrono::steady_clock::now();
    struct Timer {
      Steps& steps;
      const std::string& name;
      std::chrono::steady_clock::time_point start;
      ~Timer() { steps.record(name, start); }
    } timer{*this, name, start};
    try {
      return body();
    } catch (const StepError&) {
      throw;
    } catch (const Error& e) {
      throw StepError(name, e.what(), e.kind(), e.hint());
    } catch (const std::exception& e) {
      throw StepError(name, e.what(), ErrorKind::Internal);
    }
  }

  const nlohmann::ordered_json& timings() const noexcept { return timings_; }

 private:
  void record(const std::string& name, std::chrono::steady_clock::time_point start) {
    const double s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    timings_[name] = std::round(s * 1e3) / 1e3;
  }

  std::function<void(const std::string&)> on_step_;
  nlohmann::ordered_json timings_ = nlohmann::ordered_json::object();
};

EquityReportContext equity_context(const Scenario& scenario, const StudyArea& area) {
  EquityReportContext context;
  context.table =
      scenario.resources ? scenario.resources->path.string() : scenario.facilities->path.string();
  context.regions = scenario.regions.path.string();
  context.area_crs = area.equal_area_crs;
  context.key_field = scenario.resources ? scenario.resources->key : scenario.regions.id_field;
  context.population_field = scenario.resources ? scenario.resources->population_field : "";
  context.population_scale = scenario.resources ? scenario.resources->population_scale : 1.0;
  return context;
}

double minutes(double seconds) { return seconds / 60.0; }

}  // namespace

StepError::StepError(std::string step, const std::string& message, ErrorKind kind, std::string hint)
    : Error(fmt::format("step '{}': {}", step, message), {}, kind, std::move(hint)),
      step_(std::move(step)),
      message_(message) {}

engine::EquityInput equity_input(const Scenario& scenario, const StudyArea& area) {
  const Units& units = area.resource_units();
  engine::EquityInput in;
  in.unit_ids = units.ids;
  in.unit_names = units.names;
  in.population = units.population;
  in.area_km2 = units.area_km2;
  in.resource_names = area.resource_fields;
  in.resources = units.resources;
  if (area.resource_level == ResourceLevel::Region && area.has_groups()) {
    for (std::size_t g : area.region_group) in.group_keys.push_back(area.group_units.ids[g]);
  }
  in.bases.clear();
  for (const auto basis : scenario.equity.bases) {
    if (basis == engine::EquityBasis::Population && units.population.empty()) {
      spdlog::warn("no population: the population basis of equity is skipped");
      continue;
    }
    in.bases.push_back(basis);
  }
  if (in.population.empty()) in.population.assign(units.ids.size(), 0.0);
  in.log_base = scenario.equity.log_base;
  return in;
}

void summarise_access(const AccessOutcome& access, RunSummary& summary) {
  const auto& all = access.analysis.burden.overall;
  TravelSummary t;
  t.mean_nearest_min = minutes(all.mean_reachable_s);
  t.median_nearest_min = minutes(all.median_s);
  t.p90_nearest_min = minutes(all.p90_s);
  t.thresholds_min = access.analysis.burden.thresholds_min;
  t.share_beyond = all.share_beyond;
  t.unreachable_units = all.unreachable_units;
  t.approximate = access.costs.matrix.approximate;
  t.weight = access.problem.weight_name == "population" ? "population" : "area";
  summary.travel = t;
  for (const auto& e : access.analysis.equity) {
    summary.access_gini.emplace_back(e.name, e.indices ? e.indices->gini.gini : std::nan(""));
  }
}

RunSummary summarise_run(const Scenario& scenario, const StudyArea& area,
                         const engine::EquityAnalysis& equity,
                         const std::optional<AccessOutcome>& access) {
  RunSummary s;
  s.title = scenario.title;
  s.regions = area.regions.size();
  s.groups = area.group_units.ids.size();
  for (const auto& r : equity.results) {
    s.equity.push_back({r.resource, r.basis, r.indices.gini.gini, r.indices.band,
                        r.indices.theil_t.value, r.indices.theil_l.value});
  }
  if (access) summarise_access(*access, s);
  s.notes = area.notes;
  return s;
}

RunResult run_scenario(const Scenario& scenario, const RunOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  if (options.plan_only && !scenario.plan)
    throw Error("the scenario has no [plan] table (docs/scenario.md)",
                {.file = scenario.file.string()});
  Steps steps(options.on_step);
  ResultDirectory result_dir = steps.run(
      "output", [&] { return ResultDirectory(options.output_dir, scenario.input_files()); });
  const fs::path& root = result_dir.root();

  const StudyArea area = steps.run("read inputs", [&] {
    StudyArea a = load_study_area(scenario);
    if (a.resource_fields.empty())
      throw Error("the scenario has neither [resources] nor [facilities]",
                  {.file = scenario.file.string()});
    return a;
  });
  RunUncertainty uncertainty;
  const auto bootstrap =
      options.plan_only ? std::nullopt : run_bootstrap_options(scenario, options.threads);
  const engine::EquityAnalysis equity =
      options.plan_only ? engine::EquityAnalysis{} : steps.run("equity", [&] {
        auto analysis = engine::analyse_equity(equity_input(scenario, area));
        if (bootstrap) uncertainty.equity = bootstrap_equity_intervals(analysis, *bootstrap);
        write_equity_report(analysis, equity_context(scenario, area), root / "tables",
                            scenario.input_files(),
                            uncertainty.equity ? &*uncertainty.equity : nullptr);
        return analysis;
      });
  std::optional<AccessOutcome> access;
  if (area.facilities.size() > 0) {
    access = steps.run("travel times and accessibility", [&] {
      CostSource source{.travel = scenario.network};
      source.travel.threads = options.threads;
      if (!options.network_cache.empty())
        source.travel.cache_directory = options.network_cache.string();
      return analyse_access(access_problem(scenario, area), source, scenario.access.analysis);
    });
  }

  if (access && bootstrap) {
    steps.run("bootstrap intervals", [&] {
      uncertainty.access =
          bootstrap_access_intervals(*access, *bootstrap, scenario.access.analysis.burden.log_base);
    });
  }
  if (access && scenario.sweep && !options.plan_only) {
    steps.run("sweep", [&] {
      uncertainty.sweep =
          run_sweep(scenario, *scenario.sweep, *access, study_regions(area), options.threads);
    });
  }
  std::optional<PlanOutcome> plan;
  PlanFigures plan_figures;
  if (scenario.plan) {
    plan = steps.run("plan", [&] {
      if (!access)
        throw Error("[plan] needs the existing sites of [facilities]",
                    {.file = scenario.file.string()});
      auto outcome = plan_scenario(scenario, area, access->problem, options.threads);
      write_plan_outputs(outcome, scenario, root);
      return outcome;
    });
  }
  if (plan && scenario.output.maps) {
    steps.run("plan maps",
              [&] { plan_figures = write_plan_maps(*plan, scenario, area, *access, root); });
  }

  RunOutputs outputs{scenario, area, equity, access, root};
  outputs.set_uncertainty(uncertainty);
  if (plan) outputs.set_plan(*plan, plan_figures);
  if (!options.plan_only) {
    steps.run("tables", [&] { outputs.write_tables(); });
    steps.run("layers", [&] { outputs.write_layers(); });
    if (scenario.output.maps) steps.run("maps", [&] { outputs.write_maps(); });
    if (scenario.output.report) steps.run("report", [&] { outputs.write_report(); });
  }

  RunResult result;
  result.summary = summarise_run(scenario, area, equity, access);
  summarise_intervals(&equity, uncertainty.equity ? &*uncertainty.equity : nullptr,
                      access ? &*access : nullptr,
                      uncertainty.access ? &*uncertainty.access : nullptr, result.summary);
  steps.run("manifest", [&] {
    geodata::write_text_atomic(root / "summary.json", result.summary.to_json().dump(2) + "\n");
    auto parameters = outputs.parameters();
    if (plan) parameters["plan"] = result.plan = plan_parameters(*plan);
    result.outputs =
        result_dir.commit(scenario.file.string(), parameters, options.threads, steps.timings());
  });
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

}  // namespace equiroute::io

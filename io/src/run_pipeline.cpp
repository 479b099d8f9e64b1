#include "equiroute/io/run_pipeline.hpp"

#include <fmt/core.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <cmath>
#include <fstream>
#include <map>

#include "equiroute/core/error.hpp"
#include "equiroute/engine/equity.hpp"
#include "equiroute/geodata/atomic_output.hpp"
#include "equiroute/io/equity_report.hpp"
#include "equiroute/io/file_hash.hpp"
#include "equiroute/io/run_access.hpp"
#include "equiroute/io/run_outputs.hpp"
#include "equiroute/io/study_area.hpp"
#include "equiroute/version.hpp"

namespace equiroute::io {

namespace fs = std::filesystem;

namespace {

/// Runs named steps, timing them and prefixing any error with the step's name.
class Steps {
 public:
  explicit Steps(std::function<void(const std::string&)> on_step) : on_step_(std::move(on_step)) {}

  template <class F>
  auto run(const std::string& name, F&& body) -> decltype(body()) {
    if (on_step_) on_step_(name);
    spdlog::debug("step '{}'", name);
    auto start = std::chrono::steady_clock::now();
    try {
      if constexpr (std::is_void_v<decltype(body())>) {
        body();
        record(name, start);
      } else {
        auto result = body();
        record(name, start);
        return result;
      }
    } catch (const Error& e) {
      throw Error(fmt::format("step '{}': {}", name, e.what()), {}, e.kind(), e.hint());
    } catch (const std::exception& e) {
      throw Error(fmt::format("step '{}': {}", name, e.what()), {}, ErrorKind::Internal);
    }
  }

  const nlohmann::ordered_json& timings() const noexcept { return timings_; }

 private:
  void record(const std::string& name, std::chrono::steady_clock::time_point start) {
    timings_[name] =
        std::round(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() *
                   1e3) /
        1e3;
  }

  std::function<void(const std::string&)> on_step_;
  nlohmann::ordered_json timings_ = nlohmann::ordered_json::object();
};

/// Refuses output directories that would hide inputs or that are not earlier results.
void check_output_dir(const fs::path& dir, const Scenario& scenario) {
  std::error_code ec;
  fs::path target = fs::weakly_canonical(dir, ec);
  for (const auto& input : scenario.input_files()) {
    fs::path in = fs::weakly_canonical(input, ec);
    auto [a, b] = std::mismatch(target.begin(), target.end(), in.begin(), in.end());
    if (a == target.end()) {
      throw Error("the output directory contains an input of the scenario (" + input.string() + ")",
                  {.file = dir.string()});
    }
  }
  if (fs::exists(dir) &&
      !(fs::is_directory(dir) && (fs::is_empty(dir) || fs::exists(dir / "manifest.json")))) {
    throw Error(
        "the output path exists and is not an earlier equiroute result (no manifest.json); "
        "refusing to replace it",
        {.file = dir.string()});
  }
}

engine::EquityInput equity_input(const StudyArea& area, const Scenario& scenario) {
  const Units& units = area.resource_units();
  engine::EquityInput in;
  in.unit_ids = units.ids;
  in.unit_names = units.names;
  in.population = units.population;
  in.area_km2 = units.area_km2;
  in.resource_names = area.resource_fields;
  in.resources = units.resources;
  if (area.resource_level == "region" && area.has_groups()) {
    for (std::size_t g : area.region_group) in.group_keys.push_back(area.group_units.ids[g]);
  }
  in.bases.clear();
  for (const auto& basis : scenario.equity.bases) {
    if (basis == "population" && units.population.empty()) {
      spdlog::warn("no population: the population basis of equity is skipped");
      continue;
    }
    in.bases.push_back(basis == "population" ? engine::EquityBasis::Population
                                             : engine::EquityBasis::Area);
  }
  if (in.population.empty()) in.population.assign(units.ids.size(), 0.0);
  in.log_base = scenario.equity.theil_log == "10" ? engine::LogBase::Ten : engine::LogBase::E;
  return in;
}

nlohmann::ordered_json equity_summary(const engine::EquityAnalysis& analysis) {
  nlohmann::ordered_json out = nlohmann::ordered_json::object();
  auto number = [](const std::optional<double>& v) -> nlohmann::ordered_json {
    return v ? nlohmann::ordered_json(*v) : nlohmann::ordered_json();
  };
  for (const auto& r : analysis.results) {
    out[r.resource][engine::to_string(r.basis)] = {{"gini", r.indices.gini.gini},
                                                   {"band", r.indices.band},
                                                   {"theil_t", number(r.indices.theil_t.value)},
                                                   {"theil_l", number(r.indices.theil_l.value)}};
  }
  return out;
}

std::vector<fs::path> relative_files(const fs::path& root) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (entry.is_regular_file()) files.push_back(fs::relative(entry.path(), root));
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

RunResult run_scenario(const Scenario& scenario, const RunOptions& options) {
  auto start = std::chrono::steady_clock::now();
  check_output_dir(options.output_dir, scenario);
  if (!options.output_dir.parent_path().empty())
    fs::create_directories(options.output_dir.parent_path());
  geodata::AtomicOutput staging(options.output_dir, scenario.input_files());
  const fs::path root = staging.temp_path();
  fs::create_directories(root);

  Steps steps(options.on_step);
  StudyArea area = steps.run("read inputs", [&] { return load_study_area(scenario); });
  if (area.resource_fields.empty()) {
    throw Error("step 'read inputs': the scenario has neither [resources] nor [facilities]",
                {.file = scenario.file.string()});
  }

  engine::EquityAnalysis equity = steps.run("equity", [&] {
    auto analysis = engine::analyse_equity(equity_input(area, scenario));
    EquityReportContext context;
    context.table =
        scenario.resources ? scenario.resources->path.string() : scenario.facilities->path.string();
    context.regions = scenario.regions.path.string();
    context.area_crs = area.equal_area_crs;
    context.key_field = scenario.resources ? scenario.resources->key : scenario.regions.id_field;
    context.population_field = scenario.resources ? scenario.resources->population_field : "";
    context.population_scale = scenario.resources ? scenario.resources->population_scale : 1.0;
    write_equity_report(analysis, context, root / "tables", scenario.input_files());
    return analysis;
  });

  AccessOutcome access;
  if (area.facilities.size() > 0) {
    access = steps.run("travel times and accessibility",
                       [&] { return compute_access(scenario, area, options.threads); });
  }

  RunOutputs outputs{scenario, area, equity, access, root};
  steps.run("tables", [&] { outputs.write_tables(); });
  steps.run("layers", [&] { outputs.write_layers(); });
  if (scenario.output.maps) steps.run("maps", [&] { outputs.write_maps(); });
  if (scenario.output.report) steps.run("report", [&] { outputs.write_report(); });

  RunResult result;
  result.summary = {{"title", scenario.title},
                    {"regions", area.regions.size()},
                    {"groups", area.group_units.ids.size()},
                    {"equity", equity_summary(equity)},
                    {"travel", access.travel_summary()},
                    {"access_gini", access.gini_summary()},
                    {"notes", area.notes}};
  steps.run("manifest", [&] {
    geodata::write_text_atomic(root / "summary.json", result.summary.dump(2) + "\n");
    nlohmann::ordered_json manifest;
    manifest["equiroute_version"] = kVersion;
    manifest["scenario"] = scenario.file.string();
    manifest["inputs"] = nlohmann::ordered_json::array();
    for (const auto& input : scenario.input_files()) {
      manifest["inputs"].push_back({{"path", fs::absolute(input).lexically_normal().string()},
                                    {"sha256", file_sha256(input)}});
    }
    manifest["parameters"] = outputs.parameters();
    manifest["threads"] = options.threads;
    manifest["timings_s"] = steps.timings();
    manifest["outputs"] = nlohmann::ordered_json::array();
    for (const auto& file : relative_files(root)) {
      manifest["outputs"].push_back(
          {{"path", file.string()}, {"sha256", file_sha256(root / file)}});
    }
    // Written last: its presence marks a complete result (batch --resume relies on it).
    geodata::write_text_atomic(root / "manifest.json", manifest.dump(2) + "\n");
  });
  result.outputs = relative_files(root);
  staging.commit();
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

}  // namespace equiroute::io

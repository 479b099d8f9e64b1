#pragma once
// Everything `run` writes from its results: tables (CSV + Markdown), GIS layers, maps and
// Lorenz charts, report.md/report.html, and the parameters recorded in the manifest.
// Tables: run_outputs.cpp; maps: run_maps.cpp; report: run_report.cpp.

#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "equiroute/engine/equity.hpp"
#include "equiroute/pipeline/access_step.hpp"
#include "equiroute/pipeline/access_tables.hpp"
#include "equiroute/pipeline/indicator_style.hpp"
#include "equiroute/pipeline/plan_maps.hpp"
#include "equiroute/pipeline/run_uncertainty.hpp"
#include "equiroute/pipeline/study_area.hpp"
#include "equiroute/report/text_table.hpp"
#include "equiroute/scenario/scenario.hpp"

namespace equiroute::io {

struct MapContext;  // run_maps.cpp: what every map of a run shares

class RunOutputs {
 public:
  /// `root`: the (temporary) result directory; every file goes below it. `access` is empty
  /// when the scenario has no facilities.
  RunOutputs(const Scenario& scenario, const StudyArea& area, const engine::EquityAnalysis& equity,
             const std::optional<AccessOutcome>& access, std::filesystem::path root);

  /// Bootstrap intervals and the sweep, written with the tables, maps and report; must
  /// outlive this object.
  void set_uncertainty(const RunUncertainty& uncertainty) { uncertainty_ = &uncertainty; }
  /// The plan and its figures for the report's "What-if plan" section; must outlive this.
  void set_plan(const PlanOutcome& plan, const PlanFigures& figures) {
    plan_ = &plan;
    plan_figures_ = &figures;
  }

  void write_tables();
  void write_layers();
  void write_maps();
  void write_report();
  /// Parameters of the run for manifest.json.
  nlohmann::ordered_json parameters() const;

 private:
  TextTable resources_table() const;
  /// The study area's regions with names and groups, for the access_regions table.
  RegionList region_list() const;
  geodata::FeatureSet regions_layer() const;
  geodata::FeatureSet groups_layer() const;
  void add_density_columns(geodata::FeatureSet& regions, geodata::FeatureSet& groups) const;
  void write_layer_files(const geodata::FeatureSet& layer, const std::string& name) const;
  /// A field name as printed on maps: the usual resource names in the report language
  /// (doctors → 医生数 in zh), others with underscores as spaces.
  std::string label(const std::string& field) const;
  std::string source_note() const;
  /// The mapped indicators, in map order: densities at the level of the resources, then the
  /// travel time to the nearest facility and each model's score for the first supply field
  /// (run_indicators.cpp). Maps, layer styles and the interactive report all show these.
  std::vector<MappedIndicator> indicators() const;
  /// Method, classes and "no data" label of every map of the run.
  ChoroplethSpec class_spec() const;
  std::vector<geodata::LayerStyle> layer_styles(const std::string& layer) const;
  /// The interactive report's map data (JSON; run_web_map.cpp); empty without an indicator.
  std::string web_map_data() const;
  void draw_indicator_maps(const MapContext& context);
  void draw_lorenz_charts(const MapContext& context);

  const Scenario& scenario_;
  const StudyArea& area_;
  const engine::EquityAnalysis& equity_;
  const std::optional<AccessOutcome>& access_;
  std::filesystem::path root_;
  const RunUncertainty* uncertainty_ = nullptr;
  const PlanOutcome* plan_ = nullptr;
  const PlanFigures* plan_figures_ = nullptr;
  /// Figures made by write_maps(), with captions, in reading order.
  std::vector<std::pair<std::filesystem::path, std::string>> density_maps_, lorenz_charts_,
      access_maps_, sweep_charts_;
};

}  // namespace equiroute::io

#pragma once
// Everything `run` writes from its results: tables (CSV + Markdown), GIS layers, maps and
// Lorenz charts, report.md/report.html, and the parameters recorded in the manifest.

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "equiroute/engine/equity.hpp"
#include "equiroute/io/report.hpp"
#include "equiroute/io/run_access.hpp"
#include "equiroute/io/scenario.hpp"
#include "equiroute/io/study_area.hpp"
#include "equiroute/io/text_table.hpp"

namespace equiroute::io {

class RunOutputs {
 public:
  /// `root`: the (temporary) result directory; every file goes below it.
  RunOutputs(const Scenario& scenario, const StudyArea& area, const engine::EquityAnalysis& equity,
             const AccessOutcome& access, std::filesystem::path root);

  void write_tables();
  void write_layers();
  void write_maps();
  void write_report();
  /// Parameters of the run for manifest.json.
  nlohmann::ordered_json parameters() const;

 private:
  TextTable resources_table() const;
  TextTable access_regions_table() const;
  TextTable burden_table() const;
  TextTable access_equity_table() const;
  TextTable facilities_table() const;
  std::string text(const std::string& en, const std::string& zh) const;
  /// A field name as printed on maps: the usual resource names in the report language
  /// (doctors → 医生 in zh), others with underscores as spaces.
  std::string label(const std::string& field) const;
  std::string source_note() const;

  const Scenario& scenario_;
  const StudyArea& area_;
  const engine::EquityAnalysis& equity_;
  const AccessOutcome& access_;
  std::filesystem::path root_;
  /// Figures made by write_maps(), with captions, in reading order.
  std::vector<std::pair<std::filesystem::path, std::string>> density_maps_, lorenz_charts_,
      access_maps_;
};

}  // namespace equiroute::io

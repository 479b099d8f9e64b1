#pragma once
// The tables and the demand layer of an accessibility analysis, one builder per schema,
// written by `run` (into tables/ and layers/) and by `access` (into its output directory)
// alike, so the two commands give identical tables for the same inputs. Schema:
// docs/accessibility.md.
//   access_demand   one row per demand point: weight, nearest time, every score, flags
//   access_regions  one row per region: population-weighted means of its points
//   access_burden   one row per group and one for all: travel-burden statistics
//   access_equity   one row per indicator: Gini and Theil T/L with between/within parts
//   access_supply   one row per facility: supply and supply-to-demand ratios

#include <string>
#include <vector>

#include "equiroute/geodata/feature_set.hpp"
#include "equiroute/pipeline/access_step.hpp"
#include "equiroute/report/text_table.hpp"

namespace equiroute::io {

/// The regions of the access_regions table, in the order to list them; a region without
/// a demand point gets empty (NaN) values.
struct RegionList {
  std::vector<std::string> ids;
  std::vector<std::string> names;   ///< empty, or one per region
  std::vector<std::string> groups;  ///< empty, or one per region
};

/// The regions the analysis averaged into (AccessProblem::region_keys), in order of first
/// appearance, without names — the `access` command's groups.
RegionList analysis_regions(const AccessOutcome& outcome);

TextTable access_demand_table(const AccessOutcome& outcome);
TextTable access_regions_table(const AccessOutcome& outcome, const RegionList& regions);
/// Times in seconds for machines (the CSV), in minutes for people (the report).
enum class TimeUnit { Seconds, Minutes };
TextTable access_burden_table(const AccessOutcome& outcome, const std::string& all_label,
                              TimeUnit unit = TimeUnit::Seconds);
TextTable access_equity_table(const AccessOutcome& outcome);
TextTable access_supply_table(const AccessOutcome& outcome);

/// Per region (in `regions` order): the nearest time and every score column, and the
/// weight — the values of the access_regions table and of the run's region layer and maps.
struct RegionValues {
  std::vector<double> weights;
  std::vector<double> nearest_travel_s;
  std::vector<std::vector<double>> scores;  ///< [column of analysis.columns][region]
};
RegionValues region_values(const AccessOutcome& outcome, const RegionList& regions);

/// The demand points as a point layer "demand_points" with the columns of access_demand.
geodata::FeatureSet demand_points_layer(const AccessOutcome& outcome);

/// The facilities as a point layer "facilities" with the columns of access_supply.
geodata::FeatureSet facilities_layer(const AccessOutcome& outcome);

}  // namespace equiroute::io

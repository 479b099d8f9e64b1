#pragma once
// Builds the input of `equiroute equity` from files: a table with one row per region
// (population and resource columns, e.g. Luo et al. 2022 Table 3) and, optionally, region
// polygons (dissolved if asked) whose equal-area areas are joined to the rows by key.

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "equiroute/engine/equity.hpp"
#include "equiroute/report/equity_report.hpp"

namespace equiroute::io {

struct EquityInputOptions {
  std::filesystem::path table;  ///< any OGR table; CSV read through GDAL
  std::string key_field;        ///< unique id of each row (e.g. adcode)
  std::string name_field;       ///< optional display name
  std::string population_field;
  double population_scale = 1.0;  ///< multiplies population (10000 for "10,000 people")
  std::vector<std::string> resource_fields;
  std::string group_field;          ///< optional: Theil decomposition over this column's values
  std::filesystem::path regions;    ///< optional polygons
  std::string regions_key;          ///< field of the polygons matching key_field
  std::size_t dissolve_prefix = 0;  ///< > 0: dissolve polygons by the first N characters
  std::string area_crs = "auto";    ///< equal-area CRS for areas ("auto": fitted Albers)
  std::vector<engine::EquityBasis> bases;  ///< empty: both with regions, else population
  engine::LogBase log_base = engine::LogBase::E;
};

struct LoadedEquityInput {
  engine::EquityInput input;
  std::string area_crs;               ///< CRS the areas were computed in; empty without regions
  std::vector<std::string> warnings;  ///< e.g. polygons without a table row
  std::vector<std::filesystem::path> input_paths;  ///< outputs must not overwrite these
};

/// Reads the table (and polygons), checks every value, and joins areas by key.
/// Throws equiroute::Error (with file, feature and field) on unknown fields, missing,
/// non-numeric or negative values, population_scale ≤ 0, duplicate keys, the area basis
/// without regions, and table rows without a polygon when the area basis is requested.
/// Without the area basis, rows without a polygon only give a warning and no areas are used;
/// polygons without a row always give a warning.
LoadedEquityInput load_equity_input(const EquityInputOptions& options);

/// The provenance the equity report prints, from the options and the CRS the areas were
/// computed in.
EquityReportContext equity_report_context(const EquityInputOptions& options,
                                          const std::string& area_crs);

}  // namespace equiroute::io

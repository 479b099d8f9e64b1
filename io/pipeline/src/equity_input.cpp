#include "equiroute/pipeline/equity_input.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "equiroute/core/error.hpp"
#include "equiroute/geodata/feature_set.hpp"
#include "equiroute/geodata/region_areas.hpp"

namespace equiroute::io {
namespace {

std::string join_list(const std::vector<std::string>& items, std::size_t max_items = 10) {
  std::string out;
  for (std::size_t i = 0; i < items.size() && i < max_items; ++i) {
    out += (i ? ", " : "") + items[i];
  }
  if (items.size() > max_items) out += fmt::format(" (and {} more)", items.size() - max_items);
  return out;
}

bool has_basis(const std::vector<engine::EquityBasis>& bases, engine::EquityBasis basis) {
  return std::find(bases.begin(), bases.end(), basis) != bases.end();
}

}  // namespace

LoadedEquityInput load_equity_input(const EquityInputOptions& options) {
  if (!(options.population_scale > 0) || !std::isfinite(options.population_scale)) {
    throw Error(fmt::format("population scale must be a positive number, got {}",
                            options.population_scale));
  }
  if (options.resource_fields.empty()) throw Error("no resource field given");

  LoadedEquityInput out;
  engine::EquityInput& in = out.input;
  in.log_base = options.log_base;
  in.bases = options.bases;
  const bool with_regions = !options.regions.empty();
  if (in.bases.empty()) {
    in.bases = {engine::EquityBasis::Population};
    if (with_regions) in.bases.push_back(engine::EquityBasis::Area);
  }
  const bool need_area = has_basis(in.bases, engine::EquityBasis::Area);
  if (need_area && !with_regions) {
    throw Error("the area basis needs region polygons", {}, ErrorKind::BadInput,
                "give --regions and --regions-key, or use --basis population");
  }

  // The table: one unit per row, keyed by key_field (duplicates are refused by the reader).
  geodata::ReadOptions table_options;
  table_options.path = options.table.string();
  table_options.id_field = options.key_field;
  const geodata::FeatureSet table = geodata::read_features(table_options);
  out.input_paths.push_back(options.table);
  if (table.size() == 0) throw Error("the table has no rows", {.file = table.path});

  in.unit_ids = table.ids;
  std::vector<double> population = geodata::non_negative_numbers(table, options.population_field);
  for (double& p : population) p *= options.population_scale;
  in.population = std::move(population);
  if (!options.name_field.empty()) {
    table.field_index(options.name_field);
    for (std::size_t i = 0; i < table.size(); ++i) {
      in.unit_names.push_back(table.text(i, options.name_field));
    }
  }
  for (const auto& field : options.resource_fields) {
    in.resource_names.push_back(field);
    in.resources.push_back(geodata::non_negative_numbers(table, field));
  }
  if (!options.group_field.empty()) {
    table.field_index(options.group_field);
    for (std::size_t i = 0; i < table.size(); ++i) {
      std::string key = table.text(i, options.group_field);
      if (key.empty()) throw Error("empty group value", table.context(i, options.group_field));
      in.group_keys.push_back(std::move(key));
    }
  }

  if (!with_regions) return out;

  // Polygons: dissolved if asked, measured in an equal-area projection, joined by key.
  if (options.regions_key.empty()) {
    throw Error("--regions needs --regions-key (the polygon field matching the table key)");
  }
  geodata::ReadOptions region_options;
  region_options.path = options.regions.string();
  region_options.id_field = options.regions_key;
  region_options.require_geometry = true;
  // Counties are dissolved by key prefix, so only the dissolved keys need to be unique.
  region_options.require_unique_ids = options.dissolve_prefix == 0;
  const geodata::FeatureSet polygons = geodata::read_features(region_options);
  out.input_paths.push_back(options.regions);
  geodata::RegionAreaOptions area_options;
  area_options.crs = options.area_crs;
  area_options.dissolve_prefix = options.dissolve_prefix;
  const geodata::RegionAreas areas = geodata::compute_region_areas(polygons, area_options);
  out.area_crs = areas.crs;

  std::unordered_map<std::string, double> area_of;
  for (std::size_t i = 0; i < areas.regions.size(); ++i) {
    area_of[areas.regions.ids[i]] = areas.regions.number(i, "area_km2");
  }
  std::vector<std::string> rows_without_polygon;
  std::vector<double> area(table.size(), 0.0);
  for (std::size_t i = 0; i < table.size(); ++i) {
    auto it = area_of.find(table.ids[i]);
    if (it == area_of.end()) {
      rows_without_polygon.push_back(table.ids[i]);
    } else {
      area[i] = it->second;
    }
  }
  std::vector<std::string> polygons_without_row;
  {
    std::unordered_map<std::string, bool> in_table;
    for (const auto& id : table.ids) in_table[id] = true;
    for (const auto& id : areas.regions.ids) {
      if (!in_table.count(id)) polygons_without_row.push_back(id);
    }
  }
  if (!polygons_without_row.empty()) {
    out.warnings.push_back(fmt::format("{} region polygon(s) have no table row and are ignored: {}",
                                       polygons_without_row.size(),
                                       join_list(polygons_without_row)));
  }
  if (!rows_without_polygon.empty()) {
    const std::string message =
        fmt::format("{} table row(s) have no region polygon: {}", rows_without_polygon.size(),
                    join_list(rows_without_polygon));
    if (need_area) {
      throw Error(message, {.file = table.path, .field = options.key_field}, ErrorKind::BadInput,
                  options.dissolve_prefix > 0
                      ? fmt::format("polygon keys were dissolved to their first {} characters",
                                    options.dissolve_prefix)
                      : "check --regions-key and --dissolve-prefix");
    }
    out.warnings.push_back(message + "; areas and per-km² densities are not reported");
    return out;
  }
  in.area_km2 = std::move(area);
  return out;
}

EquityReportContext equity_report_context(const EquityInputOptions& options,
                                          const std::string& area_crs) {
  EquityReportContext context;
  context.table = options.table.string();
  context.regions = options.regions.string();
  context.area_crs = area_crs;
  context.population_scale = options.population_scale;
  context.key_field = options.key_field;
  context.population_field = options.population_field;
  context.group_field = options.group_field;
  context.dissolve_prefix = options.dissolve_prefix;
  return context;
}

}  // namespace equiroute::io

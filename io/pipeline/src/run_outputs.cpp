#include "equiroute/pipeline/run_outputs.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <map>

#include "equiroute/geodata/feature_builder.hpp"
#include "equiroute/pipeline/access_inputs.hpp"
#include "equiroute/pipeline/scenario_layer.hpp"

namespace equiroute::io {

namespace fs = std::filesystem;

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
}  // namespace

RunOutputs::RunOutputs(const Scenario& scenario, const StudyArea& area,
                       const engine::EquityAnalysis& equity,
                       const std::optional<AccessOutcome>& access, fs::path root)
    : scenario_(scenario), area_(area), equity_(equity), access_(access), root_(std::move(root)) {}

std::string RunOutputs::label(const std::string& field) const {
  static const std::map<std::string, std::pair<std::string, std::string>> kKnown{
      {"institutions", {"institutions", "机构数"}},
      {"facilities", {"facilities", "机构数"}},
      {"beds", {"beds", "床位数"}},
      {"actual_beds", {"actual beds", "实有床位数"}},
      {"doctors", {"doctors", "医生数"}},
      {"nurses", {"nurses", "护士数"}}};
  if (auto it = kKnown.find(field); it != kKnown.end())
    return scenario_.text(it->second.first, it->second.second);
  std::string out = field;
  std::replace(out.begin(), out.end(), '_', ' ');
  return out;
}

std::string RunOutputs::source_note() const {
  std::string note = "equiroute — " + scenario_.title + ".";
  if (access_) note += " " + access_->costs.method;
  for (const auto& n : area_.notes) note += " " + n;
  return note;
}

// ---------------------------------------------------------------------------- tables

TextTable RunOutputs::resources_table() const {
  const Units& units = area_.resource_units();
  std::vector<std::string> header{"id", "name", "population", "area_km2"};
  std::vector<int> precision{0, 0, 0, 1};
  for (const auto& f : area_.resource_fields) {
    header.push_back(f);
    precision.push_back(0);
  }
  TextTable table(header, precision);
  for (std::size_t u = 0; u < units.ids.size(); ++u) {
    std::vector<Cell> row{units.ids[u], units.names[u],
                          units.population.empty() ? Cell(kNaN) : Cell(units.population[u]),
                          units.area_km2[u]};
    for (const auto& column : units.resources) row.emplace_back(column[u]);
    table.add_row(std::move(row));
  }
  return table;
}

RegionList RunOutputs::region_list() const { return study_regions(area_); }

void RunOutputs::write_tables() {
  fs::create_directories(root_ / "tables");
  auto both = [&](const TextTable& table, const std::string& name, const std::string& title) {
    table.write_csv(root_ / "tables" / (name + ".csv"));
    table.write_markdown(root_ / "tables" / (name + ".md"), title);
  };
  both(resources_table(), "resources",
       scenario_.text("Resources by ", "资源，按") + to_string(area_.resource_level));
  if (!access_) return;
  both(access_demand_table(*access_), "access_demand",
       scenario_.text("Accessibility by demand point", "各需求点可达性"));
  both(access_regions_table(*access_, region_list()), "access_regions",
       scenario_.text("Accessibility by region", "各区域可达性"));
  both(access_burden_table(*access_, scenario_.text("all", "全部")), "access_burden",
       scenario_.text("Travel burden", "就医出行负担"));
  both(access_equity_table(*access_), "access_equity",
       scenario_.text("Equity of access", "可达性公平性"));
  both(access_supply_table(*access_), "access_supply",
       scenario_.text("Facilities and supply-to-demand ratios", "机构及供需比"));
  if (uncertainty_) write_uncertainty_tables(*uncertainty_, scenario_, access_, root_ / "tables");
}

// ---------------------------------------------------------------------------- layers

geodata::FeatureSet RunOutputs::regions_layer() const {
  geodata::FeatureSet regions = geodata::copy_features(area_.regions, {scenario_.regions.id_field});
  geodata::set_column(regions, "name", area_.region_units.names);
  const RegionList list = region_list();
  if (area_.has_groups()) geodata::set_column(regions, "group", list.groups);
  geodata::set_column(regions, "area_km2", area_.region_units.area_km2);
  if (area_.has_population())
    geodata::set_column(regions, "population", area_.region_units.population);
  if (area_.resource_level == ResourceLevel::Region) {
    for (std::size_t k = 0; k < area_.resource_fields.size(); ++k)
      geodata::set_column(regions, area_.resource_fields[k], area_.region_units.resources[k]);
  }
  if (!access_) return regions;
  const RegionValues values = region_values(*access_, list);
  geodata::set_column(regions, "nearest_travel_s", values.nearest_travel_s);
  const auto& columns = access_->analysis.columns;
  for (std::size_t c = 0; c < columns.size(); ++c) {
    if (columns[c].name != "nearest_travel_s")
      geodata::set_column(regions, columns[c].name, values.scores[c]);
  }
  return regions;
}

geodata::FeatureSet RunOutputs::groups_layer() const {
  geodata::FeatureSet groups =
      geodata::copy_features(area_.group_polygons, {area_.group_polygons.id_field});
  geodata::set_column(groups, "name", area_.group_units.names);
  geodata::set_column(groups, "area_km2", area_.group_units.area_km2);
  if (!area_.group_units.population.empty())
    geodata::set_column(groups, "population", area_.group_units.population);
  return groups;
}

/// Densities at the level of the resources, as in the paper's Table 4.
void RunOutputs::add_density_columns(geodata::FeatureSet& regions,
                                     geodata::FeatureSet& groups) const {
  const bool group_level = area_.resource_level == ResourceLevel::Group;
  geodata::FeatureSet& level = group_level ? groups : regions;
  for (std::size_t k = 0; k < area_.resource_fields.size(); ++k) {
    const std::string& f = area_.resource_fields[k];
    if (group_level) geodata::set_column(level, f, area_.group_units.resources[k]);
    if (!equity_.per_10k.empty() && !area_.resource_units().population.empty())
      geodata::set_column(level, f + "_per_10k", equity_.per_10k[k]);
    if (!equity_.per_km2.empty()) geodata::set_column(level, f + "_per_km2", equity_.per_km2[k]);
  }
}

void RunOutputs::write_layer_files(const geodata::FeatureSet& layer,
                                   const std::string& name) const {
  write_scenario_layer(layer, name, scenario_, root_, layer_styles(name));
}

void RunOutputs::write_layers() {
  geodata::FeatureSet regions = regions_layer();
  geodata::FeatureSet groups = area_.has_groups() ? groups_layer() : geodata::FeatureSet{};
  add_density_columns(regions, groups);
  write_layer_files(regions, "regions");
  write_layer_files(groups, "groups");
  if (access_) {
    write_layer_files(demand_points_layer(*access_), "demand_points");
    write_layer_files(facilities_layer(*access_), "facilities");
  }
}

// ---------------------------------------------------------------------------- manifest

nlohmann::ordered_json RunOutputs::parameters() const {
  nlohmann::ordered_json p;
  const auto& network = scenario_.network;
  p["network"] = {{"mode", network.network.path.empty() ? "none" : "road network"},
                  {"circuity", network.straight.circuity},
                  {"speed_kmh", network.straight.speed_kmh},
                  {"access_speed_kmh", network.snap.access_speed_kmh},
                  {"max_snap_m", network.snap.max_snap_m}};
  p["demand_rule"] = to_string(scenario_.demand.rule);
  p["equal_area_crs"] = area_.equal_area_crs;
  p["access"] = access_ ? access_parameters(*access_) : nlohmann::ordered_json();
  std::vector<std::string> bases;
  for (const auto basis : scenario_.equity.bases) bases.push_back(engine::to_string(basis));
  p["equity_bases"] = bases;
  p["theil_log"] = scenario_.equity.log_base == engine::LogBase::Ten ? "10" : "e";
  p["population_allocated_by_area"] = area_.population_allocated;
  if (uncertainty_) add_uncertainty_parameters(*uncertainty_, p);
  return p;
}

}  // namespace equiroute::io

#include "equiroute/pipeline/access_tables.hpp"

#include <fmt/core.h>

#include <cmath>
#include <limits>
#include <map>

#include "equiroute/geodata/feature_builder.hpp"

namespace equiroute::io {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// Scores per person are small (beds per person ~1e-3): 12 decimals keep >= 7 significant
// digits; times in seconds need 3.
constexpr int kScoreDecimals = 12;
constexpr int kTimeDecimals = 3;
const std::string kNearest = "nearest_travel_s";

bool is_time_column(const std::string& name) {
  return name.size() >= 2 && name.compare(name.size() - 2, 2, "_s") == 0;
}
int decimals_for(const std::string& column) {
  return is_time_column(column) ? kTimeDecimals : kScoreDecimals;
}

Cell optional_cell(const std::optional<double>& v) { return v ? Cell(*v) : Cell(kNaN); }

/// The score columns of the tables: every analysis column but a repeat of nearest_travel_s.
std::vector<std::size_t> score_columns(const engine::AccessAnalysis& a) {
  std::vector<std::size_t> out;
  for (std::size_t c = 0; c < a.columns.size(); ++c)
    if (a.columns[c].name != kNearest) out.push_back(c);
  return out;
}

/// A table header built column by column with its precision.
struct Columns {
  std::vector<std::string> names;
  std::vector<int> precision;
  void add(const std::string& name, int decimals) {
    names.push_back(name);
    precision.push_back(decimals);
  }
  TextTable table() const { return TextTable(names, precision); }
};

void add_score_headers(const engine::AccessAnalysis& a, Columns& columns) {
  columns.add(kNearest, kTimeDecimals);
  for (std::size_t c : score_columns(a))
    columns.add(a.columns[c].name, decimals_for(a.columns[c].name));
}

/// A quantile that falls among the unreachable population is +inf: written as the word
/// "unreachable", so that it cannot be mistaken for an empty (undefined) cell.
Cell quantile_cell(double v) { return std::isinf(v) ? Cell{std::string("unreachable")} : Cell{v}; }

std::string threshold_column(double minutes) {
  return fmt::format("share_beyond_{:g}_min", minutes);
}

}  // namespace

RegionList analysis_regions(const AccessOutcome& outcome) {
  RegionList list;
  list.ids = outcome.analysis.regions.keys;
  return list;
}

TextTable access_demand_table(const AccessOutcome& o) {
  const auto& p = o.problem;
  const auto& a = o.analysis;
  Columns columns;
  columns.add("id", 0);
  if (!p.region_keys.empty()) columns.add("region", 0);
  if (!p.group_keys.empty()) columns.add("group", 0);
  columns.add("lon", 7);
  columns.add("lat", 7);
  columns.add(p.weight_name, 3);
  add_score_headers(a, columns);
  for (const auto& result : a.results) columns.add(result.model + "_unreached", 0);
  TextTable table = columns.table();
  const auto scores = score_columns(a);
  for (std::size_t i = 0; i < p.demand_ids.size(); ++i) {
    std::vector<Cell> row{p.demand_ids[i]};
    if (!p.region_keys.empty()) row.emplace_back(p.region_keys[i]);
    if (!p.group_keys.empty()) row.emplace_back(p.group_keys[i]);
    row.emplace_back(p.demand_points[i].lon);
    row.emplace_back(p.demand_points[i].lat);
    row.emplace_back(p.weights[i]);
    row.emplace_back(a.nearest_travel_s[i]);
    for (std::size_t c : scores)
      row.emplace_back(a.results[a.columns[c].model].score(i, a.columns[c].column));
    for (const auto& result : a.results)
      row.emplace_back(static_cast<long long>(result.unreached[i]));
    table.add_row(std::move(row));
  }
  return table;
}

RegionValues region_values(const AccessOutcome& o, const RegionList& regions) {
  const auto& a = o.analysis;
  const std::size_t n = regions.ids.size();
  RegionValues v;
  v.weights.assign(n, kNaN);
  v.nearest_travel_s.assign(n, kNaN);
  v.scores.assign(a.columns.size(), std::vector<double>(n, kNaN));
  // Without region keys each demand point is a region of its own: its values are the
  // region's exactly (no averaging round-off).
  const bool own = o.problem.region_keys.empty();
  const auto& keys = own ? o.problem.demand_ids : a.regions.keys;
  std::map<std::string, std::size_t> index;
  for (std::size_t k = 0; k < keys.size(); ++k) index.emplace(keys[k], k);
  for (std::size_t r = 0; r < n; ++r) {
    const auto it = index.find(regions.ids[r]);
    if (it == index.end()) continue;
    const std::size_t k = it->second;
    v.weights[r] = own ? o.problem.weights[k] : a.region_population[k];
    v.nearest_travel_s[r] = own ? a.nearest_travel_s[k] : a.region_nearest_travel_s[k];
    for (std::size_t c = 0; c < a.columns.size(); ++c) {
      v.scores[c][r] =
          own ? a.results[a.columns[c].model].score(k, a.columns[c].column) : a.region_scores[c][k];
    }
  }
  return v;
}

TextTable access_regions_table(const AccessOutcome& o, const RegionList& regions) {
  const auto& a = o.analysis;
  Columns columns;
  columns.add("id", 0);
  if (!regions.names.empty()) columns.add("name", 0);
  if (!regions.groups.empty()) columns.add("group", 0);
  columns.add(o.problem.weight_name, 3);
  add_score_headers(a, columns);
  TextTable table = columns.table();
  const RegionValues v = region_values(o, regions);
  const auto scores = score_columns(a);
  for (std::size_t r = 0; r < regions.ids.size(); ++r) {
    std::vector<Cell> row{regions.ids[r]};
    if (!regions.names.empty()) row.emplace_back(regions.names[r]);
    if (!regions.groups.empty()) row.emplace_back(regions.groups[r]);
    row.emplace_back(v.weights[r]);
    row.emplace_back(v.nearest_travel_s[r]);
    for (std::size_t c : scores) row.emplace_back(v.scores[c][r]);
    table.add_row(std::move(row));
  }
  return table;
}

TextTable access_burden_table(const AccessOutcome& o, const std::string& all_label, TimeUnit unit) {
  const auto& burden = o.analysis.burden;
  const bool minutes = unit == TimeUnit::Minutes;
  const double per = minutes ? 60.0 : 1.0;
  const std::string suffix = minutes ? "_min" : "_s";
  Columns columns;
  for (const char* name : {"group", "name"}) columns.add(name, 0);
  columns.add(o.problem.weight_name, minutes ? 0 : 3);
  for (const char* name : {"units", "unreachable_units"}) columns.add(name, 0);
  columns.add("unreachable_" + o.problem.weight_name, minutes ? 0 : 3);
  for (const char* name : {"mean_reachable", "median", "p90"})
    columns.add(name + suffix, minutes ? 1 : kTimeDecimals);
  for (double t : burden.thresholds_min) columns.add(threshold_column(t), minutes ? 3 : 6);
  TextTable table = columns.table();
  auto add = [&](const engine::TravelTimeStats& s, const std::string& key,
                 const std::string& name) {
    std::vector<Cell> row{key,
                          name,
                          s.population,
                          static_cast<long long>(s.units),
                          static_cast<long long>(s.unreachable_units),
                          s.unreachable_population,
                          s.mean_reachable_s / per,
                          quantile_cell(s.median_s / per),
                          quantile_cell(s.p90_s / per)};
    for (double share : s.share_beyond) row.emplace_back(share);
    table.add_row(std::move(row));
  };
  for (const auto& g : burden.groups) {
    const auto it = o.problem.group_names.find(g.key);
    add(g, g.key, it == o.problem.group_names.end() ? std::string() : it->second);
  }
  add(burden.overall, "all", all_label);
  return table;
}

TextTable access_equity_table(const AccessOutcome& o) {
  TextTable table({"indicator", "weight", "units", "gini", "band", "theil_t", "theil_t_between",
                   "theil_t_within", "theil_l", "theil_l_between", "theil_l_within", "note"},
                  {0, 0, 0, 4, 0, 4, 4, 4, 4, 4, 4, 0});
  const std::string& weight = o.problem.weight_name;
  for (const auto& e : o.analysis.equity) {
    std::string note = e.undefined_reason;
    if (e.units_excluded)
      note += fmt::format("{}{} units without a finite value left out", note.empty() ? "" : "; ",
                          e.units_excluded);
    if (!e.indices) {
      table.add_row({e.name, weight, static_cast<long long>(e.units_used), kNaN, std::string(),
                     kNaN, kNaN, kNaN, kNaN, kNaN, kNaN, note});
      continue;
    }
    const auto& i = *e.indices;
    auto part = [](const std::optional<engine::TheilDecomposition>& d, bool between) {
      return d ? optional_cell(between ? d->between : d->within) : Cell(kNaN);
    };
    if (!i.theil_l.defined()) note += (note.empty() ? "" : "; ") + i.theil_l.undefined_reason;
    table.add_row({e.name, weight, static_cast<long long>(e.units_used), i.gini.gini, i.band,
                   optional_cell(i.theil_t.value), part(i.theil_t_groups, true),
                   part(i.theil_t_groups, false), optional_cell(i.theil_l.value),
                   part(i.theil_l_groups, true), part(i.theil_l_groups, false), note});
  }
  return table;
}

TextTable access_supply_table(const AccessOutcome& o) {
  const auto& p = o.problem;
  const auto& a = o.analysis;
  const auto& attributes = p.supply.attributes;
  Columns columns;
  columns.add("id", 0);
  columns.add("lon", 7);
  columns.add("lat", 7);
  for (const auto& attribute : attributes) columns.add(attribute, 3);
  std::vector<const engine::AccessResult*> fca;  // results with supply-to-demand ratios
  for (const auto& result : a.results) {
    if (result.facility_ratio.empty()) continue;
    fca.push_back(&result);
    for (const auto& attribute : attributes)
      columns.add(result.model + "_" + attribute + "_ratio", kScoreDecimals);
    columns.add(result.model + "_ratio_undefined", 0);
  }
  TextTable table = columns.table();
  const std::size_t attrs = attributes.size();
  for (std::size_t j = 0; j < p.facility_ids.size(); ++j) {
    std::vector<Cell> row{p.facility_ids[j], p.facility_points[j].lon, p.facility_points[j].lat};
    for (std::size_t k = 0; k < attrs; ++k) row.emplace_back(p.supply.at(j, k));
    for (const auto* r : fca) {
      for (std::size_t k = 0; k < attrs; ++k) row.emplace_back(r->facility_ratio[j * attrs + k]);
      row.emplace_back(static_cast<long long>(r->ratio_undefined[j]));
    }
    table.add_row(std::move(row));
  }
  return table;
}

geodata::FeatureSet demand_points_layer(const AccessOutcome& o) {
  const auto& p = o.problem;
  const auto& a = o.analysis;
  geodata::FeatureSet layer =
      geodata::point_features("demand_points", "id", p.demand_ids, p.demand_points);
  if (!p.region_keys.empty()) geodata::set_column(layer, "region", p.region_keys);
  if (!p.group_keys.empty()) geodata::set_column(layer, "group", p.group_keys);
  geodata::set_column(layer, p.weight_name, p.weights);
  geodata::set_column(layer, kNearest, a.nearest_travel_s);
  for (std::size_t c : score_columns(a))
    geodata::set_column(layer, a.columns[c].name,
                        a.results[a.columns[c].model].column(a.columns[c].column));
  return layer;
}

geodata::FeatureSet facilities_layer(const AccessOutcome& o) {
  const auto& p = o.problem;
  geodata::FeatureSet layer =
      geodata::point_features("facilities", "id", p.facility_ids, p.facility_points);
  const std::size_t attrs = p.supply.attribute_count();
  for (std::size_t k = 0; k < attrs; ++k) {
    std::vector<double> values;
    for (std::size_t j = 0; j < p.facility_ids.size(); ++j) values.push_back(p.supply.at(j, k));
    geodata::set_column(layer, p.supply.attributes[k], values);
  }
  for (const auto& r : o.analysis.results) {
    if (r.facility_ratio.empty()) continue;
    for (std::size_t k = 0; k < attrs; ++k) {
      std::vector<double> ratio;
      for (std::size_t j = 0; j < p.facility_ids.size(); ++j)
        ratio.push_back(r.facility_ratio[j * attrs + k]);
      geodata::set_column(layer, r.model + "_" + p.supply.attributes[k] + "_ratio", ratio);
    }
  }
  return layer;
}

}  // namespace equiroute::io

#include "equiroute/io/access_report.hpp"

#include <fmt/core.h>

#include <cmath>
#include <variant>

#include "equiroute/core/error.hpp"
#include "equiroute/engine/model_registry.hpp"
#include "equiroute/geodata/atomic_output.hpp"
#include "equiroute/geodata/feature_builder.hpp"
#include "equiroute/geodata/layer_writer.hpp"
#include "equiroute/io/text_table.hpp"

namespace equiroute::io {

namespace {
namespace fs = std::filesystem;
using json = nlohmann::ordered_json;

// Scores per person are small (beds per person ~1e-3): 12 decimals keep >= 7 significant
// digits; times in seconds need 3.
constexpr int kScoreDecimals = 12;
constexpr int kTimeDecimals = 3;

bool is_time_column(const std::string& name) {
  return name.size() >= 2 && name.compare(name.size() - 2, 2, "_s") == 0;
}

int decimals_for(const std::string& column) {
  return is_time_column(column) ? kTimeDecimals : kScoreDecimals;
}

/// Finite numbers as numbers; NaN and infinities as null (JSON has neither).
json number(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

json optional_number(const std::optional<double>& v) {
  return v && std::isfinite(*v) ? json(*v) : json(nullptr);
}

std::string threshold_name(double minutes) { return fmt::format("{}", minutes); }

json param_json(const engine::ParamValue& value) {
  if (const auto* d = std::get_if<double>(&value)) return *d;
  if (const auto* l = std::get_if<std::vector<double>>(&value)) return *l;
  return std::get<std::string>(value);
}

json stats_json(const engine::TravelTimeStats& s, const std::vector<double>& thresholds) {
  json j;
  if (!s.key.empty()) j["group"] = s.key;
  j["units"] = s.units;
  j["population"] = s.population;
  j["unreachable_units"] = s.unreachable_units;
  j["unreachable_population"] = s.unreachable_population;
  j["mean_reachable_s"] = number(s.mean_reachable_s);
  j["median_s"] = number(s.median_s);
  j["median_unreachable"] = std::isinf(s.median_s);
  j["p90_s"] = number(s.p90_s);
  j["p90_unreachable"] = std::isinf(s.p90_s);
  json shares = json::object();
  for (std::size_t t = 0; t < thresholds.size(); ++t) {
    shares[threshold_name(thresholds[t])] = number(s.share_beyond[t]);
  }
  j["share_beyond_min"] = shares;
  return j;
}

json decomposition_json(const engine::TheilResult& total,
                        const std::optional<engine::TheilDecomposition>& groups) {
  json j;
  j["value"] = optional_number(total.value);
  if (!total.defined()) {
    j["undefined_reason"] = total.undefined_reason;
    j["undefined_units"] = total.undefined_units;
  }
  if (groups) {
    j["between"] = optional_number(groups->between);
    j["within"] = optional_number(groups->within);
    j["between_share"] = optional_number(groups->between_share);
  }
  return j;
}

json equity_json(const engine::ValueEquity& e) {
  json j;
  j["indicator"] = e.name;
  j["units_used"] = e.units_used;
  j["units_excluded"] = e.units_excluded;
  if (!e.indices) {
    j["gini"] = nullptr;
    j["undefined_reason"] = e.undefined_reason;
    return j;
  }
  j["gini"] = number(e.indices->gini.gini);
  j["gini_band"] = e.indices->band;
  j["theil_t"] = decomposition_json(e.indices->theil_t, e.indices->theil_t_groups);
  j["theil_l"] = decomposition_json(e.indices->theil_l, e.indices->theil_l_groups);
  return j;
}

void write_demand_csv(const engine::AccessAnalysis& a, const AccessReportContext& c,
                      const fs::path& path) {
  std::vector<std::string> header{"id"};
  std::vector<int> precision{0};
  if (!c.group_field.empty()) {
    header.push_back(c.group_field);
    precision.push_back(0);
  }
  header.insert(header.end(), {"lon", "lat", "population"});
  precision.insert(precision.end(), {7, 7, 3});
  for (const auto& column : a.columns) {
    header.push_back(column.name);
    precision.push_back(decimals_for(column.name));
  }
  for (const auto& result : a.results) {
    header.push_back(result.model + "_unreached");
    precision.push_back(0);
  }
  TextTable table(header, precision);
  for (std::size_t i = 0; i < c.demand.ids.size(); ++i) {
    std::vector<Cell> row{c.demand.ids[i]};
    if (!c.group_field.empty()) row.emplace_back(c.demand.groups[i]);
    row.emplace_back(c.demand.points[i].lon);
    row.emplace_back(c.demand.points[i].lat);
    row.emplace_back(c.demand.population[i]);
    for (const auto& column : a.columns) {
      row.emplace_back(a.results[column.model].score(i, column.column));
    }
    for (const auto& result : a.results)
      row.emplace_back(static_cast<long long>(result.unreached[i]));
    table.add_row(std::move(row));
  }
  geodata::write_text_atomic(path, table.to_csv(), c.inputs);
}

void write_supply_csv(const engine::AccessAnalysis& a, const AccessReportContext& c,
                      const fs::path& path) {
  std::vector<std::string> header{"id", "lon", "lat"};
  std::vector<int> precision{0, 7, 7};
  for (const auto& attribute : c.supply.supply.attributes) {
    header.push_back(attribute);
    precision.push_back(3);
  }
  std::vector<std::size_t> fca;  // results with supply-to-demand ratios
  for (std::size_t r = 0; r < a.results.size(); ++r) {
    if (a.results[r].facility_ratio.empty()) continue;
    fca.push_back(r);
    for (const auto& attribute : c.supply.supply.attributes) {
      header.push_back(a.results[r].model + "_" + attribute + "_ratio");
      precision.push_back(kScoreDecimals);
    }
    header.push_back(a.results[r].model + "_ratio_undefined");
    precision.push_back(0);
  }
  TextTable table(header, precision);
  const std::size_t attrs = c.supply.supply.attribute_count();
  for (std::size_t j = 0; j < c.supply.ids.size(); ++j) {
    std::vector<Cell> row{c.supply.ids[j], c.supply.points[j].lon, c.supply.points[j].lat};
    for (std::size_t k = 0; k < attrs; ++k) row.emplace_back(c.supply.supply.at(j, k));
    for (std::size_t r : fca) {
      for (std::size_t k = 0; k < attrs; ++k)
        row.emplace_back(a.results[r].facility_ratio[j * attrs + k]);
      row.emplace_back(static_cast<long long>(a.results[r].ratio_undefined[j]));
    }
    table.add_row(std::move(row));
  }
  geodata::write_text_atomic(path, table.to_csv(), c.inputs);
}

void write_groups_csv(const engine::AccessAnalysis& a, const AccessReportContext& c,
                      const fs::path& path) {
  const auto& thresholds = a.burden.thresholds_min;
  std::vector<std::string> header{c.group_field,
                                  "units",
                                  "population",
                                  "unreachable_units",
                                  "unreachable_population",
                                  "nearest_mean_reachable_s",
                                  "nearest_median_s",
                                  "nearest_p90_s"};
  std::vector<int> precision{0, 0, 3, 0, 3, kTimeDecimals, kTimeDecimals, kTimeDecimals};
  for (double t : thresholds) {
    header.push_back("share_beyond_" + threshold_name(t) + "_min");
    precision.push_back(6);
  }
  for (const auto& column : a.columns) {
    header.push_back(column.name);
    precision.push_back(decimals_for(column.name));
  }
  TextTable table(header, precision);
  for (std::size_t g = 0; g < a.groups.size(); ++g) {
    const auto& s = a.burden.groups[g];
    // A quantile that falls among the unreachable population is +inf: written as the word
    // "unreachable", so that it cannot be mistaken for an empty (undefined) cell.
    auto quantile = [](double v) -> Cell {
      return std::isinf(v) ? Cell{std::string("unreachable")} : Cell{v};
    };
    std::vector<Cell> row{s.key,
                          static_cast<long long>(s.units),
                          s.population,
                          static_cast<long long>(s.unreachable_units),
                          s.unreachable_population,
                          s.mean_reachable_s,
                          quantile(s.median_s),
                          quantile(s.p90_s)};
    for (double share : s.share_beyond) row.emplace_back(share);
    for (std::size_t k = 0; k < a.columns.size(); ++k) row.emplace_back(a.group_scores[k][g]);
    table.add_row(std::move(row));
  }
  geodata::write_text_atomic(path, table.to_csv(), c.inputs);
}

fs::path write_demand_layer(const engine::AccessAnalysis& a, const AccessReportContext& c,
                            const fs::path& dir) {
  const std::string extension = c.layer_format == "geojson" ? ".geojson" : ".gpkg";
  std::vector<std::string> keep;
  if (!c.group_field.empty()) keep.push_back(c.group_field);
  geodata::FeatureSet layer = geodata::copy_features(c.demand.features, keep);
  geodata::set_column(layer, "population", c.demand.population);
  for (const auto& column : a.columns) {
    geodata::set_column(layer, column.name, a.results[column.model].column(column.column));
  }
  const fs::path path = dir / ("access_demand" + extension);
  geodata::write_layer(layer, path, {.layer_name = "access_demand", .inputs = c.inputs});
  return path;
}
}  // namespace

json access_summary_json(const engine::AccessAnalysis& a, const AccessReportContext& c) {
  json j;
  j["command"] = "access";
  json costs;
  costs["method"] = c.cost_method;
  costs["approximate"] = c.costs.approximate;
  costs["origins"] = c.costs.origin_count;
  costs["destinations"] = c.costs.destination_count;
  costs["reachable_pairs"] = c.costs.entries();
  if (c.cost_report) {
    costs["rows"] = c.cost_report->rows;
    costs["unreachable_rows"] = c.cost_report->unreachable_rows;
    costs["missing_pairs"] = c.cost_report->missing_pairs;
  }
  j["travel_costs"] = costs;
  double population = 0;
  for (double p : c.demand.population) population += p;
  j["demand"] = {{"points", c.demand.ids.size()},
                 {"population", population},
                 {"rule", to_string(c.demand.rule)},
                 {"group_field", c.group_field.empty() ? json(nullptr) : json(c.group_field)}};
  j["supply"] = {{"facilities", c.supply.ids.size()}, {"fields", c.supply.supply.attributes}};
  json models = json::array();
  for (std::size_t r = 0; r < a.results.size(); ++r) {
    const auto& result = a.results[r];
    const auto& model = engine::access_model(result.model);
    json m;
    m["name"] = result.model;
    m["source"] = model.source();
    json params = json::object();
    for (const auto& [name, value] : a.params[r]) params[name] = param_json(value);
    m["params"] = params;
    json columns = json::array();
    for (const auto& column : result.columns) columns.push_back(result.model + "_" + column);
    m["columns"] = columns;
    m["unreached_demand_points"] = result.unreached_count;
    if (!result.facility_ratio.empty()) {
      m["facilities_ratio_undefined"] = result.ratio_undefined_count;
    }
    models.push_back(m);
  }
  j["models"] = models;
  json burden;
  burden["indicator"] = "travel time to the nearest facility (s)";
  burden["thresholds_min"] = a.burden.thresholds_min;
  burden["unreachable_rule"] =
      "unreachable units count as +inf: beyond every threshold and in the quantiles; the mean "
      "is over reachable units only; Gini/Theil of travel time exclude them (counted)";
  burden["overall"] = stats_json(a.burden.overall, a.burden.thresholds_min);
  json groups = json::array();
  for (const auto& g : a.burden.groups) groups.push_back(stats_json(g, a.burden.thresholds_min));
  burden["groups"] = groups;
  j["burden"] = burden;
  json equity = json::array();
  for (const auto& e : a.equity) equity.push_back(equity_json(e));
  j["equity"] = {{"weight", "population"},
                 {"log_base", "e"},
                 {"grouping", c.group_field.empty() ? json(nullptr) : json(c.group_field)},
                 {"indicators", equity}};
  return j;
}

std::vector<fs::path> write_access_outputs(const engine::AccessAnalysis& analysis,
                                           const AccessReportContext& context,
                                           const fs::path& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) {
    throw Error("cannot create the output directory (" + ec.message() + ")",
                {.file = dir.string()});
  }
  std::vector<fs::path> written;
  written.push_back(dir / "access_demand.csv");
  write_demand_csv(analysis, context, written.back());
  written.push_back(dir / "access_supply.csv");
  write_supply_csv(analysis, context, written.back());
  if (!context.group_field.empty()) {
    written.push_back(dir / "access_groups.csv");
    write_groups_csv(analysis, context, written.back());
  }
  if (context.layer_format != "none" && context.demand.features.has_geometry()) {
    written.push_back(write_demand_layer(analysis, context, dir));
  }
  written.push_back(dir / "summary.json");
  geodata::write_text_atomic(written.back(), access_summary_json(analysis, context).dump(2) + "\n",
                             context.inputs);
  return written;
}

}  // namespace equiroute::io

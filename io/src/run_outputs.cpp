#include "equiroute/io/run_outputs.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>
#include <map>

#include "equiroute/geodata/feature_builder.hpp"
#include "equiroute/geodata/layer_writer.hpp"
#include "equiroute/geodata/polygon_rings.hpp"
#include "equiroute/io/choropleth_map.hpp"
#include "equiroute/io/equity_report.hpp"
#include "equiroute/io/lorenz_chart.hpp"

namespace equiroute::io {

namespace fs = std::filesystem;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

Cell opt(const std::optional<double>& v) { return v ? Cell(*v) : Cell(kNaN); }

std::string column_name(const engine::AccessResult& r, std::size_t c) {
  return r.model + "_" + r.columns[c];
}

/// Lower is better for travel times; higher for every accessibility score.
bool is_time(const std::string& column) { return column.find("travel") != std::string::npos; }

std::vector<MapRegion> map_regions(const geodata::FeatureSet& polygons,
                                   const std::vector<std::string>& labels,
                                   const std::vector<double>& values) {
  auto rings = geodata::polygon_rings(polygons);
  std::vector<MapRegion> regions(polygons.size());
  for (std::size_t i = 0; i < polygons.size(); ++i) {
    regions[i].id = polygons.ids[i];
    regions[i].label = labels[i];
    regions[i].parts = std::move(rings[i]);
    regions[i].value = values[i];
  }
  return regions;
}

std::string slug(const std::string& text) {
  std::string out;
  for (char c : text) out += (std::isalnum(static_cast<unsigned char>(c)) ? c : '_');
  return out;
}

}  // namespace

RunOutputs::RunOutputs(const Scenario& scenario, const StudyArea& area,
                       const engine::EquityAnalysis& equity, const AccessOutcome& access,
                       fs::path root)
    : scenario_(scenario), area_(area), equity_(equity), access_(access), root_(std::move(root)) {}

std::string RunOutputs::text(const std::string& en, const std::string& zh) const {
  return scenario_.language == "zh" ? zh : en;
}

std::string RunOutputs::label(const std::string& field) const {
  static const std::map<std::string, std::pair<std::string, std::string>> kKnown{
      {"institutions", {"institutions", "机构数"}},
      {"facilities", {"facilities", "机构数"}},
      {"beds", {"beds", "床位数"}},
      {"actual_beds", {"actual beds", "实有床位数"}},
      {"doctors", {"doctors", "医生数"}},
      {"nurses", {"nurses", "护士数"}}};
  if (auto it = kKnown.find(field); it != kKnown.end())
    return text(it->second.first, it->second.second);
  std::string out = field;
  std::replace(out.begin(), out.end(), '_', ' ');
  return out;
}

std::string RunOutputs::source_note() const {
  std::string note = "equiroute — " + scenario_.title + ".";
  if (access_.computed) note += " " + access_.costs.method;
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

TextTable RunOutputs::access_regions_table() const {
  std::vector<std::string> header{"id", "name", "group", access_.weight_name, "nearest_travel_min"};
  std::vector<int> precision{0, 0, 0, 0, 1};
  for (const auto& r : access_.models) {
    for (std::size_t c = 0; c < r.columns.size(); ++c) {
      header.push_back(column_name(r, c));
      precision.push_back(is_time(r.columns[c]) ? 1 : 6);
    }
  }
  TextTable table(header, precision);
  for (std::size_t i = 0; i < area_.regions.size(); ++i) {
    std::vector<Cell> row{
        area_.region_units.ids[i], area_.region_units.names[i],
        area_.has_groups() ? area_.group_units.ids[area_.region_group[i]] : std::string(),
        access_.region_weights[i], access_.region_nearest_min[i]};
    for (const auto& model : access_.region_scores) {
      for (const auto& column : model) row.emplace_back(column[i]);
    }
    table.add_row(std::move(row));
  }
  return table;
}

TextTable RunOutputs::burden_table() const {
  std::vector<std::string> header{"group",    "name",       access_.weight_name,
                                  "mean_min", "median_min", "p90_min"};
  std::vector<int> precision{0, 0, 0, 1, 1, 1};
  for (double t : access_.burden.thresholds_min) {
    header.push_back(fmt::format("share_beyond_{:g}_min", t));
    precision.push_back(3);
  }
  header.push_back("unreachable_units");
  precision.push_back(0);
  TextTable table(header, precision);
  auto add = [&](const engine::TravelTimeStats& b, const std::string& name) {
    std::vector<Cell> row{b.key.empty() ? std::string("all") : b.key,
                          name,
                          b.population,
                          b.mean_reachable_s / 60.0,
                          b.median_s / 60.0,
                          b.p90_s / 60.0};
    for (double s : b.share_beyond) row.emplace_back(s);
    row.emplace_back(static_cast<long long>(b.unreachable_units));
    table.add_row(std::move(row));
  };
  for (const auto& g : access_.burden.groups) {
    auto it = std::find(area_.group_units.ids.begin(), area_.group_units.ids.end(), g.key);
    add(g, it == area_.group_units.ids.end()
               ? ""
               : area_.group_units.names[it - area_.group_units.ids.begin()]);
  }
  add(access_.burden.overall, text("all", "全部"));
  return table;
}

TextTable RunOutputs::access_equity_table() const {
  TextTable table({"indicator", "weight", "units", "gini", "band", "theil_t", "theil_t_between",
                   "theil_t_within", "theil_l", "theil_l_between", "theil_l_within", "note"},
                  {0, 0, 0, 4, 0, 4, 4, 4, 4, 4, 4, 0});
  for (const auto& e : access_.equity) {
    std::string note = e.undefined_reason;
    if (e.units_excluded)
      note += fmt::format("{}{} units without a finite value left out", note.empty() ? "" : "; ",
                          e.units_excluded);
    if (!e.indices) {
      table.add_row({e.name, access_.weight_name, static_cast<long long>(e.units_used), kNaN,
                     std::string(), kNaN, kNaN, kNaN, kNaN, kNaN, kNaN, note});
      continue;
    }
    const auto& i = *e.indices;
    auto part = [](const std::optional<engine::TheilDecomposition>& d, bool between) {
      return d ? opt(between ? d->between : d->within) : Cell(kNaN);
    };
    if (!i.theil_l.defined()) note += (note.empty() ? "" : "; ") + i.theil_l.undefined_reason;
    table.add_row({e.name, access_.weight_name, static_cast<long long>(e.units_used), i.gini.gini,
                   i.band, opt(i.theil_t.value), part(i.theil_t_groups, true),
                   part(i.theil_t_groups, false), opt(i.theil_l.value),
                   part(i.theil_l_groups, true), part(i.theil_l_groups, false), note});
  }
  return table;
}

TextTable RunOutputs::facilities_table() const {
  std::vector<std::string> header{"id", "lon", "lat"};
  std::vector<int> precision{0, 6, 6};
  for (const auto& a : area_.supply.attributes) {
    header.push_back(a);
    precision.push_back(0);
  }
  std::vector<const engine::AccessResult*> ratio_models;
  for (const auto& r : access_.models) {
    if (r.facility_ratio.empty()) continue;
    ratio_models.push_back(&r);
    for (const auto& a : area_.supply.attributes) {
      header.push_back(r.model + "_ratio_" + a);
      precision.push_back(8);
    }
  }
  TextTable table(header, precision);
  for (std::size_t j = 0; j < area_.facilities.size(); ++j) {
    std::vector<Cell> row{area_.facilities.ids[j], area_.facility_points[j].lon,
                          area_.facility_points[j].lat};
    for (std::size_t a = 0; a < area_.supply.attribute_count(); ++a)
      row.emplace_back(area_.supply.at(j, a));
    for (const auto* r : ratio_models) {
      for (std::size_t a = 0; a < area_.supply.attribute_count(); ++a) {
        row.emplace_back(r->facility_ratio[j * area_.supply.attribute_count() + a]);
      }
    }
    table.add_row(std::move(row));
  }
  return table;
}

void RunOutputs::write_tables() {
  fs::create_directories(root_ / "tables");
  auto both = [&](const TextTable& table, const std::string& name, const std::string& title) {
    table.write_csv(root_ / "tables" / (name + ".csv"));
    table.write_markdown(root_ / "tables" / (name + ".md"), title);
  };
  both(resources_table(), "resources", text("Resources by ", "资源，按") + area_.resource_level);
  if (!access_.computed) return;
  both(access_regions_table(), "access_regions", text("Accessibility by region", "各区域可达性"));
  both(burden_table(), "burden", text("Travel burden", "就医出行负担"));
  both(access_equity_table(), "access_equity", text("Equity of access", "可达性公平性"));
  both(facilities_table(), "facilities",
       text("Facilities and supply-to-demand ratios", "机构及供需比"));
}

// ---------------------------------------------------------------------------- layers

void RunOutputs::write_layers() {
  fs::create_directories(root_ / "layers");
  std::vector<std::string> keep{scenario_.regions.id_field};
  geodata::FeatureSet regions = geodata::copy_features(area_.regions, keep);
  geodata::set_column(regions, "name", area_.region_units.names);
  if (area_.has_groups()) {
    std::vector<std::string> groups;
    for (std::size_t g : area_.region_group) groups.push_back(area_.group_units.ids[g]);
    geodata::set_column(regions, "group", groups);
  }
  geodata::set_column(regions, "area_km2", area_.region_units.area_km2);
  if (area_.has_population())
    geodata::set_column(regions, "population", area_.region_units.population);
  if (area_.resource_level == "region") {
    for (std::size_t k = 0; k < area_.resource_fields.size(); ++k) {
      geodata::set_column(regions, area_.resource_fields[k], area_.region_units.resources[k]);
    }
  }
  geodata::FeatureSet demand;
  geodata::FeatureSet facilities;
  if (access_.computed) {
    geodata::set_column(regions, "nearest_travel_min", access_.region_nearest_min);
    demand =
        geodata::point_features("demand_points", "id", access_.demand_ids, access_.demand_points);
    std::vector<std::string> region_ids;
    for (std::size_t r : access_.demand_region) region_ids.push_back(area_.region_units.ids[r]);
    geodata::set_column(demand, "region", region_ids);
    geodata::set_column(demand, access_.weight_name, access_.weights);
    geodata::set_column(demand, "nearest_travel_min", access_.nearest_min);
    for (std::size_t m = 0; m < access_.models.size(); ++m) {
      const auto& r = access_.models[m];
      for (std::size_t c = 0; c < r.columns.size(); ++c) {
        geodata::set_column(regions, column_name(r, c), access_.region_scores[m][c]);
        geodata::set_column(demand, column_name(r, c), r.column(c));
      }
    }
  }
  if (area_.facilities.size() > 0) {
    facilities =
        geodata::point_features("facilities", "id", area_.facilities.ids, area_.facility_points);
    for (std::size_t a = 0; a < area_.supply.attribute_count(); ++a) {
      std::vector<double> values;
      for (std::size_t j = 0; j < area_.facilities.size(); ++j)
        values.push_back(area_.supply.at(j, a));
      geodata::set_column(facilities, area_.supply.attributes[a], values);
    }
    for (const auto& r : access_.models) {
      for (std::size_t a = 0; r.facility_ratio.size() && a < area_.supply.attribute_count(); ++a) {
        std::vector<double> ratio;
        for (std::size_t j = 0; j < area_.facilities.size(); ++j) {
          ratio.push_back(r.facility_ratio[j * area_.supply.attribute_count() + a]);
        }
        geodata::set_column(facilities, r.model + "_ratio_" + area_.supply.attributes[a], ratio);
      }
    }
  }
  geodata::FeatureSet groups;
  if (area_.has_groups()) {
    groups = geodata::copy_features(area_.group_polygons, {area_.group_polygons.id_field});
    geodata::set_column(groups, "name", area_.group_units.names);
    geodata::set_column(groups, "area_km2", area_.group_units.area_km2);
    if (!area_.group_units.population.empty())
      geodata::set_column(groups, "population", area_.group_units.population);
  }
  // Densities at the level of the resources, as in the paper's Table 4.
  geodata::FeatureSet& level = area_.resource_level == "group" ? groups : regions;
  for (std::size_t k = 0; k < area_.resource_fields.size(); ++k) {
    const std::string& f = area_.resource_fields[k];
    if (area_.resource_level == "group")
      geodata::set_column(level, f, area_.group_units.resources[k]);
    if (!equity_.per_10k.empty() && area_.resource_units().population.size()) {
      geodata::set_column(level, f + "_per_10k", equity_.per_10k[k]);
    }
    if (!equity_.per_km2.empty()) geodata::set_column(level, f + "_per_km2", equity_.per_km2[k]);
  }

  const auto inputs = scenario_.input_files();
  for (const auto& format : scenario_.output.layer_formats) {
    std::string ext = format == "shp" ? "shp" : format;
    auto write = [&](const geodata::FeatureSet& fs, const std::string& name) {
      if (fs.size() == 0) return;
      geodata::WriteOptions options;
      options.layer_name = name;
      options.inputs = inputs;
      fs::path dir = root_ / "layers";
      if (format == "shp") {
        dir /= name;  // a Shapefile is several files: one folder each
        fs::create_directories(dir);
      }
      geodata::write_layer(fs, dir / (name + "." + ext), options);
    };
    write(regions, "regions");
    if (area_.has_groups()) write(groups, "groups");
    write(demand, "demand_points");
    write(facilities, "facilities");
  }
}

// ---------------------------------------------------------------------------- maps

void RunOutputs::write_maps() {
  fs::path dir = root_ / "maps";
  fs::create_directories(dir);
  const auto inputs = scenario_.input_files();
  auto outputs_for = [&](const std::string& name) {
    FigureOutputs out;
    out.inputs = inputs;
    for (const auto& f : scenario_.output.map_formats) {
      if (f == "png") out.png = dir / (name + ".png");
      if (f == "pdf") out.pdf = dir / (name + ".pdf");
      if (f == "svg") out.svg = dir / (name + ".svg");
    }
    return out;
  };
  auto figure_path = [&](const FigureOutputs& out) { return !out.png.empty() ? out.png : out.svg; };
  ChoroplethSpec base;
  base.method = parse_class_method(scenario_.output.classification);
  base.classes = scenario_.output.classes;
  base.source_note = source_note();
  base.no_data_label = text("No data", "无数据");
  base.facility_legend_title = text("Facility capacity", "机构容量");
  base.north_label = text("N", "北");

  std::vector<MapFacility> symbols;
  for (std::size_t j = 0; j < area_.facilities.size(); ++j) {
    symbols.push_back(
        {area_.facility_points[j], area_.supply.attribute_count() ? area_.supply.at(j, 0) : 1.0});
  }
  if (!area_.supply.attributes.empty())
    base.facility_legend_title += " (" + label(area_.supply.attributes[0]) + ")";

  // Densities of each resource (per 10,000 people and per km²) at the resource level.
  const bool group_level = area_.resource_level == "group";
  const geodata::FeatureSet& level_polygons = group_level ? area_.group_polygons : area_.regions;
  const Units& units = area_.resource_units();
  for (std::size_t k = 0; k < area_.resource_fields.size(); ++k) {
    const std::string& f = area_.resource_fields[k];
    for (int per = 0; per < 2; ++per) {
      const auto& values = per == 0 ? equity_.per_10k : equity_.per_km2;
      if (values.empty() || (per == 0 && units.population.empty())) continue;
      ChoroplethSpec spec = base;
      spec.ramp = ColorRamp::Blues;
      spec.title = fmt::format(
          "{} {}", label(f),
          per == 0 ? text("per 10,000 people", "每万人") : text("per km²", "每平方公里"));
      spec.subtitle = scenario_.title;
      spec.legend_title = spec.title;
      std::string name = fmt::format("density_{}_{}", slug(f), per == 0 ? "per_10k" : "per_km2");
      auto out = outputs_for(name);
      render_choropleth(map_regions(level_polygons, units.names, values[k]), symbols, spec, out);
      density_maps_.emplace_back(figure_path(out), spec.title);
    }
  }
  // Lorenz curves: one chart per resource and basis.
  for (const auto& r : equity_.results) {
    std::string basis = engine::to_string(r.basis);
    LorenzChartSpec spec;
    spec.title = fmt::format("{} — {}", label(r.resource),
                             basis == "population" ? text("population basis", "人口维度")
                                                   : text("area basis", "地理维度"));
    spec.x_label = basis == "population" ? text("Cumulative share of population", "人口累计百分比")
                                         : text("Cumulative share of area", "面积累计百分比");
    spec.y_label = text("Cumulative share of ", "资源累计百分比：") + label(r.resource);
    spec.equality_label = text("Line of equality", "绝对公平线");
    spec.source_note = "equiroute — " + scenario_.title;
    LorenzCurve curve{basis, r.indices.gini.lorenz.points, r.indices.gini.gini};
    std::string name = fmt::format("lorenz_{}_{}", slug(r.resource), basis);
    auto out = outputs_for(name);
    render_lorenz_chart({curve}, spec, out);
    lorenz_charts_.emplace_back(figure_path(out),
                                spec.title + fmt::format(" (Gini = {:.3f})", r.indices.gini.gini));
  }
  if (!access_.computed) return;
  // Travel time to the nearest facility and each model's score for the first supply field.
  struct AccessMap {
    std::string name, title;
    std::vector<double> values;
  };
  std::vector<AccessMap> maps{{"nearest_travel_min", "", access_.region_nearest_min}};
  for (std::size_t m = 0; m < access_.models.size(); ++m) {
    const auto& r = access_.models[m];
    if (r.model == "nearest" || r.columns.empty()) continue;
    std::string model = r.model;
    std::transform(model.begin(), model.end(), model.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    maps.push_back(
        {column_name(r, 0),
         fmt::format("{} {} — {}", model, text("accessibility", "可达性"), label(r.columns[0])),
         access_.region_scores[m][0]});
  }
  for (const auto& [name, model_title, values] : maps) {
    ChoroplethSpec spec = base;
    bool time = is_time(name);
    spec.ramp = time ? ColorRamp::YlOrRd : ColorRamp::Greens;
    spec.lower_is_better = false;
    spec.title =
        time ? text("Travel time to the nearest facility (min)", "到最近机构的出行时间（分钟）")
             : model_title;
    spec.subtitle = scenario_.title;
    spec.legend_title = time ? text("minutes", "分钟") : text("score", "得分");
    auto out = outputs_for("access_" + slug(name));
    render_choropleth(map_regions(area_.regions, area_.region_units.names, values), symbols, spec,
                      out);
    access_maps_.emplace_back(figure_path(out), spec.title);
  }
}

// ---------------------------------------------------------------------------- report

void RunOutputs::write_report() {
  Report report(scenario_.title, parse_report_language(scenario_.language));
  for (const auto& note : area_.notes) report.add_note(note);
  if (access_.computed) report.add_note(access_.costs.method);

  report.add_heading(text("Resources", "资源配置"));
  report.add_paragraph(text(
      fmt::format("{} regions in {} groups; resources by {}: {}.", area_.regions.size(),
                  area_.group_units.ids.size(), area_.resource_level,
                  fmt::format("{}", fmt::join(area_.resource_fields, ", "))),
      fmt::format("{} 个区域，{} 个分组；资源按{}统计：{}。", area_.regions.size(),
                  area_.group_units.ids.size(), area_.resource_level == "group" ? "分组" : "区域",
                  fmt::format("{}", fmt::join(area_.resource_fields, "、")))));
  report.add_table(resources_table(),
                   text("Resources (the paper's Table 3 layout)", "资源（论文表3）"));
  report.add_table(
      densities_table(equity_),
      text("Densities per 10,000 people and per km² (Table 4)", "每万人及每平方公里密度（表4）"));
  report.add_heading(
      text("Equity of resources: Gini and Theil", "资源配置公平性：基尼系数与泰尔指数"));
  report.add_paragraph(
      text(fmt::format("Theil indices use the {} logarithm.",
                       scenario_.equity.theil_log == "10" ? "base-10" : "natural"),
           fmt::format("泰尔指数采用{}。",
                       scenario_.equity.theil_log == "10" ? "以10为底的对数" : "自然对数")));
  report.add_table(indices_table(equity_), text("Gini and Theil by basis (Tables 5–6)",
                                                "按维度的基尼系数与泰尔指数（表5–6）"));
  for (const auto& [path, caption] : density_maps_) report.add_figure(path, caption);
  for (const auto& [path, caption] : lorenz_charts_) report.add_figure(path, caption);

  if (access_.computed) {
    report.add_heading(text("Travel burden", "就医出行负担"));
    report.add_table(burden_table(), text("Travel time to the nearest facility, weighted by ",
                                          "到最近机构的出行时间，权重：") +
                                         access_.weight_name);
    report.add_heading(text("Equity of access", "可达性公平性"));
    report.add_table(access_equity_table(),
                     text("Gini and Theil of travel time and accessibility across demand points",
                          "出行时间与可达性得分的基尼系数和泰尔指数"));
    for (const auto& [path, caption] : access_maps_) report.add_figure(path, caption);
    report.add_paragraph(text("Scores per region: tables/access_regions.csv; layers in layers/.",
                              "各区域得分见 tables/access_regions.csv；图层见 layers/。"));
  }
  report.write(root_ / "report.md", root_ / "report.html", scenario_.input_files());
}

nlohmann::ordered_json RunOutputs::parameters() const {
  nlohmann::ordered_json p;
  const auto& network = scenario_.network;
  p["network"] = {{"mode", network.network.path.empty() ? "none" : "road network"},
                  {"circuity", network.straight.circuity},
                  {"speed_kmh", network.straight.speed_kmh},
                  {"access_speed_kmh", network.snap.access_speed_kmh},
                  {"max_snap_m", network.snap.max_snap_m}};
  p["demand_rule"] = scenario_.demand.rule;
  p["equal_area_crs"] = area_.equal_area_crs;
  p["models"] = nlohmann::ordered_json::object();
  for (const auto& model : scenario_.access.models) {
    nlohmann::ordered_json params = nlohmann::ordered_json::object();
    for (const auto& [key, value] : model_params(scenario_, model)) {
      std::visit([&](const auto& v) { params[key] = v; }, value);
    }
    p["models"][model] = params;
  }
  p["burden_thresholds_min"] = scenario_.access.burden_thresholds_min;
  p["equity_bases"] = scenario_.equity.bases;
  p["theil_log"] = scenario_.equity.theil_log;
  p["weight"] = access_.weight_name;
  p["population_allocated_by_area"] = area_.population_allocated;
  return p;
}

}  // namespace equiroute::io

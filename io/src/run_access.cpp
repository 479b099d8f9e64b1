#include "equiroute/io/run_access.hpp"

#include <fmt/core.h>
#include <spdlog/spdlog.h>

#include <cmath>
#include <limits>

#include "equiroute/core/error.hpp"
#include "equiroute/engine/burden.hpp"
#include "equiroute/engine/model_registry.hpp"
#include "equiroute/engine/region_scores.hpp"
#include "equiroute/geodata/geometry_ops.hpp"
#include "equiroute/io/access_points.hpp"

namespace equiroute::io {

namespace {

std::vector<LonLat> demand_points(const Scenario& s, const StudyArea& a) {
  std::string rule = s.demand.rule;
  if (rule == "auto") {
    rule =
        a.regions.has_field(s.demand.seat_lon_field) && a.regions.has_field(s.demand.seat_lat_field)
            ? "seat"
            : "point_on_surface";
  }
  if (rule == "centroid") return geodata::centroids(a.regions, a.equal_area_crs);
  if (rule == "point_on_surface") return geodata::points_on_surface(a.regions);
  std::vector<LonLat> points(a.regions.size());
  for (std::size_t i = 0; i < a.regions.size(); ++i) {
    points[i] = {a.regions.number(i, s.demand.seat_lon_field),
                 a.regions.number(i, s.demand.seat_lat_field)};
    if (std::abs(points[i].lon) > 180 || std::abs(points[i].lat) > 90) {
      throw Error("seat coordinates are not lon/lat degrees",
                  a.regions.context(i, s.demand.seat_lon_field));
    }
  }
  return points;
}

/// Demand from a point layer with population; each point goes to the region containing
/// it, and points in no region are left out with a warning (never silently).
void load_point_demand(const DemandSpec& spec, const StudyArea& area, AccessOutcome& o) {
  const auto d = load_demand_points({.path = spec.path.string(),
                                     .layer = spec.layer,
                                     .where = spec.where,
                                     .id_field = spec.id_field,
                                     .population_field = spec.population_field,
                                     .rule = DemandRule::Points});
  const auto region_of = geodata::assign_points_to_regions(d.points, area.regions);
  std::vector<std::string> outside;
  double outside_population = 0.0;
  for (std::size_t i = 0; i < d.ids.size(); ++i) {
    if (!region_of[i]) {
      outside.push_back(d.ids[i]);
      outside_population += d.population[i];
      continue;
    }
    o.demand_ids.push_back(d.ids[i]);
    o.demand_points.push_back(d.points[i]);
    o.demand_region.push_back(*region_of[i]);
    o.weights.push_back(d.population[i]);
  }
  if (!outside.empty()) {
    std::string list;
    for (std::size_t i = 0; i < outside.size() && i < 5; ++i) list += (i ? ", " : "") + outside[i];
    spdlog::warn(
        "{}: {} demand point(s) with population {:g} lie in no region and are left out "
        "({}{})",
        spec.path.string(), outside.size(), outside_population, list,
        outside.size() > 5 ? ", …" : "");
  }
  if (o.demand_ids.empty())
    throw Error("no demand point lies in a region", {.file = spec.path.string()});
  o.weight_name = "population";
}

/// Region values: the population-weighted means of their points (unreachable times left
/// out), or with one point per region that point's own values.
void aggregate_to_regions(const StudyArea& area, bool point_layer, AccessOutcome& o) {
  const engine::GroupIndex index{point_layer ? area.region_units.ids : std::vector<std::string>{},
                                 o.demand_region};
  const auto per_region = [&](const std::vector<double>& values) {
    if (!point_layer) return values;
    std::vector<double> finite(values);
    for (double& v : finite)
      if (!std::isfinite(v)) v = std::numeric_limits<double>::quiet_NaN();
    return engine::group_weighted_means(index, finite, o.weights);
  };
  o.region_weights = point_layer ? engine::group_totals(index, o.weights) : o.weights;
  o.region_nearest_min = per_region(o.nearest_min);
  for (const auto& r : o.models) {
    auto& model = o.region_scores.emplace_back();
    for (std::size_t c = 0; c < r.columns.size(); ++c) model.push_back(per_region(r.column(c)));
  }
}

}  // namespace

engine::ModelParams model_params(const Scenario& scenario, const std::string& model) {
  engine::ModelParams params;
  auto it = scenario.access.params.find(model);
  if (it != scenario.access.params.end()) params = it->second;
  // One catchment d0 for the single-threshold models (methods.md §4: 2SFCA, Gaussian 2SFCA,
  // cumulative); nearest and gravity stay unlimited unless their own params say otherwise.
  if ((model == "2sfca" || model == "g2sfca" || model == "cumulative") &&
      !params.count("threshold_min")) {
    params["threshold_min"] = scenario.access.threshold_min;
  }
  return engine::access_model(model).resolve(params).values();
}

AccessOutcome compute_access(const Scenario& scenario, const StudyArea& area, unsigned threads) {
  AccessOutcome o;
  o.computed = true;
  const bool point_layer = scenario.demand.rule == "points";
  if (point_layer) {
    load_point_demand(scenario.demand, area, o);
  } else {
    o.demand_ids = area.region_units.ids;
    o.demand_points = demand_points(scenario, area);
    for (std::size_t i = 0; i < o.demand_ids.size(); ++i) o.demand_region.push_back(i);
    if (area.has_population()) {
      o.weights = area.region_units.population;
      o.weight_name = "population";
    } else {
      o.weights = area.region_units.area_km2;
      o.weight_name = "area_km2";
      spdlog::warn("no population: travel burden and equity of access are weighted by area");
    }
  }
  network::TravelCostOptions travel = scenario.network;
  travel.threads = threads;
  o.costs = network::travel_costs(travel, o.demand_points, area.facility_points);

  engine::AccessInput input{o.costs.matrix, o.weights, area.supply};
  auto nearest = engine::run_access_model("nearest", input, {});
  std::vector<double> nearest_s = nearest.column(0);
  for (double t : nearest_s) o.nearest_min.push_back(t / 60.0);
  for (const auto& model : scenario.access.models) {
    o.models.push_back(engine::run_access_model(model, input, model_params(scenario, model)));
    const auto& r = o.models.back();
    if (r.unreached_count)
      spdlog::warn("{}: {} demand points reach no facility (score 0, flagged)", model,
                   r.unreached_count);
    if (r.ratio_undefined_count) {
      spdlog::warn("{}: {} facilities have no demand in their catchment (ratio undefined, flagged)",
                   model, r.ratio_undefined_count);
    }
  }

  // Travel burden per group and overall, and the equity of travel time and of every score.
  std::vector<std::string> groups;
  if (area.has_groups()) {
    for (std::size_t r : o.demand_region)
      groups.push_back(area.group_units.ids[area.region_group[r]]);
  }
  engine::BurdenOptions burden;
  burden.thresholds_min = scenario.access.burden_thresholds_min;
  burden.log_base = scenario.equity.theil_log == "10" ? engine::LogBase::Ten : engine::LogBase::E;
  o.burden = engine::travel_burden(nearest_s, o.weights, groups, burden);
  burden.thresholds_min = {60.0};
  o.share_beyond_60 =
      engine::travel_burden(nearest_s, o.weights, {}, burden).overall.share_beyond.at(0);
  const auto& ids = o.demand_ids;
  o.equity.push_back(engine::value_equity("nearest_travel_min", o.nearest_min, o.weights, ids,
                                          groups, burden.log_base));
  for (const auto& r : o.models) {
    if (r.model == "nearest") continue;
    for (std::size_t c = 0; c < r.columns.size(); ++c) {
      o.equity.push_back(engine::value_equity(r.model + "_" + r.columns[c], r.column(c), o.weights,
                                              ids, groups, burden.log_base));
    }
  }
  aggregate_to_regions(area, point_layer, o);
  return o;
}

nlohmann::ordered_json AccessOutcome::travel_summary() const {
  if (!computed) return nlohmann::ordered_json::object();
  const auto& all = burden.overall;
  auto minutes = [](double s) {
    return std::isfinite(s) ? nlohmann::ordered_json(s / 60.0) : nlohmann::ordered_json();
  };
  return {
      {"mean_nearest_min", minutes(all.mean_reachable_s)},
      {"median_nearest_min", minutes(all.median_s)},
      {"p90_nearest_min", minutes(all.p90_s)},
      {"share_beyond_60", std::isfinite(share_beyond_60) ? nlohmann::ordered_json(share_beyond_60)
                                                         : nlohmann::ordered_json()},
      {"unreachable_units", all.unreachable_units},
      {"approximate", costs.matrix.approximate},
      {"weight", weight_name == "population" ? "population" : "area"}};
}

nlohmann::ordered_json AccessOutcome::gini_summary() const {
  nlohmann::ordered_json out = nlohmann::ordered_json::object();
  for (const auto& e : equity) {
    out[e.name] =
        e.indices ? nlohmann::ordered_json(e.indices->gini.gini) : nlohmann::ordered_json();
  }
  return out;
}

}  // namespace equiroute::io

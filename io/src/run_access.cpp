#include "equiroute/io/run_access.hpp"

#include <fmt/core.h>
#include <spdlog/spdlog.h>

#include <cmath>
#include <limits>

#include "equiroute/engine/burden.hpp"
#include "equiroute/engine/model_registry.hpp"
#include "equiroute/error.hpp"
#include "equiroute/geodata/geometry_ops.hpp"

namespace equiroute::io {

namespace {

std::vector<geodata::LonLat> demand_points(const Scenario& s, const StudyArea& a) {
  std::string rule = s.demand.rule;
  if (rule == "auto") {
    rule =
        a.regions.has_field(s.demand.seat_lon_field) && a.regions.has_field(s.demand.seat_lat_field)
            ? "seat"
            : "point_on_surface";
  }
  if (rule == "centroid") return geodata::centroids(a.regions, a.equal_area_crs);
  if (rule == "point_on_surface") return geodata::points_on_surface(a.regions);
  std::vector<geodata::LonLat> points(a.regions.size());
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
  o.demand_points = demand_points(scenario, area);
  if (area.has_population()) {
    o.weights = area.region_units.population;
    o.weight_name = "population";
  } else {
    o.weights = area.region_units.area_km2;
    o.weight_name = "area_km2";
    spdlog::warn("no population: travel burden and equity of access are weighted by area");
  }
  o.costs = travel_costs(scenario.network, o.demand_points, area.facility_points, threads);

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
  for (std::size_t g : area.region_group) groups.push_back(area.group_units.ids[g]);
  engine::BurdenOptions burden;
  burden.thresholds_min = scenario.access.burden_thresholds_min;
  burden.log_base = scenario.equity.theil_log == "10" ? engine::LogBase::Ten : engine::LogBase::E;
  o.burden = engine::travel_burden(nearest_s, o.weights, groups, burden);
  burden.thresholds_min = {60.0};
  o.share_beyond_60 =
      engine::travel_burden(nearest_s, o.weights, {}, burden).overall.share_beyond.at(0);
  const auto& ids = area.region_units.ids;
  o.equity.push_back(engine::value_equity("nearest_travel_min", o.nearest_min, o.weights, ids,
                                          groups, burden.log_base));
  for (const auto& r : o.models) {
    if (r.model == "nearest") continue;
    for (std::size_t c = 0; c < r.columns.size(); ++c) {
      o.equity.push_back(engine::value_equity(r.model + "_" + r.columns[c], r.column(c), o.weights,
                                              ids, groups, burden.log_base));
    }
  }
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

#include "equiroute/pipeline/access_inputs.hpp"

#include <fmt/core.h>
#include <spdlog/spdlog.h>

#include <cmath>

#include "equiroute/core/error.hpp"
#include "equiroute/geodata/geometry_ops.hpp"

namespace equiroute::io {

namespace {

/// The point coordinates when every geometry is a point; empty otherwise (polygons).
std::vector<LonLat> points_if_point_layer(const geodata::FeatureSet& features) {
  if (!features.has_geometry() || features.size() == 0) return {};
  try {
    return geodata::point_coordinates(features);
  } catch (const Error&) {
    return {};
  }
}

std::vector<LonLat> seat_points(const geodata::FeatureSet& f, const std::string& lon_field,
                                const std::string& lat_field) {
  std::vector<LonLat> points(f.size());
  for (std::size_t i = 0; i < f.size(); ++i) {
    points[i] = {f.number(i, lon_field), f.number(i, lat_field)};
    if (std::abs(points[i].lon) > 180 || std::abs(points[i].lat) > 90)
      throw Error("seat coordinates are not lon/lat degrees", f.context(i, lon_field));
  }
  return points;
}

/// The values of `field` as text; empty when no field is named. Throws, naming the field
/// and listing the available ones, when it is absent.
std::vector<std::string> field_texts(const geodata::FeatureSet& f, const std::string& field) {
  std::vector<std::string> out;
  if (field.empty()) return out;
  (void)f.field_index(field);
  for (std::size_t i = 0; i < f.size(); ++i) out.push_back(f.text(i, field));
  return out;
}

std::string list_some(const std::vector<std::string>& items) {
  std::string list;
  for (std::size_t i = 0; i < items.size() && i < 5; ++i) list += (i ? ", " : "") + items[i];
  return items.size() > 5 ? list + ", …" : list;
}

/// Demand from a point layer with population; each point goes to the region containing
/// it, and points in no region are left out with a warning (never silently).
void add_layer_demand(const Scenario& s, const StudyArea& area, AccessProblem& p) {
  const DemandPoints d = load_demand_points({.layer = s.demand.points,
                                             .population_field = s.demand.population_field,
                                             .rule = DemandRule::Points});
  const auto region_of = geodata::assign_points_to_regions(d.points, area.regions);
  std::vector<std::string> outside;
  double outside_population = 0.0;
  for (std::size_t i = 0; i < d.points.size(); ++i) {
    if (!region_of[i]) {
      outside.push_back(d.features.ids[i]);
      outside_population += d.population[i];
      continue;
    }
    p.demand_ids.push_back(d.features.ids[i]);
    p.demand_points.push_back(d.points[i]);
    p.region_keys.push_back(area.region_units.ids[*region_of[i]]);
    p.weights.push_back(d.population[i]);
    if (area.has_groups())
      p.group_keys.push_back(area.group_units.ids[area.region_group[*region_of[i]]]);
  }
  if (!outside.empty()) {
    spdlog::warn(
        "{}: {} demand point(s) with population {:g} lie in no region and are left out ({})",
        s.demand.points.path, outside.size(), outside_population, list_some(outside));
  }
  if (p.demand_ids.empty())
    throw Error("no demand point lies in a region", {.file = s.demand.points.path});
}

/// One demand point per region, weighted by its population (or area).
void add_region_demand(const Scenario& s, const StudyArea& area, AccessProblem& p) {
  const DemandRule rule = resolve_demand_rule(area.regions, s.demand.rule, s.demand.seat_lon_field,
                                              s.demand.seat_lat_field);
  p.demand_ids = area.region_units.ids;
  p.demand_points = place_demand_points(area.regions, rule, s.demand.seat_lon_field,
                                        s.demand.seat_lat_field, area.equal_area_crs);
  if (area.has_population()) {
    p.weights = area.region_units.population;
  } else {
    p.weights = area.region_units.area_km2;
    p.weight_name = "area_km2";
    spdlog::warn("no population: travel burden and equity of access are weighted by area");
  }
  if (area.has_groups()) {
    for (std::size_t g : area.region_group) p.group_keys.push_back(area.group_units.ids[g]);
  }
}

}  // namespace

DemandRule resolve_demand_rule(const geodata::FeatureSet& features, DemandRule rule,
                               const std::string& seat_lon_field,
                               const std::string& seat_lat_field) {
  if (rule != DemandRule::Auto) return rule;
  if (features.size() > 0 && points_if_point_layer(features).size() == features.size())
    return DemandRule::Points;
  if (features.has_field(seat_lon_field) && features.has_field(seat_lat_field))
    return DemandRule::Seat;
  return DemandRule::PointOnSurface;
}

std::vector<LonLat> place_demand_points(const geodata::FeatureSet& features, DemandRule rule,
                                        const std::string& seat_lon_field,
                                        const std::string& seat_lat_field,
                                        const std::string& equal_area_crs) {
  switch (rule) {
    case DemandRule::Points: {
      auto points = points_if_point_layer(features);
      if (points.size() != features.size() || features.size() == 0)
        throw Error("the demand layer is not a point layer",
                    {.file = features.path, .layer = features.layer}, ErrorKind::BadInput,
                    "for polygons use the rule seat, centroid or point_on_surface");
      return points;
    }
    case DemandRule::Seat:
      return seat_points(features, seat_lon_field, seat_lat_field);
    case DemandRule::Centroid:
      return geodata::centroids(features, equal_area_crs);
    case DemandRule::PointOnSurface:
    case DemandRule::Auto:
      break;
  }
  return geodata::points_on_surface(features);
}

DemandPoints load_demand_points(const DemandOptions& options) {
  if (options.population_field.empty())
    throw Error("a population field is required for demand points", {.file = options.layer.path});
  DemandPoints out;
  geodata::PointLayerOptions layer = options.layer;
  layer.require_points = false;
  layer.require_geometry = options.rule != DemandRule::Seat;
  out.features = geodata::read_point_features(layer);
  const auto& f = out.features;
  out.population = geodata::non_negative_numbers(f, options.population_field);
  out.names = field_texts(f, options.name_field);
  out.regions = field_texts(f, options.region_field);
  out.groups = field_texts(f, options.group_field);
  out.rule = resolve_demand_rule(f, options.rule, options.seat_lon_field, options.seat_lat_field);
  out.points = place_demand_points(f, out.rule, options.seat_lon_field, options.seat_lat_field);
  spdlog::info("demand: {} points from {} ({} rule)", out.points.size(), f.path,
               to_string(out.rule));
  return out;
}

SupplyPoints load_supply_points(const SupplyOptions& options) {
  SupplyPoints out;
  out.features = geodata::read_point_features(options.layer);
  out.points = geodata::lonlat_points(out.features);
  const std::size_t m = out.features.size();
  out.supply.facility_count = m;
  if (options.supply_fields.empty()) {
    out.supply.attributes = {"facilities"};
    out.supply.values.assign(m, 1.0);
  } else {
    out.supply.attributes = options.supply_fields;
    const std::size_t attrs = options.supply_fields.size();
    out.supply.values.assign(m * attrs, 0.0);
    for (std::size_t a = 0; a < attrs; ++a) {
      auto column = geodata::non_negative_numbers(out.features, options.supply_fields[a]);
      for (std::size_t j = 0; j < m; ++j) out.supply.values[j * attrs + a] = column[j];
    }
  }
  spdlog::info("supply: {} facilities from {}", m, out.features.path);
  return out;
}

AccessProblem access_problem(const DemandPoints& demand, const SupplyPoints& supply) {
  AccessProblem p;
  p.demand_ids = demand.features.ids;
  p.demand_points = demand.points;
  p.weights = demand.population;
  p.region_keys = demand.regions;
  p.group_keys = demand.groups;
  p.facility_ids = supply.features.ids;
  p.facility_points = supply.points;
  p.supply = supply.supply;
  p.demand_label = "demand points '" + demand.features.path + "'";
  p.facility_label = "facilities '" + supply.features.path + "'";
  return p;
}

RegionList access_region_list(const DemandPoints& demand, const AccessOutcome& outcome) {
  if (!demand.regions.empty()) return analysis_regions(outcome);
  return {demand.features.ids, demand.names, demand.groups};
}

RegionList study_regions(const StudyArea& area) {
  RegionList list;
  list.ids = area.region_units.ids;
  list.names = area.region_units.names;
  if (area.has_groups()) {
    for (std::size_t g : area.region_group) list.groups.push_back(area.group_units.ids[g]);
  }
  return list;
}

AccessProblem access_problem(const Scenario& scenario, const StudyArea& area) {
  AccessProblem p;
  if (scenario.demand.rule == DemandRule::Points) {
    add_layer_demand(scenario, area, p);
  } else {
    add_region_demand(scenario, area, p);
  }
  for (std::size_t g = 0; g < area.group_units.ids.size(); ++g)
    p.group_names[area.group_units.ids[g]] = area.group_units.names[g];
  p.facility_ids = area.facilities.ids;
  p.facility_points = area.facility_points;
  p.supply = area.supply;
  if (scenario.facilities)
    p.facility_label = "facilities '" + scenario.facilities->path.string() + "'";
  return p;
}

}  // namespace equiroute::io

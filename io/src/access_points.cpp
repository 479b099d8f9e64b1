#include "equiroute/io/access_points.hpp"

#include <spdlog/spdlog.h>

#include "equiroute/core/error.hpp"
#include "equiroute/geodata/geometry_ops.hpp"

namespace equiroute::io {

DemandRule demand_rule_from_name(const std::string& name) {
  if (name == "auto") return DemandRule::Auto;
  if (name == "points") return DemandRule::Points;
  if (name == "seat") return DemandRule::Seat;
  if (name == "centroid") return DemandRule::Centroid;
  if (name == "point_on_surface" || name == "point-on-surface") return DemandRule::PointOnSurface;
  throw Error("unknown demand rule '" + name + "'", {}, ErrorKind::BadInput,
              "rules: auto, points, seat, centroid, point_on_surface");
}

std::string to_string(DemandRule rule) {
  switch (rule) {
    case DemandRule::Auto:
      return "auto";
    case DemandRule::Points:
      return "points";
    case DemandRule::Seat:
      return "seat";
    case DemandRule::Centroid:
      return "centroid";
    case DemandRule::PointOnSurface:
      return "point_on_surface";
  }
  return "auto";
}

namespace {
/// The point coordinates when every geometry is a point; empty otherwise (polygons).
/// point_coordinates() is geodata's one test of "is a point"; io does not use GEOS itself.
std::vector<LonLat> points_if_point_layer(const geodata::FeatureSet& features) {
  if (!features.has_geometry()) return {};
  try {
    return geodata::point_coordinates(features);
  } catch (const Error&) {
    return {};
  }
}
}  // namespace

DemandPoints load_demand_points(const DemandOptions& options) {
  if (options.population_field.empty()) {
    throw Error("a population field is required for demand points", {.file = options.path});
  }
  DemandPoints out;
  out.features = geodata::read_features({.path = options.path,
                                         .layer = options.layer,
                                         .id_field = options.id_field,
                                         .where = options.where,
                                         .require_unique_ids = true,
                                         .require_geometry = options.rule != DemandRule::Seat});
  const auto& f = out.features;
  out.ids = f.ids;
  out.population = geodata::non_negative_numbers(f, options.population_field);
  if (!options.group_field.empty()) {
    (void)f.field_index(options.group_field);  // throws, naming the field, when absent
    for (std::size_t i = 0; i < f.size(); ++i) out.groups.push_back(f.text(i, options.group_field));
  }
  std::vector<LonLat> own_points = points_if_point_layer(f);
  const bool points = f.size() > 0 && own_points.size() == f.size();
  DemandRule rule = options.rule;
  if (rule == DemandRule::Auto) {
    if (points) {
      rule = DemandRule::Points;
    } else if (f.has_field(options.seat_lon_field) && f.has_field(options.seat_lat_field)) {
      rule = DemandRule::Seat;
    } else {
      rule = DemandRule::Centroid;
    }
  }
  out.rule = rule;
  switch (rule) {
    case DemandRule::Points:
      if (!points) {
        throw Error("demand layer is not a point layer", {.file = f.path, .layer = f.layer},
                    ErrorKind::BadInput,
                    "for polygons use --demand-rule seat, centroid or point_on_surface");
      }
      out.points = std::move(own_points);
      break;
    case DemandRule::Seat:
      for (std::size_t i = 0; i < f.size(); ++i) {
        out.points.push_back(
            {f.number(i, options.seat_lon_field), f.number(i, options.seat_lat_field)});
      }
      break;
    case DemandRule::Centroid:
      out.points = geodata::centroids(f);
      break;
    case DemandRule::PointOnSurface:
      out.points = geodata::points_on_surface(f);
      break;
    case DemandRule::Auto:
      break;
  }
  spdlog::info("demand: {} points from {} ({} rule)", out.points.size(), f.path, to_string(rule));
  return out;
}

SupplyPoints load_supply_points(const SupplyOptions& options) {
  SupplyPoints out;
  out.features = geodata::read_features({.path = options.path,
                                         .layer = options.layer,
                                         .id_field = options.id_field,
                                         .require_unique_ids = true,
                                         .require_geometry = true});
  out.ids = out.features.ids;
  out.points = geodata::point_coordinates(out.features);
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

}  // namespace equiroute::io

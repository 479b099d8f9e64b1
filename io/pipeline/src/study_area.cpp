#include "equiroute/pipeline/study_area.hpp"

#include <fmt/core.h>
#include <spdlog/spdlog.h>

#include <map>
#include <optional>

#include "equiroute/core/error.hpp"
#include "equiroute/geodata/geometry_ops.hpp"
#include "equiroute/geodata/osm_features.hpp"
#include "equiroute/geodata/point_layer.hpp"
#include "equiroute/geodata/projection.hpp"

namespace equiroute::io {

namespace {

/// Reads a keyed attribute table and maps key → row index; reports keys nobody asked for.
struct KeyedTable {
  geodata::FeatureSet table;
  std::map<std::string, std::size_t> row_of;

  KeyedTable(const std::filesystem::path& path, const std::string& key) {
    geodata::ReadOptions options;
    options.path = path.string();
    options.id_field = key;
    table = geodata::read_features(options);
    for (std::size_t i = 0; i < table.size(); ++i) row_of[table.ids[i]] = i;
  }

  std::optional<std::size_t> find(const std::string& key) const {
    auto it = row_of.find(key);
    return it == row_of.end() ? std::nullopt : std::optional<std::size_t>(it->second);
  }

  void warn_unused(const std::vector<std::string>& used_keys, const std::string& what) const {
    std::map<std::string, bool> used;
    for (const auto& k : used_keys) used[k] = true;
    std::vector<std::string> unused;
    for (const auto& [k, row] : row_of) {
      if (!used.count(k)) unused.push_back(k);
    }
    if (unused.empty()) return;
    std::string list;
    for (std::size_t i = 0; i < unused.size() && i < 5; ++i) list += (i ? ", " : "") + unused[i];
    spdlog::warn("{}: {} row(s) match no {} ({}{})", table.path, unused.size(), what, list,
                 unused.size() > 5 ? ", …" : "");
  }
};

std::vector<std::string> texts(const geodata::FeatureSet& fs, const std::string& field) {
  std::vector<std::string> out(fs.size());
  if (field.empty()) return out;
  fs.field_index(field);  // throws naming the field and listing the available ones
  for (std::size_t i = 0; i < fs.size(); ++i) out[i] = fs.text(i, field);
  return out;
}

void load_regions(const Scenario& s, StudyArea& a) {
  geodata::ReadOptions options;
  options.path = s.regions.path.string();
  options.layer = s.regions.layer;
  options.where = s.regions.where;
  options.id_field = s.regions.id_field;
  options.require_geometry = true;
  a.regions = geodata::read_features(options);
  if (a.regions.size() == 0)
    throw Error(options.where.empty()
                    ? "the region layer has no features"
                    : "no region matches regions.where = \"" + options.where + "\"",
                {.file = options.path, .layer = a.regions.layer});
  a.equal_area_crs = geodata::auto_equal_area_crs(geodata::bounding_box(a.regions));
  a.region_units.ids = a.regions.ids;
  a.region_units.names = texts(a.regions, s.regions.name_field);
  a.region_units.area_km2 = geodata::areas_km2(a.regions, a.equal_area_crs);
}

void load_groups(const Scenario& s, StudyArea& a) {
  std::function<std::string(std::size_t)> key_of;
  if (!s.regions.group_field.empty()) {
    a.regions.field_index(s.regions.group_field);
    key_of = [&a, field = s.regions.group_field](std::size_t i) {
      return a.regions.text(i, field);
    };
  } else if (s.regions.group_prefix > 0) {
    key_of = geodata::prefix_key(a.regions, static_cast<std::size_t>(s.regions.group_prefix));
  } else {
    return;
  }
  std::vector<std::string> group_names_of_region = texts(a.regions, s.regions.group_name_field);
  std::map<std::string, std::size_t> index_of;
  for (std::size_t i = 0; i < a.regions.size(); ++i) {
    std::string key = key_of(i);
    if (key.empty()) {
      throw Error("region has an empty group key", a.regions.context(i, s.regions.group_field));
    }
    auto [it, added] = index_of.emplace(key, a.group_units.ids.size());
    if (added) {
      a.group_units.ids.push_back(key);
      a.group_units.names.push_back(group_names_of_region[i]);
      a.group_units.area_km2.push_back(0.0);
    }
    a.region_group.push_back(it->second);
    a.group_units.area_km2[it->second] += a.region_units.area_km2[i];
  }
  a.group_polygons = geodata::dissolve(a.regions, key_of);
}

void load_population(const Scenario& s, StudyArea& a) {
  if (!s.regions.population_field.empty()) {
    a.region_units.population =
        geodata::non_negative_numbers(a.regions, s.regions.population_field);
    return;
  }
  if (!s.population) return;
  KeyedTable table(s.population->path, s.population->key);
  a.region_units.population.resize(a.regions.size());
  std::vector<std::string> used_keys;
  for (std::size_t i = 0; i < a.regions.size(); ++i) {
    auto recoded = s.population->recode.find(a.regions.ids[i]);
    const std::string& key =
        recoded == s.population->recode.end() ? a.regions.ids[i] : recoded->second;
    auto row = table.find(key);
    if (!row) {
      throw Error(
          fmt::format("region has no row in the population table {}", s.population->path.string()),
          a.regions.context(i, s.regions.id_field), ErrorKind::BadInput,
          "if the code changed between vintages, map it in [population.recode]");
    }
    used_keys.push_back(key);
    double value = table.table.number(*row, s.population->field);
    if (value < 0)
      throw Error("negative population", table.table.context(*row, s.population->field));
    a.region_units.population[i] = value * s.population->scale;
  }
  table.warn_unused(used_keys, "region");
}

/// Fills resources (and group population from the resources table) at the resources level.
void load_resources(const Scenario& s, StudyArea& a) {
  if (!s.resources) return;
  const ResourcesSpec& r = *s.resources;
  a.resource_level = r.level;
  a.resource_fields = r.fields;
  Units& units = r.level == ResourceLevel::Group ? a.group_units : a.region_units;
  KeyedTable table(r.path, r.key);
  std::vector<double> table_population;
  units.resources.assign(r.fields.size(), std::vector<double>(units.ids.size()));
  for (std::size_t u = 0; u < units.ids.size(); ++u) {
    auto row = table.find(units.ids[u]);
    if (!row) {
      throw Error(fmt::format("{} '{}' has no row in the resources table (key field '{}')",
                              to_string(r.level), units.ids[u], r.key),
                  {.file = r.path.string()});
    }
    for (std::size_t f = 0; f < r.fields.size(); ++f) {
      double value = table.table.number(*row, r.fields[f]);
      if (value < 0) throw Error("negative resource", table.table.context(*row, r.fields[f]));
      units.resources[f][u] = value;
    }
    if (!r.population_field.empty()) {
      double value = table.table.number(*row, r.population_field);
      if (value < 0)
        throw Error("negative population", table.table.context(*row, r.population_field));
      table_population.push_back(value * r.population_scale);
    }
    if (units.names[u].empty() && !r.name_field.empty())
      units.names[u] = table.table.text(*row, r.name_field);
  }
  table.warn_unused(units.ids, to_string(r.level));
  if (!table_population.empty()) units.population = table_population;

  // Regions without population of their own get their group's population by area share.
  if (r.level == ResourceLevel::Group && !a.has_population() && !table_population.empty()) {
    a.region_units.population.resize(a.regions.size());
    for (std::size_t i = 0; i < a.regions.size(); ++i) {
      std::size_t g = a.region_group[i];
      a.region_units.population[i] =
          table_population[g] * a.region_units.area_km2[i] / a.group_units.area_km2[g];
    }
    a.population_allocated = true;
    a.notes.push_back(
        "Region population is the group population (resources table) allocated by area: an "
        "approximation; give a population table for exact figures.");
  }
}

void load_facilities(const Scenario& s, StudyArea& a) {
  if (!s.facilities) return;
  const FacilitiesSpec& f = *s.facilities;
  if (!f.osm_tags.empty()) {
    a.facilities = geodata::read_osm_points(f.path.string(), f.osm_tags);
  } else {
    a.facilities = geodata::read_point_features({.path = f.path.string(),
                                                 .layer = f.layer,
                                                 .where = f.where,
                                                 .id_field = f.id_field,
                                                 .x_field = f.x_field,
                                                 .y_field = f.y_field,
                                                 .crs = f.crs});
  }
  if (a.facilities.size() == 0)
    throw Error("the facility layer has no features", {.file = f.path.string()});
  a.facility_points = geodata::lonlat_points(a.facilities);
  a.supply.facility_count = a.facilities.size();
  if (f.from_resources) {
    const Units& units = a.resource_units();
    a.supply.attributes = a.resource_fields;
    std::map<std::string, std::size_t> unit_of;
    for (std::size_t u = 0; u < units.ids.size(); ++u) unit_of[units.ids[u]] = u;
    for (std::size_t j = 0; j < a.facilities.size(); ++j) {
      auto it = unit_of.find(a.facilities.ids[j]);
      if (it == unit_of.end()) {
        throw Error("facility id matches no unit of the resources table (from_resources = true)",
                    a.facilities.context(j, f.id_field));
      }
      for (std::size_t k = 0; k < a.resource_fields.size(); ++k) {
        a.supply.values.push_back(units.resources[k][it->second]);
      }
    }
  } else if (!f.capacity_fields.empty()) {
    a.supply.attributes = f.capacity_fields;
    std::vector<std::vector<double>> columns;
    for (const auto& field : f.capacity_fields)
      columns.push_back(geodata::non_negative_numbers(a.facilities, field));
    for (std::size_t j = 0; j < a.facilities.size(); ++j) {
      for (const auto& column : columns) a.supply.values.push_back(column[j]);
    }
  } else {
    a.supply.attributes = {"facilities"};
    a.supply.values.assign(a.facilities.size(), 1.0);
  }
  if (!f.location_note.empty()) a.notes.push_back(f.location_note);
}

/// Without a resources table, the resources are the facility capacities summed over the
/// groups (or regions) containing them.
void resources_from_facilities(StudyArea& a) {
  if (!a.resource_fields.empty() || a.facilities.size() == 0) return;
  a.resource_level = a.has_groups() ? ResourceLevel::Group : ResourceLevel::Region;
  a.resource_fields = a.supply.attributes;
  Units& units = a.has_groups() ? a.group_units : a.region_units;
  units.resources.assign(a.resource_fields.size(), std::vector<double>(units.ids.size(), 0.0));
  auto region_of = geodata::assign_points_to_regions(a.facility_points, a.regions);
  std::size_t outside = 0;
  for (std::size_t j = 0; j < region_of.size(); ++j) {
    if (!region_of[j]) {
      spdlog::warn(
          "facility '{}' lies in no region: it serves demand but counts in no region's resources",
          a.facilities.ids[j]);
      ++outside;
      continue;
    }
    std::size_t u = a.has_groups() ? a.region_group[*region_of[j]] : *region_of[j];
    for (std::size_t k = 0; k < a.resource_fields.size(); ++k)
      units.resources[k][u] += a.supply.at(j, k);
  }
  a.notes.push_back(
      fmt::format("Resources are the facility capacities counted by {} (point in polygon){}.",
                  to_string(a.resource_level),
                  outside ? fmt::format("; {} facilities lie in no region", outside) : ""));
}

void sum_group_population(StudyArea& a) {
  if (!a.has_groups() || !a.has_population() || !a.group_units.population.empty()) return;
  a.group_units.population.assign(a.group_units.ids.size(), 0.0);
  for (std::size_t i = 0; i < a.regions.size(); ++i) {
    a.group_units.population[a.region_group[i]] += a.region_units.population[i];
  }
}

}  // namespace

StudyArea load_study_area(const Scenario& scenario) {
  StudyArea area;
  load_regions(scenario, area);
  load_groups(scenario, area);
  load_population(scenario, area);
  load_resources(scenario, area);
  sum_group_population(area);
  load_facilities(scenario, area);
  resources_from_facilities(area);
  return area;
}

}  // namespace equiroute::io

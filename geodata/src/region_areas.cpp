#include "equiroute/geodata/region_areas.hpp"

#include <numeric>
#include <unordered_map>

#include "equiroute/geodata/geometry_ops.hpp"

namespace equiroute::geodata {

RegionAreas compute_region_areas(const FeatureSet& input, const RegionAreaOptions& options) {
  const ErrorContext where{.file = input.path, .layer = input.layer};
  if (!input.has_geometry()) throw Error("the layer has no geometry; regions need polygons", where);
  if (!options.dissolve_by.empty() && options.dissolve_prefix > 0) {
    throw Error("give either a dissolve field or a dissolve prefix, not both", where);
  }
  if (!options.name_field.empty()) input.field_index(options.name_field);

  // Which input features make up each output region.
  std::function<std::string(std::size_t)> key_of;
  if (!options.dissolve_by.empty()) {
    input.field_index(options.dissolve_by);
    key_of = [&](std::size_t i) {
      std::string key = input.text(i, options.dissolve_by);
      if (key.empty()) throw Error("empty dissolve key", input.context(i, options.dissolve_by));
      return key;
    };
  } else if (options.dissolve_prefix > 0) {
    key_of = prefix_key(input, options.dissolve_prefix);
  }

  FeatureSet merged;
  const FeatureSet* regions = &input;
  std::vector<std::string> names(input.size());
  if (!options.name_field.empty()) {
    for (std::size_t i = 0; i < input.size(); ++i) names[i] = input.text(i, options.name_field);
  }
  if (key_of) {
    merged = dissolve(input, key_of);
    regions = &merged;
    std::vector<std::string> group_names(merged.size());
    std::vector<bool> seen(merged.size(), false);
    std::unordered_map<std::string, std::size_t> index;
    for (std::size_t g = 0; g < merged.size(); ++g) index[merged.ids[g]] = g;
    for (std::size_t i = 0; i < input.size(); ++i) {
      const std::size_t g = index.at(key_of(i));
      if (!seen[g]) {
        group_names[g] = names[i];
        seen[g] = true;
      } else if (group_names[g] != names[i]) {
        group_names[g].clear();
      }
    }
    names = std::move(group_names);
  }

  RegionAreas out;
  out.crs = options.crs.empty() || options.crs == "auto"
                ? auto_equal_area_crs(bounding_box(*regions))
                : options.crs;
  const std::vector<double> area = areas_km2(*regions, out.crs);
  const std::vector<LonLat> centre = centroids(*regions, out.crs);
  out.total_km2 = std::accumulate(area.begin(), area.end(), 0.0);

  FeatureSet& r = out.regions;
  r.path = input.path;
  r.layer = input.layer;
  r.id_field = "id";
  r.fields = {"id", "name", "area_km2", "centroid_lon", "centroid_lat"};
  for (std::size_t i = 0; i < regions->size(); ++i) {
    r.ids.push_back(regions->ids[i]);
    r.values.push_back({regions->ids[i], names[i], area[i], centre[i].lon, centre[i].lat});
    r.geometries.push_back(clone(regions->geometries[i].get()));
  }
  return out;
}

}  // namespace equiroute::geodata

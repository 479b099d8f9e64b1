#include "equiroute/geodata/point_layer.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <unordered_map>

#include "equiroute/core/error.hpp"

namespace equiroute::geodata {

namespace {

bool is_csv(const std::string& path) {
  std::string lower = path;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lower.size() >= 4 && lower.compare(lower.size() - 4, 4, ".csv") == 0;
}

/// Replaces FID ids by the values of the "id" field, which must be unique and non-empty.
void use_id_field(FeatureSet& features) {
  const std::string field = "id";
  std::unordered_map<std::string, std::size_t> seen;
  std::vector<std::string> ids(features.size());
  for (std::size_t i = 0; i < features.size(); ++i) {
    ids[i] = features.text(i, field);
    if (ids[i].empty()) throw Error("empty id", features.context(i, field));
    auto [it, inserted] = seen.emplace(ids[i], i);
    if (!inserted) {
      throw Error(
          fmt::format("duplicate id: features #{} and #{} both have it", it->second + 1, i + 1),
          features.context(i, field));
    }
  }
  features.ids = std::move(ids);
  features.id_field = field;
}

}  // namespace

ReadOptions point_read_options(const PointLayerOptions& options) {
  ReadOptions read;
  read.path = options.path;
  read.layer = options.layer;
  read.where = options.where;
  read.id_field = options.id_field;
  read.x_field = options.x_field;
  read.y_field = options.y_field;
  read.assume_crs = options.crs;
  read.require_geometry = options.require_geometry || options.require_points;
  if (is_csv(options.path) && read.require_geometry) {
    if (read.x_field.empty() && read.y_field.empty()) {
      read.x_field = "lon";
      read.y_field = "lat";
    }
    if (read.assume_crs.empty()) read.assume_crs = "EPSG:4326";
  }
  read.require_unique_ids = true;
  return read;
}

FeatureSet read_point_features(const PointLayerOptions& options) {
  FeatureSet features = read_features(point_read_options(options));
  if (features.size() == 0) {
    throw Error(options.where.empty() ? "no points in the layer"
                                      : "no point matches where = \"" + options.where + "\"",
                {.file = features.path, .layer = features.layer});
  }
  if (options.id_field.empty() && features.has_field("id")) use_id_field(features);
  if (options.require_points) (void)lonlat_points(features);
  return features;
}

std::vector<LonLat> lonlat_points(const FeatureSet& points) {
  std::vector<LonLat> lonlat = point_coordinates(points);
  for (std::size_t i = 0; i < lonlat.size(); ++i) {
    const auto p = lonlat[i];
    if (!std::isfinite(p.lon) || !std::isfinite(p.lat) || std::abs(p.lon) > 180.0 ||
        std::abs(p.lat) > 90.0) {
      throw Error(
          fmt::format("coordinates ({:g}, {:g}) are outside the lon/lat range", p.lon, p.lat),
          points.context(i), ErrorKind::BadInput,
          "are these projected coordinates? declare their CRS (e.g. --crs EPSG:32650)");
    }
  }
  return lonlat;
}

}  // namespace equiroute::geodata

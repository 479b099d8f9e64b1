#include "equiroute/geodata/feature_builder.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cmath>

#include "equiroute/core/error.hpp"

namespace equiroute::geodata {

namespace {

std::size_t column_index(FeatureSet& features, const std::string& field, std::size_t count) {
  if (count != features.size()) {
    throw Error(fmt::format("{} values for {} features", count, features.size()),
                {.file = features.path, .layer = features.layer, .field = field},
                ErrorKind::Internal);
  }
  auto it = std::find(features.fields.begin(), features.fields.end(), field);
  if (it != features.fields.end()) return static_cast<std::size_t>(it - features.fields.begin());
  features.fields.push_back(field);
  for (auto& row : features.values) row.emplace_back();
  return features.fields.size() - 1;
}

}  // namespace

FeatureSet copy_features(const FeatureSet& source, const std::vector<std::string>& fields) {
  FeatureSet out;
  out.path = source.path;
  out.layer = source.layer;
  out.id_field = source.id_field;
  out.fields = fields;
  out.ids = source.ids;
  std::vector<std::size_t> index;
  for (const auto& field : fields) index.push_back(source.field_index(field));
  out.values.resize(source.size());
  for (std::size_t i = 0; i < source.size(); ++i) {
    for (std::size_t f : index) out.values[i].push_back(source.values[i][f]);
  }
  for (const auto& g : source.geometries) out.geometries.push_back(clone(g.get()));
  return out;
}

FeatureSet point_features(const std::string& layer, const std::string& id_field,
                          const std::vector<std::string>& ids, const std::vector<LonLat>& points) {
  if (ids.size() != points.size()) {
    throw Error(fmt::format("{} ids for {} points", ids.size(), points.size()), {.layer = layer},
                ErrorKind::Internal);
  }
  FeatureSet out;
  out.layer = layer;
  out.id_field = id_field;
  out.fields = {id_field};
  out.ids = ids;
  GEOSContextHandle_t ctx = geos_context();
  for (std::size_t i = 0; i < ids.size(); ++i) {
    out.values.push_back({ids[i]});
    out.geometries.emplace_back(GEOSGeom_createPointFromXY_r(ctx, points[i].lon, points[i].lat));
  }
  return out;
}

void set_column(FeatureSet& features, const std::string& field,
                const std::vector<double>& numbers) {
  std::size_t f = column_index(features, field, numbers.size());
  for (std::size_t i = 0; i < numbers.size(); ++i) {
    if (std::isfinite(numbers[i])) {
      features.values[i][f] = numbers[i];
    } else {
      features.values[i][f] = std::monostate{};
    }
  }
}

void set_column(FeatureSet& features, const std::string& field,
                const std::vector<std::string>& texts) {
  std::size_t f = column_index(features, field, texts.size());
  for (std::size_t i = 0; i < texts.size(); ++i) features.values[i][f] = texts[i];
}

}  // namespace equiroute::geodata

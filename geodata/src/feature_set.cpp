#include "equiroute/geodata/feature_set.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "text_util.hpp"

namespace equiroute::geodata {

using text::format_number;
using text::join;
using text::parse_number;
using text::trim;

std::string value_text(const AttrValue& v) {
  if (const auto* i = std::get_if<long long>(&v)) return std::to_string(*i);
  if (const auto* d = std::get_if<double>(&v)) return format_number(*d);
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  return {};
}

// ---------------------------------------------------------------------------------------
// FeatureSet

bool FeatureSet::has_field(const std::string& name) const noexcept {
  return std::find(fields.begin(), fields.end(), name) != fields.end();
}

std::size_t FeatureSet::field_index(const std::string& name) const {
  auto it = std::find(fields.begin(), fields.end(), name);
  if (it == fields.end()) {
    throw Error("no such field", {.file = path, .layer = layer, .field = name}, ErrorKind::BadInput,
                "available fields: " + join(fields));
  }
  return static_cast<std::size_t>(it - fields.begin());
}

ErrorContext FeatureSet::context(std::size_t feature, const std::string& field) const {
  ErrorContext c{.file = path, .layer = layer, .feature_id = {}, .field = field};
  if (feature < ids.size()) c.feature_id = ids[feature];
  return c;
}

double FeatureSet::number(std::size_t feature, const std::string& field) const {
  const std::size_t f = field_index(field);
  const AttrValue& v = values.at(feature).at(f);
  if (std::holds_alternative<std::monostate>(v))
    throw Error("missing value", context(feature, field));
  if (const auto* i = std::get_if<long long>(&v)) return static_cast<double>(*i);
  if (const auto* d = std::get_if<double>(&v)) {
    if (!std::isfinite(*d)) throw Error("not a finite number", context(feature, field));
    return *d;
  }
  const auto& s = std::get<std::string>(v);
  if (trim(s).empty()) throw Error("missing value", context(feature, field));
  if (auto parsed = parse_number(s)) return *parsed;
  throw Error("not a number: '" + s + "'", context(feature, field));
}

std::string FeatureSet::text(std::size_t feature, const std::string& field) const {
  return value_text(values.at(feature).at(field_index(field)));
}

void FeatureSet::set_numbers(const std::string& field, const std::vector<double>& numbers) {
  if (numbers.size() != size()) {
    throw Error(fmt::format("set_numbers: {} values for {} features", numbers.size(), size()),
                {.file = path, .layer = layer, .field = field}, ErrorKind::Internal);
  }
  std::size_t f = 0;
  auto it = std::find(fields.begin(), fields.end(), field);
  if (it == fields.end()) {
    fields.push_back(field);
    f = fields.size() - 1;
    for (auto& row : values) row.emplace_back();
  } else {
    f = static_cast<std::size_t>(it - fields.begin());
  }
  for (std::size_t i = 0; i < numbers.size(); ++i) values[i][f] = numbers[i];
}

std::vector<double> non_negative_numbers(const FeatureSet& features, const std::string& field) {
  std::vector<double> out(features.size());
  for (std::size_t i = 0; i < features.size(); ++i) {
    out[i] = features.number(i, field);
    if (out[i] < 0) {
      throw Error("negative value " + format_number(out[i]) + " where a count is expected",
                  features.context(i, field));
    }
  }
  return out;
}

std::vector<LonLat> point_coordinates(const FeatureSet& points) {
  auto* ctx = geos_context();
  if (!points.has_geometry()) {
    throw Error("the layer has no geometry; points are needed",
                {.file = points.path, .layer = points.layer});
  }
  std::vector<LonLat> out(points.size());
  for (std::size_t i = 0; i < points.size(); ++i) {
    const GEOSGeometry* g = points.geometries[i].get();
    if (GEOSGeomTypeId_r(ctx, g) != GEOS_POINT || GEOSisEmpty_r(ctx, g) == 1) {
      throw Error("not a point geometry", points.context(i), ErrorKind::BadInput,
                  "use point features (or compute points on surface first)");
    }
    GEOSGeomGetX_r(ctx, g, &out[i].lon);
    GEOSGeomGetY_r(ctx, g, &out[i].lat);
  }
  return out;
}

}  // namespace equiroute::geodata

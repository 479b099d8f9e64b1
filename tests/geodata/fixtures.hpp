#pragma once
// Tiny hand-made vector fixtures for the geodata tests.

#include <fmt/format.h>

#include <string>
#include <vector>

namespace equiroute::test {

/// A GeoJSON polygon ring from lon/lat pairs (closed automatically).
inline std::string ring(const std::vector<std::pair<double, double>>& points) {
  std::string out = "[";
  for (const auto& [lon, lat] : points) out += fmt::format("[{},{}],", lon, lat);
  out += fmt::format("[{},{}]]", points.front().first, points.front().second);
  return out;
}

/// Axis-aligned lon/lat rectangle, each side split into `steps` segments (so that it
/// follows the parallels closely after projection).
inline std::string box_polygon(double lon0, double lat0, double lon1, double lat1, int steps = 1) {
  std::vector<std::pair<double, double>> p;
  for (int i = 0; i < steps; ++i) p.emplace_back(lon0 + (lon1 - lon0) * i / steps, lat0);
  for (int i = 0; i < steps; ++i) p.emplace_back(lon1, lat0 + (lat1 - lat0) * i / steps);
  for (int i = 0; i < steps; ++i) p.emplace_back(lon1 - (lon1 - lon0) * i / steps, lat1);
  for (int i = 0; i < steps; ++i) p.emplace_back(lon0, lat1 - (lat1 - lat0) * i / steps);
  return R"({"type":"Polygon","coordinates":[)" + ring(p) + "]}";
}

/// A Feature with properties given as a JSON object body (without braces).
inline std::string feature(const std::string& properties, const std::string& geometry) {
  return R"({"type":"Feature","properties":{)" + properties + R"(},"geometry":)" + geometry + "}";
}

inline std::string collection(const std::vector<std::string>& features) {
  std::string out = R"({"type":"FeatureCollection","features":[)";
  for (std::size_t i = 0; i < features.size(); ++i) out += (i ? "," : "") + features[i];
  return out + "]}";
}

}  // namespace equiroute::test

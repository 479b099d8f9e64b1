// Road networks from any OGR line layer (Shapefile, GeoPackage, GeoJSON, ...): class,
// speed and one-way from configurable fields; lines noded at endpoints within a
// tolerance and at interior vertices with identical coordinates.

#include <cpl_error.h>
#include <fmt/format.h>
#include <gdal_priv.h>
#include <geodesic.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

#include <cmath>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "equiroute/core/error.hpp"
#include "equiroute/geodata/china_coordinates.hpp"
#include "equiroute/geodata/gdal_init.hpp"
#include "equiroute/geodata/road_network.hpp"
#include "ogr_open.hpp"

namespace equiroute::geodata {
namespace {

struct Line {
  std::vector<LonLat> points;
  double speed_kmh;
  OneWay direction;
};

std::string field_or_default(const OGRFeatureDefn& defn, const std::string& chosen,
                             std::initializer_list<const char*> defaults,
                             const ErrorContext& where) {
  if (!chosen.empty()) {
    if (defn.GetFieldIndex(chosen.c_str()) < 0) {
      std::string names;
      for (int i = 0; i < defn.GetFieldCount(); ++i)
        names += (i ? ", " : "") + std::string(defn.GetFieldDefn(i)->GetNameRef());
      ErrorContext c = where;
      c.field = chosen;
      throw Error("no such field in the road layer", c, ErrorKind::BadInput,
                  "available fields: " + names);
    }
    return chosen;
  }
  for (const char* d : defaults)
    if (defn.GetFieldIndex(d) >= 0) return d;
  return {};
}

void append_parts(const OGRGeometry* g, std::vector<std::vector<LonLat>>& parts) {
  if (g == nullptr || g->IsEmpty()) return;
  const auto type = wkbFlatten(g->getGeometryType());
  if (type == wkbLineString) {
    const auto* ls = g->toLineString();
    std::vector<LonLat> pts;
    for (int i = 0; i < ls->getNumPoints(); ++i) pts.push_back({ls->getX(i), ls->getY(i)});
    parts.push_back(std::move(pts));
  } else if (type == wkbMultiLineString || type == wkbGeometryCollection) {
    for (const auto* part : *g->toGeometryCollection()) append_parts(part, parts);
  } else {
    throw std::invalid_argument(std::string("not a line geometry: ") + g->getGeometryName());
  }
}

}  // namespace

RoadEdges read_line_layer_roads(const LineRoadOptions& options, const RoadProfile& profile) {
  ensure_gdal_registered();
  ErrorContext where{.file = options.path, .layer = options.layer};
  if (!std::filesystem::exists(options.path)) throw Error("road network file not found", where);
  if (!(options.node_tolerance_m >= 0.0)) throw Error("node tolerance must be ≥ 0 m", where);
  DatasetPtr ds = open_vector(options.path);
  OGRLayer* layer = &choose_layer(*ds, options.layer, options.path);
  where.layer = layer->GetName();
  const OGRFeatureDefn& defn = *layer->GetLayerDefn();
  const std::string class_field =
      field_or_default(defn, options.class_field, {"highway", "fclass"}, where);
  const std::string speed_field = field_or_default(defn, options.speed_field, {"maxspeed"}, where);
  const std::string oneway_field = field_or_default(defn, options.oneway_field, {"oneway"}, where);
  const int class_idx = class_field.empty() ? -1 : defn.GetFieldIndex(class_field.c_str());
  const int speed_idx = speed_field.empty() ? -1 : defn.GetFieldIndex(speed_field.c_str());
  const int oneway_idx = oneway_field.empty() ? -1 : defn.GetFieldIndex(oneway_field.c_str());

  // Transform to WGS 84 lon/lat.
  if (const auto china = parse_china_datum(options.assume_crs)) {
    throw Error("a road layer cannot be declared " + to_string(*china), where, ErrorKind::BadInput,
                "GCJ-02 and BD-09 are converted for point and polygon layers (facilities, demand "
                "points); give the roads in WGS 84 or another CRS PROJ knows");
  }
  OGRSpatialReference source;
  if (const OGRSpatialReference* s = layer->GetSpatialRef()) {
    source = *s;
  } else if (!options.assume_crs.empty()) {
    if (source.SetFromUserInput(options.assume_crs.c_str()) != OGRERR_NONE)
      throw Error("cannot understand CRS '" + options.assume_crs + "'", where);
  } else {
    throw Error("the road layer declares no CRS", where, ErrorKind::BadInput,
                "give it with --network-crs (e.g. EPSG:4326)");
  }
  source.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  OGRSpatialReference wgs84;
  wgs84.importFromEPSG(4326);
  wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  std::unique_ptr<OGRCoordinateTransformation> to_wgs84(
      OGRCreateCoordinateTransformation(&source, &wgs84));
  if (!to_wgs84) throw Error("cannot transform the road layer's CRS to WGS 84", where);

  std::vector<Line> lines;
  layer->ResetReading();
  for (auto& feature : *layer) {
    ErrorContext fc = where;
    fc.feature_id = std::to_string(feature->GetFID());
    double speed = profile.fallback_speed_kmh;
    if (class_idx >= 0) {
      if (!feature->IsFieldSetAndNotNull(class_idx)) continue;
      const auto cls = profile.speed_kmh.find(feature->GetFieldAsString(class_idx));
      if (cls == profile.speed_kmh.end()) continue;  // not a routable class
      speed = cls->second;
    }
    if (speed_idx >= 0 && profile.use_maxspeed && feature->IsFieldSetAndNotNull(speed_idx)) {
      const double given = parse_maxspeed_kmh(feature->GetFieldAsString(speed_idx));
      if (given > 0.0) speed = given;
    }
    OneWay dir = OneWay::Both;
    if (oneway_idx >= 0 && feature->IsFieldSetAndNotNull(oneway_idx))
      dir = parse_oneway(feature->GetFieldAsString(oneway_idx), true);
    OGRGeometry* g = feature->GetGeometryRef();
    if (g == nullptr || g->IsEmpty()) continue;
    std::vector<std::vector<LonLat>> parts;
    try {
      append_parts(g, parts);
    } catch (const std::invalid_argument& e) {
      throw Error(e.what(), fc, ErrorKind::BadInput, "a road network layer must hold lines");
    }
    for (auto& pts : parts) {
      if (pts.size() < 2) continue;
      for (auto& p : pts) {
        double x = p.lon, y = p.lat;
        const std::string vertex = fmt::format("({}, {})", x, y);
        if (!std::isfinite(x) || !std::isfinite(y))
          throw Error("vertex coordinate is not a finite number: " + vertex, fc);
        if (!to_wgs84->Transform(1, &x, &y))
          throw Error("cannot transform the vertex " + vertex + " to WGS 84", fc,
                      ErrorKind::BadInput, "are the coordinates in the layer's CRS?");
        if (!std::isfinite(x) || !std::isfinite(y) || std::abs(y) > 90.0 || std::abs(x) > 180.0)
          throw Error("vertex " + vertex + " is out of the lon/lat range after transformation", fc,
                      ErrorKind::BadInput,
                      std::abs(p.lon) <= 90.0 && std::abs(p.lat) <= 180.0 && std::abs(p.lat) > 90.0
                          ? "longitude and latitude look swapped: x must be the longitude"
                          : "is the layer's CRS right?");
        p = {x, y};
      }
      lines.push_back({std::move(pts), speed, dir});
    }
  }
  if (lines.empty())
    throw Error("no routable line in the road layer", where, ErrorKind::BadInput,
                class_field.empty()
                    ? ""
                    : "class field '" + class_field + "' has no class of the driving profile");

  // Noding. Endpoints: grid of tolerance-sized cells in a local equirectangular frame
  // (metres), merged with the first node within the tolerance. Interior vertices: exact.
  RoadEdges roads;
  const double lat0 = lines.front().points.front().lat * M_PI / 180.0;
  const double mx = 111320.0 * std::cos(lat0), my = 110574.0;
  const double cell = std::max(options.node_tolerance_m, 1e-6);
  std::unordered_map<long long, std::vector<std::uint32_t>> grid;
  std::map<std::pair<double, double>, std::uint32_t> exact;
  const auto key = [](long long cx, long long cy) { return cx * 73856093LL ^ cy * 19349663LL; };
  const auto endpoint_node = [&](LonLat p) {
    const double x = p.lon * mx, y = p.lat * my;
    const auto cx = static_cast<long long>(std::floor(x / cell)),
               cy = static_cast<long long>(std::floor(y / cell));
    std::uint32_t best = std::numeric_limits<std::uint32_t>::max();
    double best_d = options.node_tolerance_m;
    for (long long dx = -1; dx <= 1; ++dx)
      for (long long dy = -1; dy <= 1; ++dy) {
        const auto it = grid.find(key(cx + dx, cy + dy));
        if (it == grid.end()) continue;
        for (const auto n : it->second) {
          const double d = std::hypot(roads.nodes[n].lon * mx - x, roads.nodes[n].lat * my - y);
          if (d <= best_d &&
              (best == std::numeric_limits<std::uint32_t>::max() || d < best_d || n < best)) {
            best = n;
            best_d = d;
          }
        }
      }
    if (best != std::numeric_limits<std::uint32_t>::max()) return best;
    const auto n = static_cast<std::uint32_t>(roads.nodes.size());
    roads.nodes.push_back(p);
    grid[key(cx, cy)].push_back(n);
    exact.emplace(std::make_pair(p.lon, p.lat), n);
    return n;
  };
  std::vector<std::vector<std::uint32_t>> ids(lines.size());
  for (std::size_t l = 0; l < lines.size(); ++l) {
    ids[l].assign(lines[l].points.size(), 0);
    ids[l].front() = endpoint_node(lines[l].points.front());
    ids[l].back() = endpoint_node(lines[l].points.back());
  }
  for (std::size_t l = 0; l < lines.size(); ++l)
    for (std::size_t k = 1; k + 1 < lines[l].points.size(); ++k) {
      const LonLat p = lines[l].points[k];
      const auto [it, added] = exact.emplace(std::make_pair(p.lon, p.lat),
                                             static_cast<std::uint32_t>(roads.nodes.size()));
      if (added) roads.nodes.push_back(p);
      ids[l][k] = it->second;
    }

  geod_geodesic geod{};
  geod_init(&geod, 6378137.0, 1.0 / 298.257223563);
  for (std::size_t l = 0; l < lines.size(); ++l) {
    const double mps = lines[l].speed_kmh / 3.6;
    for (std::size_t k = 0; k + 1 < ids[l].size(); ++k) {
      const auto u = ids[l][k], v = ids[l][k + 1];
      if (u == v) continue;
      const LonLat a = roads.nodes[u], b = roads.nodes[v];
      double meters = 0.0;
      geod_inverse(&geod, a.lat, a.lon, b.lat, b.lon, &meters, nullptr, nullptr);
      if (lines[l].direction != OneWay::Backward) roads.add_edge(u, v, meters, meters / mps);
      if (lines[l].direction != OneWay::Forward) roads.add_edge(v, u, meters, meters / mps);
    }
  }
  if (roads.edge_count() == 0) throw Error("the road layer's lines have no length", where);
  return roads;
}

}  // namespace equiroute::geodata

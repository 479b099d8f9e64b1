// The driving profile: routable classes, default speeds, maxspeed and one-way parsing.

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <string>

#include "equiroute/core/error.hpp"
#include "equiroute/geodata/road_network.hpp"

namespace equiroute::geodata {
namespace {

std::string lower_trimmed(const std::string& s) {
  std::size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  std::string out = s.substr(b, e - b);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return out;
}

}  // namespace

RoadProfile default_driving_profile() {
  RoadProfile p;
  // Typical free-flow car speeds, km/h (in the range used by OSRM's car profile and
  // openrouteservice defaults); documented in docs/routing.md.
  p.speed_kmh = {{"motorway", 110},     {"motorway_link", 60},  {"trunk", 90},
                 {"trunk_link", 50},    {"primary", 70},        {"primary_link", 50},
                 {"secondary", 60},     {"secondary_link", 45}, {"tertiary", 50},
                 {"tertiary_link", 40}, {"unclassified", 40},   {"residential", 30},
                 {"living_street", 10}, {"service", 20},        {"road", 30}};
  return p;
}

void set_class_speed(RoadProfile& profile, const std::string& assignment) {
  const auto eq = assignment.find('=');
  const std::string cls = eq == std::string::npos ? "" : lower_trimmed(assignment.substr(0, eq));
  const std::string value = eq == std::string::npos ? "" : lower_trimmed(assignment.substr(eq + 1));
  char* end = nullptr;
  const double kmh = value.empty() ? std::nan("") : std::strtod(value.c_str(), &end);
  if (cls.empty() || value.empty() || end == value.c_str() || *end != '\0' || !std::isfinite(kmh) ||
      kmh < 0.0)
    throw Error("bad road speed '" + assignment + "'", {}, ErrorKind::BadInput,
                "expected CLASS=KMH with a speed ≥ 0, e.g. residential=25 (0 makes the class not "
                "routable)");
  if (kmh == 0.0)
    profile.speed_kmh.erase(cls);
  else
    profile.speed_kmh[cls] = kmh;
}

double parse_maxspeed_kmh(const std::string& raw) {
  std::string v = lower_trimmed(raw);
  if (const auto semi = v.find(';'); semi != std::string::npos) v = v.substr(0, semi);
  const char* s = v.c_str();
  char* end = nullptr;
  const double number = std::strtod(s, &end);
  if (end == s || !std::isfinite(number) || number <= 0.0) return 0.0;
  std::string unit = lower_trimmed(end);
  if (unit.empty() || unit == "km/h" || unit == "kmh" || unit == "kph") return number;
  if (unit == "mph") return number * 1.609344;
  if (unit == "knots") return number * 1.852;
  return 0.0;
}

OneWay parse_oneway(const std::string& raw, bool geofabrik_letters) {
  const std::string v = lower_trimmed(raw);
  if (geofabrik_letters) {
    if (v == "f") return OneWay::Forward;
    if (v == "t") return OneWay::Backward;  // Geofabrik: "T" = only against the digitised direction
    if (v == "b") return OneWay::Both;
  }
  if (v == "yes" || v == "1" || v == "true") return OneWay::Forward;
  if (v == "-1" || v == "reverse") return OneWay::Backward;
  return OneWay::Both;
}

bool is_osm_path(const std::string& path) {
  std::string p = lower_trimmed(path);
  const auto ends = [&p](const std::string& suffix) {
    return p.size() >= suffix.size() &&
           p.compare(p.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  return ends(".pbf") || ends(".osm") || ends(".osm.gz") || ends(".osm.bz2") || ends(".osm.xml");
}

LonLatBox bounding_box(const RoadEdges& roads) {
  if (roads.nodes.empty()) throw std::invalid_argument("bounding_box: road network without nodes");
  LonLatBox box{roads.nodes[0].lon, roads.nodes[0].lat, roads.nodes[0].lon, roads.nodes[0].lat};
  for (const auto& p : roads.nodes) {
    box.min_lon = std::min(box.min_lon, p.lon);
    box.max_lon = std::max(box.max_lon, p.lon);
    box.min_lat = std::min(box.min_lat, p.lat);
    box.max_lat = std::max(box.max_lat, p.lat);
  }
  return box;
}

RoadEdges read_roads(const std::string& path, const RoadProfile& profile,
                     LineRoadOptions line_options, const OsmRoadOptions& osm_options) {
  if (is_osm_path(path)) return read_osm_roads(path, profile, osm_options);
  line_options.path = path;
  return read_line_layer_roads(line_options, profile);
}

}  // namespace equiroute::geodata

// OSM road reading with libosmium: pass 1 keeps routable ways (node references and the
// speed/direction they imply), pass 2 reads only the locations of the referenced nodes
// into a sorted sparse index (ids + locations in two flat vectors, binary-searched), so
// memory stays proportional to the road network, not to the file.

#include <fmt/format.h>
#include <geodesic.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <limits>
#include <osmium/handler.hpp>
#include <osmium/io/any_input.hpp>
#include <osmium/osm/node.hpp>
#include <osmium/osm/way.hpp>
#include <osmium/visitor.hpp>
#include <string>
#include <vector>

#include "equiroute/core/error.hpp"
#include "equiroute/geodata/road_network.hpp"
#include "equiroute/geodata/text_encoding.hpp"
#include "osm_checks.hpp"

namespace equiroute::geodata {
namespace {

struct KeptWay {
  std::size_t first_ref;  ///< into the flat reference list
  std::size_t ref_count;
  double speed_kmh;
  OneWay direction;
};

bool tag_is(const char* value, std::initializer_list<const char*> options) {
  if (value == nullptr) return false;
  for (const char* o : options)
    if (std::strcmp(value, o) == 0) return true;
  return false;
}

class WayCollector : public osmium::handler::Handler {
 public:
  explicit WayCollector(const RoadProfile& profile) : profile_(profile) {}

  void way(const osmium::Way& way) {
    const auto& tags = way.tags();
    const char* highway = tags.get_value_by_key("highway");
    if (highway == nullptr) return;
    const auto cls = profile_.speed_kmh.find(highway);
    if (cls == profile_.speed_kmh.end()) return;
    if (tag_is(tags.get_value_by_key("area"), {"yes"})) return;
    if (tag_is(tags.get_value_by_key("access"), {"no", "private"}) &&
        !tag_is(tags.get_value_by_key("motor_vehicle"),
                {"yes", "designated", "destination", "permissive"}) &&
        !tag_is(tags.get_value_by_key("motorcar"),
                {"yes", "designated", "destination", "permissive"}))
      return;
    const auto& nodes = way.nodes();
    if (nodes.size() < 2) return;
    double speed = cls->second;
    if (profile_.use_maxspeed) {
      if (const char* ms = tags.get_value_by_key("maxspeed")) {
        const double parsed = parse_maxspeed_kmh(ms);
        if (parsed > 0.0) speed = parsed;
      }
    }
    OneWay dir = OneWay::Both;
    const char* oneway = tags.get_value_by_key("oneway");
    if (oneway != nullptr && !tag_is(oneway, {"no", "false", "0"})) {
      dir = parse_oneway(oneway);
    } else if (oneway == nullptr &&
               (tag_is(tags.get_value_by_key("junction"), {"roundabout", "circular"}) ||
                std::strcmp(highway, "motorway") == 0)) {
      dir = OneWay::Forward;
    }
    ways.push_back({refs.size(), nodes.size(), speed, dir});
    for (const auto& n : nodes) refs.push_back(n.ref());
  }

  std::vector<KeptWay> ways;
  std::vector<osmium::object_id_type> refs;

 private:
  const RoadProfile& profile_;
};

class NodeCollector : public osmium::handler::Handler {
 public:
  NodeCollector(const std::vector<osmium::object_id_type>& ids,
                std::vector<osmium::Location>& locations)
      : ids_(ids), locations_(locations) {}
  void node(const osmium::Node& node) {
    const auto it = std::lower_bound(ids_.begin(), ids_.end(), node.id());
    if (it != ids_.end() && *it == node.id())
      locations_[static_cast<std::size_t>(it - ids_.begin())] = node.location();
  }

 private:
  const std::vector<osmium::object_id_type>& ids_;
  std::vector<osmium::Location>& locations_;
};

/// Logs (or, when strict, throws) the node references the extract lacks.
void report_missing_nodes(const std::string& path, std::size_t missing_nodes,
                          std::size_t referenced_nodes, std::size_t dropped_segments, bool strict) {
  if (missing_nodes == 0) return;
  const std::string message = fmt::format(
      "{} of the {} nodes that routable ways refer to are missing from the extract (or have no "
      "valid location); {} road "
      "segments touching them were dropped",
      missing_nodes, referenced_nodes, dropped_segments);
  if (strict) {
    throw Error(message, {.file = path}, ErrorKind::BadInput,
                "use an extract with complete ways (e.g. osmium extract --strategy "
                "complete_ways), or accept the loss without the strict option");
  }
  spdlog::warn("{}", Error(message, {.file = path}).what());
}

}  // namespace

RoadEdges read_osm_roads(const std::string& path, const RoadProfile& profile,
                         const OsmRoadOptions& options) {
  const ErrorContext where{.file = path};
  if (!std::filesystem::is_regular_file(path)) throw Error("OSM file not found", where);
  WayCollector ways(profile);
  std::vector<osmium::object_id_type> ids;
  std::vector<osmium::Location> locations;
  try {
    {
      osmium::io::Reader reader(path, osmium::osm_entity_bits::way);
      while (osmium::memory::Buffer buffer = reader.read()) {
        check_osm_buffer(buffer, path);  // before the tags are walked
        osmium::apply(buffer, ways);
      }
      reader.close();
    }
    if (ways.ways.empty())
      throw Error("no routable road (highway=* of a routable class) in the OSM file", where,
                  ErrorKind::BadInput,
                  "is this a road extract? routable classes are those of the driving profile "
                  "(docs/routing.md)");
    ids = ways.refs;
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    locations.assign(ids.size(), osmium::Location{});
    NodeCollector nodes(ids, locations);
    osmium::io::Reader reader(path, osmium::osm_entity_bits::node);
    osmium::apply(reader, nodes);
    reader.close();
  } catch (const Error&) {
    throw;
  } catch (const std::exception& e) {
    throw Error("cannot read OSM data: " + printable_utf8(e.what()), where, ErrorKind::BadInput,
                "the file may be truncated or not OSM PBF/XML");
  }

  // Graph nodes: referenced nodes with a valid location, numbered in id order.
  RoadEdges roads;
  constexpr auto kMissing = std::numeric_limits<std::uint32_t>::max();
  std::vector<std::uint32_t> index(ids.size(), kMissing);
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (!locations[i].valid()) continue;
    index[i] = static_cast<std::uint32_t>(roads.nodes.size());
    roads.nodes.push_back({locations[i].lon(), locations[i].lat()});
  }
  const auto node_of = [&](osmium::object_id_type id) {
    return index[static_cast<std::size_t>(std::lower_bound(ids.begin(), ids.end(), id) -
                                          ids.begin())];
  };
  geod_geodesic wgs84{};
  geod_init(&wgs84, 6378137.0, 1.0 / 298.257223563);
  std::size_t dropped_segments = 0;
  for (const auto& w : ways.ways) {
    const double mps = w.speed_kmh / 3.6;
    for (std::size_t k = 0; k + 1 < w.ref_count; ++k) {
      const auto u = node_of(ways.refs[w.first_ref + k]);
      const auto v = node_of(ways.refs[w.first_ref + k + 1]);
      if (u == kMissing || v == kMissing) {
        ++dropped_segments;  // node missing from the extract
        continue;
      }
      if (u == v) continue;  // a repeated node
      double meters = 0.0;
      const LonLat a = roads.nodes[u], b = roads.nodes[v];
      geod_inverse(&wgs84, a.lat, a.lon, b.lat, b.lon, &meters, nullptr, nullptr);
      const double seconds = meters / mps;
      if (w.direction != OneWay::Backward) roads.add_edge(u, v, meters, seconds);
      if (w.direction != OneWay::Forward) roads.add_edge(v, u, meters, seconds);
    }
  }
  report_missing_nodes(path, ids.size() - roads.nodes.size(), ids.size(), dropped_segments,
                       options.strict);
  if (roads.edge_count() == 0)
    throw Error("the routable ways of the OSM file have no node locations", where,
                ErrorKind::BadInput, "the extract may lack the nodes its ways refer to");
  return roads;
}

}  // namespace equiroute::geodata

// Points of interest from OSM with libosmium. Pass 1 collects the multipolygon relations
// whose tags match; pass 2 reads nodes (keeping every location in a flexible index, since
// a way's nodes come before the way) and ways, so the area assembler can build polygons
// from matching closed ways and from the relations' member ways. Each area becomes the
// GEOS point on its surface.

#include "equiroute/geodata/osm_features.hpp"

#include <fmt/core.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
// GCC 12 reports a false -Wstringop-overread inside libosmium's area builder (an inlined
// strlen of a tag that it cannot prove non-empty); the header is not ours to change.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wstringop-overread"
#include <osmium/area/assembler.hpp>
#include <osmium/area/multipolygon_manager.hpp>
#pragma GCC diagnostic pop
#include <osmium/handler.hpp>
#include <osmium/handler/node_locations_for_ways.hpp>
#include <osmium/index/map/flex_mem.hpp>
#include <osmium/io/any_input.hpp>
#include <osmium/relations/manager_util.hpp>
#include <osmium/tags/tags_filter.hpp>
#include <osmium/visitor.hpp>
#include <tuple>

#include "equiroute/core/error.hpp"
#include "equiroute/geodata/feature_builder.hpp"
#include "equiroute/geodata/text_encoding.hpp"
#include "osm_checks.hpp"

namespace equiroute::geodata {
namespace {

struct TagRule {
  std::string key;
  std::string value;  ///< empty: any value
};

std::vector<TagRule> parse_rules(const std::vector<std::string>& tags, const std::string& path) {
  if (tags.empty()) throw Error("no OSM tag given to select features", {.file = path});
  std::vector<TagRule> rules;
  for (const auto& t : tags) {
    const auto eq = t.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == t.size())
      throw Error(fmt::format("OSM tag filter '{}' is not key=value or key=*", t), {.file = path},
                  ErrorKind::BadInput, "e.g. \"amenity=hospital\" or \"healthcare=*\"");
    const std::string value = t.substr(eq + 1);
    rules.push_back({t.substr(0, eq), value == "*" ? std::string() : value});
  }
  return rules;
}

osmium::TagsFilter make_filter(const std::vector<TagRule>& rules) {
  osmium::TagsFilter filter{false};
  for (const auto& r : rules) {
    if (r.value.empty())
      filter.add_rule(true, osmium::TagMatcher{r.key});
    else
      filter.add_rule(true, osmium::TagMatcher{r.key, r.value});
  }
  return filter;
}

/// One matched object before it becomes a feature.
struct Found {
  int type_rank;  ///< 0 node, 1 way, 2 relation: the output order
  osmium::object_id_type id;
  LonLat point;
  std::vector<std::string> texts;  ///< name, then one value per filter key
  double beds;                     ///< NaN when absent
};

double beds_of(const osmium::TagList& tags) {
  const char* value = tags.get_value_by_key("beds");
  if (value == nullptr) return std::nan("");
  char* end = nullptr;
  const double v = std::strtod(value, &end);
  return end != value && *end == '\0' && v >= 0 ? v : std::nan("");
}

class Collector : public osmium::handler::Handler {
 public:
  Collector(const osmium::TagsFilter& filter, const std::vector<std::string>& keys)
      : filter_(filter), keys_(keys) {}

  void node(const osmium::Node& node) {
    if (!node.location().valid() || !osmium::tags::match_any_of(node.tags(), filter_)) return;
    add(0, node.id(), {node.location().lon(), node.location().lat()}, node.tags());
  }

  void area(const osmium::Area& area) {
    GeomPtr polygon = to_geos(area);
    if (!polygon) {
      ++broken_areas;
      return;
    }
    GeomPtr point(GEOSPointOnSurface_r(geos_context(), polygon.get()));
    double lon = 0, lat = 0;
    if (!point || GEOSGeomGetX_r(geos_context(), point.get(), &lon) != 1 ||
        GEOSGeomGetY_r(geos_context(), point.get(), &lat) != 1) {
      ++broken_areas;
      return;
    }
    add(area.from_way() ? 1 : 2, area.orig_id(), {lon, lat}, area.tags());
  }

  std::vector<Found> found;
  std::size_t broken_areas = 0;

 private:
  void add(int rank, osmium::object_id_type id, LonLat p, const osmium::TagList& tags) {
    std::vector<std::string> texts;
    texts.emplace_back(tags.get_value_by_key("name", ""));
    for (const auto& k : keys_) texts.emplace_back(tags.get_value_by_key(k.c_str(), ""));
    found.push_back({rank, id, p, std::move(texts), beds_of(tags)});
  }

  /// The area as a GEOS (multi)polygon, or nullptr when GEOS rejects it.
  static GeomPtr to_geos(const osmium::Area& area) {
    GEOSContextHandle_t ctx = geos_context();
    const auto ring = [&](const auto& r) -> GEOSGeometry* {
      GEOSCoordSequence* seq = GEOSCoordSeq_create_r(ctx, static_cast<unsigned>(r.size()), 2);
      unsigned i = 0;
      for (const auto& nr : r) {
        GEOSCoordSeq_setXY_r(ctx, seq, i++, nr.location().lon(), nr.location().lat());
      }
      return GEOSGeom_createLinearRing_r(ctx, seq);
    };
    std::vector<GEOSGeometry*> polygons;
    for (const auto& outer : area.outer_rings()) {
      GEOSGeometry* shell = ring(outer);
      std::vector<GEOSGeometry*> holes;
      for (const auto& inner : area.inner_rings(outer)) holes.push_back(ring(inner));
      if (!shell || std::find(holes.begin(), holes.end(), nullptr) != holes.end()) {
        for (auto* g : holes) GEOSGeom_destroy_r(ctx, g);
        if (shell) GEOSGeom_destroy_r(ctx, shell);
        for (auto* g : polygons) GEOSGeom_destroy_r(ctx, g);
        return nullptr;
      }
      polygons.push_back(
          GEOSGeom_createPolygon_r(ctx, shell, holes.data(), static_cast<unsigned>(holes.size())));
    }
    if (polygons.empty()) return nullptr;
    return GeomPtr(GEOSGeom_createCollection_r(ctx, GEOS_MULTIPOLYGON, polygons.data(),
                                               static_cast<unsigned>(polygons.size())));
  }

  const osmium::TagsFilter& filter_;
  const std::vector<std::string>& keys_;
};

}  // namespace

std::vector<std::string> default_osm_health_tags() {
  return {"amenity=hospital", "amenity=clinic", "amenity=doctors"};
}

FeatureSet read_osm_points(const std::string& path, const std::vector<std::string>& tags) {
  const ErrorContext where{.file = path};
  if (!std::filesystem::is_regular_file(path)) throw Error("OSM file not found", where);
  const std::vector<TagRule> rules = parse_rules(tags, path);
  std::vector<std::string> keys;
  for (const auto& r : rules)
    if (std::find(keys.begin(), keys.end(), r.key) == keys.end()) keys.push_back(r.key);
  const osmium::TagsFilter filter = make_filter(rules);

  Collector collector(filter, keys);
  try {
    const osmium::io::File file(path);
    osmium::area::Assembler::config_type config;
    osmium::area::MultipolygonManager<osmium::area::Assembler> areas(config, filter);
    {  // osmium::relations::read_relations, with each buffer checked before it is walked
      osmium::io::Reader relations(file, osmium::osm_entity_bits::relation);
      while (osmium::memory::Buffer buffer = relations.read()) {
        check_osm_buffer(buffer, path);
        osmium::apply(buffer, areas);
      }
      relations.close();
      areas.prepare_for_lookup();
    }

    using Index = osmium::index::map::FlexMem<osmium::unsigned_object_id_type, osmium::Location>;
    Index index;
    osmium::handler::NodeLocationsForWays<Index> locations(index);
    locations.ignore_errors();  // ways reaching outside the extract lose those nodes
    osmium::io::Reader reader(file, osmium::osm_entity_bits::node | osmium::osm_entity_bits::way);
    auto& area_handler =
        areas.handler([&](osmium::memory::Buffer&& buffer) { osmium::apply(buffer, collector); });
    while (osmium::memory::Buffer buffer = reader.read()) {
      check_osm_buffer(buffer, path);
      osmium::apply(buffer, locations, collector, area_handler);
    }
    reader.close();
  } catch (const Error&) {
    throw;
  } catch (const std::exception& e) {
    throw Error("cannot read OSM data: " + printable_utf8(e.what()), where, ErrorKind::BadInput,
                "the file may be truncated or not OSM PBF/XML");
  }
  if (collector.broken_areas > 0)
    spdlog::warn("{}: {} matching area(s) could not be assembled into a polygon and were skipped",
                 path, collector.broken_areas);
  if (collector.found.empty()) {
    std::string list;
    for (const auto& t : tags) list += (list.empty() ? "" : ", ") + t;
    throw Error("no OSM object matches " + list, where, ErrorKind::BadInput,
                "check the tags (e.g. amenity=hospital) and the extract");
  }

  auto& found = collector.found;
  std::sort(found.begin(), found.end(), [](const Found& a, const Found& b) {
    return std::tie(a.type_rank, a.id) < std::tie(b.type_rank, b.id);
  });
  static constexpr const char* kPrefix[] = {"n", "w", "r"};
  static constexpr const char* kType[] = {"node", "way", "relation"};
  std::vector<std::string> ids, types;
  std::vector<LonLat> points;
  for (const auto& f : found) {
    ids.push_back(kPrefix[f.type_rank] + std::to_string(f.id));
    types.emplace_back(kType[f.type_rank]);
    points.push_back(f.point);
  }
  FeatureSet out =
      point_features(std::filesystem::path(path).filename().string(), "osm_id", ids, points);
  out.path = path;
  set_column(out, "osm_type", types);
  for (std::size_t k = 0; k <= keys.size(); ++k) {
    const std::string field = k == 0 ? std::string("name") : keys[k - 1];
    std::vector<std::string> column;
    for (std::size_t i = 0; i < found.size(); ++i) {
      // OSM text is UTF-8 by definition, but a PBF does not enforce it.
      if (!is_valid_utf8(found[i].texts[k]))
        throw Error("tag value is not valid UTF-8",
                    {.file = path, .feature_id = ids[i], .field = field}, ErrorKind::BadInput,
                    "the extract is damaged; download it again");
      column.push_back(found[i].texts[k]);
    }
    set_column(out, field, column);
  }
  std::vector<double> beds;
  for (const auto& f : found) beds.push_back(f.beds);
  set_column(out, "beds", beds);
  return out;
}

}  // namespace equiroute::geodata

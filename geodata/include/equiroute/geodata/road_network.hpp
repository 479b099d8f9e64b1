#pragma once
// The readers that build road networks (RoadEdges, core/road_edges.hpp) from OSM
// (PBF/XML with libosmium) or any OGR line layer, and the driving profile they apply.

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "equiroute/core/geo_types.hpp"
#include "equiroute/core/road_edges.hpp"

namespace equiroute::geodata {

/// Driving profile: which road classes are routable and how fast they are driven.
/// Defaults (km/h, see docs/routing.md): motorway 110, motorway_link 60, trunk 90,
/// trunk_link 50, primary 70, primary_link 50, secondary 60, secondary_link 45,
/// tertiary 50, tertiary_link 40, unclassified 40, residential 30, living_street 10,
/// service 20, road 30. Classes absent from the table (footway, path, cycleway, track,
/// steps, pedestrian, construction, ...) are not routable.
struct RoadProfile {
  std::map<std::string, double> speed_kmh;  ///< routable class → default speed, km/h
  /// Use the OSM `maxspeed` tag (km/h, or "mph" suffix) / the line layer's speed field when
  /// present and positive, instead of the class default.
  bool use_maxspeed = true;
  /// Line layers only: speed for features whose class is missing or not in the table
  /// when no class field is configured (km/h).
  double fallback_speed_kmh = 30.0;
};

/// The default driving profile (the table above).
RoadProfile default_driving_profile();

/// Parses "class=kmh" (e.g. "residential=25") and sets it in `profile`; a speed of 0
/// removes the class (not routable). Throws Error on malformed text or a negative speed.
void set_class_speed(RoadProfile& profile, const std::string& assignment);

/// Parses an OSM `maxspeed` value: "50", "50 km/h", "30 mph", "50;30" (first value).
/// Returns the speed in km/h, or 0 when it is not numeric ("none", "signals", "RU:urban").
double parse_maxspeed_kmh(const std::string& value);

/// Direction of travel allowed on an OSM way / line feature.
enum class OneWay { Both, Forward, Backward };

/// OSM-style one-way value: "yes"/"1"/"true"/"T"... → Forward, "-1"/"reverse" → Backward,
/// anything else (including "no", empty) → Both. Line layers also accept Geofabrik's
/// "F" (forward), "T" (to-from = backward) and "B" (both) when `geofabrik_letters`.
OneWay parse_oneway(const std::string& value, bool geofabrik_letters = false);

/// Options of the OSM road reader.
struct OsmRoadOptions {
  /// Node references of routable ways that the extract lacks are an error (BadInput)
  /// instead of a warning with their count.
  bool strict = false;
};

/// Reads the routable roads of an OSM file (.osm.pbf, .pbf, .osm, .osm.gz, .osm.bz2) with
/// libosmium in two passes (ways, then only the node locations they need, in a sorted
/// sparse index). A way is split at every vertex (each segment one edge pair), so ways
/// sharing a node are connected there. Oneway: `oneway=yes|1|true|-1|reverse`,
/// `junction=roundabout|circular` and `highway=motorway` imply one-way unless `oneway=no`.
/// Ways with `access=no|private` (unless `motor_vehicle`/`motorcar` allow it) or
/// `area=yes` are skipped. References to nodes missing from the extract (a clipped extract)
/// drop the affected segments; they are counted and logged as one warning, or are an error
/// with `options.strict`. Throws Error (BadInput, file named) when the file cannot be read
/// or decoded, or when it holds no routable way.
RoadEdges read_osm_roads(const std::string& path,
                         const RoadProfile& profile = default_driving_profile(),
                         const OsmRoadOptions& options = {});

/// Field names and noding for an OGR line layer road network.
struct LineRoadOptions {
  std::string path;
  std::string layer;  ///< empty: the only layer
  /// Road class field (looked up in profile.speed_kmh); empty: "highway" or "fclass" when
  /// present, otherwise every feature is routable at the fallback speed.
  std::string class_field;
  /// Speed field in km/h (≤ 0 or null: class default); empty: "maxspeed" when present.
  std::string speed_field;
  /// One-way field (OSM values or Geofabrik F/T/B); empty: "oneway" when present.
  std::string oneway_field;
  /// Line endpoints closer than this (metres) become one node; interior vertices are
  /// shared only with identical coordinates.
  double node_tolerance_m = 0.5;
  /// CRS of a source that declares none.
  std::string assume_crs;
};

/// Reads an OGR line layer (Shapefile, GeoPackage, GeoJSON, ...) as a road network,
/// coordinates transformed to WGS 84. Throws Error on a missing file/layer/field, a
/// layer without CRS (unless assume_crs), non-line geometries, or no routable feature.
RoadEdges read_line_layer_roads(const LineRoadOptions& options,
                                const RoadProfile& profile = default_driving_profile());

/// Reads a road network from `path`, choosing the OSM reader for .pbf/.osm/.osm.gz/.osm.bz2
/// and the OGR line reader otherwise (with `line_options` for field names; its path is
/// replaced by `path`; `osm_options` for OSM files).
RoadEdges read_roads(const std::string& path,
                     const RoadProfile& profile = default_driving_profile(),
                     LineRoadOptions line_options = {}, const OsmRoadOptions& osm_options = {});

/// True when `path` names an OSM file by its extension.
bool is_osm_path(const std::string& path);

/// Bounding box of the nodes (lon/lat). Throws std::invalid_argument when empty.
LonLatBox bounding_box(const RoadEdges& roads);

}  // namespace equiroute::geodata

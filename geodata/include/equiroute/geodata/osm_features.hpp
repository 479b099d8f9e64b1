#pragma once
// Points of interest from an OpenStreetMap file (libosmium): facilities such as hospitals
// are mapped as nodes, as closed ways (a building or a campus) or as multipolygon
// relations; all three become one point each.

#include <string>
#include <vector>

#include "equiroute/geodata/feature_set.hpp"

namespace equiroute::geodata {

/// The facilities of health care that OSM tags most often (`amenity=hospital|clinic|doctors`).
std::vector<std::string> default_osm_health_tags();

/// Reads the objects of an OSM PBF/XML file whose tags match any of `tags` ("key=value", or
/// "key=*" for any value). Nodes keep their location; closed ways and multipolygon
/// relations are assembled into areas and represented by a point on their surface (inside
/// the area even when it is concave). Fields: `osm_id` (n123 / w45 / r6, unique),
/// `osm_type` (node/way/relation), `name`, one text field per filter key (e.g. `amenity`)
/// and `beds` (the tag as a number, null when absent or not numeric). Features are in
/// (type, id) order. Throws Error naming the file on a malformed filter, an unreadable file,
/// or no matching object.
FeatureSet read_osm_points(const std::string& path, const std::vector<std::string>& tags);

}  // namespace equiroute::geodata

#pragma once
// The coordinate systems of Chinese web maps and their conversion to WGS 84:
// GCJ-02 (国测局 2002, "Mars coordinates": AMap/Gaode, Tencent, Google China) and BD-09
// (Baidu, defined on top of GCJ-02). Their positions are 300–700 m off true WGS 84 in
// most of China. No Debian library or PROJ provides them. Forward transformations are the
// published ones (constants below); inverses iterate the forward until it reproduces the
// input to 1e-12° (the round trip is held to 1e-7° by the tests). Points outside the
// published "China" box are unchanged. Sources and accuracy: docs/coordinates.md.

#include <optional>
#include <string>
#include <string_view>

#include "equiroute/core/geo_types.hpp"
#include "equiroute/geodata/geos_handle.hpp"

namespace equiroute::geodata {

enum class ChinaDatum {
  Gcj02,  ///< GCJ-02 (AMap/Gaode, Tencent, Google Maps in mainland China)
  Bd09,   ///< BD-09 longitude/latitude (Baidu; not the BD-09 Mercator metres)
};

/// "GCJ-02" or "BD-09".
std::string to_string(ChinaDatum datum);

/// Recognises "GCJ-02", "GCJ02", "BD-09", "BD09" and "BD09LL" (any case); nullopt for
/// anything else (e.g. "EPSG:4326", which PROJ handles).
std::optional<ChinaDatum> parse_china_datum(std::string_view text);

/// The published "out of China" rule: outside lon 72.004–137.8347°, lat 0.8293–55.8271°
/// the offset is not applied (a bounding box, so parts of neighbouring countries count as
/// inside, and the tests do not rely on points near its edges).
bool outside_china(LonLat p);

/// WGS 84 → GCJ-02 (Krasovsky 1940 ellipsoid: a = 6378245 m, e² = 0.00669342162296594323).
LonLat gcj02_from_wgs84(LonLat wgs84);
/// GCJ-02 → WGS 84: the point whose GCJ-02 image is `gcj02` (fixed-point iteration).
LonLat wgs84_from_gcj02(LonLat gcj02);
/// GCJ-02 → BD-09 (Baidu's published formula; applied everywhere, no box).
LonLat bd09_from_gcj02(LonLat gcj02);
/// BD-09 → GCJ-02: the exact inverse of bd09_from_gcj02 (Baidu's approximate inverse
/// refined by iteration).
LonLat gcj02_from_bd09(LonLat bd09);
/// WGS 84 → BD-09 (via GCJ-02); unchanged outside the China box.
LonLat bd09_from_wgs84(LonLat wgs84);
/// BD-09 → WGS 84 (via GCJ-02); unchanged outside the China box.
LonLat wgs84_from_bd09(LonLat bd09);

/// Converts a point given in `datum` to WGS 84, and back.
LonLat to_wgs84(LonLat p, ChinaDatum datum);
LonLat from_wgs84(LonLat p, ChinaDatum datum);

/// Copy of `geometry` (lon/lat, any type) with every vertex converted from `datum` to
/// WGS 84. Throws equiroute::Error (Internal) when GEOS fails.
GeomPtr geometry_to_wgs84(const GEOSGeometry* geometry, ChinaDatum datum);

}  // namespace equiroute::geodata

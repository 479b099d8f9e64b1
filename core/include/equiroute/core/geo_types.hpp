#pragma once
// Plain geographic value types shared by all modules (header-only, no GDAL/GEOS/PROJ).

namespace equiroute {

/// Longitude/latitude in degrees, WGS 84 (EPSG:4326), longitude first.
struct LonLat {
  double lon = 0.0;
  double lat = 0.0;
};

/// Coordinates in a projected working CRS, metres.
struct XY {
  double x = 0.0;
  double y = 0.0;
};

/// Axis-aligned box in lon/lat degrees.
struct LonLatBox {
  double min_lon = 0.0;
  double min_lat = 0.0;
  double max_lon = 0.0;
  double max_lat = 0.0;
};

}  // namespace equiroute

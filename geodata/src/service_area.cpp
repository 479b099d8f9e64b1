#include "equiroute/geodata/service_area.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <stdexcept>
#include <string>

#include "equiroute/core/error.hpp"

namespace equiroute::geodata {
namespace {

GeomPtr checked(GEOSGeometry* g, const char* what) {
  if (g == nullptr)
    throw Error(std::string("GEOS failed to ") + what + ": " + geos_last_error(), {},
                ErrorKind::Internal);
  return GeomPtr(g);
}

int to_lonlat(double* x, double* y, void* user) {
  const auto* projection = static_cast<const Projection*>(user);
  try {
    const LonLat p = projection->inverse({*x, *y});
    *x = p.lon;
    *y = p.lat;
    return 1;
  } catch (...) {
    return 0;
  }
}

}  // namespace

GeomPtr service_area_polygon(const std::vector<std::pair<XY, XY>>& pieces, double buffer_m,
                             const Projection& projection) {
  if (!(buffer_m > 0.0))
    throw std::invalid_argument("service_area_polygon: buffer must be positive");
  auto* ctx = geos_context();
  if (pieces.empty()) return checked(GEOSGeom_createEmptyPolygon_r(ctx), "create an empty polygon");
  // Snap the ends to a grid of a fifth of the buffer (invisible after buffering) and drop
  // duplicates (a two-way road is reached in both directions): far less work for GEOS.
  const double grid = buffer_m / 5.0;
  std::vector<std::array<long long, 4>> keys;
  keys.reserve(pieces.size());
  for (const auto& [a, b] : pieces) {
    std::array<long long, 4> k{std::llround(a.x / grid), std::llround(a.y / grid),
                               std::llround(b.x / grid), std::llround(b.y / grid)};
    if (std::make_pair(k[2], k[3]) < std::make_pair(k[0], k[1])) k = {k[2], k[3], k[0], k[1]};
    keys.push_back(k);
  }
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  std::vector<GEOSGeometry*> lines;
  lines.reserve(keys.size());
  try {
    for (const auto& k : keys) {
      const XY a{static_cast<double>(k[0]) * grid, static_cast<double>(k[1]) * grid};
      const XY b{static_cast<double>(k[2]) * grid, static_cast<double>(k[3]) * grid};
      GEOSCoordSequence* seq = GEOSCoordSeq_create_r(ctx, 2, 2);
      GEOSCoordSeq_setXY_r(ctx, seq, 0, a.x, a.y);
      GEOSCoordSeq_setXY_r(ctx, seq, 1, b.x, b.y);
      GEOSGeometry* line = GEOSGeom_createLineString_r(ctx, seq);
      if (line == nullptr)
        throw Error(std::string("GEOS failed to build a line: ") + geos_last_error(), {},
                    ErrorKind::Internal);
      lines.push_back(line);
    }
  } catch (...) {
    for (auto* g : lines) GEOSGeom_destroy_r(ctx, g);
    throw;
  }
  // The collection takes ownership of the lines.
  GeomPtr collection = checked(GEOSGeom_createCollection_r(ctx, GEOS_MULTILINESTRING, lines.data(),
                                                           static_cast<unsigned>(lines.size())),
                               "collect the reached pieces");
  // Buffer each piece (cheap), then a cascaded union of the small polygons.
  const int count = GEOSGetNumGeometries_r(ctx, collection.get());
  std::vector<GEOSGeometry*> blobs;
  blobs.reserve(static_cast<std::size_t>(count));
  for (int i = 0; i < count; ++i) {
    GEOSGeometry* blob =
        GEOSBuffer_r(ctx, GEOSGetGeometryN_r(ctx, collection.get(), i), buffer_m, 4);
    if (blob == nullptr) {
      for (auto* g : blobs) GEOSGeom_destroy_r(ctx, g);
      throw Error(std::string("GEOS failed to buffer a piece: ") + geos_last_error(), {},
                  ErrorKind::Internal);
    }
    blobs.push_back(blob);
  }
  GeomPtr polygons = checked(GEOSGeom_createCollection_r(ctx, GEOS_MULTIPOLYGON, blobs.data(),
                                                         static_cast<unsigned>(blobs.size())),
                             "collect the buffered pieces");
  GeomPtr area = checked(GEOSUnaryUnion_r(ctx, polygons.get()), "union the buffered pieces");
  GeomPtr lonlat = checked(
      GEOSGeom_transformXY_r(ctx, area.get(), to_lonlat, const_cast<Projection*>(&projection)),
      "transform the service area to lon/lat");
  return lonlat;
}

}  // namespace equiroute::geodata

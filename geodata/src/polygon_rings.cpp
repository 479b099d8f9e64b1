#include "equiroute/geodata/polygon_rings.hpp"

namespace equiroute::geodata {

namespace {

Ring ring_of(GEOSContextHandle_t ctx, const GEOSGeometry* ring) {
  Ring out;
  const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(ctx, ring);
  unsigned int size = 0;
  if (!seq || !GEOSCoordSeq_getSize_r(ctx, seq, &size)) return out;
  out.reserve(size);
  for (unsigned int i = 0; i < size; ++i) {
    double x = 0.0;
    double y = 0.0;
    GEOSCoordSeq_getXY_r(ctx, seq, i, &x, &y);
    out.push_back({x, y});
  }
  return out;
}

void collect(GEOSContextHandle_t ctx, const GEOSGeometry* g, std::vector<PolygonRings>& out) {
  int type = GEOSGeomTypeId_r(ctx, g);
  if (type == GEOS_POLYGON) {
    if (GEOSisEmpty_r(ctx, g)) return;
    PolygonRings polygon{ring_of(ctx, GEOSGetExteriorRing_r(ctx, g))};
    int holes = GEOSGetNumInteriorRings_r(ctx, g);
    for (int h = 0; h < holes; ++h)
      polygon.push_back(ring_of(ctx, GEOSGetInteriorRingN_r(ctx, g, h)));
    out.push_back(std::move(polygon));
  } else if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION) {
    int parts = GEOSGetNumGeometries_r(ctx, g);
    for (int p = 0; p < parts; ++p) collect(ctx, GEOSGetGeometryN_r(ctx, g, p), out);
  }
}

}  // namespace

std::vector<std::vector<PolygonRings>> polygon_rings(const FeatureSet& features) {
  GEOSContextHandle_t ctx = geos_context();
  std::vector<std::vector<PolygonRings>> result(features.geometries.size());
  for (std::size_t i = 0; i < features.geometries.size(); ++i) {
    if (features.geometries[i]) collect(ctx, features.geometries[i].get(), result[i]);
  }
  return result;
}

}  // namespace equiroute::geodata

#include "geometry_checks.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <cmath>
#include <functional>
#include <vector>

namespace equiroute::geodata {

namespace {

/// Calls `f(x, y)` for every vertex of an OGR geometry (curves' control points included)
/// until it returns false.
class VertexVisitor : public OGRDefaultConstGeometryVisitor {
 public:
  explicit VertexVisitor(std::function<bool(double, double)> f) : f_(std::move(f)) {}
  using OGRDefaultConstGeometryVisitor::visit;
  // Every vertex, NaN ones included (OGR calls a point of NaNs empty).
  void visit(const OGRPoint* p) override {
    if (going_) going_ = f_(p->getX(), p->getY());
  }

 private:
  std::function<bool(double, double)> f_;
  bool going_ = true;
};

void for_each_vertex(const OGRGeometry& g, std::function<bool(double, double)> f) {
  VertexVisitor visitor(std::move(f));
  g.accept(&visitor);
}

/// Shortest text of a coordinate (round-trips; "nan", "inf" as such).
std::string coord(double v) { return fmt::format("{}", v); }

constexpr double kMaxAbsCoordinate = 1e9;  // metres or feet: Earth is 4e7 m around
constexpr double kDegreeSlack = 1e-9;      // rounding in transformations, degrees

bool valid_lonlat(double lon, double lat) {
  return std::abs(lon) <= 180.0 + kDegreeSlack && std::abs(lat) <= 90.0 + kDegreeSlack;
}

std::optional<GeometryFamily> family_of_type(int type) {
  switch (type) {
    case GEOS_POINT:
    case GEOS_MULTIPOINT:
      return GeometryFamily::Point;
    case GEOS_LINESTRING:
    case GEOS_LINEARRING:
    case GEOS_MULTILINESTRING:
      return GeometryFamily::Line;
    case GEOS_POLYGON:
    case GEOS_MULTIPOLYGON:
      return GeometryFamily::Polygon;
    default:
      return std::nullopt;
  }
}

bool is_polygonal(int type) { return type == GEOS_POLYGON || type == GEOS_MULTIPOLYGON; }

/// Keeps only the polygons of a repaired polygon (MakeValid may add stray lines/points).
GeomPtr polygonal_part(GeomPtr g) {
  auto* ctx = geos_context();
  if (GEOSGeomTypeId_r(ctx, g.get()) != GEOS_GEOMETRYCOLLECTION) return g;
  std::vector<GEOSGeometry*> polygons;
  const int n = GEOSGetNumGeometries_r(ctx, g.get());
  for (int i = 0; i < n; ++i) {
    const GEOSGeometry* part = GEOSGetGeometryN_r(ctx, g.get(), i);
    const int type = GEOSGeomTypeId_r(ctx, part);
    if (type == GEOS_POLYGON) {
      polygons.push_back(GEOSGeom_clone_r(ctx, part));
    } else if (type == GEOS_MULTIPOLYGON) {
      for (int j = 0; j < GEOSGetNumGeometries_r(ctx, part); ++j) {
        polygons.push_back(GEOSGeom_clone_r(ctx, GEOSGetGeometryN_r(ctx, part, j)));
      }
    }
  }
  return GeomPtr(GEOSGeom_createCollection_r(ctx, GEOS_MULTIPOLYGON, polygons.data(),
                                             static_cast<unsigned>(polygons.size())));
}

}  // namespace

GeomPtr to_geos(OGRGeometry& geometry, const ErrorContext& where) {
  std::unique_ptr<OGRGeometry> linear;
  OGRGeometry* g = &geometry;
  if (g->hasCurveGeometry()) {
    linear.reset(g->getLinearGeometry());
    g = linear.get();
  }
  g->flattenTo2D();
  std::vector<unsigned char> wkb(g->WkbSize());
  if (g->exportToWkb(wkbNDR, wkb.data(), wkbVariantIso) != OGRERR_NONE) {
    throw Error("cannot convert the geometry", where, ErrorKind::Internal);
  }
  GEOSGeometry* out = GEOSGeomFromWKB_buf_r(geos_context(), wkb.data(), wkb.size());
  if (!out) {
    throw Error(std::string("cannot convert the geometry to GEOS: ") + geos_last_error(), where,
                ErrorKind::BadInput);
  }
  return GeomPtr(out);
}

GeomPtr ensure_valid(GeomPtr g, bool repair, const ErrorContext& where, std::size_t& repairs) {
  auto* ctx = geos_context();
  const char valid = GEOSisValid_r(ctx, g.get());
  if (valid == 1) return g;
  char* reason_c = GEOSisValidReason_r(ctx, g.get());
  std::string reason = reason_c ? reason_c : "invalid geometry";
  GEOSFree_r(ctx, reason_c);
  if (!repair) {
    throw Error("invalid geometry: " + reason, where, ErrorKind::BadInput,
                "repair it in a GIS, or allow automatic repair");
  }
  const int type = GEOSGeomTypeId_r(ctx, g.get());
  GeomPtr fixed(GEOSMakeValid_r(ctx, g.get()));
  if (!fixed) {
    throw Error(
        "invalid geometry that GEOS cannot repair: " + reason + " (" + geos_last_error() + ")",
        where);
  }
  if (is_polygonal(type)) fixed = polygonal_part(std::move(fixed));
  // Every repair is logged; the first few as warnings, the rest at debug level so that a
  // web-map source with dozens of self-touching rings does not drown the output.
  const std::string message = Error("invalid geometry repaired (" + reason + ")", where).what();
  if (repairs < kRepairWarnings) {
    spdlog::warn("{}", message);
  } else {
    spdlog::debug("{}", message);
  }
  ++repairs;
  return fixed;
}

std::optional<GeometryFamily> geometry_family(const GEOSGeometry* g) {
  auto* ctx = geos_context();
  const int type = GEOSGeomTypeId_r(ctx, g);
  if (type != GEOS_GEOMETRYCOLLECTION) return family_of_type(type);
  std::optional<GeometryFamily> family;
  const int n = GEOSGetNumGeometries_r(ctx, g);
  for (int i = 0; i < n; ++i) {
    const auto part = geometry_family(GEOSGetGeometryN_r(ctx, g, i));
    if (!part || (family && *family != *part)) return std::nullopt;
    family = part;
  }
  return family;
}

const char* family_name(GeometryFamily family) {
  switch (family) {
    case GeometryFamily::Point:
      return "points";
    case GeometryFamily::Line:
      return "lines";
    case GeometryFamily::Polygon:
      return "polygons";
    case GeometryFamily::Any:
      break;
  }
  return "any geometry";
}

void FamilyCheck::check(const GEOSGeometry* g, const ErrorContext& where) {
  const auto family = geometry_family(g);
  char* type_c = GEOSGeomType_r(geos_context(), g);
  const std::string type = type_c ? type_c : "geometry";
  GEOSFree_r(geos_context(), type_c);
  if (!family) {
    throw Error("a " + type + " that mixes geometry types", where, ErrorKind::BadInput,
                "a layer holds one kind of geometry: points, lines or polygons");
  }
  if (required_ != GeometryFamily::Any && *family != required_) {
    throw Error(fmt::format("a {} where {} are needed", type, family_name(required_)), where,
                ErrorKind::BadInput, "check that this is the right layer");
  }
  if (!first_) {
    first_ = family;
    first_id_ = where.feature_id;
  } else if (*first_ != *family) {
    throw Error(fmt::format("a {} in a layer of {} (feature {} is one)", type, family_name(*first_),
                            first_id_),
                where, ErrorKind::BadInput,
                "a layer holds one kind of geometry: points, lines or polygons");
  }
}

void check_source_coordinates(const OGRGeometry& g, bool geographic, const ErrorContext& where) {
  std::optional<std::pair<double, double>> bad;
  for_each_vertex(g, [&](double x, double y) {
    const bool plausible = std::isfinite(x) && std::isfinite(y) &&
                           std::abs(x) <= kMaxAbsCoordinate && std::abs(y) <= kMaxAbsCoordinate;
    if (plausible && (!geographic || valid_lonlat(x, y))) return true;
    bad = {x, y};
    return false;
  });
  if (!bad) return;
  const auto [x, y] = *bad;
  const std::string at = "(" + coord(x) + ", " + coord(y) + ")";
  if (!std::isfinite(x) || !std::isfinite(y)) {
    throw Error("coordinate is not a finite number: " + at, where);
  }
  if (!geographic) {
    throw Error("coordinate out of any plausible range: " + at, where, ErrorKind::BadInput,
                "coordinates beyond ±1e9 are not on Earth in any CRS unit");
  }
  const std::string hint =
      valid_lonlat(y, x)
          ? "longitude and latitude look swapped: x must be the longitude, y the latitude"
          : "longitude must lie within ±180° and latitude within ±90°; is the CRS right?";
  throw Error("longitude/latitude out of range: " + at, where, ErrorKind::BadInput, hint);
}

void transform_to_wgs84(OGRGeometry& g, OGRCoordinateTransformation& transform,
                        const std::string& source_crs_name, const ErrorContext& where) {
  std::unique_ptr<OGRGeometry> original(g.clone());
  if (g.transform(&transform) == OGRERR_NONE) return;
  std::string at;
  for_each_vertex(*original, [&](double x, double y) {
    double tx = x, ty = y;
    int ok = 0;
    if (transform.Transform(1, &tx, &ty, nullptr, &ok) && ok) return true;
    at = ": (" + coord(x) + ", " + coord(y) + ")";
    return false;
  });
  throw Error("cannot transform the coordinates from " + source_crs_name + " to WGS 84" + at, where,
              ErrorKind::BadInput, "are the coordinates in the layer's CRS?");
}

void check_lonlat_range(const OGRGeometry& g, const std::string& source_crs_name,
                        const ErrorContext& where) {
  std::string at;
  for_each_vertex(g, [&](double lon, double lat) {
    if (std::isfinite(lon) && std::isfinite(lat) && valid_lonlat(lon, lat)) return true;
    at = "(" + coord(lon) + ", " + coord(lat) + ")";
    return false;
  });
  if (at.empty()) return;
  throw Error("coordinates outside the lon/lat range after transformation from " + source_crs_name +
                  ": " + at,
              where, ErrorKind::BadInput, "are the coordinates in the layer's CRS?");
}

}  // namespace equiroute::geodata

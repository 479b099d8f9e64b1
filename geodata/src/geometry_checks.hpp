#pragma once
// Checks that read_features applies to every geometry (private to geodata): one geometry
// family per layer, plausible coordinates before and after the transformation to WGS 84,
// transformation errors that name the vertex instead of printing PROJ's pipeline, and
// validity (repair with GEOS MakeValid).

#include <ogr_geometry.h>
#include <ogr_spatialref.h>

#include <optional>
#include <string>

#include "equiroute/core/error.hpp"
#include "equiroute/geodata/feature_set.hpp"
#include "equiroute/geodata/geos_handle.hpp"

namespace equiroute::geodata {

/// Family of a GEOS geometry: points (Point, MultiPoint), lines (LineString, LinearRing,
/// MultiLineString) or polygons (Polygon, MultiPolygon); a collection has the family of its
/// parts. std::nullopt for a collection that mixes families or is empty.
std::optional<GeometryFamily> geometry_family(const GEOSGeometry* g);

/// "points", "lines", "polygons" (or "any geometry").
const char* family_name(GeometryFamily family);

/// Enforces one geometry family per layer: `required`, or (for Any) the family of the
/// first feature.
class FamilyCheck {
 public:
  explicit FamilyCheck(GeometryFamily required) : required_(required) {}
  /// Throws Error (BadInput) naming the feature when `g` is of another family (or mixes
  /// families).
  void check(const GEOSGeometry* g, const ErrorContext& where);

 private:
  GeometryFamily required_;
  std::optional<GeometryFamily> first_;
  std::string first_id_;
};

/// Checks the coordinates of `g` in its source CRS: every vertex finite and within
/// ±1e9 (no CRS unit gives more on Earth); for a geographic source, longitude within
/// [-180, 180] and latitude within [-90, 90], with a hint when swapping them would fit.
/// Throws Error (BadInput) with the first offending vertex.
void check_source_coordinates(const OGRGeometry& g, bool geographic, const ErrorContext& where);

/// Transforms `g` to WGS 84 lon/lat. On failure throws Error naming the first vertex that
/// PROJ cannot transform (never PROJ's own message, which prints the whole pipeline).
void transform_to_wgs84(OGRGeometry& g, OGRCoordinateTransformation& transform,
                        const std::string& source_crs_name, const ErrorContext& where);

/// Checks that every vertex of `g` (now lon/lat) is finite with |lon| ≤ 180, |lat| ≤ 90;
/// throws Error (BadInput) naming the vertex, with a hint on the source CRS.
void check_lonlat_range(const OGRGeometry& g, const std::string& source_crs_name,
                        const ErrorContext& where);

/// Converts an OGR geometry (already in WGS 84 lon/lat) to GEOS through ISO WKB: curves
/// linearised, Z/M dropped.
GeomPtr to_geos(OGRGeometry& geometry, const ErrorContext& where);

/// How many repairs per layer are logged as warnings; the rest go to the debug level.
inline constexpr std::size_t kRepairWarnings = 5;

/// Checks validity; repairs with GEOSMakeValid (logging a warning naming the feature; a
/// polygon stays polygonal) or, when `repair` is false, throws Error with GEOS's reason.
/// `repairs` counts the repairs of the layer.
GeomPtr ensure_valid(GeomPtr g, bool repair, const ErrorContext& where, std::size_t& repairs);

}  // namespace equiroute::geodata

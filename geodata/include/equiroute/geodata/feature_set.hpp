#pragma once
// Features read from any OGR source (or CSV with coordinates) into memory: attributes as
// values, geometries as GEOS geometries in WGS 84 lon/lat. This is the one in-memory form
// of regions, facilities, demand points and attribute tables.

#include <cstddef>
#include <string>
#include <variant>
#include <vector>

#include "equiroute/core/error.hpp"
#include "equiroute/core/geo_types.hpp"
#include "equiroute/geodata/geos_handle.hpp"

namespace equiroute::geodata {

/// An attribute value: null, integer, real or text.
using AttrValue = std::variant<std::monostate, long long, double, std::string>;

/// A value as text: integers in full, reals in their shortest exact form ("0.1"), null as "".
std::string value_text(const AttrValue& value);

struct FeatureSet {
  std::string path;      ///< file the features came from (for messages)
  std::string layer;     ///< layer name within it
  std::string encoding;  ///< encoding the text was decoded from ("UTF-8", "GB18030", ...)
  std::string id_field;
  std::vector<std::string> fields;             ///< attribute names, in source order
  std::vector<std::string> ids;                ///< value of id_field per feature, as text
  std::vector<std::vector<AttrValue>> values;  ///< values[feature][field index]
  std::vector<GeomPtr> geometries;             ///< WGS 84 lon/lat; empty vector for tables

  std::size_t size() const noexcept { return ids.size(); }
  bool has_geometry() const noexcept { return !geometries.empty(); }
  bool has_field(const std::string& name) const noexcept;
  /// Index of `name`; throws Error naming file, layer and field, with a hint listing the
  /// available fields.
  std::size_t field_index(const std::string& name) const;
  /// Numeric value (integers, reals, and text that parses fully as a number). Throws Error
  /// naming file, layer, feature id and field when it is null or not numeric.
  double number(std::size_t feature, const std::string& field) const;
  /// Value as text (numbers formatted without trailing zeros; null is "").
  std::string text(std::size_t feature, const std::string& field) const;
  /// Context for an error about `feature` (and `field`, if given).
  ErrorContext context(std::size_t feature, const std::string& field = {}) const;
  /// Adds (or replaces) a numeric attribute column.
  void set_numbers(const std::string& field, const std::vector<double>& numbers);
};

/// The kind of geometry a layer must hold. Multi-geometries count as their single kind.
enum class GeometryFamily { Any, Point, Line, Polygon };

/// How to read one layer.
struct ReadOptions {
  std::string path;
  std::string layer;     ///< empty: the only layer (error listing layers if several)
  std::string id_field;  ///< empty: the OGR FID, as text
  /// OGR SQL attribute filter (e.g. "admin_level = '7'"): only matching features are read.
  std::string where;
  /// CSV (or any table) with coordinates: names of the x/lon and y/lat columns. When both
  /// are empty for a CSV, GDAL's own detection (WKT/X/Y/lon/lat columns) applies.
  std::string x_field;
  std::string y_field;
  /// CRS of the input when it declares none (CSV coordinates default to EPSG:4326 when
  /// x/y fields are given). Any string PROJ accepts: "EPSG:4547", a PROJ string, WKT.
  /// Or "GCJ-02" / "BD-09" (china_coordinates.hpp): the coordinates are lon/lat from
  /// Chinese web maps and are converted to WGS 84 at load. That applies even when the
  /// layer declares a geographic CRS (such files label offset lon/lat as WGS 84), and is
  /// an error (BadInput) for a layer that declares a projected CRS or whose coordinates
  /// are not lon/lat.
  std::string assume_crs;
  bool repair_invalid = true;      ///< MakeValid invalid geometries (warn) instead of failing
  bool require_unique_ids = true;  ///< duplicate ids are an error naming both features
  bool require_geometry = false;   ///< a table without geometry is an error
  /// Text encoding of the attributes (and field names): a name iconv knows ("GBK",
  /// "GB18030", "Big5", "UTF-8"). Empty: what the source declares (a Shapefile's .cpg or
  /// .dbf language driver; UTF-8 for GeoJSON and GeoPackage), else UTF-8 when all text is
  /// valid UTF-8, else GB18030 (a superset of GBK), logged as a warning.
  std::string encoding;
  /// The geometry kind every feature must have. Any: one kind for the whole layer, that of
  /// its first feature (a layer mixing points and polygons is an error either way).
  GeometryFamily geometry = GeometryFamily::Any;
};

/// Reads a layer into memory, transforming every geometry to WGS 84 lon/lat; all text comes
/// out as UTF-8 (see ReadOptions::encoding).
/// Throws Error (BadInput, with file/layer/feature/field) on a missing file, a Shapefile
/// without its .dbf/.shx, an unknown layer or field, a source without CRS (unless
/// assume_crs), text that does not decode (naming the byte), duplicate ids, missing
/// coordinates, coordinates that are not finite or out of range (lon/lat: with a hint
/// when they look swapped), coordinates PROJ cannot transform, a geometry of another kind
/// than the layer's, empty geometries, and invalid geometries when repair_invalid is false.
/// Repairs and an assumed encoding are reported through spdlog warnings naming the file.
FeatureSet read_features(const ReadOptions& options);

/// Values of `field` as numbers, each checked to be >= 0 (populations, counts, capacities).
/// Throws Error naming file, layer, feature id and field for a missing, non-numeric or
/// negative value.
std::vector<double> non_negative_numbers(const FeatureSet& features, const std::string& field);

/// Point coordinates of a point feature set (lon/lat). Throws Error naming the feature
/// when a geometry is not a point.
std::vector<LonLat> point_coordinates(const FeatureSet& points);

}  // namespace equiroute::geodata

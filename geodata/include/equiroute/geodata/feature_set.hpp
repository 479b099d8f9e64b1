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

struct FeatureSet {
  std::string path;   ///< file the features came from (for messages)
  std::string layer;  ///< layer name within it
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
};

/// Reads a layer into memory, transforming every geometry to WGS 84 lon/lat.
/// Throws Error (with file/layer/feature/field) on a missing file, unknown layer or field,
/// a source without CRS (unless assume_crs), duplicate ids, missing coordinates, empty
/// geometries, and on invalid geometries when repair_invalid is false.
/// Repairs are reported through spdlog warnings naming the feature.
FeatureSet read_features(const ReadOptions& options);

/// Values of `field` as numbers, each checked to be >= 0 (populations, counts, capacities).
/// Throws Error naming file, layer, feature id and field for a missing, non-numeric or
/// negative value.
std::vector<double> non_negative_numbers(const FeatureSet& features, const std::string& field);

/// Point coordinates of a point feature set (lon/lat). Throws Error naming the feature
/// when a geometry is not a point.
std::vector<LonLat> point_coordinates(const FeatureSet& points);

}  // namespace equiroute::geodata

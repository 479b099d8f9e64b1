#pragma once
// Summary of an OGR-readable data source, as printed by `equiroute info`.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace equiroute::geodata {

struct FieldInfo {
  std::string name;
  std::string type;  ///< OGR type name: Integer, Integer64, Real, String, ...
};

struct LayerInfo {
  std::string name;
  std::string geometry_type;  ///< OGR geometry type name, "None" for tables
  std::int64_t feature_count = 0;
  std::vector<FieldInfo> fields;  ///< names decoded to UTF-8 (see `encoding`)
  /// Encoding of the layer's text as read_features would decode it without an explicit one
  /// (declared by the source, else UTF-8 or GB18030 judged from the field names only).
  std::string encoding;
  std::string crs_name;  ///< empty when the layer has no CRS
  std::string crs_auth;  ///< "EPSG:4326" when known, else empty
  bool crs_geographic = false;
  std::optional<std::array<double, 4>> extent;  ///< minx, miny, maxx, maxy in the layer's CRS
};

struct DatasetInfo {
  std::string path;
  std::string driver;
  std::vector<LayerInfo> layers;
};

/// Opens `path` read-only with GDAL/OGR and describes every vector layer.
/// Throws equiroute::Error (naming the file) when it cannot be opened as vector data, is a
/// Shapefile without its .dbf/.shx, or has a field name that does not decode.
DatasetInfo describe_dataset(const std::string& path);

}  // namespace equiroute::geodata

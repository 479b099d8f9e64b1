#pragma once
// Writers for analysts' GIS: GeoJSON (RFC 7946, WGS 84), ESRI Shapefile (UTF-8 .cpg, field
// names shortened predictably), GeoPackage, CSV. All writes are atomic (temp + rename) and
// never overwrite an input.

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "equiroute/geodata/feature_set.hpp"

namespace equiroute::geodata {

enum class LayerFormat { GeoJSON, Shapefile, GeoPackage, CSV };

/// Format from the extension: .geojson/.json, .shp, .gpkg, .csv. Throws Error otherwise.
LayerFormat format_from_path(const std::filesystem::path& path);

struct WriteOptions {
  std::string layer_name;              ///< default: the file stem
  int coordinate_precision = 7;        ///< GeoJSON decimals (7 ≈ 1 cm)
  std::vector<std::filesystem::path> inputs;  ///< refused as targets
};

/// Result of a write: where it went and, for Shapefiles, long → short field names.
struct WriteReport {
  std::filesystem::path path;
  std::map<std::string, std::string> renamed_fields;
};

/// Writes `features` (attributes + geometries, or attributes only for CSV/tables).
WriteReport write_layer(const FeatureSet& features, const std::filesystem::path& path,
                        const WriteOptions& options = {});

/// Shapefile field names: at most 10 bytes, unique; "population_density" → "populati_1"
/// style truncation with a numeric suffix on collisions. Deterministic for a given list.
std::map<std::string, std::string> shapefile_field_names(const std::vector<std::string>& fields);

}  // namespace equiroute::geodata

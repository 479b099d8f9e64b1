#pragma once
// Writers for analysts' GIS: GeoJSON (RFC 7946, WGS 84), ESRI Shapefile (UTF-8 .cpg, field
// names shortened predictably), GeoPackage, CSV. All writes are atomic (temp + rename) and
// never overwrite an input.

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "equiroute/geodata/feature_set.hpp"
#include "equiroute/geodata/qgis_style.hpp"

namespace equiroute::geodata {

enum class LayerFormat { GeoJSON, Shapefile, GeoPackage, CSV };

/// Format from the extension: .geojson/.json, .shp, .gpkg, .csv. Throws Error otherwise.
LayerFormat format_from_path(const std::filesystem::path& path);

class OutputTransaction;

struct WriteOptions {
  std::string layer_name;                     ///< default: the file stem
  int coordinate_precision = 7;               ///< GeoJSON decimals (7 ≈ 1 cm)
  std::vector<std::filesystem::path> inputs;  ///< refused as targets
  /// When given, the layer's files join this transaction (published by its commit(), with
  /// the command's other outputs) instead of being renamed into place at once.
  OutputTransaction* transaction = nullptr;
  /// QGIS styles of the layer, the first being its default: a GeoPackage stores them all in
  /// its layer_styles table, a GeoJSON or Shapefile gets the first as a `.qml` sidecar, a
  /// CSV none. Written before the layer is moved into place.
  std::vector<LayerStyle> styles;
};

/// Result of a write: where it went and, for Shapefiles, long → short field names.
struct WriteReport {
  std::filesystem::path path;
  std::map<std::string, std::string> renamed_fields;
};

/// Writes `features` (attributes + geometries, or attributes only for CSV/tables; a CSV of
/// points gets lon/lat columns). Column types follow the values: Integer64, Real or String.
/// The id column is added first when `id_field` is not one of the attributes.
/// Throws Error on an unknown extension or a target that is an input (BadInput), when the
/// output cannot be written (Io: full disk, permissions, a directory in the way; naming the
/// path and the reason), or on a GDAL failure (Internal); no partial file is left under
/// `path` in any case. Numbers read back exactly and identical calls give identical bytes
/// (docs/geodata.md).
WriteReport write_layer(const FeatureSet& features, const std::filesystem::path& path,
                        const WriteOptions& options = {});

/// The attributes as CSV text (GDAL's CSV writer; quoting as needed, LF line ends), with
/// lon/lat columns appended when every geometry is a point. For printing to stdout.
std::string layer_to_csv(const FeatureSet& features);

/// The layer as RFC 7946 GeoJSON text (GDAL's writer, `coordinate_precision` decimals), with the
/// id column first as write_layer writes it. For embedding in documents.
std::string layer_to_geojson(const FeatureSet& features, int coordinate_precision = 7);

/// Shapefile field names: at most 10 bytes, unique; "population_density" → "populati_1"
/// style truncation with a numeric suffix on collisions. Deterministic for a given list.
std::map<std::string, std::string> shapefile_field_names(const std::vector<std::string>& fields);

}  // namespace equiroute::geodata

#pragma once
// GDAL side of write_layer (private to geodata): encodes a FeatureSet with a GDAL driver
// into GDAL's in-memory file system (/vsimem/). layer_writer.cpp then moves the bytes to
// disk itself, with checked writes (atomic_output.hpp), because GDAL's drivers do not all
// report a failed write (disk full) — some ignore fwrite/fclose results.

#include <map>
#include <string>
#include <vector>

#include "equiroute/geodata/feature_set.hpp"
#include "equiroute/geodata/layer_writer.hpp"
#include "equiroute/geodata/qgis_style.hpp"

namespace equiroute::geodata {

/// The fixed date written into outputs that store one (GeoPackage `last_change`, the
/// Shapefile .dbf header), so that identical runs give identical bytes.
inline constexpr const char* kFixedOutputDate = "2000-01-01T00:00:00.000Z";

struct EncodeRequest {
  std::string file;  ///< where GDAL writes (a /vsimem/ path keeping the target's name)
  LayerFormat format = LayerFormat::GeoJSON;
  std::string layer_name;
  int coordinate_precision = 7;                ///< GeoJSON decimals
  std::map<std::string, std::string> renamed;  ///< Shapefile: long → short field names
  bool csv_lon_lat = false;                    ///< CSV: append lon/lat of point geometries
  std::string target;                          ///< the real output path, for messages
  /// QGIS styles, the first being the default: a GeoPackage stores them all in its
  /// layer_styles table; a GeoJSON or Shapefile gets the first as a `.qml` sidecar beside
  /// `file` (naming the Shapefile's short field name); a CSV none.
  std::vector<LayerStyle> styles;
};

/// Writes `features` with GDAL as `request` says. Throws Error (Internal) naming the
/// target when GDAL fails, and Error (BadInput) for a value a Shapefile cannot hold.
void encode_layer(const FeatureSet& features, const EncodeRequest& request);

/// Shapefile numeric field size that writes every finite value of `values` exactly: the
/// fewest decimals that keep each value's shortest round-trip digits (at least 1, so that
/// readers keep the column real), and the width that holds them; at most 254 characters
/// (dBASE), values too small for that are rounded with a warning.
struct DbfRealSize {
  int width = 0;
  int decimals = 0;
};
DbfRealSize dbf_real_size(const FeatureSet& features, int source_field, const std::string& target);

}  // namespace equiroute::geodata

#include "equiroute/geodata/layer_writer.hpp"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>
#include <cpl_vsi.h>
#include <gdal_priv.h>
#include <ogr_geometry.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <set>

#include "equiroute/core/error.hpp"
#include "equiroute/geodata/atomic_output.hpp"
#include "equiroute/geodata/gdal_init.hpp"

namespace equiroute::geodata {

namespace fs = std::filesystem;

namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

/// Longest prefix of `s` of at most `bytes` bytes that does not split a UTF-8 character.
std::string utf8_prefix(const std::string& s, std::size_t bytes) {
  if (s.size() <= bytes) return s;
  std::size_t end = bytes;
  while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
  return s.substr(0, end);
}

/// Columns as written: the id column first when it is not an attribute already.
struct Columns {
  std::vector<std::string> names;
  std::vector<int> source;  ///< index into FeatureSet::fields, or -1 for the id
  std::vector<OGRFieldType> types;
};

OGRFieldType column_type(const FeatureSet& features, int source) {
  if (source < 0) return OFTString;
  bool any_real = false, any_int = false;
  for (const auto& row : features.values) {
    const AttrValue& v = row[static_cast<std::size_t>(source)];
    if (std::holds_alternative<std::string>(v)) return OFTString;
    any_real = any_real || std::holds_alternative<double>(v);
    any_int = any_int || std::holds_alternative<long long>(v);
  }
  if (any_real) return OFTReal;
  if (any_int) return OFTInteger64;
  return OFTString;
}

Columns columns_of(const FeatureSet& features) {
  Columns c;
  if (!features.id_field.empty() && !features.has_field(features.id_field)) {
    c.names.push_back(features.id_field);
    c.source.push_back(-1);
  }
  for (std::size_t i = 0; i < features.fields.size(); ++i) {
    c.names.push_back(features.fields[i]);
    c.source.push_back(static_cast<int>(i));
  }
  for (int s : c.source) c.types.push_back(column_type(features, s));
  return c;
}

/// The one geometry type of the layer (multi-types so that single and multi parts mix).
OGRwkbGeometryType layer_geometry_type(const FeatureSet& features) {
  if (!features.has_geometry()) return wkbNone;
  auto* ctx = geos_context();
  std::set<int> kinds;
  for (const auto& g : features.geometries) {
    switch (GEOSGeomTypeId_r(ctx, g.get())) {
      case GEOS_POINT:
        kinds.insert(0);
        break;
      case GEOS_MULTIPOINT:
        kinds.insert(1);
        break;
      case GEOS_LINESTRING:
      case GEOS_MULTILINESTRING:
        kinds.insert(2);
        break;
      case GEOS_POLYGON:
      case GEOS_MULTIPOLYGON:
        kinds.insert(3);
        break;
      default:
        kinds.insert(4);
        break;
    }
  }
  if (kinds == std::set<int>{0}) return wkbPoint;
  if (kinds == std::set<int>{0, 1} || kinds == std::set<int>{1}) return wkbMultiPoint;
  if (kinds == std::set<int>{2}) return wkbMultiLineString;
  if (kinds == std::set<int>{3}) return wkbMultiPolygon;
  return wkbUnknown;
}

std::unique_ptr<OGRGeometry> to_ogr(const GEOSGeometry* g, OGRwkbGeometryType layer_type,
                                    const ErrorContext& where) {
  auto* ctx = geos_context();
  GEOSWKBWriter* writer = GEOSWKBWriter_create_r(ctx);
  GEOSWKBWriter_setOutputDimension_r(ctx, writer, 2);
  std::size_t size = 0;
  unsigned char* wkb = GEOSWKBWriter_write_r(ctx, writer, g, &size);
  GEOSWKBWriter_destroy_r(ctx, writer);
  if (!wkb)
    throw Error(std::string("cannot encode the geometry: ") + geos_last_error(), where,
                ErrorKind::Internal);
  OGRGeometry* raw = nullptr;
  const OGRErr err = OGRGeometryFactory::createFromWkb(wkb, nullptr, &raw, size);
  GEOSFree_r(ctx, wkb);
  if (err != OGRERR_NONE || !raw)
    throw Error("cannot decode the geometry", where, ErrorKind::Internal);
  std::unique_ptr<OGRGeometry> out(raw);
  if (layer_type == wkbMultiPolygon || layer_type == wkbMultiLineString ||
      layer_type == wkbMultiPoint) {
    out.reset(OGRGeometryFactory::forceTo(out.release(), layer_type));
  }
  return out;
}

struct DriverSpec {
  const char* driver;
  std::vector<std::string> layer_options;
};

/// Writes the layer with GDAL into `file` (a temporary path).
void write_with_gdal(const FeatureSet& features, const std::string& file, LayerFormat format,
                     const std::string& layer_name, const WriteOptions& options,
                     const std::map<std::string, std::string>& names, bool csv_lon_lat,
                     const std::string& target_for_messages) {
  ensure_gdal_registered();
  const ErrorContext where{.file = target_for_messages, .layer = layer_name};
  const char* driver_name = nullptr;
  CPLStringList layer_options;
  switch (format) {
    case LayerFormat::GeoJSON:
      driver_name = "GeoJSON";
      layer_options.SetNameValue("RFC7946", "YES");
      layer_options.SetNameValue("COORDINATE_PRECISION",
                                 std::to_string(options.coordinate_precision).c_str());
      break;
    case LayerFormat::Shapefile:
      driver_name = "ESRI Shapefile";
      layer_options.SetNameValue("ENCODING", "UTF-8");
      break;
    case LayerFormat::GeoPackage:
      driver_name = "GPKG";
      break;
    case LayerFormat::CSV:
      driver_name = "CSV";
      layer_options.SetNameValue("LINEFORMAT", "LF");
      layer_options.SetNameValue("STRING_QUOTING", "IF_NEEDED");
      break;
  }
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName(driver_name);
  if (!driver)
    throw Error(std::string("GDAL has no driver ") + driver_name, where, ErrorKind::Internal);
  CPLErrorReset();
  std::unique_ptr<GDALDataset> ds(driver->Create(file.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
  if (!ds)
    throw Error(std::string("cannot create: ") + CPLGetLastErrorMsg(), where, ErrorKind::BadInput);

  const OGRwkbGeometryType gtype =
      format == LayerFormat::CSV ? wkbNone : layer_geometry_type(features);
  OGRSpatialReference wgs84;
  wgs84.importFromEPSG(4326);
  wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  OGRLayer* layer = ds->CreateLayer(layer_name.c_str(), gtype == wkbNone ? nullptr : &wgs84, gtype,
                                    layer_options.List());
  if (!layer)
    throw Error(std::string("cannot create the layer: ") + CPLGetLastErrorMsg(), where,
                ErrorKind::Internal);

  const Columns cols = columns_of(features);
  for (std::size_t c = 0; c < cols.names.size(); ++c) {
    auto it = names.find(cols.names[c]);
    OGRFieldDefn defn(it == names.end() ? cols.names[c].c_str() : it->second.c_str(),
                      cols.types[c]);
    if (layer->CreateField(&defn) != OGRERR_NONE) {
      throw Error(std::string("cannot create the field: ") + CPLGetLastErrorMsg(),
                  {.file = target_for_messages, .layer = layer_name, .field = cols.names[c]},
                  ErrorKind::Internal);
    }
  }
  if (csv_lon_lat) {
    for (const char* name : {"lon", "lat"}) {
      OGRFieldDefn defn(name, OFTReal);
      layer->CreateField(&defn);
    }
  }
  auto* ctx = geos_context();
  for (std::size_t i = 0; i < features.size(); ++i) {
    OGRFeature feature(layer->GetLayerDefn());
    for (std::size_t c = 0; c < cols.names.size(); ++c) {
      const int f = static_cast<int>(c);
      if (cols.source[c] < 0) {
        feature.SetField(f, features.ids[i].c_str());
        continue;
      }
      const AttrValue& v = features.values[i][static_cast<std::size_t>(cols.source[c])];
      if (std::holds_alternative<std::monostate>(v)) {
        feature.SetFieldNull(f);
      } else if (cols.types[c] == OFTString) {
        feature.SetField(
            f, features.text(i, features.fields[static_cast<std::size_t>(cols.source[c])]).c_str());
      } else if (const auto* n = std::get_if<long long>(&v)) {
        if (cols.types[c] == OFTReal)
          feature.SetField(f, static_cast<double>(*n));
        else
          feature.SetField(f, static_cast<GIntBig>(*n));
      } else {
        feature.SetField(f, std::get<double>(v));
      }
    }
    if (csv_lon_lat) {
      double x = 0, y = 0;
      GEOSGeomGetX_r(ctx, features.geometries[i].get(), &x);
      GEOSGeomGetY_r(ctx, features.geometries[i].get(), &y);
      feature.SetField(static_cast<int>(cols.names.size()), x);
      feature.SetField(static_cast<int>(cols.names.size()) + 1, y);
    }
    if (gtype != wkbNone) {
      auto g = to_ogr(features.geometries[i].get(), gtype, features.context(i));
      feature.SetGeometryDirectly(g.release());
    }
    CPLErrorReset();
    if (layer->CreateFeature(&feature) != OGRERR_NONE) {
      ErrorContext at = features.context(i);
      at.file = target_for_messages;
      throw Error(std::string("cannot write the feature: ") + CPLGetLastErrorMsg(), at,
                  ErrorKind::Internal);
    }
  }
  CPLErrorReset();
  ds.reset();  // flushes and closes
  if (CPLGetLastErrorType() == CE_Failure) {
    throw Error(std::string("cannot finish writing: ") + CPLGetLastErrorMsg(), where,
                ErrorKind::Internal);
  }
}

bool all_points(const FeatureSet& features) {
  if (!features.has_geometry()) return false;
  auto* ctx = geos_context();
  return std::all_of(
      features.geometries.begin(), features.geometries.end(),
      [ctx](const GeomPtr& g) { return GEOSGeomTypeId_r(ctx, g.get()) == GEOS_POINT; });
}

bool csv_gets_lon_lat(const FeatureSet& features) {
  return all_points(features) && !features.has_field("lon") && !features.has_field("lat");
}

/// GDAL's CSV writer ends the last record without a line break; text tools expect one.
void end_with_newline(const fs::path& file) {
  std::ifstream in(file, std::ios::binary | std::ios::ate);
  if (!in || in.tellg() <= 0) return;
  in.seekg(-1, std::ios::end);
  char last = 0;
  in.get(last);
  in.close();
  if (last != '\n') std::ofstream(file, std::ios::binary | std::ios::app) << '\n';
}

}  // namespace

LayerFormat format_from_path(const fs::path& path) {
  const std::string ext = lower(path.extension().string());
  if (ext == ".geojson" || ext == ".json") return LayerFormat::GeoJSON;
  if (ext == ".shp") return LayerFormat::Shapefile;
  if (ext == ".gpkg") return LayerFormat::GeoPackage;
  if (ext == ".csv") return LayerFormat::CSV;
  throw Error("unknown output format '" + ext + "'", {.file = path.string()}, ErrorKind::BadInput,
              "use .geojson, .json, .shp, .gpkg or .csv");
}

std::map<std::string, std::string> shapefile_field_names(const std::vector<std::string>& fields) {
  constexpr std::size_t kMax = 10;  // dBASE field names hold at most 10 bytes
  std::map<std::string, std::string> out;
  std::set<std::string> used;  // DBF names are case-insensitive
  // Names that already fit keep priority, so that shortening never steals an existing name.
  for (const auto& f : fields) {
    if (f.size() <= kMax && used.insert(lower(f)).second) out[f] = f;
  }
  for (const auto& f : fields) {
    if (out.count(f)) continue;
    for (int n = 1;; ++n) {
      const std::string suffix = "_" + std::to_string(n);
      const std::string candidate = utf8_prefix(f, kMax - suffix.size()) + suffix;
      if (used.insert(lower(candidate)).second) {
        out[f] = candidate;
        break;
      }
    }
  }
  return out;
}

WriteReport write_layer(const FeatureSet& features, const fs::path& path,
                        const WriteOptions& options) {
  const LayerFormat format = format_from_path(path);
  const std::string layer_name =
      options.layer_name.empty() ? path.stem().string() : options.layer_name;
  WriteReport report;
  report.path = path;
  const bool lon_lat = format == LayerFormat::CSV && csv_gets_lon_lat(features);

  if (format != LayerFormat::Shapefile) {
    AtomicOutput out(path, options.inputs);
    write_with_gdal(features, out.temp_path().string(), format, layer_name, options, {}, lon_lat,
                    path.string());
    if (format == LayerFormat::CSV) end_with_newline(out.temp_path());
    if (format == LayerFormat::GeoPackage) {
      write_gpkg_styles(out.temp_path(), layer_name, options.styles);
    } else if (format == LayerFormat::GeoJSON && !options.styles.empty()) {
      write_qml_sidecar(path, options.styles.front(), options.inputs);
    }
    out.commit();
    return report;
  }

  // Shapefile: several files (.shp .shx .dbf .prj .cpg). Write them into a temporary
  // directory beside the target, then move each one; the .shp goes last so that a reader
  // never finds a .shp without its sidecars.
  const Columns cols = columns_of(features);
  const auto names = shapefile_field_names(cols.names);
  for (const auto& [long_name, short_name] : names) {
    if (long_name != short_name) report.renamed_fields[long_name] = short_name;
  }
  for (const auto& [long_name, short_name] : report.renamed_fields) {
    spdlog::info("{}: field '{}' written as '{}' (Shapefile names hold 10 bytes)", path.string(),
                 long_name, short_name);
  }
  const std::string stem = path.stem().string();
  for (const char* ext : {".dbf", ".shx", ".qml"}) {
    refuse_overwriting_inputs(path.parent_path() / (stem + ext), options.inputs);
  }
  AtomicOutput out(path, options.inputs);
  fs::create_directory(out.temp_path());
  write_with_gdal(features, (out.temp_path() / path.filename()).string(), format, layer_name,
                  options, names, false, path.string());
  if (!options.styles.empty()) {
    // The sidecar names the Shapefile's (possibly shortened) field.
    LayerStyle style = options.styles.front();
    if (auto it = names.find(style.field); it != names.end()) style.field = it->second;
    write_text_atomic(qml_sidecar_path(out.temp_path() / path.filename()), qml_document(style));
  }
  std::vector<fs::path> written;
  for (const auto& entry : fs::directory_iterator(out.temp_path())) written.push_back(entry.path());
  std::stable_partition(written.begin(), written.end(),
                        [](const fs::path& p) { return lower(p.extension().string()) != ".shp"; });
  const fs::path dir = path.parent_path().empty() ? fs::path(".") : path.parent_path();
  for (const auto& file : written) {
    std::error_code ec;
    fs::rename(file, dir / file.filename(), ec);
    if (ec) {
      throw Error("cannot move the finished output into place: " + ec.message(),
                  {.file = (dir / file.filename()).string()}, ErrorKind::Internal);
    }
  }
  return report;  // `out` removes the now empty temporary directory
}

namespace {

/// Writes `features` with GDAL into an in-memory file and returns its bytes.
std::string write_to_memory(const FeatureSet& features, LayerFormat format, const char* extension,
                            const WriteOptions& options, bool csv_lon_lat) {
  static std::atomic<unsigned> counter{0};
  const std::string file = "/vsimem/equiroute-" + std::to_string(counter++) + extension;
  write_with_gdal(features, file, format, options.layer_name, options, {}, csv_lon_lat, "<memory>");
  vsi_l_offset size = 0;
  GByte* data = VSIGetMemFileBuffer(file.c_str(), &size, FALSE);
  std::string text =
      data ? std::string(reinterpret_cast<const char*>(data), static_cast<std::size_t>(size)) : "";
  VSIUnlink(file.c_str());
  return text;
}

}  // namespace

std::string layer_to_csv(const FeatureSet& features) {
  std::string text = write_to_memory(features, LayerFormat::CSV, ".csv", {.layer_name = "table"},
                                     csv_gets_lon_lat(features));
  if (!text.empty() && text.back() != '\n') text += '\n';
  return text;
}

std::string layer_to_geojson(const FeatureSet& features, int coordinate_precision) {
  WriteOptions options;
  options.layer_name = features.layer.empty() ? "features" : features.layer;
  options.coordinate_precision = coordinate_precision;
  return write_to_memory(features, LayerFormat::GeoJSON, ".geojson", options, false);
}

}  // namespace equiroute::geodata

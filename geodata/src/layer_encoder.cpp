#include "layer_encoder.hpp"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>
#include <cpl_vsi.h>
#include <fmt/format.h>
#include <gdal_priv.h>
#include <ogr_geometry.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <optional>
#include <set>

#include "equiroute/core/error.hpp"
#include "equiroute/geodata/gdal_init.hpp"
#include "text_util.hpp"

namespace equiroute::geodata {

namespace {

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

/// Sets a GDAL configuration option for the calling thread until destruction.
class ScopedThreadConfig {
 public:
  ScopedThreadConfig(const char* key, const char* value) : key_(key) {
    if (const char* old = CPLGetThreadLocalConfigOption(key, nullptr)) old_ = old;
    CPLSetThreadLocalConfigOption(key, value);
  }
  ~ScopedThreadConfig() { CPLSetThreadLocalConfigOption(key_, old_ ? old_->c_str() : nullptr); }
  ScopedThreadConfig(const ScopedThreadConfig&) = delete;
  ScopedThreadConfig& operator=(const ScopedThreadConfig&) = delete;

 private:
  const char* key_;
  std::optional<std::string> old_;
};

/// Writes `bytes` to a file of GDAL's (in-memory) file system.
void write_vsi_file(const std::string& file, const std::string& bytes, const ErrorContext& where) {
  VSILFILE* f = VSIFOpenL(file.c_str(), "wb");
  const bool ok = f && VSIFWriteL(bytes.data(), 1, bytes.size(), f) == bytes.size();
  if (f) VSIFCloseL(f);
  if (!ok) throw Error("cannot write the layer's style", where, ErrorKind::Internal);
}

/// The layer's QGIS styles (EncodeRequest::styles), written with the encoded layer.
void add_styles(const EncodeRequest& r) {
  if (r.styles.empty() || r.format == LayerFormat::CSV) return;
  if (r.format == LayerFormat::GeoPackage) {
    write_gpkg_styles(r.file, r.layer_name, r.styles);
    return;
  }
  LayerStyle style = r.styles.front();
  if (auto it = r.renamed.find(style.field); it != r.renamed.end()) style.field = it->second;
  write_vsi_file(qml_sidecar_path(r.file).string(), qml_document(style),
                 {.file = r.target, .layer = r.layer_name});
}

struct Driver {
  const char* name;
  CPLStringList layer_options;
};

Driver driver_for(const EncodeRequest& r) {
  Driver d{nullptr, {}};
  switch (r.format) {
    case LayerFormat::GeoJSON:
      d.name = "GeoJSON";
      d.layer_options.SetNameValue("RFC7946", "YES");
      d.layer_options.SetNameValue("COORDINATE_PRECISION",
                                   std::to_string(r.coordinate_precision).c_str());
      // GDAL writes 15 significant digits when they read back exactly, else 17: exact.
      d.layer_options.SetNameValue("SIGNIFICANT_FIGURES", "17");
      break;
    case LayerFormat::Shapefile:
      d.name = "ESRI Shapefile";
      d.layer_options.SetNameValue("ENCODING", "UTF-8");
      d.layer_options.SetNameValue("DBF_DATE_LAST_UPDATE",
                                   std::string(kFixedOutputDate, 10).c_str());
      break;
    case LayerFormat::GeoPackage:
      d.name = "GPKG";
      break;
    case LayerFormat::CSV:
      d.name = "CSV";
      d.layer_options.SetNameValue("LINEFORMAT", "LF");
      d.layer_options.SetNameValue("STRING_QUOTING", "IF_NEEDED");
      break;
  }
  return d;
}

/// CSV has no types: reals go out as text in their shortest exact form (GDAL's CSV writer
/// would print 15 significant digits and lose the rest).
OGRFieldType written_type(OGRFieldType type, LayerFormat format) {
  return format == LayerFormat::CSV && type == OFTReal ? OFTString : type;
}

void create_fields(OGRLayer& layer, const FeatureSet& features, const Columns& cols,
                   const EncodeRequest& r) {
  for (std::size_t c = 0; c < cols.names.size(); ++c) {
    auto it = r.renamed.find(cols.names[c]);
    OGRFieldDefn defn(it == r.renamed.end() ? cols.names[c].c_str() : it->second.c_str(),
                      written_type(cols.types[c], r.format));
    if (r.format == LayerFormat::Shapefile && cols.types[c] == OFTReal) {
      const DbfRealSize size = dbf_real_size(features, cols.source[c], r.target);
      defn.SetWidth(size.width);
      defn.SetPrecision(size.decimals);
    }
    if (layer.CreateField(&defn) != OGRERR_NONE) {
      throw Error(std::string("cannot create the field: ") + CPLGetLastErrorMsg(),
                  {.file = r.target, .layer = r.layer_name, .field = cols.names[c]},
                  ErrorKind::Internal);
    }
  }
  if (r.csv_lon_lat) {
    for (const char* name : {"lon", "lat"}) {
      OGRFieldDefn defn(name, OFTString);
      if (layer.CreateField(&defn) != OGRERR_NONE)
        throw Error("cannot create the lon/lat fields", {.file = r.target}, ErrorKind::Internal);
    }
  }
}

void set_values(OGRFeature& feature, const FeatureSet& features, std::size_t i, const Columns& cols,
                const EncodeRequest& r) {
  for (std::size_t c = 0; c < cols.names.size(); ++c) {
    const int f = static_cast<int>(c);
    if (cols.source[c] < 0) {
      feature.SetField(f, features.ids[i].c_str());
      continue;
    }
    const AttrValue& v = features.values[i][static_cast<std::size_t>(cols.source[c])];
    if (std::holds_alternative<std::monostate>(v)) {
      feature.SetFieldNull(f);
    } else if (written_type(cols.types[c], r.format) == OFTString) {
      feature.SetField(f, value_text(v).c_str());
    } else if (const auto* n = std::get_if<long long>(&v)) {
      if (cols.types[c] == OFTReal)
        feature.SetField(f, static_cast<double>(*n));
      else
        feature.SetField(f, static_cast<GIntBig>(*n));
    } else {
      feature.SetField(f, std::get<double>(v));
    }
  }
  if (r.csv_lon_lat) {
    double x = 0, y = 0;
    GEOSGeomGetX_r(geos_context(), features.geometries[i].get(), &x);
    GEOSGeomGetY_r(geos_context(), features.geometries[i].get(), &y);
    feature.SetField(static_cast<int>(cols.names.size()), text::format_number(x).c_str());
    feature.SetField(static_cast<int>(cols.names.size()) + 1, text::format_number(y).c_str());
  }
}

}  // namespace

DbfRealSize dbf_real_size(const FeatureSet& features, int source_field, const std::string& target) {
  constexpr int kMaxWidth = 254;  // dBASE III numeric fields
  int integer_chars = 1, decimals = 1;
  for (const auto& row : features.values) {
    double v = 0;
    const AttrValue& a = row[static_cast<std::size_t>(source_field)];
    if (const auto* d = std::get_if<double>(&a)) v = *d;
    if (const auto* n = std::get_if<long long>(&a)) v = static_cast<double>(*n);
    if (!std::isfinite(v)) continue;
    char buffer[400];  // the shortest fixed form of 5e-324 has 327 characters
    const auto [end, ec] =
        std::to_chars(buffer, buffer + sizeof buffer, v, std::chars_format::fixed);
    if (ec != std::errc()) continue;
    const std::string_view s(buffer, static_cast<std::size_t>(end - buffer));
    const auto dot = s.find('.');
    integer_chars = std::max(integer_chars, static_cast<int>(dot == s.npos ? s.size() : dot));
    if (dot != s.npos) decimals = std::max(decimals, static_cast<int>(s.size() - dot - 1));
  }
  const std::string field = features.fields[static_cast<std::size_t>(source_field)];
  if (integer_chars + 2 > kMaxWidth) {
    throw Error("a value too large for a Shapefile numeric field", {.file = target, .field = field},
                ErrorKind::BadInput, "write GeoPackage or GeoJSON instead");
  }
  if (integer_chars + 1 + decimals > kMaxWidth) {
    decimals = kMaxWidth - integer_chars - 1;
    spdlog::warn("{}", Error(fmt::format("values rounded to {} decimals (the widest numeric field "
                                         "a Shapefile holds)",
                                         decimals),
                             {.file = target, .field = field})
                           .what());
  }
  return {std::max(4, integer_chars + 1 + decimals), decimals};
}

void encode_layer(const FeatureSet& features, const EncodeRequest& r) {
  ensure_gdal_registered();
  const ErrorContext where{.file = r.target, .layer = r.layer_name};
  Driver spec = driver_for(r);
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName(spec.name);
  if (!driver)
    throw Error(std::string("GDAL has no driver ") + spec.name, where, ErrorKind::Internal);
  // GeoPackage stores the time of writing (gpkg_contents.last_change): fixed instead.
  ScopedThreadConfig date("OGR_CURRENT_DATE", kFixedOutputDate);
  CPLErrorReset();
  std::unique_ptr<GDALDataset> ds(driver->Create(r.file.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
  if (!ds)
    throw Error(std::string("cannot create: ") + CPLGetLastErrorMsg(), where, ErrorKind::Internal);
  const OGRwkbGeometryType gtype =
      r.format == LayerFormat::CSV ? wkbNone : layer_geometry_type(features);
  OGRSpatialReference wgs84;
  wgs84.importFromEPSG(4326);
  wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  OGRLayer* layer = ds->CreateLayer(r.layer_name.c_str(), gtype == wkbNone ? nullptr : &wgs84,
                                    gtype, spec.layer_options.List());
  if (!layer)
    throw Error(std::string("cannot create the layer: ") + CPLGetLastErrorMsg(), where,
                ErrorKind::Internal);
  const Columns cols = columns_of(features);
  create_fields(*layer, features, cols, r);
  for (std::size_t i = 0; i < features.size(); ++i) {
    OGRFeature feature(layer->GetLayerDefn());
    set_values(feature, features, i, cols, r);
    if (gtype != wkbNone)
      feature.SetGeometryDirectly(
          to_ogr(features.geometries[i].get(), gtype, features.context(i)).release());
    CPLErrorReset();
    if (layer->CreateFeature(&feature) != OGRERR_NONE) {
      ErrorContext at = features.context(i);
      at.file = r.target;
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
  add_styles(r);  // still under the fixed date: the style rows' update_time
}

}  // namespace equiroute::geodata

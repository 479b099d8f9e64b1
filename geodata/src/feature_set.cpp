#include "equiroute/geodata/feature_set.hpp"

#include <cpl_error.h>
#include <fmt/format.h>
#include <gdal_priv.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <memory>
#include <optional>
#include <unordered_map>

#include "equiroute/geodata/china_coordinates.hpp"
#include "equiroute/geodata/gdal_init.hpp"

namespace equiroute::geodata {

namespace {

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += ", ";
    out += item;
  }
  return out;
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::string trim(const std::string& s) {
  const auto begin = s.find_first_not_of(" \t\r\n");
  if (begin == std::string::npos) return {};
  const auto end = s.find_last_not_of(" \t\r\n");
  return s.substr(begin, end - begin + 1);
}

/// Parses the whole of `s` (after trimming blanks) as a finite number.
std::optional<double> parse_number(const std::string& s) {
  const std::string t = trim(s);
  if (t.empty()) return std::nullopt;
  const char* first = t.data();
  if (*first == '+') ++first;
  double value = 0.0;
  auto [end, ec] = std::from_chars(first, t.data() + t.size(), value);
  if (ec != std::errc() || end != t.data() + t.size() || !std::isfinite(value)) return std::nullopt;
  return value;
}

std::string format_number(double v) { return fmt::format("{}", v); }

/// OGR spatial reference from anything PROJ/GDAL accepts ("EPSG:4547", PROJ string, WKT),
/// with longitude first whatever the authority says.
std::unique_ptr<OGRSpatialReference> srs_from_text(const std::string& text,
                                                   const ErrorContext& where) {
  auto srs = std::make_unique<OGRSpatialReference>();
  CPLErrorReset();
  if (srs->SetFromUserInput(text.c_str()) != OGRERR_NONE) {
    std::string why = CPLGetLastErrorMsg();
    throw Error("cannot understand CRS '" + text + "'" + (why.empty() ? "" : " (" + why + ")"),
                where, ErrorKind::BadInput,
                "give an EPSG code such as EPSG:4326, a PROJ string or WKT");
  }
  srs->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  return srs;
}

/// Source CRS of a layer declared as GCJ-02 or BD-09: those are longitude/latitude, so the
/// layer's own CRS (if any) must be geographic; its lon/lat are then taken as offset
/// coordinates whatever datum the file names (such files usually label them WGS 84).
std::unique_ptr<OGRSpatialReference> china_source_srs(const OGRSpatialReference* declared,
                                                      ChinaDatum datum, const ErrorContext& where) {
  if (declared && !declared->IsGeographic()) {
    const char* name = declared->GetName();
    throw Error(to_string(datum) +
                    " coordinates are longitude/latitude, but the layer declares "
                    "the projected CRS '" +
                    std::string(name ? name : "?") + "'",
                where, ErrorKind::BadInput,
                "declare " + to_string(datum) + " only for lon/lat points from Chinese web maps");
  }
  if (!declared) return srs_from_text("EPSG:4326", where);
  std::unique_ptr<OGRSpatialReference> srs(declared->Clone());
  srs->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  return srs;
}

/// Converts a lon/lat geometry from `datum` to WGS 84, refusing coordinates that cannot be
/// longitude/latitude (projected numbers in a CSV declared GCJ-02).
GeomPtr china_to_wgs84(GeomPtr g, ChinaDatum datum, const ErrorContext& where) {
  GEOSContextHandle_t ctx = geos_context();
  double box[4] = {0, 0, 0, 0};
  GEOSGeom_getXMin_r(ctx, g.get(), &box[0]);
  GEOSGeom_getYMin_r(ctx, g.get(), &box[1]);
  GEOSGeom_getXMax_r(ctx, g.get(), &box[2]);
  GEOSGeom_getYMax_r(ctx, g.get(), &box[3]);
  if (box[0] < -180.0 || box[2] > 180.0 || box[1] < -90.0 || box[3] > 90.0) {
    throw Error(fmt::format("coordinates ({}, {}) are not longitude/latitude, so they cannot be {}",
                            box[0], box[1], to_string(datum)),
                where, ErrorKind::BadInput,
                "declare " + to_string(datum) + " only for lon/lat points from Chinese web maps");
  }
  return geometry_to_wgs84(g.get(), datum);
}

/// Column names that GDAL-style detection accepts as longitude/latitude in a CSV.
const std::vector<std::string> kLonNames = {"lon", "lng", "long", "longitude", "x"};
const std::vector<std::string> kLatNames = {"lat", "latitude", "y"};

bool is_csv(const std::string& path) {
  return lower(std::filesystem::path(path).extension().string()) == ".csv";
}

/// Converts an OGR geometry (already in WGS 84 lon/lat) to GEOS through ISO WKB.
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

constexpr std::size_t kRepairWarnings = 5;

/// Checks validity; repairs (with a warning) or throws.
GeomPtr ensure_valid(GeomPtr g, bool repair, const ErrorContext& where,
                     std::size_t& repairs_reported) {
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
  if (repairs_reported < kRepairWarnings) {
    spdlog::warn("{}", message);
  } else {
    spdlog::debug("{}", message);
  }
  ++repairs_reported;
  return fixed;
}

AttrValue read_value(OGRFeature& feature, int i) {
  if (!feature.IsFieldSetAndNotNull(i)) return std::monostate{};
  switch (feature.GetFieldDefnRef(i)->GetType()) {
    case OFTInteger:
    case OFTInteger64:
      return static_cast<long long>(feature.GetFieldAsInteger64(i));
    case OFTReal:
      return feature.GetFieldAsDouble(i);
    default:
      return std::string(feature.GetFieldAsString(i));
  }
}

std::string value_text(const AttrValue& v) {
  if (const auto* i = std::get_if<long long>(&v)) return std::to_string(*i);
  if (const auto* d = std::get_if<double>(&v)) return format_number(*d);
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  return {};
}

}  // namespace

// ---------------------------------------------------------------------------------------
// FeatureSet

bool FeatureSet::has_field(const std::string& name) const noexcept {
  return std::find(fields.begin(), fields.end(), name) != fields.end();
}

std::size_t FeatureSet::field_index(const std::string& name) const {
  auto it = std::find(fields.begin(), fields.end(), name);
  if (it == fields.end()) {
    throw Error("no such field", {.file = path, .layer = layer, .field = name}, ErrorKind::BadInput,
                "available fields: " + join(fields));
  }
  return static_cast<std::size_t>(it - fields.begin());
}

ErrorContext FeatureSet::context(std::size_t feature, const std::string& field) const {
  ErrorContext c{.file = path, .layer = layer, .feature_id = {}, .field = field};
  if (feature < ids.size()) c.feature_id = ids[feature];
  return c;
}

double FeatureSet::number(std::size_t feature, const std::string& field) const {
  const std::size_t f = field_index(field);
  const AttrValue& v = values.at(feature).at(f);
  if (std::holds_alternative<std::monostate>(v))
    throw Error("missing value", context(feature, field));
  if (const auto* i = std::get_if<long long>(&v)) return static_cast<double>(*i);
  if (const auto* d = std::get_if<double>(&v)) {
    if (!std::isfinite(*d)) throw Error("not a finite number", context(feature, field));
    return *d;
  }
  const auto& s = std::get<std::string>(v);
  if (trim(s).empty()) throw Error("missing value", context(feature, field));
  if (auto parsed = parse_number(s)) return *parsed;
  throw Error("not a number: '" + s + "'", context(feature, field));
}

std::string FeatureSet::text(std::size_t feature, const std::string& field) const {
  return value_text(values.at(feature).at(field_index(field)));
}

void FeatureSet::set_numbers(const std::string& field, const std::vector<double>& numbers) {
  if (numbers.size() != size()) {
    throw Error(fmt::format("set_numbers: {} values for {} features", numbers.size(), size()),
                {.file = path, .layer = layer, .field = field}, ErrorKind::Internal);
  }
  std::size_t f = 0;
  auto it = std::find(fields.begin(), fields.end(), field);
  if (it == fields.end()) {
    fields.push_back(field);
    f = fields.size() - 1;
    for (auto& row : values) row.emplace_back();
  } else {
    f = static_cast<std::size_t>(it - fields.begin());
  }
  for (std::size_t i = 0; i < numbers.size(); ++i) values[i][f] = numbers[i];
}

std::vector<double> non_negative_numbers(const FeatureSet& features, const std::string& field) {
  std::vector<double> out(features.size());
  for (std::size_t i = 0; i < features.size(); ++i) {
    out[i] = features.number(i, field);
    if (out[i] < 0) {
      throw Error("negative value " + format_number(out[i]) + " where a count is expected",
                  features.context(i, field));
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// Reading

FeatureSet read_features(const ReadOptions& options) {
  ensure_gdal_registered();
  const std::string& path = options.path;
  if (path.rfind("/vsi", 0) != 0 && !std::filesystem::exists(path)) {
    throw Error("no such file", {.file = path});
  }
  CPLErrorReset();
  std::unique_ptr<GDALDataset> ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY,
                                                    nullptr, nullptr, nullptr));
  if (!ds) {
    std::string why = CPLGetLastErrorMsg();
    throw Error("cannot open as vector data" + (why.empty() ? std::string() : " (" + why + ")"),
                {.file = path}, ErrorKind::BadInput,
                "check that the file is complete and in a format GDAL reads (GeoJSON, Shapefile, "
                "GeoPackage, CSV, ...)");
  }
  std::vector<std::string> layer_names;
  for (OGRLayer* l : ds->GetLayers()) layer_names.emplace_back(l->GetName());
  OGRLayer* layer = nullptr;
  if (options.layer.empty()) {
    // QGIS's style table (saved with a GeoPackage, as equiroute's outputs have it) is not data.
    std::vector<std::string> data_layers;
    for (const auto& name : layer_names)
      if (name != "layer_styles") data_layers.push_back(name);
    if (data_layers.size() != 1) {
      throw Error(data_layers.empty() ? "no layers" : "several layers; choose one", {.file = path},
                  ErrorKind::BadInput, "layers: " + join(layer_names));
    }
    layer = ds->GetLayerByName(data_layers[0].c_str());
  } else {
    layer = ds->GetLayerByName(options.layer.c_str());
    if (!layer) {
      throw Error("no such layer", {.file = path, .layer = options.layer}, ErrorKind::BadInput,
                  "layers: " + join(layer_names));
    }
  }

  FeatureSet out;
  out.path = path;
  out.layer = layer->GetName();
  out.id_field = options.id_field;
  const ErrorContext layer_ctx{.file = path, .layer = out.layer};
  if (!options.where.empty()) {
    CPLErrorReset();
    if (layer->SetAttributeFilter(options.where.c_str()) != OGRERR_NONE) {
      throw Error("invalid attribute filter '" + options.where + "': " + CPLGetLastErrorMsg(),
                  layer_ctx, ErrorKind::BadInput,
                  "an OGR SQL WHERE clause on the layer's fields, e.g. admin_level = '7'");
    }
  }

  OGRFeatureDefn* defn = layer->GetLayerDefn();
  for (int i = 0; i < defn->GetFieldCount(); ++i)
    out.fields.emplace_back(defn->GetFieldDefn(i)->GetNameRef());
  auto find_field = [&](const std::string& name) -> int {
    const int index = defn->GetFieldIndex(name.c_str());
    if (index < 0) {
      throw Error("no such field", {.file = path, .layer = out.layer, .field = name},
                  ErrorKind::BadInput, "available fields: " + join(out.fields));
    }
    return index;
  };
  const int id_index = options.id_field.empty() ? -1 : find_field(options.id_field);

  // Coordinates from two columns (CSV and other tables), given or detected by name.
  std::string x_name = options.x_field;
  std::string y_name = options.y_field;
  if (x_name.empty() != y_name.empty()) {
    throw Error("give both the x/longitude and the y/latitude field", layer_ctx);
  }
  const bool table = layer->GetGeomType() == wkbNone;
  if (x_name.empty() && table && is_csv(path)) {
    for (const auto& f : out.fields) {
      const std::string l = lower(f);
      if (x_name.empty() && std::find(kLonNames.begin(), kLonNames.end(), l) != kLonNames.end())
        x_name = f;
      if (y_name.empty() && std::find(kLatNames.begin(), kLatNames.end(), l) != kLatNames.end())
        y_name = f;
    }
    if (x_name.empty() || y_name.empty()) x_name = y_name = {};
  }
  const bool xy_points = !x_name.empty();
  const int x_index = xy_points ? find_field(x_name) : -1;
  const int y_index = xy_points ? find_field(y_name) : -1;
  const bool with_geometry = xy_points || !table;
  if (!with_geometry && options.require_geometry) {
    throw Error("the layer has no geometry", layer_ctx, ErrorKind::BadInput,
                "for a CSV, give the longitude and latitude columns");
  }

  // Transformation to WGS 84 lon/lat.
  std::unique_ptr<OGRSpatialReference> source_srs;
  const std::optional<ChinaDatum> china = parse_china_datum(options.assume_crs);
  if (with_geometry) {
    const OGRSpatialReference* declared = xy_points ? nullptr : layer->GetSpatialRef();
    if (china) {
      source_srs = china_source_srs(declared, *china, layer_ctx);
    } else if (declared) {
      source_srs.reset(declared->Clone());
      source_srs->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    } else if (!options.assume_crs.empty()) {
      source_srs = srs_from_text(options.assume_crs, layer_ctx);
    } else if (xy_points || is_csv(path)) {
      // CSV cannot declare a CRS; coordinates in a CSV (columns or WKT) are lon/lat by default.
      source_srs = srs_from_text("EPSG:4326", layer_ctx);
    } else {
      throw Error("the layer declares no coordinate reference system", layer_ctx,
                  ErrorKind::BadInput,
                  "give the CRS of the coordinates (e.g. assume_crs \"EPSG:4326\"), or add a .prj");
    }
  }
  OGRSpatialReference wgs84;
  wgs84.importFromEPSG(4326);
  wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  std::unique_ptr<OGRCoordinateTransformation> transform;
  if (source_srs && !source_srs->IsSame(&wgs84)) {
    CPLErrorReset();
    transform.reset(OGRCreateCoordinateTransformation(source_srs.get(), &wgs84));
    if (!transform) {
      throw Error(
          std::string("cannot transform the layer's CRS to WGS 84: ") + CPLGetLastErrorMsg(),
          layer_ctx);
    }
  }

  std::unordered_map<std::string, std::size_t> seen;
  std::size_t repairs = 0;
  layer->ResetReading();
  CPLErrorReset();
  std::size_t ordinal = 0;
  for (std::unique_ptr<OGRFeature> feature(layer->GetNextFeature()); feature;
       feature.reset(layer->GetNextFeature()), ++ordinal) {
    // Id.
    std::string id;
    if (id_index < 0) {
      id = std::to_string(feature->GetFID());
    } else {
      if (!feature->IsFieldSetAndNotNull(id_index) ||
          trim(feature->GetFieldAsString(id_index)).empty()) {
        throw Error(fmt::format("feature #{} has an empty id", ordinal + 1),
                    {.file = path, .layer = out.layer, .field = options.id_field});
      }
      id = value_text(read_value(*feature, id_index));
    }
    ErrorContext where{.file = path, .layer = out.layer, .feature_id = id};
    if (options.require_unique_ids) {
      auto [it, inserted] = seen.emplace(id, ordinal);
      if (!inserted) {
        throw Error(fmt::format("duplicate id: features #{} and #{} both have it", it->second + 1,
                                ordinal + 1),
                    {.file = path, .layer = out.layer, .feature_id = id, .field = options.id_field},
                    ErrorKind::BadInput, "ids must be unique within a layer");
      }
    }
    // Attributes.
    std::vector<AttrValue> row;
    row.reserve(out.fields.size());
    for (int i = 0; i < defn->GetFieldCount(); ++i) row.push_back(read_value(*feature, i));

    // Geometry.
    if (with_geometry) {
      std::unique_ptr<OGRGeometry> geometry;
      if (xy_points) {
        double xy[2] = {0, 0};
        const int idx[2] = {x_index, y_index};
        for (int k = 0; k < 2; ++k) {
          const std::string name = defn->GetFieldDefn(idx[k])->GetNameRef();
          const std::string raw =
              feature->IsFieldSetAndNotNull(idx[k]) ? feature->GetFieldAsString(idx[k]) : "";
          if (trim(raw).empty()) {
            where.field = name;
            throw Error("missing coordinate", where);
          }
          auto v = parse_number(raw);
          if (!v) {
            where.field = name;
            throw Error("coordinate is not a number: '" + raw + "'", where);
          }
          xy[k] = *v;
        }
        geometry = std::make_unique<OGRPoint>(xy[0], xy[1]);
      } else {
        OGRGeometry* g = feature->GetGeometryRef();
        if (!g) throw Error("empty or missing geometry", where);
        geometry.reset(g->clone());
      }
      if (geometry->IsEmpty()) throw Error("empty or missing geometry", where);
      if (transform) {
        geometry->assignSpatialReference(source_srs.get());
        CPLErrorReset();
        if (geometry->transform(transform.get()) != OGRERR_NONE) {
          throw Error(std::string("cannot transform the geometry to WGS 84 lon/lat: ") +
                          CPLGetLastErrorMsg(),
                      where);
        }
      }
      geometry->assignSpatialReference(nullptr);
      GeomPtr g = to_geos(*geometry, where);
      if (GEOSisEmpty_r(geos_context(), g.get()) == 1) throw Error("empty geometry", where);
      if (china) g = china_to_wgs84(std::move(g), *china, where);
      g = ensure_valid(std::move(g), options.repair_invalid, where, repairs);
      if (GEOSisEmpty_r(geos_context(), g.get()) == 1) {
        throw Error("geometry is empty after repair (degenerate polygon)", where);
      }
      out.geometries.push_back(std::move(g));
    }
    out.ids.push_back(std::move(id));
    out.values.push_back(std::move(row));
  }
  if (china && !out.geometries.empty()) {
    spdlog::info("{}", Error(fmt::format("converted {} features from {} to WGS 84 (points outside "
                                         "China are left unchanged)",
                                         out.geometries.size(), to_string(*china)),
                             layer_ctx)
                           .what());
  }
  if (repairs > kRepairWarnings) {
    spdlog::warn("{}",
                 Error(fmt::format("{} invalid geometries repaired in all ({} more at debug level)",
                                   repairs, repairs - kRepairWarnings),
                       layer_ctx)
                     .what());
  }
  if (CPLGetLastErrorType() == CE_Failure) {
    throw Error(std::string("error while reading features: ") + CPLGetLastErrorMsg(), layer_ctx);
  }
  return out;
}

std::vector<LonLat> point_coordinates(const FeatureSet& points) {
  auto* ctx = geos_context();
  if (!points.has_geometry()) {
    throw Error("the layer has no geometry; points are needed",
                {.file = points.path, .layer = points.layer});
  }
  std::vector<LonLat> out(points.size());
  for (std::size_t i = 0; i < points.size(); ++i) {
    const GEOSGeometry* g = points.geometries[i].get();
    if (GEOSGeomTypeId_r(ctx, g) != GEOS_POINT || GEOSisEmpty_r(ctx, g) == 1) {
      throw Error("not a point geometry", points.context(i), ErrorKind::BadInput,
                  "use point features (or compute points on surface first)");
    }
    GEOSGeomGetX_r(ctx, g, &out[i].lon);
    GEOSGeomGetY_r(ctx, g, &out[i].lat);
  }
  return out;
}

}  // namespace equiroute::geodata

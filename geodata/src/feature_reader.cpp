// read_features: one layer of any OGR source (or a CSV with coordinate columns) into a
// FeatureSet: text decoded to UTF-8, geometries checked and transformed to WGS 84 lon/lat.

#include <cpl_error.h>
#include <fmt/format.h>
#include <ogr_spatialref.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <optional>
#include <unordered_map>

#include "equiroute/geodata/china_coordinates.hpp"
#include "equiroute/geodata/feature_set.hpp"
#include "equiroute/geodata/text_encoding.hpp"
#include "geometry_checks.hpp"
#include "ogr_open.hpp"
#include "text_util.hpp"

namespace equiroute::geodata {

namespace {

using text::join;
using text::lower;
using text::trim;

/// OGR spatial reference from anything PROJ/GDAL accepts ("EPSG:4547", PROJ string, WKT),
/// with longitude first whatever the authority says.
std::unique_ptr<OGRSpatialReference> srs_from_text(const std::string& crs,
                                                   const ErrorContext& where) {
  auto srs = std::make_unique<OGRSpatialReference>();
  CPLErrorReset();
  if (srs->SetFromUserInput(crs.c_str()) != OGRERR_NONE) {
    std::string why = printable_utf8(CPLGetLastErrorMsg());
    throw Error("cannot understand CRS '" + crs + "'" + (why.empty() ? "" : " (" + why + ")"),
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

/// Refuses coordinates declared GCJ-02 / BD-09 that cannot be longitude/latitude (projected
/// numbers in a CSV declared GCJ-02), before the general range check, which would not say
/// why lon/lat were expected.
void check_china_lonlat(const OGRGeometry& g, ChinaDatum datum, const ErrorContext& where) {
  OGREnvelope box;
  g.getEnvelope(&box);
  if (box.MinX < -180.0 || box.MaxX > 180.0 || box.MinY < -90.0 || box.MaxY > 90.0) {
    throw Error(fmt::format("coordinates ({}, {}) are not longitude/latitude, so they cannot be {}",
                            box.MinX, box.MinY, to_string(datum)),
                where, ErrorKind::BadInput,
                "declare " + to_string(datum) + " only for lon/lat points from Chinese web maps");
  }
}

/// Column names that GDAL-style detection accepts as longitude/latitude in a CSV.
const std::vector<std::string> kLonNames = {"lon", "lng", "long", "longitude", "x"};
const std::vector<std::string> kLatNames = {"lat", "latitude", "y"};

bool is_csv(const std::string& path) {
  return lower(std::filesystem::path(path).extension().string()) == ".csv";
}

bool is_text_field(OGRFieldType type) {
  return type == OFTString || type == OFTStringList || type == OFTWideString;
}

const std::string kEncodingHint =
    "give the file's text encoding (equiroute --encoding, or encoding = \"...\" in the "
    "scenario), or save the file as UTF-8";

/// Reads one layer; each step is one member function, in the order read() calls them.
class LayerReader {
 public:
  explicit LayerReader(const ReadOptions& options) : options_(options) {}
  FeatureSet read();

 private:
  void open();
  void choose_encoding();
  std::string detect_encoding();
  std::string decode(const char* raw, const ErrorContext& where, const std::string& what);
  void read_schema();
  int field_index(const std::string& name) const;
  void find_coordinate_fields();
  void prepare_transformation();
  void read_feature(OGRFeature& feature, std::size_t ordinal);
  AttrValue read_value(OGRFeature& feature, int i, const ErrorContext& where);
  std::unique_ptr<OGRGeometry> point_from_columns(const std::vector<AttrValue>& row,
                                                  ErrorContext where) const;
  GeomPtr read_geometry(OGRFeature& feature, const std::vector<AttrValue>& row,
                        const ErrorContext& where);

  const ReadOptions& options_;
  const std::string& path_ = options_.path;
  DatasetPtr dataset_;
  OGRLayer* layer_ = nullptr;
  bool shapefile_ = false;
  std::optional<TextDecoder> decoder_;
  bool encoding_detected_ = false;
  FeatureSet out_;
  ErrorContext layer_ctx_;
  int id_index_ = -1;
  int x_index_ = -1, y_index_ = -1;
  bool with_geometry_ = false;
  std::unique_ptr<OGRSpatialReference> source_srs_;
  std::optional<ChinaDatum> china_;  ///< declared GCJ-02 / BD-09 (assume_crs)
  std::unique_ptr<OGRCoordinateTransformation> transform_;
  bool source_geographic_ = false;
  std::string source_crs_name_;
  std::unique_ptr<FamilyCheck> family_;
  std::unordered_map<std::string, std::size_t> seen_ids_;
  std::size_t repairs_ = 0;
};

void LayerReader::open() {
  dataset_ = open_vector(path_);
  shapefile_ = is_shapefile(*dataset_);
  layer_ = &choose_layer(*dataset_, options_.layer, path_);
  out_.path = path_;
  out_.layer = layer_->GetName();
  out_.id_field = options_.id_field;
  layer_ctx_ = {.file = path_, .layer = out_.layer};
}

/// The given encoding, else the declared one, else UTF-8 or GB18030 by the text itself.
void LayerReader::choose_encoding() {
  std::string encoding = options_.encoding;
  if (encoding.empty()) encoding = given_encoding();
  if (encoding.empty()) encoding = declared_encoding(*layer_, shapefile_);
  if (encoding.empty()) encoding = detect_encoding();
  try {
    decoder_.emplace(encoding);
  } catch (const Error& e) {
    throw Error(e.what(), layer_ctx_, ErrorKind::BadInput, e.hint());
  }
  out_.encoding = encoding;
  // The layer name is shown in every message: decode it first (GDAL takes it from the file
  // name for Shapefiles and CSV, from the data for other formats).
  out_.layer = decode(layer_->GetName(), {.file = path_}, "the layer name");
  layer_ctx_.layer = out_.layer;
}

/// Scans the text of the layer: UTF-8 when all of it is valid UTF-8, else GB18030 (logged).
std::string LayerReader::detect_encoding() {
  OGRFeatureDefn* defn = layer_->GetLayerDefn();
  std::string first_bad;
  for (int i = 0; i < defn->GetFieldCount() && first_bad.empty(); ++i) {
    if (!is_valid_utf8(defn->GetFieldDefn(i)->GetNameRef()))
      first_bad = fmt::format("the name of field #{}", i + 1);
  }
  const char* geometry_only[] = {"OGR_GEOMETRY", nullptr};
  layer_->SetIgnoredFields(geometry_only);  // the scan needs the attributes only
  layer_->ResetReading();
  for (std::size_t n = 1; first_bad.empty(); ++n) {
    std::unique_ptr<OGRFeature> feature(layer_->GetNextFeature());
    if (!feature) break;
    for (int i = 0; i < defn->GetFieldCount(); ++i) {
      if (!is_text_field(defn->GetFieldDefn(i)->GetType()) || !feature->IsFieldSetAndNotNull(i))
        continue;
      if (!is_valid_utf8(feature->GetFieldAsString(i))) {
        first_bad = fmt::format("feature #{}, field #{}", n, i + 1);
        break;
      }
    }
  }
  layer_->SetIgnoredFields(nullptr);
  layer_->ResetReading();
  if (first_bad.empty()) return "UTF-8";
  encoding_detected_ = true;
  spdlog::warn("{}", Error(fmt::format("text is not UTF-8 (first in {}); read as {}", first_bad,
                                       kFallbackEncoding),
                           {.file = path_})
                         .what());
  return kFallbackEncoding;
}

std::string LayerReader::decode(const char* raw, const ErrorContext& where,
                                const std::string& what) {
  DecodeFailure failure;
  if (auto text = decoder_->decode(raw ? raw : "", &failure)) return std::move(*text);
  const std::string encoding = encoding_detected_
                                   ? std::string("neither UTF-8 nor ") + kFallbackEncoding
                                   : "not valid " + decoder_->encoding();
  throw Error(fmt::format("{} is {}: {}", what, encoding, failure.description), where,
              ErrorKind::BadInput, kEncodingHint);
}

void LayerReader::read_schema() {
  OGRFeatureDefn* defn = layer_->GetLayerDefn();
  for (int i = 0; i < defn->GetFieldCount(); ++i) {
    out_.fields.push_back(decode(defn->GetFieldDefn(i)->GetNameRef(), layer_ctx_,
                                 fmt::format("the name of field #{}", i + 1)));
  }
  id_index_ = options_.id_field.empty() ? -1 : field_index(options_.id_field);
  if (!options_.where.empty()) {
    const auto where = decoder_->encode(options_.where);
    CPLErrorReset();
    if (!where || layer_->SetAttributeFilter(where->c_str()) != OGRERR_NONE) {
      throw Error("invalid attribute filter '" + options_.where + "': " +
                      (where ? printable_utf8(CPLGetLastErrorMsg())
                             : "not representable in " + out_.encoding),
                  layer_ctx_, ErrorKind::BadInput,
                  "an OGR SQL WHERE clause on the layer's fields, e.g. admin_level = '7'");
    }
  }
}

/// Index of a field by its decoded name: exact, else ignoring ASCII case (as OGR does).
int LayerReader::field_index(const std::string& name) const {
  for (std::size_t i = 0; i < out_.fields.size(); ++i)
    if (out_.fields[i] == name) return static_cast<int>(i);
  for (std::size_t i = 0; i < out_.fields.size(); ++i)
    if (lower(out_.fields[i]) == lower(name)) return static_cast<int>(i);
  throw Error("no such field", {.file = path_, .layer = out_.layer, .field = name},
              ErrorKind::BadInput, "available fields: " + join(out_.fields));
}

/// Coordinates from two columns (CSV and other tables), given or detected by name.
void LayerReader::find_coordinate_fields() {
  std::string x_name = options_.x_field;
  std::string y_name = options_.y_field;
  if (x_name.empty() != y_name.empty()) {
    throw Error("give both the x/longitude and the y/latitude field", layer_ctx_);
  }
  const bool table = layer_->GetGeomType() == wkbNone;
  if (x_name.empty() && table && is_csv(path_)) {
    for (const auto& f : out_.fields) {
      const std::string l = lower(f);
      if (x_name.empty() && std::find(kLonNames.begin(), kLonNames.end(), l) != kLonNames.end())
        x_name = f;
      if (y_name.empty() && std::find(kLatNames.begin(), kLatNames.end(), l) != kLatNames.end())
        y_name = f;
    }
    if (x_name.empty() || y_name.empty()) x_name = y_name = {};
  }
  if (!x_name.empty()) {
    x_index_ = field_index(x_name);
    y_index_ = field_index(y_name);
  }
  with_geometry_ = x_index_ >= 0 || !table;
  if (!with_geometry_ && options_.require_geometry) {
    throw Error("the layer has no geometry", layer_ctx_, ErrorKind::BadInput,
                "for a CSV, give the longitude and latitude columns");
  }
}

/// The source CRS and the transformation to WGS 84 lon/lat (none when the source is it).
void LayerReader::prepare_transformation() {
  if (!with_geometry_) return;
  const bool xy_points = x_index_ >= 0;
  const OGRSpatialReference* declared = xy_points ? nullptr : layer_->GetSpatialRef();
  china_ = parse_china_datum(options_.assume_crs);
  if (china_) {
    source_srs_ = china_source_srs(declared, *china_, layer_ctx_);
  } else if (declared) {
    source_srs_.reset(declared->Clone());
    source_srs_->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  } else if (!options_.assume_crs.empty()) {
    source_srs_ = srs_from_text(options_.assume_crs, layer_ctx_);
  } else if (xy_points || is_csv(path_)) {
    // CSV cannot declare a CRS; coordinates in a CSV (columns or WKT) are lon/lat by default.
    source_srs_ = srs_from_text("EPSG:4326", layer_ctx_);
  } else {
    throw Error("the layer declares no coordinate reference system", layer_ctx_,
                ErrorKind::BadInput,
                "give the CRS of the coordinates (e.g. assume_crs \"EPSG:4326\"), or add a .prj");
  }
  source_geographic_ = source_srs_->IsGeographic();
  source_crs_name_ = source_srs_->GetName() ? source_srs_->GetName() : "the layer's CRS";
  OGRSpatialReference wgs84;
  wgs84.importFromEPSG(4326);
  wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  if (source_srs_->IsSame(&wgs84)) return;
  CPLErrorReset();
  transform_.reset(OGRCreateCoordinateTransformation(source_srs_.get(), &wgs84));
  if (!transform_) {
    throw Error("cannot transform the layer's CRS (" + source_crs_name_ + ") to WGS 84",
                layer_ctx_);
  }
}

AttrValue LayerReader::read_value(OGRFeature& feature, int i, const ErrorContext& where) {
  if (!feature.IsFieldSetAndNotNull(i)) return std::monostate{};
  switch (feature.GetFieldDefnRef(i)->GetType()) {
    case OFTInteger:
    case OFTInteger64:
      return static_cast<long long>(feature.GetFieldAsInteger64(i));
    case OFTReal:
      return feature.GetFieldAsDouble(i);
    default: {
      ErrorContext at = where;
      at.field = out_.fields[static_cast<std::size_t>(i)];
      return decode(feature.GetFieldAsString(i), at, "the text");
    }
  }
}

std::unique_ptr<OGRGeometry> LayerReader::point_from_columns(const std::vector<AttrValue>& row,
                                                             ErrorContext where) const {
  double xy[2] = {0, 0};
  const int idx[2] = {x_index_, y_index_};
  for (int k = 0; k < 2; ++k) {
    const AttrValue& v = row[static_cast<std::size_t>(idx[k])];
    where.field = out_.fields[static_cast<std::size_t>(idx[k])];
    if (const auto* d = std::get_if<double>(&v)) {
      xy[k] = *d;
    } else if (const auto* i = std::get_if<long long>(&v)) {
      xy[k] = static_cast<double>(*i);
    } else {
      const std::string raw = value_text(v);
      if (trim(raw).empty()) throw Error("missing coordinate", where);
      const auto parsed = text::parse_number(raw);
      if (!parsed) throw Error("coordinate is not a number: '" + raw + "'", where);
      xy[k] = *parsed;
    }
  }
  return std::make_unique<OGRPoint>(xy[0], xy[1]);
}

GeomPtr LayerReader::read_geometry(OGRFeature& feature, const std::vector<AttrValue>& row,
                                   const ErrorContext& where) {
  std::unique_ptr<OGRGeometry> geometry;
  if (x_index_ >= 0) {
    geometry = point_from_columns(row, where);
  } else {
    const OGRGeometry* g = feature.GetGeometryRef();
    if (!g) throw Error("empty or missing geometry", where);
    geometry.reset(g->clone());
  }
  if (geometry->IsEmpty()) throw Error("empty or missing geometry", where);
  if (china_) check_china_lonlat(*geometry, *china_, where);
  check_source_coordinates(*geometry, source_geographic_, where);
  if (transform_) {
    transform_to_wgs84(*geometry, *transform_, source_crs_name_, where);
    check_lonlat_range(*geometry, source_crs_name_, where);
  }
  geometry->assignSpatialReference(nullptr);
  GeomPtr g = to_geos(*geometry, where);
  if (GEOSisEmpty_r(geos_context(), g.get()) == 1) throw Error("empty geometry", where);
  if (china_) g = geometry_to_wgs84(g.get(), *china_);
  family_->check(g.get(), where);
  g = ensure_valid(std::move(g), options_.repair_invalid, where, repairs_);
  if (GEOSisEmpty_r(geos_context(), g.get()) == 1) {
    throw Error("geometry is empty after repair (degenerate polygon)", where);
  }
  return g;
}

void LayerReader::read_feature(OGRFeature& feature, std::size_t ordinal) {
  const std::string ordinal_label = fmt::format("#{}", ordinal + 1);
  std::string id;
  if (id_index_ < 0) {
    id = std::to_string(feature.GetFID());
  } else {
    ErrorContext at{.file = path_,
                    .layer = out_.layer,
                    .feature_id = ordinal_label,
                    .field = options_.id_field};
    const AttrValue value = read_value(feature, id_index_, at);
    id = value_text(value);
    if (trim(id).empty()) {
      throw Error(fmt::format("feature #{} has an empty id", ordinal + 1),
                  {.file = path_, .layer = out_.layer, .field = options_.id_field});
    }
  }
  if (options_.require_unique_ids) {
    auto [it, inserted] = seen_ids_.emplace(id, ordinal);
    if (!inserted) {
      throw Error(
          fmt::format("duplicate id: features #{} and #{} both have it", it->second + 1,
                      ordinal + 1),
          {.file = path_, .layer = out_.layer, .feature_id = id, .field = options_.id_field},
          ErrorKind::BadInput, "ids must be unique within a layer");
    }
  }
  const ErrorContext where{.file = path_, .layer = out_.layer, .feature_id = id};
  std::vector<AttrValue> row;
  row.reserve(out_.fields.size());
  for (int i = 0; i < static_cast<int>(out_.fields.size()); ++i)
    row.push_back(read_value(feature, i, where));
  if (with_geometry_) out_.geometries.push_back(read_geometry(feature, row, where));
  out_.ids.push_back(std::move(id));
  out_.values.push_back(std::move(row));
}

FeatureSet LayerReader::read() {
  open();
  choose_encoding();
  read_schema();
  find_coordinate_fields();
  prepare_transformation();
  family_ = std::make_unique<FamilyCheck>(options_.geometry);
  layer_->ResetReading();
  CPLErrorReset();
  std::size_t ordinal = 0;
  for (std::unique_ptr<OGRFeature> feature(layer_->GetNextFeature()); feature;
       feature.reset(layer_->GetNextFeature()), ++ordinal) {
    read_feature(*feature, ordinal);
  }
  if (china_ && !out_.geometries.empty()) {
    spdlog::info("{}", Error(fmt::format("converted {} features from {} to WGS 84 (points outside "
                                         "China are left unchanged)",
                                         out_.geometries.size(), to_string(*china_)),
                             layer_ctx_)
                           .what());
  }
  if (repairs_ > kRepairWarnings) {
    spdlog::warn("{}",
                 Error(fmt::format("{} invalid geometries repaired in all ({} more at debug level)",
                                   repairs_, repairs_ - kRepairWarnings),
                       layer_ctx_)
                     .what());
  }
  if (CPLGetLastErrorType() == CE_Failure) {
    throw Error("error while reading features: " + printable_utf8(CPLGetLastErrorMsg()),
                layer_ctx_);
  }
  return std::move(out_);
}

}  // namespace

FeatureSet read_features(const ReadOptions& options) { return LayerReader(options).read(); }

}  // namespace equiroute::geodata

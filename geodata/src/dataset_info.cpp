#include "equiroute/geodata/dataset_info.hpp"

#include <cpl_error.h>
#include <fmt/format.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <filesystem>
#include <memory>

#include "equiroute/core/error.hpp"
#include "equiroute/geodata/gdal_init.hpp"
#include "equiroute/geodata/text_encoding.hpp"
#include "ogr_open.hpp"

namespace equiroute::geodata {

namespace {

/// The layer's declared encoding, else UTF-8 when every field name is valid UTF-8, else
/// GB18030 (read_features also looks at the values; `info` only shows names).
std::string names_encoding(OGRLayer& layer, bool shapefile) {
  std::string encoding = given_encoding();
  if (encoding.empty()) encoding = declared_encoding(layer, shapefile);
  if (!encoding.empty()) return encoding;
  OGRFeatureDefn* defn = layer.GetLayerDefn();
  for (int i = 0; i < defn->GetFieldCount(); ++i)
    if (!is_valid_utf8(defn->GetFieldDefn(i)->GetNameRef())) return kFallbackEncoding;
  return "UTF-8";
}

LayerInfo describe_layer(OGRLayer& layer, bool shapefile, const std::string& path) {
  LayerInfo info;
  info.name = layer.GetName();
  info.geometry_type = OGRGeometryTypeToName(layer.GetGeomType());
  info.feature_count = layer.GetFeatureCount(TRUE);
  info.encoding = names_encoding(layer, shapefile);
  TextDecoder decoder(info.encoding);
  OGRFeatureDefn* defn = layer.GetLayerDefn();
  for (int i = 0; i < defn->GetFieldCount(); ++i) {
    OGRFieldDefn* field = defn->GetFieldDefn(i);
    DecodeFailure failure;
    auto name = decoder.decode(field->GetNameRef(), &failure);
    if (!name) {
      throw Error(fmt::format("the name of field #{} is not valid {}: {}", i + 1, info.encoding,
                              failure.description),
                  {.file = path, .layer = info.name}, ErrorKind::BadInput,
                  "save the file as UTF-8 (or with a .cpg naming its encoding)");
    }
    info.fields.push_back({std::move(*name), OGRFieldDefn::GetFieldTypeName(field->GetType())});
  }
  if (const OGRSpatialReference* srs = layer.GetSpatialRef()) {
    info.crs_name = srs->GetName() ? srs->GetName() : "";
    info.crs_geographic = srs->IsGeographic();
    const char* auth = srs->GetAuthorityName(nullptr);
    const char* code = srs->GetAuthorityCode(nullptr);
    if (auth && code) info.crs_auth = std::string(auth) + ":" + code;
  }
  OGREnvelope env;
  if (layer.GetGeomType() != wkbNone && layer.GetExtent(&env, TRUE) == OGRERR_NONE) {
    info.extent = std::array<double, 4>{env.MinX, env.MinY, env.MaxX, env.MaxY};
  }
  return info;
}

}  // namespace

DatasetInfo describe_dataset(const std::string& path) {
  if (!std::filesystem::exists(path) && path.find(':') == std::string::npos) {
    throw Error("no such file", {.file = path});
  }
  DatasetPtr ds = open_vector(path);
  const bool shapefile = is_shapefile(*ds);
  DatasetInfo info;
  info.path = path;
  info.driver = ds->GetDriver() ? ds->GetDriver()->GetDescription() : "";
  for (OGRLayer* layer : ds->GetLayers())
    info.layers.push_back(describe_layer(*layer, shapefile, path));
  return info;
}

}  // namespace equiroute::geodata

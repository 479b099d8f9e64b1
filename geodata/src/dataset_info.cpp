#include "equiroute/geodata/dataset_info.hpp"

#include <cpl_error.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <filesystem>
#include <memory>

#include "equiroute/core/error.hpp"
#include "equiroute/geodata/gdal_init.hpp"

namespace equiroute::geodata {

namespace {

LayerInfo describe_layer(OGRLayer& layer) {
  LayerInfo info;
  info.name = layer.GetName();
  info.geometry_type = OGRGeometryTypeToName(layer.GetGeomType());
  info.feature_count = layer.GetFeatureCount(TRUE);
  OGRFeatureDefn* defn = layer.GetLayerDefn();
  for (int i = 0; i < defn->GetFieldCount(); ++i) {
    OGRFieldDefn* field = defn->GetFieldDefn(i);
    info.fields.push_back({field->GetNameRef(), OGRFieldDefn::GetFieldTypeName(field->GetType())});
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
  ensure_gdal_registered();
  if (!std::filesystem::exists(path) && path.find(':') == std::string::npos) {
    throw Error("no such file", {.file = path});
  }
  CPLErrorReset();
  std::unique_ptr<GDALDataset> ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY,
                                                    nullptr, nullptr, nullptr));
  if (!ds) {
    std::string why = CPLGetLastErrorMsg();
    throw Error("cannot open as vector data" + (why.empty() ? std::string() : " (" + why + ")"),
                {.file = path});
  }
  DatasetInfo info;
  info.path = path;
  info.driver = ds->GetDriver() ? ds->GetDriver()->GetDescription() : "";
  for (OGRLayer* layer : ds->GetLayers()) info.layers.push_back(describe_layer(*layer));
  return info;
}

}  // namespace equiroute::geodata

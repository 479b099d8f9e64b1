#include "ogr_open.hpp"

#include <cpl_error.h>
#include <cpl_string.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "equiroute/geodata/gdal_init.hpp"
#include "equiroute/geodata/text_encoding.hpp"

namespace equiroute::geodata {

namespace fs = std::filesystem;

namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

/// A sidecar of `shp` with extension `ext` (".dbf"), in either case as file systems differ.
bool has_sidecar(const fs::path& shp, const std::string& ext) {
  std::string upper = ext;
  std::transform(upper.begin(), upper.end(), upper.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  std::error_code ec;
  return fs::exists(fs::path(shp).replace_extension(ext), ec) ||
         fs::exists(fs::path(shp).replace_extension(upper), ec);
}

/// A Shapefile is several files; GDAL opens a .shp without its .dbf as a layer without
/// fields, which would surface later as "no such field".
void check_shapefile_parts(const std::string& path) {
  const fs::path shp(path);
  if (lower(shp.extension().string()) != ".shp") return;
  const std::string hint =
      "a Shapefile is several files with the same name: .shp, .shx, .dbf, .prj (and .cpg); "
      "copy all of them";
  if (!has_sidecar(shp, ".dbf")) {
    throw Error("the Shapefile has no .dbf beside it (its attribute table)", {.file = path},
                ErrorKind::BadInput, hint);
  }
  if (!has_sidecar(shp, ".shx")) {
    throw Error("the Shapefile has no .shx beside it (its geometry index)", {.file = path},
                ErrorKind::BadInput, hint);
  }
}

std::string join_layer_names(GDALDataset& dataset) {
  std::string out;
  for (OGRLayer* l : dataset.GetLayers())
    out += (out.empty() ? "" : ", ") + std::string(l->GetName());
  return out;
}

}  // namespace

DatasetPtr open_vector(const std::string& path) {
  ensure_gdal_registered();
  std::error_code ec;
  // GDAL also opens virtual paths (/vsizip/...) and connection strings ("PG:...").
  if (path.rfind("/vsi", 0) != 0 && path.find(':') == std::string::npos && !fs::exists(path, ec)) {
    throw Error("no such file", {.file = path});
  }
  check_shapefile_parts(path);
  // Shapefile text is read undecoded (ENCODING="") and decoded by read_features, which
  // reports an undecodable byte by feature and field; GDAL's own recoding drops such bytes
  // silently. Other drivers would warn about the option, so it goes to Shapefiles only.
  CPLStringList open_options;
  GDALDriverH driver = GDALIdentifyDriverEx(path.c_str(), GDAL_OF_VECTOR, nullptr, nullptr);
  if (driver != nullptr && EQUAL(GDALGetDescription(driver), "ESRI Shapefile"))
    open_options.SetNameValue("ENCODING", "");
  CPLErrorReset();
  DatasetPtr ds(GDALDataset::FromHandle(GDALOpenEx(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY,
                                                   nullptr, open_options.List(), nullptr)));
  if (!ds) {
    const std::string why = printable_utf8(CPLGetLastErrorMsg());
    throw Error("cannot open as vector data" + (why.empty() ? std::string() : " (" + why + ")"),
                {.file = path}, ErrorKind::BadInput,
                "check that the file is complete and in a format GDAL reads (GeoJSON, Shapefile, "
                "GeoPackage, CSV, ...)");
  }
  return ds;
}

bool is_shapefile(const GDALDataset& dataset) {
  const GDALDriver* driver = const_cast<GDALDataset&>(dataset).GetDriver();
  return driver != nullptr && EQUAL(driver->GetDescription(), "ESRI Shapefile");
}

OGRLayer& choose_layer(GDALDataset& dataset, const std::string& name, const std::string& path) {
  if (name.empty()) {
    // QGIS's style table (saved in a GeoPackage, as equiroute's outputs have it) is not data.
    std::vector<OGRLayer*> data_layers;
    for (OGRLayer* l : dataset.GetLayers())
      if (std::string(l->GetName()) != "layer_styles") data_layers.push_back(l);
    if (data_layers.size() != 1) {
      throw Error(data_layers.empty() ? "no layers" : "several layers; choose one", {.file = path},
                  ErrorKind::BadInput, "layers: " + join_layer_names(dataset));
    }
    return *data_layers[0];
  }
  OGRLayer* layer = dataset.GetLayerByName(name.c_str());
  if (!layer) {
    throw Error("no such layer", {.file = path, .layer = name}, ErrorKind::BadInput,
                "layers: " + join_layer_names(dataset));
  }
  return *layer;
}

std::string declared_encoding(OGRLayer& layer, bool shapefile) {
  if (shapefile) {
    if (const char* cpg = layer.GetMetadataItem("ENCODING_FROM_CPG", "SHAPEFILE"); cpg && *cpg)
      return cpg;
    const char* ldid = layer.GetMetadataItem("LDID_VALUE", "SHAPEFILE");
    const char* from_ldid = layer.GetMetadataItem("ENCODING_FROM_LDID", "SHAPEFILE");
    if (ldid && from_ldid && *from_ldid && std::string(ldid) != "87" && std::string(ldid) != "0")
      return from_ldid;
    return {};
  }
  return layer.TestCapability(OLCStringsAsUTF8) ? "UTF-8" : "";
}

}  // namespace equiroute::geodata

#pragma once
// Tiny hand-made vector fixtures for the geodata tests.

#include <cpl_conv.h>
#include <cpl_string.h>
#include <fmt/format.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace equiroute::test {

/// A GeoJSON polygon ring from lon/lat pairs (closed automatically).
inline std::string ring(const std::vector<std::pair<double, double>>& points) {
  std::string out = "[";
  for (const auto& [lon, lat] : points) out += fmt::format("[{},{}],", lon, lat);
  out += fmt::format("[{},{}]]", points.front().first, points.front().second);
  return out;
}

/// Axis-aligned lon/lat rectangle, each side split into `steps` segments (so that it
/// follows the parallels closely after projection).
inline std::string box_polygon(double lon0, double lat0, double lon1, double lat1, int steps = 1) {
  std::vector<std::pair<double, double>> p;
  for (int i = 0; i < steps; ++i) p.emplace_back(lon0 + (lon1 - lon0) * i / steps, lat0);
  for (int i = 0; i < steps; ++i) p.emplace_back(lon1, lat0 + (lat1 - lat0) * i / steps);
  for (int i = 0; i < steps; ++i) p.emplace_back(lon1 - (lon1 - lon0) * i / steps, lat1);
  for (int i = 0; i < steps; ++i) p.emplace_back(lon0, lat1 - (lat1 - lat0) * i / steps);
  return R"({"type":"Polygon","coordinates":[)" + ring(p) + "]}";
}

/// A Feature with properties given as a JSON object body (without braces).
inline std::string feature(const std::string& properties, const std::string& geometry) {
  return R"({"type":"Feature","properties":{)" + properties + R"(},"geometry":)" + geometry + "}";
}

inline std::string collection(const std::vector<std::string>& features) {
  std::string out = R"({"type":"FeatureCollection","features":[)";
  for (std::size_t i = 0; i < features.size(); ++i) out += (i ? "," : "") + features[i];
  return out + "]}";
}

/// `utf8` re-encoded as GBK (code page 936) by GDAL's CPLRecode (iconv): independent of
/// geodata's TextDecoder, which the tests check.
inline std::string gbk(const std::string& utf8) {
  char* converted = CPLRecode(utf8.c_str(), CPL_ENC_UTF8, "CP936");
  std::string out = converted;
  CPLFree(converted);
  const bool ascii = std::all_of(utf8.begin(), utf8.end(),
                                 [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  if (out == utf8 && !ascii) throw std::runtime_error("CPLRecode did not convert to CP936");
  return out;
}

/// A point Shapefile (EPSG:4326) whose .dbf holds the bytes given, without any recoding and
/// without a .cpg — as desktop GIS on Chinese Windows writes GBK Shapefiles. `fields` are
/// the raw field names, `rows` the raw text values (one row per point at lon 113 + i/10).
/// With a non-empty `cpg`, a .cpg with that content is written too.
inline void write_raw_shapefile(const std::filesystem::path& path,
                                const std::vector<std::string>& fields,
                                const std::vector<std::vector<std::string>>& rows,
                                const std::string& cpg = {}) {
  GDALAllRegister();
  CPLStringList options;
  options.SetNameValue("ENCODING", "");  // no recoding: the bytes go to the .dbf as given
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("ESRI Shapefile");
  {
    std::unique_ptr<GDALDataset> ds(driver->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    OGRSpatialReference wgs84;
    wgs84.importFromEPSG(4326);
    OGRLayer* layer = ds->CreateLayer(path.stem().c_str(), &wgs84, wkbPoint, options.List());
    for (const auto& name : fields) {
      OGRFieldDefn defn(name.c_str(), OFTString);
      if (layer->CreateField(&defn) != OGRERR_NONE) throw std::runtime_error("CreateField");
    }
    for (std::size_t i = 0; i < rows.size(); ++i) {
      OGRFeature feature(layer->GetLayerDefn());
      for (std::size_t f = 0; f < rows[i].size(); ++f)
        feature.SetField(static_cast<int>(f), rows[i][f].c_str());
      feature.SetGeometryDirectly(new OGRPoint(113.0 + 0.1 * static_cast<double>(i), 28.0));
      if (layer->CreateFeature(&feature) != OGRERR_NONE) throw std::runtime_error("CreateFeature");
    }
  }
  std::filesystem::path cpg_path = path;
  cpg_path.replace_extension(".cpg");
  std::filesystem::remove(cpg_path);  // GDAL writes an empty one for ENCODING=""
  if (!cpg.empty()) {
    std::FILE* f = std::fopen(cpg_path.c_str(), "wb");
    std::fwrite(cpg.data(), 1, cpg.size(), f);
    std::fclose(f);
  }
}

}  // namespace equiroute::test

#pragma once
// Generator of bad input files for the table-driven bad-input tests of the CLI (issue 16):
// each class of problem becomes a small file (or set of files) made here, byte by byte, with
// what the error must name. The CLI test pairs them with commands (`areas`, `info`, `run`
// through a scenario, `access`, `od`, `graph-export`, ...) and asserts the exit code, that
// the message names the file and the feature/field, and that the output does not exist.
// tests/geodata/test_bad_inputs.cpp checks every class against geodata's readers.

#include <cpl_conv.h>
#include <cpl_string.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <cstdio>
#include <filesystem>
#include <limits>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace equiroute::test {

/// What a reader must say about one bad input.
struct BadInput {
  std::string name;            ///< class, e.g. "regions-mixed-geometry"
  std::filesystem::path path;  ///< the file to give the command
  std::string role;            ///< "regions", "points", "table", "roads"
  std::string feature;         ///< feature id the message must name ("" if none)
  std::string field;           ///< field the message must name ("" if none)
  std::string message;         ///< part of the message or of its hint
  int exit_code = 2;           ///< 2 bad input (all of these)
};

namespace bad_inputs_detail {

inline void write(const std::filesystem::path& path, const std::string& bytes) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) throw std::runtime_error("cannot write " + path.string());
  std::fwrite(bytes.data(), 1, bytes.size(), f);
  std::fclose(f);
}

inline std::string gbk(const std::string& utf8) {
  char* converted = CPLRecode(utf8.c_str(), CPL_ENC_UTF8, "CP936");
  std::string out = converted;
  CPLFree(converted);
  return out;
}

inline std::string polygon(double lon, double lat, double size = 0.1) {
  const auto p = [](double x, double y) {
    return "[" + std::to_string(x) + "," + std::to_string(y) + "]";
  };
  return R"({"type":"Polygon","coordinates":[[)" + p(lon, lat) + "," + p(lon + size, lat) + "," +
         p(lon + size, lat + size) + "," + p(lon, lat + size) + "," + p(lon, lat) + "]]}";
}

inline std::string feature(const std::string& properties, const std::string& geometry) {
  return R"({"type":"Feature","properties":{)" + properties + R"(},"geometry":)" + geometry + "}";
}

inline std::string collection(const std::vector<std::string>& features) {
  std::string out = R"({"type":"FeatureCollection","features":[)";
  for (std::size_t i = 0; i < features.size(); ++i) out += (i ? "," : "") + features[i];
  return out + "]}";
}

/// Two valid Hunan-like regions A and B, then `extra` features.
inline std::string regions(const std::vector<std::string>& extra, const std::string& pop_b = "7") {
  std::vector<std::string> features = {
      feature(R"("code":"A","name":"甲","pop":5)", polygon(113.0, 28.0)),
      feature(R"("code":"B","name":"乙","pop":)" + pop_b, polygon(113.1, 28.0))};
  features.insert(features.end(), extra.begin(), extra.end());
  return collection(features);
}

/// A GeoPackage layer "lines" in EPSG:4547 with one line L1 from (385000, 3100000) to `end`.
inline void gpkg_line(const std::filesystem::path& path, double end_x, double end_y) {
  GDALAllRegister();
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GPKG");
  std::unique_ptr<GDALDataset> ds(driver->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
  OGRSpatialReference srs;
  srs.importFromEPSG(4547);
  OGRLayer* layer = ds->CreateLayer("lines", &srs, wkbLineString, nullptr);
  OGRFieldDefn code("code", OFTString);
  if (layer->CreateField(&code) != OGRERR_NONE) throw std::runtime_error("CreateField");
  OGRFeature f(layer->GetLayerDefn());
  f.SetField(0, "L1");
  auto* line = new OGRLineString();
  line->addPoint(385000, 3100000);
  line->addPoint(end_x, end_y);
  f.SetGeometryDirectly(line);
  if (layer->CreateFeature(&f) != OGRERR_NONE) throw std::runtime_error("CreateFeature");
}

/// A point Shapefile P1, P2 with a GBK name, written undecoded; `cpg` content if not empty.
inline void gbk_shapefile(const std::filesystem::path& path, const std::string& cpg) {
  GDALAllRegister();
  CPLStringList options;
  options.SetNameValue("ENCODING", "");
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("ESRI Shapefile");
  {
    std::unique_ptr<GDALDataset> ds(driver->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    OGRSpatialReference wgs84;
    wgs84.importFromEPSG(4326);
    OGRLayer* layer = ds->CreateLayer(path.stem().c_str(), &wgs84, wkbPoint, options.List());
    OGRFieldDefn code("code", OFTString), name("name", OFTString);
    if (layer->CreateField(&code) != OGRERR_NONE || layer->CreateField(&name) != OGRERR_NONE)
      throw std::runtime_error("CreateField");
    for (int i = 0; i < 2; ++i) {
      OGRFeature f(layer->GetLayerDefn());
      f.SetField(0, i == 0 ? "P1" : "P2");
      f.SetField(1, gbk(i == 0 ? "长沙市" : "湘潭市").c_str());
      f.SetGeometryDirectly(new OGRPoint(113.0 + 0.1 * i, 28.0));
      if (layer->CreateFeature(&f) != OGRERR_NONE) throw std::runtime_error("CreateFeature");
    }
  }
  std::filesystem::path cpg_path = path;
  cpg_path.replace_extension(".cpg");
  std::filesystem::remove(cpg_path);
  if (!cpg.empty()) write(cpg_path, cpg);
}

}  // namespace bad_inputs_detail

/// Writes every bad-input class into `dir` (which must exist) and returns them.
inline std::vector<BadInput> make_bad_inputs(const std::filesystem::path& dir) {
  namespace d = bad_inputs_detail;
  std::vector<BadInput> out;
  const auto add = [&](BadInput b, const std::string& bytes) {
    d::write(b.path, bytes);
    out.push_back(std::move(b));
  };
  const std::string point = R"({"type":"Point","coordinates":[113.05,28.05]})";
  const std::string line = R"({"type":"LineString","coordinates":[[113,28],[113.2,28]]})";

  // Regions (GeoJSON, id field "code", population field "pop").
  add({"regions-mixed-geometry", dir / "mixed.geojson", "regions", "C", "", "a LineString"},
      d::regions({d::feature(R"("code":"C","pop":1)", line)}));
  add({"regions-points-only", dir / "points-as-regions.geojson", "regions", "P", "", "a Point"},
      d::collection({d::feature(R"("code":"P","pop":1)", point)}));
  add({"regions-geometry-collection", dir / "collection.geojson", "regions", "C", "",
       "mixes geometry types"},
      d::regions(
          {d::feature(R"("code":"C","pop":1)", R"({"type":"GeometryCollection","geometries":[)" +
                                                   point + "," + line + "]}")}));
  add({"regions-huge-coordinate", dir / "huge.geojson", "regions", "C", "", "1e+308"},
      d::regions({d::feature(
          R"("code":"C","pop":1)",
          R"({"type":"Polygon","coordinates":[[[113,28],[1e308,28],[113,29],[113,28]]]})")}));
  add({"regions-latitude-out-of-range", dir / "lat100.geojson", "regions", "C", "", "out of range"},
      d::regions({d::feature(R"("code":"C","pop":1)", d::polygon(113.2, 95.0))}));
  add({"regions-duplicate-id", dir / "duplicate.geojson", "regions", "A", "code", "duplicate id"},
      d::regions({d::feature(R"("code":"A","pop":1)", d::polygon(113.2, 28.0))}));
  add({"regions-empty-id", dir / "empty-id.geojson", "regions", "", "code", "empty id"},
      d::regions({d::feature(R"("code":"","pop":1)", d::polygon(113.2, 28.0))}));
  add({"regions-null-geometry", dir / "null-geometry.geojson", "regions", "C", "",
       "empty or missing geometry"},
      d::regions({R"({"type":"Feature","properties":{"code":"C","pop":1},"geometry":null})"}));
  add({"regions-population-not-a-number", dir / "pop-text.geojson", "regions", "B", "pop",
       "not a number"},
      d::regions({}, R"("many")"));
  add({"regions-population-negative", dir / "pop-negative.geojson", "regions", "B", "pop",
       "negative"},
      d::regions({}, "-7"));
  add({"regions-population-missing", dir / "pop-null.geojson", "regions", "B", "pop",
       "missing value"},
      d::regions({}, "null"));
  add({"regions-invalid-utf8", dir / "latin1.geojson", "regions", "C", "name", "not valid UTF-8"},
      d::regions({d::feature(std::string(R"("code":"C","pop":1,"name":"Caf)") + "\xE9\"",
                             d::polygon(113.2, 28.0))}));
  add({"regions-truncated", dir / "truncated.geojson", "regions", "", "", "cannot open"},
      d::regions({}).substr(0, 120));
  add({"regions-empty-file", dir / "empty.geojson", "regions", "", "", "cannot open"}, "");
  add({"regions-not-vector", dir / "binary.geojson", "regions", "", "", "cannot open"},
      std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16));

  // Points and tables (CSV).
  add({"points-swapped-lonlat", dir / "swapped.csv", "points", "B", "", "look swapped"},
      "id,lon,lat\nA,113.0,28.2\nB,28.2,113.0\n");
  add({"points-missing-coordinate", dir / "no-lat.csv", "points", "B", "lat", "missing coordinate"},
      "id,lon,lat\nA,113.0,28.2\nB,113.1,\n");
  add({"points-coordinate-not-a-number", dir / "lat-text.csv", "points", "B", "lat",
       "not a number"},
      "id,lon,lat\nA,113.0,28.2\nB,113.1,north\n");
  add({"points-nan-coordinate", dir / "lat-nan.csv", "points", "B", "lat", "not a number"},
      "id,lon,lat\nA,113.0,28.2\nB,113.1,nan\n");
  add({"table-undecodable-bytes", dir / "undecodable.csv", "table", "B", "name",
       "neither UTF-8 nor GB18030"},
      d::gbk("id,name,lon,lat\nA,长沙,113,28\nB,") + "\xB3\xA4\xFF" + ",113.1,28\n");
  add({"table-undecodable-id", dir / "undecodable-id.csv", "table", "#2", "id",
       "neither UTF-8 nor GB18030"},
      d::gbk("id,name,lon,lat\n甲,长沙,113,28\n") + "\xFF\xFE,x,113.1,28\n");

  // Layers that need GDAL to be made.
  BadInput nan{"layer-nan-vertex", dir / "nan.gpkg", "roads", "L1", "", "not a finite number"};
  d::gpkg_line(nan.path, std::numeric_limits<double>::quiet_NaN(), 3.1e6);
  out.push_back(nan);
  BadInput untransformable{"layer-untransformable",           dir / "far.gpkg", "roads", "L1", "",
                           "cannot transform the coordinates"};
  d::gpkg_line(untransformable.path, 9e8, 3.1e6);
  out.push_back(untransformable);
  BadInput cpg{"shapefile-cpg-utf8-over-gbk",
               dir / "wrong-cpg.shp",
               "points",
               "P1",
               "name",
               "not valid UTF-8"};
  d::gbk_shapefile(cpg.path, "UTF-8");
  out.push_back(cpg);
  BadInput no_dbf{"shapefile-without-dbf", dir / "no-dbf.shp", "points", "", "", "no .dbf"};
  d::gbk_shapefile(no_dbf.path, "936");
  std::filesystem::remove(dir / "no-dbf.dbf");
  out.push_back(no_dbf);
  BadInput no_shx{"shapefile-without-shx", dir / "no-shx.shp", "points", "", "", "no .shx"};
  d::gbk_shapefile(no_shx.path, "936");
  std::filesystem::remove(dir / "no-shx.shx");
  out.push_back(no_shx);
  BadInput no_prj{"shapefile-without-prj",
                  dir / "no-prj.shp",
                  "points",
                  "",
                  "",
                  "declares no coordinate reference system"};
  d::gbk_shapefile(no_prj.path, "936");
  std::filesystem::remove(dir / "no-prj.prj");
  out.push_back(no_prj);

  // Road networks (OSM XML).
  add({"osm-no-routable-road", dir / "footways.osm", "roads", "", "", "no routable road"},
      R"(<?xml version="1.0"?><osm version="0.6"><node id="1" lat="28" lon="113"/>)"
      R"(<node id="2" lat="28.001" lon="113"/><way id="1"><nd ref="1"/><nd ref="2"/>)"
      R"(<tag k="highway" v="footway"/></way></osm>)");
  add({"osm-truncated", dir / "truncated.osm", "roads", "", "", "cannot read OSM data"},
      R"(<?xml version="1.0"?><osm version="0.6"><node id="1" lat="28" lon="113"/><way id="1"><nd)");
  add({"osm-not-pbf", dir / "not.osm.pbf", "roads", "", "", "cannot read OSM data"},
      std::string("\0\0\0\x0dnot a pbf blob at all, sorry", 31));
  add({"osm-nodes-missing-strict", dir / "clipped.osm", "roads", "", "",
       "missing from the extract"},
      R"(<?xml version="1.0"?><osm version="0.6"><node id="1" lat="28" lon="113"/>)"
      R"(<node id="2" lat="28.001" lon="113"/><way id="1"><nd ref="1"/><nd ref="2"/><nd ref="3"/>)"
      R"(<tag k="highway" v="residential"/></way></osm>)");
  return out;
}

}  // namespace equiroute::test

#include <cpl_minixml.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <memory>

#include "equiroute/core/error.hpp"
#include "equiroute/geodata/layer_writer.hpp"
#include "equiroute/geodata/qgis_style.hpp"
#include "fixtures.hpp"
#include "support.hpp"

using namespace equiroute;
using namespace equiroute::geodata;
using equiroute::test::TempDir;
namespace fs = std::filesystem;

namespace {

struct XmlDeleter {
  void operator()(CPLXMLNode* n) const { CPLDestroyXMLNode(n); }
};
using Xml = std::unique_ptr<CPLXMLNode, XmlDeleter>;

Xml parse(const std::string& qml) {
  // The DOCTYPE line is for QGIS; minixml parses from the root element.
  Xml tree(CPLParseXMLString(qml.substr(qml.find("<qgis")).c_str()));
  REQUIRE(tree);
  return tree;
}

std::vector<const CPLXMLNode*> children(const CPLXMLNode* parent, const char* name) {
  std::vector<const CPLXMLNode*> out;
  for (const CPLXMLNode* c = parent ? parent->psChild : nullptr; c; c = c->psNext) {
    if (c->eType == CXT_Element && std::string(c->pszValue) == name) out.push_back(c);
  }
  return out;
}

std::string attr(const CPLXMLNode* node, const char* name) {
  return CPLGetXMLValue(node, name, "<missing>");
}

/// The "color" option of the first symbol layer of each symbol, in order.
std::vector<std::string> symbol_colors(const CPLXMLNode* renderer) {
  std::vector<std::string> out;
  for (const auto* symbol : children(CPLGetXMLNode(renderer, "symbols"), "symbol")) {
    const auto* layer = children(symbol, "layer").front();
    for (const auto* option : children(CPLGetXMLNode(layer, "Option"), "Option")) {
      if (attr(option, "name") == "color") out.push_back(attr(option, "value"));
    }
  }
  return out;
}

const std::vector<StyleColor> kThree{{1.0, 1.0, 178 / 255.0},
                                     {254 / 255.0, 204 / 255.0, 92 / 255.0},
                                     {240 / 255.0, 59 / 255.0, 32 / 255.0}};

FeatureSet two_regions(const TempDir& dir) {
  test::write_file(
      dir / "in.geojson",
      test::collection({test::feature(R"("code":"a","value":0.1,"population_density":2)",
                                      test::box_polygon(112, 27, 113, 28)),
                        test::feature(R"("code":"b","value":0.7,"population_density":3)",
                                      test::box_polygon(113, 27, 114, 28))}));
  return read_features({.path = (dir / "in.geojson").string(), .id_field = "code"});
}

}  // namespace

TEST_CASE("qgis_color rounds unit components to 0..255", "[geodata][qgis_style]") {
  CHECK(qgis_color({1.0, 0.0, 0.5}) == "255,0,128,255");
  CHECK(qgis_color({254 / 255.0, 204 / 255.0, 92 / 255.0, 0.55}) == "254,204,92,140");
}

TEST_CASE("graduated_style: classes from breaks, colours and legend rows",
          "[geodata][qgis_style]") {
  auto style = graduated_style("nearest", "nearest_travel_min", 3.5, {10.25, 20, 61.125}, kThree,
                               {"3.5 – 10.3", "10.3 – 20.0", "20.0 – 61.1"});
  REQUIRE(style.classes.size() == 3);
  CHECK(style.classes[0].lower == 3.5);
  CHECK(style.classes[1].lower == 10.25);
  CHECK(style.classes[2].upper == 61.125);
  CHECK(style.classes[1].label == "10.3 – 20.0");
  CHECK(graduated_style("s", "f", 0, {1, 2}, {kThree[0], kThree[1]}).classes[1].label == "1 – 2");
  CHECK_THROWS_AS(graduated_style("s", "f", 0, {1, 2}, kThree), std::invalid_argument);
  CHECK_THROWS_AS(graduated_style("s", "f", 0, {2, 1, 3}, kThree), std::invalid_argument);
  CHECK_THROWS_AS(graduated_style("s", "f", 0, {}, {}), std::invalid_argument);
}

TEST_CASE("QML of a graduated style: ranges, exact bounds, colours", "[geodata][qgis_style]") {
  // Bounds that need all 17 digits: QGIS must classify with exactly these doubles.
  const double third = 1.0 / 3.0, tiny = 4.390127761950537e-05;
  auto style = graduated_style("s", "2sfca_doctors", tiny, {third, 0.5, 2.0}, kThree,
                               {"a & b", "<c>", "长沙 \"市\""});
  const std::string qml = qml_document(style);
  CHECK(qml.rfind("<!DOCTYPE qgis", 0) == 0);
  auto tree = parse(qml);
  const auto* renderer = CPLGetXMLNode(tree.get(), "renderer-v2");
  REQUIRE(renderer);
  CHECK(attr(renderer, "type") == "graduatedSymbol");
  CHECK(attr(renderer, "attr") == "2sfca_doctors");
  auto ranges = children(CPLGetXMLNode(renderer, "ranges"), "range");
  REQUIRE(ranges.size() == 3);
  CHECK(std::stod(attr(ranges[0], "lower")) == tiny);
  CHECK(std::stod(attr(ranges[0], "upper")) == third);
  CHECK(std::stod(attr(ranges[1], "lower")) == third);
  CHECK(attr(ranges[0], "label") == "a & b");  // escaped in the file, intact when parsed
  CHECK(attr(ranges[2], "label") == "长沙 \"市\"");
  CHECK(qml.find("&amp;") != std::string::npos);
  CHECK(symbol_colors(renderer) ==
        std::vector<std::string>{"255,255,178,255", "254,204,92,255", "240,59,32,255"});
  CHECK(attr(CPLGetXMLNode(renderer, "classificationMethod"), "id") == "Custom");
  CHECK(std::string(CPLGetXMLValue(tree.get(), "layerGeometryType", "")) == "2");
  CHECK(qml_document(style) == qml);  // deterministic
}

TEST_CASE("QML with no data: rules with the map's class intervals and ELSE",
          "[geodata][qgis_style]") {
  auto style = graduated_style("s", "score \"x\"", 0.0, {1.0, 2.5, 1e-3 * 4000}, kThree);
  style.no_data_label = "No data";
  auto tree = parse(qml_document(style));
  const auto* renderer = CPLGetXMLNode(tree.get(), "renderer-v2");
  CHECK(attr(renderer, "type") == "RuleRenderer");
  auto rules = children(CPLGetXMLNode(renderer, "rules"), "rule");
  REQUIRE(rules.size() == 4);
  CHECK(attr(rules[0], "filter") == R"("score ""x""" >= 0 AND "score ""x""" <= 1)");
  CHECK(attr(rules[1], "filter") == R"("score ""x""" > 1 AND "score ""x""" <= 2.5)");
  CHECK(attr(rules[3], "filter") == "ELSE");
  CHECK(attr(rules[3], "label") == "No data");
  auto symbols = children(CPLGetXMLNode(renderer, "symbols"), "symbol");
  REQUIRE(symbols.size() == 4);
  auto hatch_layers = children(symbols[3], "layer");
  REQUIRE(hatch_layers.size() == 2);
  CHECK(attr(hatch_layers[0], "class") == "SimpleFill");
  CHECK(attr(hatch_layers[1], "class") == "LinePatternFill");
  CHECK(symbol_colors(renderer)[3] == "217,217,217,255");
}

TEST_CASE("QML of categorised and single-symbol styles", "[geodata][qgis_style]") {
  LayerStyle groups;
  groups.kind = RendererKind::Categorized;
  groups.field = "group";
  groups.categories = {{"430100", kThree[0], "长沙市"}, {"430200", kThree[1], "株洲市"}};
  auto tree = parse(qml_document(groups));
  const auto* renderer = CPLGetXMLNode(tree.get(), "renderer-v2");
  CHECK(attr(renderer, "type") == "categorizedSymbol");
  auto categories = children(CPLGetXMLNode(renderer, "categories"), "category");
  REQUIRE(categories.size() == 2);
  CHECK(attr(categories[1], "value") == "430200");
  CHECK(attr(categories[1], "label") == "株洲市");

  LayerStyle points;
  points.geometry = StyleGeometry::Point;
  points.color = {37 / 255.0, 52 / 255.0, 148 / 255.0, 0.55};
  tree = parse(qml_document(points));
  renderer = CPLGetXMLNode(tree.get(), "renderer-v2");
  CHECK(attr(renderer, "type") == "singleSymbol");
  CHECK(attr(children(CPLGetXMLNode(renderer, "symbols"), "symbol")[0], "type") == "marker");
  CHECK(symbol_colors(renderer) == std::vector<std::string>{"37,52,148,140"});

  LayerStyle empty;
  empty.kind = RendererKind::Categorized;
  CHECK_THROWS_AS(qml_document(empty), std::invalid_argument);
}

TEST_CASE("write_gpkg_styles: QGIS's layer_styles table, one default per layer",
          "[geodata][qgis_style]") {
  TempDir dir;
  const fs::path gpkg = dir / "regions.gpkg";
  write_layer(two_regions(dir), gpkg, {.layer_name = "regions"});
  auto a = graduated_style("a", "value", 0.1, {0.4, 0.7}, {kThree[0], kThree[1]});
  auto b = graduated_style("b", "value", 0.1, {0.7}, {kThree[2]});
  write_gpkg_styles(gpkg, "regions", {a, b});
  a.description = "second write";
  write_gpkg_styles(gpkg, "regions", {a});  // replaces a; b is no longer the default either
  write_gpkg_styles(gpkg, "regions", {});   // nothing to do

  std::unique_ptr<GDALDataset> ds(
      GDALDataset::Open(gpkg.string().c_str(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr));
  REQUIRE(ds);
  OGRLayer* table = ds->GetLayerByName("layer_styles");
  REQUIRE(table);
  CHECK(table->GetLayerDefn()->GetFieldIndex("useAsDefault") >= 0);
  CHECK(table->GetLayerDefn()
            ->GetFieldDefn(table->GetLayerDefn()->GetFieldIndex("useAsDefault"))
            ->GetSubType() == OFSTBoolean);
  std::map<std::string, std::pair<int, std::string>> rows;
  while (OGRFeature* raw = table->GetNextFeature()) {
    std::unique_ptr<OGRFeature> f(raw);
    CHECK(std::string(f->GetFieldAsString("f_table_name")) == "regions");
    CHECK(std::string(f->GetFieldAsString("f_geometry_column")) == "geom");
    rows[f->GetFieldAsString("styleName")] = {f->GetFieldAsInteger("useAsDefault"),
                                              f->GetFieldAsString("description")};
    CHECK(std::string(f->GetFieldAsString("styleQML")).find("graduatedSymbol") !=
          std::string::npos);
  }
  REQUIRE(rows.size() == 2);
  CHECK(rows["a"] == std::pair<int, std::string>{1, "second write"});
  CHECK(rows["b"].first == 0);

  CHECK_THROWS_MATCHES(write_gpkg_styles(gpkg, "nope", {a}), Error,
                       Catch::Matchers::Predicate<Error>([](const Error& e) {
                         return e.kind() == ErrorKind::BadInput &&
                                std::string(e.what()).find("layer 'nope'") != std::string::npos;
                       }));
  CHECK_THROWS_MATCHES(
      write_gpkg_styles(dir / "missing.gpkg", "regions", {a}), Error,
      Catch::Matchers::Predicate<Error>([](const Error& e) { return e.kind() == ErrorKind::Io; }));
}

TEST_CASE("write_layer writes styles: GeoPackage table, GeoJSON and Shapefile sidecars",
          "[geodata][qgis_style]") {
  TempDir dir;
  const FeatureSet regions = two_regions(dir);
  auto style = graduated_style("density", "population_density", 2, {3}, {kThree[0]});
  WriteOptions options{.layer_name = "regions", .styles = {style}};
  write_layer(regions, dir / "regions.geojson", options);
  CHECK(test::read_file(dir / "regions.qml") == qml_document(style));

  fs::create_directories(dir / "shp");
  const auto report = write_layer(regions, dir / "shp" / "regions.shp", options);
  REQUIRE(report.renamed_fields.at("population_density") == "populati_1");
  const std::string sidecar = test::read_file(dir / "shp" / "regions.qml");
  CHECK(sidecar.find(R"(attr="populati_1")") != std::string::npos);  // the field as written

  write_layer(regions, dir / "regions.gpkg", options);
  std::unique_ptr<GDALDataset> ds(GDALDataset::Open((dir / "regions.gpkg").string().c_str(),
                                                    GDAL_OF_VECTOR, nullptr, nullptr, nullptr));
  REQUIRE(ds);
  REQUIRE(ds->GetLayerByName("layer_styles"));
  CHECK(ds->GetLayerByName("layer_styles")->GetFeatureCount() == 1);
  CHECK_FALSE(fs::exists(dir / "regions.gpkg.qml"));
  // A styled GeoPackage still reads as its one data layer (layer_styles is not data).
  const auto back = read_features({.path = (dir / "regions.gpkg").string(), .id_field = "code"});
  CHECK(back.size() == regions.size());

  write_layer(regions, dir / "plain.geojson", {.layer_name = "plain"});
  CHECK_FALSE(fs::exists(dir / "plain.qml"));
}

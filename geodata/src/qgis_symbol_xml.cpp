#include "qgis_symbol_xml.hpp"

#include <fmt/format.h>

#include <utility>
#include <vector>

namespace equiroute::geodata::qml {

namespace {

using Properties = std::vector<std::pair<const char*, std::string>>;

// The printed map's "no data": fill 0.85 grey, hatching 0.55 grey, 0.35 pt lines every
// 2.8 pt (io/choropleth_map.cpp); 1 pt = 0.3528 mm.
const StyleColor kNoDataFill{0.85, 0.85, 0.85};
const StyleColor kHatch{0.55, 0.55, 0.55};
constexpr double kPointMm = 25.4 / 72.0;

/// QGIS 3.x reads the <Option type="Map"> block; QGIS before 3.18 read <prop k v>: both.
void add_properties(CPLXMLNode* layer, const Properties& properties) {
  CPLXMLNode* map = element(layer, "Option");
  attribute(map, "type", "Map");
  for (const auto& [name, value] : properties) {
    CPLXMLNode* option = element(map, "Option");
    attribute(option, "type", "QString");
    attribute(option, "name", name);
    attribute(option, "value", value);
  }
  for (const auto& [name, value] : properties) {
    CPLXMLNode* prop = element(layer, "prop");
    attribute(prop, "k", name);
    attribute(prop, "v", value);
  }
}

CPLXMLNode* symbol_element(CPLXMLNode* parent, const std::string& name, const char* type) {
  CPLXMLNode* symbol = element(parent, "symbol");
  attribute(symbol, "type", type);
  attribute(symbol, "name", name);
  attribute(symbol, "alpha", "1");
  attribute(symbol, "clip_to_extent", "1");
  attribute(symbol, "force_rhr", "0");
  return symbol;
}

CPLXMLNode* symbol_layer(CPLXMLNode* symbol, const char* layer_class) {
  CPLXMLNode* layer = element(symbol, "layer");
  attribute(layer, "class", layer_class);
  attribute(layer, "enabled", "1");
  attribute(layer, "locked", "0");
  attribute(layer, "pass", "0");
  return layer;
}

void add_fill(CPLXMLNode* symbol, const StyleColor& fill, const SymbolLook& look) {
  add_properties(symbol_layer(symbol, "SimpleFill"),
                 {{"color", qgis_color(fill)},
                  {"style", "solid"},
                  {"outline_color", qgis_color(look.outline)},
                  {"outline_style", "solid"},
                  {"outline_width", number(look.outline_width_mm)},
                  {"outline_width_unit", "MM"},
                  {"joinstyle", "round"}});
}

void add_line(CPLXMLNode* symbol, const StyleColor& color, double width_mm) {
  add_properties(symbol_layer(symbol, "SimpleLine"), {{"line_color", qgis_color(color)},
                                                      {"line_style", "solid"},
                                                      {"line_width", number(width_mm)},
                                                      {"line_width_unit", "MM"},
                                                      {"capstyle", "round"},
                                                      {"joinstyle", "round"}});
}

void add_marker(CPLXMLNode* symbol, const StyleColor& fill, const SymbolLook& look) {
  add_properties(symbol_layer(symbol, "SimpleMarker"),
                 {{"name", "circle"},
                  {"color", qgis_color(fill)},
                  {"outline_color", qgis_color(look.outline)},
                  {"outline_style", "solid"},
                  {"outline_width", number(look.outline_width_mm)},
                  {"outline_width_unit", "MM"},
                  {"size", number(look.marker_size_mm)},
                  {"size_unit", "MM"},
                  {"scale_method", "diameter"}});
}

/// A 45° line pattern whose lines are themselves a line symbol (QGIS's sub-symbol "@…").
void add_hatching(CPLXMLNode* symbol, const std::string& name) {
  CPLXMLNode* layer = symbol_layer(symbol, "LinePatternFill");
  add_properties(layer, {{"angle", "45"},
                         {"distance", number(2.8 * kPointMm)},
                         {"distance_unit", "MM"},
                         {"line_width", number(0.35 * kPointMm)},
                         {"line_width_unit", "MM"},
                         {"color", qgis_color(kHatch)}});
  CPLXMLNode* lines = symbol_element(layer, "@" + name + "@1", "line");
  add_line(lines, kHatch, 0.35 * kPointMm);
}

}  // namespace

CPLXMLNode* element(CPLXMLNode* parent, const char* name) {
  return CPLCreateXMLNode(parent, CXT_Element, name);
}

void attribute(CPLXMLNode* node, const char* name, const std::string& value) {
  CPLAddXMLAttributeAndValue(node, name, value.c_str());
}

std::string number(double value) { return fmt::format("{}", value); }

void add_symbol(CPLXMLNode* symbols, const std::string& name, StyleGeometry geometry,
                const StyleColor& fill, const SymbolLook& look, bool hatched) {
  switch (geometry) {
    case StyleGeometry::Polygon: {
      CPLXMLNode* symbol = symbol_element(symbols, name, "fill");
      add_fill(symbol, hatched ? kNoDataFill : fill, look);
      if (hatched) add_hatching(symbol, name);
      return;
    }
    case StyleGeometry::Line:
      add_line(symbol_element(symbols, name, "line"), hatched ? kNoDataFill : fill,
               look.line_width_mm);
      return;
    case StyleGeometry::Point:
      add_marker(symbol_element(symbols, name, "marker"), hatched ? kNoDataFill : fill, look);
      return;
  }
}

}  // namespace equiroute::geodata::qml

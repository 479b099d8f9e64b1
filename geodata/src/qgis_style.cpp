#include "equiroute/geodata/qgis_style.hpp"

#include <cpl_conv.h>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "qgis_symbol_xml.hpp"

namespace equiroute::geodata {

namespace {

using qml::attribute;
using qml::element;

int channel(double unit) {
  return static_cast<int>(std::lround(std::clamp(unit, 0.0, 1.0) * 255.0));
}

/// <renderer-v2 type="…"> with the attributes every renderer carries.
CPLXMLNode* renderer_element(CPLXMLNode* root, const char* type) {
  CPLXMLNode* renderer = element(root, "renderer-v2");
  attribute(renderer, "type", type);
  attribute(renderer, "symbollevels", "0");
  attribute(renderer, "forceraster", "0");
  attribute(renderer, "enableorderby", "0");
  attribute(renderer, "referencescale", "-1");
  return renderer;
}

/// A QGIS expression's quoted field name: "name", with " doubled.
std::string quoted_field(const std::string& field) {
  std::string out = "\"";
  for (char c : field) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

void check_classes(const LayerStyle& style) {
  if (style.field.empty()) throw std::invalid_argument("a graduated style needs a field");
  if (style.classes.empty()) throw std::invalid_argument("a graduated style needs classes");
  for (std::size_t i = 0; i < style.classes.size(); ++i) {
    const auto& c = style.classes[i];
    if (!(c.lower <= c.upper) || (i > 0 && !(style.classes[i - 1].upper <= c.lower))) {
      throw std::invalid_argument("graduated style classes must be ascending");
    }
  }
}

void graduated(CPLXMLNode* root, const LayerStyle& style) {
  check_classes(style);
  CPLXMLNode* renderer = renderer_element(root, "graduatedSymbol");
  attribute(renderer, "attr", style.field);
  attribute(renderer, "graduatedMethod", "GraduatedColor");
  CPLXMLNode* ranges = element(renderer, "ranges");
  CPLXMLNode* symbols = element(renderer, "symbols");
  for (std::size_t i = 0; i < style.classes.size(); ++i) {
    const auto& c = style.classes[i];
    CPLXMLNode* range = element(ranges, "range");
    attribute(range, "symbol", std::to_string(i));
    attribute(range, "lower", qml::number(c.lower));
    attribute(range, "upper", qml::number(c.upper));
    attribute(range, "label", c.label);
    attribute(range, "render", "true");
    qml::add_symbol(symbols, std::to_string(i), style.geometry, c.color, style.look);
  }
  // "Custom": QGIS keeps these bounds instead of recomputing them from the data.
  CPLXMLNode* method = element(renderer, "classificationMethod");
  attribute(method, "id", "Custom");
  element(renderer, "rotation");
  element(renderer, "sizescale");
}

/// Graduated classes plus "no data" as rules: class 0 takes lower <= v <= upper, the
/// others lower < v <= upper (the printed map's classes), ELSE the rest (NULL).
void graduated_with_no_data(CPLXMLNode* root, const LayerStyle& style) {
  check_classes(style);
  CPLXMLNode* renderer = renderer_element(root, "RuleRenderer");
  CPLXMLNode* rules = element(renderer, "rules");
  attribute(rules, "key", "{equiroute-root}");
  CPLXMLNode* symbols = element(renderer, "symbols");
  const std::string field = quoted_field(style.field);
  for (std::size_t i = 0; i < style.classes.size(); ++i) {
    const auto& c = style.classes[i];
    CPLXMLNode* rule = element(rules, "rule");
    attribute(rule, "key", fmt::format("{{equiroute-class-{}}}", i));
    attribute(rule, "symbol", std::to_string(i));
    attribute(rule, "label", c.label);
    attribute(rule, "filter",
              fmt::format("{} {} {} AND {} <= {}", field, i == 0 ? ">=" : ">", qml::number(c.lower),
                          field, qml::number(c.upper)));
    qml::add_symbol(symbols, std::to_string(i), style.geometry, c.color, style.look);
  }
  const std::string last = std::to_string(style.classes.size());
  CPLXMLNode* rule = element(rules, "rule");
  attribute(rule, "key", "{equiroute-no-data}");
  attribute(rule, "symbol", last);
  attribute(rule, "label", *style.no_data_label);
  attribute(rule, "filter", "ELSE");
  qml::add_symbol(symbols, last, style.geometry, {}, style.look, true);
}

void categorized(CPLXMLNode* root, const LayerStyle& style) {
  if (style.field.empty() || style.categories.empty()) {
    throw std::invalid_argument("a categorised style needs a field and categories");
  }
  CPLXMLNode* renderer = renderer_element(root, "categorizedSymbol");
  attribute(renderer, "attr", style.field);
  CPLXMLNode* categories = element(renderer, "categories");
  CPLXMLNode* symbols = element(renderer, "symbols");
  for (std::size_t i = 0; i < style.categories.size(); ++i) {
    const auto& c = style.categories[i];
    CPLXMLNode* category = element(categories, "category");
    attribute(category, "symbol", std::to_string(i));
    attribute(category, "value", c.value);
    attribute(category, "label", c.label);
    attribute(category, "render", "true");
    qml::add_symbol(symbols, std::to_string(i), style.geometry, c.color, style.look);
  }
  element(renderer, "rotation");
  element(renderer, "sizescale");
}

void single_symbol(CPLXMLNode* root, const LayerStyle& style) {
  CPLXMLNode* renderer = renderer_element(root, "singleSymbol");
  qml::add_symbol(element(renderer, "symbols"), "0", style.geometry, style.color, style.look);
  element(renderer, "rotation");
  element(renderer, "sizescale");
}

const char* geometry_code(StyleGeometry geometry) {
  switch (geometry) {
    case StyleGeometry::Point:
      return "0";
    case StyleGeometry::Line:
      return "1";
    case StyleGeometry::Polygon:
      return "2";
  }
  return "2";
}

}  // namespace

std::string qgis_color(const StyleColor& color) {
  return fmt::format("{},{},{},{}", channel(color.r), channel(color.g), channel(color.b),
                     channel(color.alpha));
}

LayerStyle graduated_style(std::string name, std::string field, double min,
                           const std::vector<double>& upper, const std::vector<StyleColor>& colors,
                           std::vector<std::string> labels, StyleGeometry geometry) {
  if (upper.empty() || colors.size() != upper.size() ||
      (!labels.empty() && labels.size() != upper.size())) {
    throw std::invalid_argument(
        fmt::format("graduated style: {} upper bounds, {} colours, {} labels", upper.size(),
                    colors.size(), labels.size()));
  }
  LayerStyle style;
  style.name = std::move(name);
  style.kind = RendererKind::Graduated;
  style.geometry = geometry;
  style.field = std::move(field);
  for (std::size_t i = 0; i < upper.size(); ++i) {
    const double lower = i == 0 ? min : upper[i - 1];
    std::string label = labels.empty() ? fmt::format("{:g} – {:g}", lower, upper[i]) : labels[i];
    style.classes.push_back({lower, upper[i], colors[i], std::move(label)});
  }
  check_classes(style);
  return style;
}

std::string qml_document(const LayerStyle& style) {
  qml::XmlTree root(element(nullptr, "qgis"));
  attribute(root.get(), "version", "3.22.0");
  attribute(root.get(), "styleCategories", "Symbology");
  switch (style.kind) {
    case RendererKind::Graduated:
      if (style.no_data_label) {
        graduated_with_no_data(root.get(), style);
      } else {
        graduated(root.get(), style);
      }
      break;
    case RendererKind::Categorized:
      categorized(root.get(), style);
      break;
    case RendererKind::SingleSymbol:
      single_symbol(root.get(), style);
      break;
  }
  CPLXMLNode* type = element(root.get(), "layerGeometryType");
  CPLCreateXMLNode(type, CXT_Text, geometry_code(style.geometry));
  char* text = CPLSerializeXMLTree(root.get());
  std::string out = "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n";
  out += text;
  CPLFree(text);
  return out;
}

}  // namespace equiroute::geodata

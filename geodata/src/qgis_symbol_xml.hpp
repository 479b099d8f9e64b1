#pragma once
// Internal: building QML elements with GDAL's minixml (CPLXMLNode), which escapes attribute
// text and serialises the tree; and the QGIS symbol elements every renderer uses.

#include <cpl_minixml.h>

#include <memory>
#include <string>

#include "equiroute/geodata/qgis_style.hpp"

namespace equiroute::geodata::qml {

struct XmlTreeDeleter {
  void operator()(CPLXMLNode* node) const noexcept { CPLDestroyXMLNode(node); }
};
using XmlTree = std::unique_ptr<CPLXMLNode, XmlTreeDeleter>;

/// Appends an element `name` to `parent` (or a new root when parent is null).
CPLXMLNode* element(CPLXMLNode* parent, const char* name);
/// Adds the attribute name="value".
void attribute(CPLXMLNode* node, const char* name, const std::string& value);
/// Shortest text that reads back as the same double (what QString::toDouble parses).
std::string number(double value);

/// <symbol type="fill|line|marker" name="NAME"> with one simple layer of `fill`, or, for
/// `hatched`, a grey fill under a 45° line pattern (the printed map's "no data").
void add_symbol(CPLXMLNode* symbols, const std::string& name, StyleGeometry geometry,
                const StyleColor& fill, const SymbolLook& look, bool hatched = false);

}  // namespace equiroute::geodata::qml

#pragma once
// QGIS layer styles for equiroute's output layers, so that a layer opens in QGIS looking like
// the printed map of its indicator: QML documents (the XML of QGIS's "Save Style…", version
// 3.x) with a graduated, categorised or single-symbol renderer, stored in a GeoPackage's
// `layer_styles` table (the table QGIS itself writes and reads; one default style per layer)
// or in a `.qml` sidecar beside a Shapefile or GeoJSON file (QGIS loads `<stem>.qml`).
//
// The input is plain data: class bounds, colours and labels come from the caller (io's
// class_breaks / color_ramp and the choropleth legend), so the classes are the printed map's.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace equiroute::geodata {

/// An sRGB colour with components in [0, 1] (the layout of io::Rgb) and its opacity.
struct StyleColor {
  double r = 0.0;
  double g = 0.0;
  double b = 0.0;
  double alpha = 1.0;
};

/// QGIS's "r,g,b,a" colour text, components rounded to 0..255.
std::string qgis_color(const StyleColor& color);

enum class StyleGeometry { Polygon, Line, Point };

/// How every symbol of a style is drawn, apart from its fill colour.
struct SymbolLook {
  StyleColor outline{0.38, 0.38, 0.38};  ///< polygon boundaries / marker outlines
  double outline_width_mm = 0.1;         ///< the printed map's 0.3 pt boundaries
  double line_width_mm = 0.5;            ///< line layers
  double marker_size_mm = 2.5;           ///< point layers: circle diameter
};

/// A class of a graduated style. QGIS puts a value in the first class with
/// lower <= value <= upper, so with ascending classes sharing their bounds, class 0 is
/// [lower, upper] and class i > 0 is (lower, upper] — io::ClassBreaks' convention.
struct StyleClass {
  double lower = 0.0;
  double upper = 0.0;
  StyleColor color;
  std::string label;
};

/// A category: features whose field, as text, equals `value`.
struct StyleCategory {
  std::string value;
  StyleColor color;
  std::string label;
};

enum class RendererKind { Graduated, Categorized, SingleSymbol };

struct LayerStyle {
  std::string name;         ///< style name in layer_styles (QGIS shows it in the Style menu)
  std::string description;  ///< e.g. the map title
  RendererKind kind = RendererKind::SingleSymbol;
  StyleGeometry geometry = StyleGeometry::Polygon;
  std::string field;                      ///< Graduated, Categorized
  std::vector<StyleClass> classes;        ///< Graduated: ascending
  std::vector<StyleCategory> categories;  ///< Categorized
  StyleColor color{0.6, 0.6, 0.6};        ///< SingleSymbol
  SymbolLook look;
  /// Graduated: features without a value (NULL, as NaN is stored) drawn grey and hatched
  /// with this legend label, as on the printed map. QGIS's graduated renderer cannot draw
  /// NULL, so such a style is written as a rule-based renderer: one rule per class (same
  /// bounds, colours and labels) and an ELSE rule for "no data".
  std::optional<std::string> no_data_label;
};

/// A graduated style from class breaks as io::ClassBreaks holds them (min, then the upper
/// bound of each class) and one colour per class. `labels` are the legend rows of the
/// printed map; when empty, "lower – upper" with %g numbers.
/// Throws std::invalid_argument when the sizes differ, there is no class or the bounds are
/// not ascending.
LayerStyle graduated_style(std::string name, std::string field, double min,
                           const std::vector<double>& upper, const std::vector<StyleColor>& colors,
                           std::vector<std::string> labels = {},
                           StyleGeometry geometry = StyleGeometry::Polygon);

/// The QML document of `style` (UTF-8): `<!DOCTYPE qgis …><qgis …><renderer-v2 …>…`.
/// Bounds are written with 17 significant digits, so QGIS classifies every value exactly as
/// the caller did. Deterministic. Throws std::invalid_argument on an incomplete style (no
/// field, no class or category).
std::string qml_document(const LayerStyle& style);

/// Writes `styles` into the `layer_styles` table of the GeoPackage `gpkg` (created as QGIS
/// creates it when missing) for its layer `layer`: a style with the same layer and name is
/// replaced; the first style becomes the layer's only default (`useAsDefault`), so QGIS
/// applies it when the layer is opened. `update_time` is GDAL's OGR_CURRENT_DATE when set
/// (reproducible files), else the current time. The file is changed in place, in one
/// transaction: call it on the temporary file of an atomic output.
/// Throws Error (BadInput) when the layer does not exist, (Io) when the file cannot be
/// opened for update or written.
void write_gpkg_styles(const std::filesystem::path& gpkg, const std::string& layer,
                       const std::vector<LayerStyle>& styles);

/// `<layer file without extension>.qml`: the sidecar QGIS loads as a layer's default style.
std::filesystem::path qml_sidecar_path(const std::filesystem::path& layer_file);

/// Writes the QML of `style` atomically to qml_sidecar_path(layer_file); returns the path.
std::filesystem::path write_qml_sidecar(const std::filesystem::path& layer_file,
                                        const LayerStyle& style,
                                        const std::vector<std::filesystem::path>& inputs = {});

}  // namespace equiroute::geodata

#pragma once
// Print-ready choropleth maps (PNG 300 dpi, PDF, SVG) with Cairo: classed colours, legend,
// proportional facility symbols, scale bar, north arrow, title, source note and region labels.

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "equiroute/core/geo_types.hpp"
#include "equiroute/render/class_breaks.hpp"
#include "equiroute/render/color_ramp.hpp"
#include "equiroute/render/figure_output.hpp"

namespace equiroute::io {

/// A linear ring of lon/lat vertices (closed or not; the renderer closes it).
using LonLatRing = std::vector<LonLat>;

/// One region to draw: a (multi)polygon as plain rings, a value and a label.
struct MapRegion {
  std::string id;
  /// Label drawn on the map (Chinese names are fine); empty = no label.
  std::string label;
  /// Polygons, each a list of rings: ring 0 is the exterior, further rings are holes.
  std::vector<std::vector<LonLatRing>> parts;
  /// The mapped value; NaN (or ±inf) = no data, drawn hatched grey.
  double value = 0.0;
  /// Where to put the label; default: centroid of the largest part, moved inside the
  /// polygon along a horizontal line when the centroid falls outside.
  std::optional<LonLat> label_point;
};

/// A facility drawn as a circle whose area is proportional to `capacity` (≥ 0).
struct MapFacility {
  LonLat position;
  double capacity = 1.0;
};

/// What the map shows and how. Strings are printed as given (any language); the fixed
/// strings ("No data", "N", "km") can be overridden for a Chinese report.
struct ChoroplethSpec {
  std::string title;
  std::string subtitle;
  /// Source and method note printed at the bottom (wrapped), e.g. data source, year and
  /// "travel times are straight-line approximations".
  std::string source_note;
  std::string legend_title;
  std::string no_data_label = "No data";
  std::string facility_legend_title = "Facility capacity";
  std::string north_label = "N";
  ClassMethod method = ClassMethod::Jenks;
  int classes = 5;  ///< 1..9 (ColorBrewer)
  ColorRamp ramp = ColorRamp::YlOrRd;
  /// For variables where lower is better (travel time): the ramp is reversed, so the
  /// lowest class gets the darkest colour.
  bool lower_is_better = false;
  /// Decimals of legend numbers; < 0 chooses from the value range.
  int legend_decimals = -1;
  /// Show the number of regions per class in the legend.
  bool legend_counts = true;
  bool show_labels = true;
  double label_font_pt = 6.5;
  /// Radius of the largest facility symbol, points.
  double max_symbol_radius_pt = 9.0;
  /// Points drawn on top of everything as black triangles (e.g. a plan's new sites), with
  /// one legend row `marked_label` (none when empty).
  std::vector<LonLat> marked_points;
  std::string marked_label;
  /// PNG width in pixels and resolution; the height follows the data's aspect (A4 portrait
  /// or landscape proportions). 2480 px at 300 dpi = 210 mm.
  int width_px = 2480;
  double dpi = 300.0;
};

/// What was drawn, for reports and tests.
struct ChoroplethResult {
  ClassBreaks breaks;
  std::vector<Rgb> colors;  ///< one per class
  std::vector<std::size_t> class_counts;
  std::vector<std::string> legend_rows;  ///< the class legend as printed (ranges and counts)
  std::size_t no_data_count = 0;
  FigurePage page;
  bool portrait = true;
  std::size_t labels_drawn = 0;
  std::size_t labels_hidden = 0;  ///< hidden because they would overlap an earlier label
  double scale_bar_km = 0.0;
};

/// The classes of a choropleth map of `values` without drawing it — the one classing of every
/// view of an indicator (printed map, QGIS layer style, interactive report): breaks, colours,
/// counts per class, `no_data_count` and `legend_rows` exactly as render_choropleth() makes
/// them for the same values and spec (with `spec.legend_counts` false, rows without counts).
/// Throws equiroute::Error (BadInput) for classes outside 1..9.
ChoroplethResult choropleth_classes(std::span<const double> values, const ChoroplethSpec& spec);

/// Renders a choropleth map of `regions` (with optional `facilities`) to `outputs`.
///
/// Drawing projection: spherical Lambert azimuthal equal-area (Snyder 1987, eq. 24-2 to 24-4,
/// authalic radius 6 371 007.2 m) centred on the centre of the regions' lon/lat bounding box;
/// scale is exact at the centre, so the scale bar and north arrow are correct there.
/// Classes come from compute_class_breaks(values, spec.method, spec.classes).
/// Labels are placed largest region first; a label whose box would overlap an already
/// placed label (or leave the map frame) is hidden.
/// Throws equiroute::Error (BadInput) for no regions, a region without a ring of ≥ 3
/// vertices, non-finite coordinates, classes outside 1..9, a negative capacity or an invalid
/// page size; outputs are written atomically (see FigureOutputs).
ChoroplethResult render_choropleth(const std::vector<MapRegion>& regions,
                                   const std::vector<MapFacility>& facilities,
                                   const ChoroplethSpec& spec, const FigureOutputs& outputs);

}  // namespace equiroute::io

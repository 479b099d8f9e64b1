#include "equiroute/render/choropleth_map.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <numbers>

#include "cairo_page.hpp"
#include "equiroute/core/error.hpp"

// How a map is made: classify the values, project the polygons, measure the legend blocks,
// lay out frame and legend on the page, place the labels, then draw the finished MapScene
// once per output format. Everything that depends on the layout (scale bar, label boxes) is
// computed before drawing, so the PNG, PDF and SVG show the same map.

namespace equiroute::io {

namespace {

using detail::Align;

constexpr double kAuthalicRadiusM = 6371007.2;
constexpr double kDeg = std::numbers::pi / 180.0;
constexpr double kMarginPt = 28.0;

const Rgb kInk{0.13, 0.13, 0.13};
const Rgb kGreyText{0.35, 0.35, 0.35};
const Rgb kNoDataFill{0.85, 0.85, 0.85};
const Rgb kBoundary{0.38, 0.38, 0.38};

// ------------------------------------------------------------------ geometry

/// Spherical Lambert azimuthal equal-area, Snyder (1987) "Map Projections — A Working
/// Manual", eq. 24-2 to 24-4: equal-area everywhere, true scale at the centre.
struct LambertAzimuthalEqualArea {
  double lon0 = 0.0;
  double lat0 = 0.0;
  XY forward(LonLat p) const {
    double lam = (p.lon - lon0) * kDeg;
    double phi = p.lat * kDeg;
    double phi0 = lat0 * kDeg;
    double cos_c = std::sin(phi0) * std::sin(phi) + std::cos(phi0) * std::cos(phi) * std::cos(lam);
    double k = std::sqrt(2.0 / (1.0 + cos_c));
    return {kAuthalicRadiusM * k * std::cos(phi) * std::sin(lam),
            kAuthalicRadiusM * k *
                (std::cos(phi0) * std::sin(phi) - std::sin(phi0) * std::cos(phi) * std::cos(lam))};
  }
};

using Ring = std::vector<XY>;
using Polygon = std::vector<Ring>;

double signed_area(const Ring& r) {
  double a = 0.0;
  for (std::size_t i = 0, j = r.size() - 1; i < r.size(); j = i++) {
    a += r[j].x * r[i].y - r[i].x * r[j].y;
  }
  return a / 2.0;
}

XY centroid(const Ring& r) {
  double a = 0.0, cx = 0.0, cy = 0.0;
  for (std::size_t i = 0, j = r.size() - 1; i < r.size(); j = i++) {
    double f = r[j].x * r[i].y - r[i].x * r[j].y;
    a += f;
    cx += (r[j].x + r[i].x) * f;
    cy += (r[j].y + r[i].y) * f;
  }
  if (std::abs(a) < 1e-9) return r.front();
  return {cx / (3.0 * a), cy / (3.0 * a)};
}

bool inside(const Polygon& poly, XY p) {
  bool in = false;
  for (const auto& r : poly) {
    for (std::size_t i = 0, j = r.size() - 1; i < r.size(); j = i++) {
      if ((r[i].y > p.y) != (r[j].y > p.y) &&
          p.x < (r[j].x - r[i].x) * (p.y - r[i].y) / (r[j].y - r[i].y) + r[i].x) {
        in = !in;
      }
    }
  }
  return in;
}

/// Midpoint of the widest interior interval of the horizontal line through y.
XY inside_on_scanline(const Polygon& poly, double y, XY fallback) {
  std::vector<double> xs;
  for (const auto& r : poly) {
    for (std::size_t i = 0, j = r.size() - 1; i < r.size(); j = i++) {
      if ((r[i].y > y) != (r[j].y > y)) {
        xs.push_back((r[j].x - r[i].x) * (y - r[i].y) / (r[j].y - r[i].y) + r[i].x);
      }
    }
  }
  std::sort(xs.begin(), xs.end());
  double best = -1.0;
  XY out = fallback;
  for (std::size_t i = 0; i + 1 < xs.size(); i += 2) {
    if (xs[i + 1] - xs[i] > best) {
      best = xs[i + 1] - xs[i];
      out = {(xs[i] + xs[i + 1]) / 2.0, y};
    }
  }
  return out;
}

/// Area of a polygon: its exterior ring minus its holes, m².
double polygon_area(const Polygon& poly) {
  double a = std::abs(signed_area(poly.front()));
  for (std::size_t h = 1; h < poly.size(); ++h) a -= std::abs(signed_area(poly[h]));
  return a;
}

/// The centroid of the exterior ring, or, for concave shapes whose centroid falls outside,
/// the middle of the widest inside stretch of the horizontal line through it.
XY default_label_point(const Polygon& poly) {
  XY c = centroid(poly.front());
  return inside(poly, c) ? c : inside_on_scanline(poly, c.y, poly.front()[0]);
}

struct ProjectedRegion {
  std::vector<Polygon> parts;
  double area_m2 = 0.0;
  XY label;
};

/// Bounding box of the projected vertices, metres.
struct Extent {
  double min_x = std::numeric_limits<double>::infinity();
  double max_x = -std::numeric_limits<double>::infinity();
  double min_y = std::numeric_limits<double>::infinity();
  double max_y = -std::numeric_limits<double>::infinity();
  void add(XY q) {
    min_x = std::min(min_x, q.x);
    max_x = std::max(max_x, q.x);
    min_y = std::min(min_y, q.y);
    max_y = std::max(max_y, q.y);
  }
  // At least 1 m, so that a degenerate extent cannot divide by zero in the fit.
  double width() const { return std::max(max_x - min_x, 1.0); }
  double height() const { return std::max(max_y - min_y, 1.0); }
};

struct ProjectedMap {
  LambertAzimuthalEqualArea projection;
  std::vector<ProjectedRegion> regions;  ///< in the order of the input regions
  Extent extent;
};

/// The projection centred on the regions' lon/lat bounding box, so that the scale is true
/// (and the scale bar and north arrow are right) in the middle of the map.
LambertAzimuthalEqualArea projection_for(const std::vector<MapRegion>& regions) {
  double min_lon = std::numeric_limits<double>::infinity(), max_lon = -min_lon;
  double min_lat = min_lon, max_lat = -min_lon;
  for (const auto& r : regions) {
    for (const auto& part : r.parts) {
      for (const auto& ring : part) {
        for (const auto& p : ring) {
          min_lon = std::min(min_lon, p.lon);
          max_lon = std::max(max_lon, p.lon);
          min_lat = std::min(min_lat, p.lat);
          max_lat = std::max(max_lat, p.lat);
        }
      }
    }
  }
  return {(min_lon + max_lon) / 2.0, (min_lat + max_lat) / 2.0};
}

/// Projects one region (rings of fewer than 3 vertices are dropped), grows `extent`, and
/// finds its area and label anchor (the given label point, else one inside its largest part).
ProjectedRegion project_region(const MapRegion& region, const LambertAzimuthalEqualArea& proj,
                               Extent& extent) {
  ProjectedRegion pr;
  for (const auto& part : region.parts) {
    Polygon poly;
    for (const auto& ring : part) {
      if (ring.size() < 3) continue;
      Ring xy;
      xy.reserve(ring.size());
      for (const auto& p : ring) {
        XY q = proj.forward(p);
        xy.push_back(q);
        extent.add(q);
      }
      poly.push_back(std::move(xy));
    }
    if (poly.empty()) continue;
    pr.parts.push_back(std::move(poly));
  }
  const Polygon* largest = nullptr;  // validate() guarantees one part with a ring
  double largest_area = -1.0;
  for (const auto& poly : pr.parts) {
    double a = polygon_area(poly);
    pr.area_m2 += a;
    if (a > largest_area) {
      largest_area = a;
      largest = &poly;
    }
  }
  pr.label = region.label_point ? proj.forward(*region.label_point) : default_label_point(*largest);
  return pr;
}

ProjectedMap project_regions(const std::vector<MapRegion>& regions) {
  ProjectedMap map;
  map.projection = projection_for(regions);
  map.regions.reserve(regions.size());
  for (const auto& region : regions) {
    map.regions.push_back(project_region(region, map.projection, map.extent));
  }
  return map;
}

// ------------------------------------------------------------------ checks and classes

void validate(const std::vector<MapRegion>& regions, const std::vector<MapFacility>& facilities,
              const ChoroplethSpec& spec) {
  if (regions.empty()) throw Error("a choropleth map needs at least one region");
  if (spec.classes < 1 || spec.classes > 9) {
    throw Error(fmt::format("map classes must be 1 to 9, got {}", spec.classes), {},
                ErrorKind::BadInput, "ColorBrewer ramps define at most 9 classes");
  }
  if (spec.width_px < 100 || !(spec.dpi >= 36.0)) {
    throw Error(fmt::format("invalid map size: {} px at {} dpi", spec.width_px, spec.dpi));
  }
  for (const auto& region : regions) {
    bool has_ring = false;
    for (const auto& part : region.parts) {
      for (const auto& ring : part) {
        for (const auto& p : ring) {
          if (!std::isfinite(p.lon) || !std::isfinite(p.lat) || std::abs(p.lat) > 90.0) {
            throw Error("region has an invalid coordinate", {.feature_id = region.id});
          }
        }
      }
      has_ring = has_ring || (!part.empty() && part.front().size() >= 3);
    }
    if (!has_ring) {
      throw Error("region has no polygon ring with at least 3 vertices", {.feature_id = region.id});
    }
  }
  for (const auto& f : facilities) {
    if (!(f.capacity >= 0.0) || !std::isfinite(f.capacity) || !std::isfinite(f.position.lon) ||
        !std::isfinite(f.position.lat)) {
      throw Error("facility symbol needs a finite capacity >= 0 and finite coordinates");
    }
  }
  for (const auto& m : spec.marked_points) {
    if (!std::isfinite(m.lon) || !std::isfinite(m.lat))
      throw Error("a marked point needs finite coordinates");
  }
}

/// Sets the class breaks, colours and counts per class (and of values without data).
void classify_values(std::span<const double> values, const ChoroplethSpec& spec,
                     ChoroplethResult& result) {
  result.breaks = compute_class_breaks(values, spec.method, spec.classes);
  const std::size_t k = result.breaks.classes();
  if (k > 0) result.colors = color_ramp(spec.ramp, static_cast<int>(k), spec.lower_is_better);
  result.class_counts.assign(k, 0);
  for (double v : values) {
    int c = result.breaks.class_of(v);
    if (c < 0) {
      ++result.no_data_count;
    } else {
      ++result.class_counts[static_cast<std::size_t>(c)];
    }
  }
}

/// A4 proportions (1 : √2), portrait when the map is at least 3/4 as high as it is wide.
FigurePage map_page(const ChoroplethSpec& spec, bool portrait) {
  FigurePage page;
  page.width_px = spec.width_px;
  page.dpi = spec.dpi;
  page.height_px = static_cast<int>(
      std::lround(spec.width_px * (portrait ? std::sqrt(2.0) : 1.0 / std::sqrt(2.0))));
  return page;
}

// ------------------------------------------------------------------ drawing primitives

/// Projected metres to page points: the extent centred in the map frame, y pointing down.
struct PageTransform {
  double ox = 0.0, oy = 0.0;  ///< page position of (min_x, max_y)
  double scale = 0.0;         ///< points per metre
  double min_x = 0.0, max_y = 0.0;
  XY operator()(XY p) const { return {ox + (p.x - min_x) * scale, oy + (max_y - p.y) * scale}; }
};

void trace_polygon(cairo_t* cr, const Polygon& poly, const PageTransform& to_page) {
  for (const auto& ring : poly) {
    for (std::size_t i = 0; i < ring.size(); ++i) {
      XY q = to_page(ring[i]);
      if (i == 0) {
        cairo_move_to(cr, q.x, q.y);
      } else {
        cairo_line_to(cr, q.x, q.y);
      }
    }
    cairo_close_path(cr);
  }
}

/// Fills the current path with the "no data" grey and diagonal hatching; keeps the path.
void fill_no_data(cairo_t* cr) {
  cairo_save(cr);
  detail::set_color(cr, kNoDataFill);
  cairo_fill_preserve(cr);
  cairo_clip_preserve(cr);
  double x0, y0, x1, y1;
  cairo_clip_extents(cr, &x0, &y0, &x1, &y1);
  cairo_new_path(cr);
  cairo_set_source_rgb(cr, 0.55, 0.55, 0.55);
  cairo_set_line_width(cr, 0.35);
  for (double d = x0 - (y1 - y0); d < x1; d += 2.8) {
    cairo_move_to(cr, d, y1);
    cairo_line_to(cr, d + (y1 - y0), y0);
  }
  cairo_stroke(cr);
  cairo_restore(cr);
}

/// Proportional circles: the area of a symbol is proportional to the capacity, so the
/// radius grows with its square root (a circle never shrinks below 1 pt, to stay visible).
struct FacilitySymbols {
  double max_capacity = 0.0;
  double max_radius_pt = 0.0;
  Rgb fill;

  double radius_of(double capacity) const {
    if (!(max_capacity > 0.0)) return 1.2;
    return std::max(1.0, max_radius_pt * std::sqrt(capacity / max_capacity));
  }
  /// Translucent, so that the region colours show through overlapping symbols.
  void draw(cairo_t* cr, double cx, double cy, double r) const {
    cairo_new_path(cr);
    cairo_arc(cr, cx, cy, r, 0.0, 2.0 * std::numbers::pi);
    detail::set_color(cr, fill, 0.55);
    cairo_fill_preserve(cr);
    cairo_set_source_rgb(cr, 1.0, 1.0, 1.0);
    cairo_set_line_width(cr, 0.5);
    cairo_stroke(cr);
  }
};

FacilitySymbols facility_symbols(const std::vector<MapFacility>& facilities,
                                 const ChoroplethSpec& spec) {
  FacilitySymbols symbols;
  for (const auto& f : facilities)
    symbols.max_capacity = std::max(symbols.max_capacity, f.capacity);
  symbols.max_radius_pt = spec.max_symbol_radius_pt;
  // A colour that stands out from the ramp: blue on yellow-red, orange on the cool ramps.
  symbols.fill = spec.ramp == ColorRamp::YlOrRd ? rgb_from_hex("#253494") : rgb_from_hex("#d95f0e");
  return symbols;
}

// ------------------------------------------------------------------ legend blocks

/// A legend element measured before layout and drawn at its top-left corner.
struct Block {
  double width = 0.0;
  double height = 0.0;
  std::function<void(cairo_t*, double, double)> draw;
};

constexpr double kLegendWidthPt = 170.0;  // longest legend title line before it wraps
constexpr double kTitleLinePt = 10.5;     // line height of a legend title (8 pt bold)
constexpr double kSwatchWPt = 16.0, kSwatchHPt = 10.0, kClassRowPt = 13.5;

/// A legend title wrapped to the legend width, in the font it is drawn in.
struct LegendTitle {
  std::vector<std::string> lines;
  double width = 0.0;  ///< of its longest line, points
};

LegendTitle measure_legend_title(cairo_t* mc, const std::string& title) {
  LegendTitle t;
  detail::set_font(mc, 8.0, true);
  t.lines = detail::wrap_text(mc, title, kLegendWidthPt);
  for (const auto& l : t.lines) t.width = std::max(t.width, detail::text_width(mc, l));
  return t;
}

void draw_legend_title(cairo_t* cr, double x, double y, const std::vector<std::string>& lines) {
  detail::set_font(cr, 8.0, true);
  detail::draw_text_lines(cr, x, y, lines, kTitleLinePt, 2.5, kInk);
}

int auto_decimals(const ClassBreaks& b) {
  bool all_integer = std::abs(b.min - std::round(b.min)) < 1e-9;
  for (double u : b.upper) all_integer = all_integer && std::abs(u - std::round(u)) < 1e-9;
  if (all_integer) return 0;
  double span = b.upper.back() - b.min;
  if (!(span > 0.0)) span = std::max(std::abs(b.upper.back()), 1e-12);
  // Three significant digits of the span, so tiny scores (2SFCA per person ~1e-6) stay apart.
  return std::clamp(2 - static_cast<int>(std::floor(std::log10(span))), 0, 9);
}

/// One text per class ("lower – upper", or one value when both are equal, with the number
/// of regions when asked), then the "no data" row when any region has no value.
std::vector<std::string> class_legend_rows(const ChoroplethSpec& spec,
                                           const ChoroplethResult& result) {
  const std::size_t k = result.breaks.classes();
  const int decimals =
      spec.legend_decimals >= 0 ? spec.legend_decimals : (k > 0 ? auto_decimals(result.breaks) : 0);
  std::vector<std::string> rows;
  for (std::size_t c = 0; c < k; ++c) {
    std::string text = detail::format_number(result.breaks.lower(c), decimals) + " – " +
                       detail::format_number(result.breaks.upper[c], decimals);
    if (result.breaks.lower(c) == result.breaks.upper[c]) {
      text = detail::format_number(result.breaks.upper[c], decimals);
    }
    if (spec.legend_counts) text += fmt::format("  ({})", result.class_counts[c]);
    rows.push_back(text);
  }
  if (result.no_data_count > 0) {
    rows.push_back(spec.legend_counts
                       ? fmt::format("{}  ({})", spec.no_data_label, result.no_data_count)
                       : spec.no_data_label);
  }
  return rows;
}

/// A legend swatch in a class colour, or hatched grey for "no data" (`color` null).
void draw_swatch(cairo_t* cr, double x, double y, const Rgb* color) {
  cairo_rectangle(cr, x, y, kSwatchWPt, kSwatchHPt);
  if (color) {
    detail::set_color(cr, *color);
    cairo_fill_preserve(cr);
  } else {
    fill_no_data(cr);
  }
  detail::set_color(cr, kBoundary);
  cairo_set_line_width(cr, 0.4);
  cairo_stroke(cr);
}

/// The class legend: title, then one swatch and text per row (`rows` from class_legend_rows;
/// rows beyond the colours are "no data").
Block class_legend_block(cairo_t* mc, const std::string& title,
                         const std::vector<std::string>& rows, const std::vector<Rgb>& colors) {
  LegendTitle t = measure_legend_title(mc, title);
  double width = t.width;
  detail::set_font(mc, 7.5);
  for (const auto& r : rows) width = std::max(width, kSwatchWPt + 6.0 + detail::text_width(mc, r));
  const double title_h =
      static_cast<double>(t.lines.size()) * kTitleLinePt + (t.lines.empty() ? 0 : 3);
  Block b;
  b.width = width;
  b.height = title_h + static_cast<double>(rows.size()) * kClassRowPt;
  b.draw = [=, lines = std::move(t.lines)](cairo_t* cr, double x, double y) {
    draw_legend_title(cr, x, y, lines);
    double yy = y + title_h;
    detail::set_font(cr, 7.5);
    for (std::size_t i = 0; i < rows.size(); ++i) {
      double sy = yy + (kClassRowPt - kSwatchHPt) / 2.0;
      draw_swatch(cr, x, sy, i < colors.size() ? &colors[i] : nullptr);
      detail::draw_text(cr, x + kSwatchWPt + 6.0, sy + kSwatchHPt - 1.8, rows[i], Align::Left,
                        kInk);
      yy += kClassRowPt;
    }
  };
  return b;
}

/// Capacities shown in the symbol legend: the largest, a quarter and a sixteenth of it
/// (radii about 1, 1/2 and 1/4 of the largest), each rounded down to a nice number.
std::vector<double> legend_capacities(double max_capacity) {
  std::vector<double> sizes;
  for (double div : {1.0, 4.0, 16.0}) {
    double v = detail::nice_floor(max_capacity / div);
    if (sizes.empty() || v < sizes.back()) sizes.push_back(v);
  }
  return sizes;
}

/// The facility legend: title, then reference circles with their capacities.
Block facility_legend_block(cairo_t* mc, const std::string& title, const FacilitySymbols& symbols) {
  const std::vector<double> sizes = legend_capacities(symbols.max_capacity);
  LegendTitle t = measure_legend_title(mc, title);
  double width = t.width;
  detail::set_font(mc, 7.5);
  const double rmax = symbols.max_radius_pt;
  const double col = 2.0 * rmax + 6.0;  // text column right of the largest circle
  for (double v : sizes) {
    width = std::max(width, col + detail::text_width(mc, detail::format_number(v, -1)));
  }
  // A row is as high as its circle, at least one text line (9 pt), plus 3 pt space.
  auto row_height = [symbols](double v) { return std::max(2.0 * symbols.radius_of(v), 9.0) + 3.0; };
  double rows_h = 0.0;
  for (double v : sizes) rows_h += row_height(v);
  const double title_h = static_cast<double>(t.lines.size()) * kTitleLinePt + 3.0;
  Block b;
  b.width = width;
  b.height = title_h + rows_h;
  b.draw = [=, lines = std::move(t.lines)](cairo_t* cr, double x, double y) {
    draw_legend_title(cr, x, y, lines);
    double yy = y + title_h;
    detail::set_font(cr, 7.5);
    for (double v : sizes) {
      double r = symbols.radius_of(v);
      double h = row_height(v);
      symbols.draw(cr, x + rmax, yy + h / 2.0, r);
      detail::draw_text(cr, x + col, yy + h / 2.0 + 2.6, detail::format_number(v, -1), Align::Left,
                        kInk);
      yy += h;
    }
  };
  return b;
}

/// Scale bar length: a nice number of km (1, 2, 2.5 or 5 × 10^n) no longer than 90 pt.
struct ScaleBar {
  static constexpr double kMaxPt = 90.0;
  double km = 0.0;
  double pt = 0.0;
};

ScaleBar scale_bar_for(double points_per_m) {
  ScaleBar bar;
  bar.km = detail::nice_floor(ScaleBar::kMaxPt / points_per_m / 1000.0);
  bar.pt = bar.km * 1000.0 * points_per_m;
  return bar;
}

/// North arrow: a split triangle (white left half, ink right half) under the label "N";
/// north is up at the map centre, where the azimuthal projection is centred.
void draw_north_arrow(cairo_t* cr, double x, double y, const std::string& label) {
  const double ax = x + 8.0, top = y + 12.0, h = 22.0, half = 6.0;
  detail::set_font(cr, 8.0, true);
  detail::draw_text(cr, ax, y + 8.5, label, Align::Center, kInk);
  cairo_set_line_width(cr, 0.6);
  cairo_move_to(cr, ax, top);
  cairo_line_to(cr, ax - half, top + h);
  cairo_line_to(cr, ax, top + h - 5.0);
  cairo_close_path(cr);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_fill_preserve(cr);
  detail::set_color(cr, kInk);
  cairo_stroke(cr);
  cairo_move_to(cr, ax, top);
  cairo_line_to(cr, ax + half, top + h);
  cairo_line_to(cr, ax, top + h - 5.0);
  cairo_close_path(cr);
  cairo_fill_preserve(cr);
  cairo_stroke(cr);
}

/// Scale bar: four alternating segments, labels at 0, half and full length.
void draw_scale_bar(cairo_t* cr, double x, double y, const ScaleBar& bar) {
  const double by = y + 44.0, bh = 3.5;
  for (int s = 0; s < 4; ++s) {
    cairo_rectangle(cr, x + bar.pt * s / 4.0, by, bar.pt / 4.0, bh);
    if (s % 2 == 0) {
      detail::set_color(cr, kInk);
    } else {
      cairo_set_source_rgb(cr, 1, 1, 1);
    }
    cairo_fill_preserve(cr);
    detail::set_color(cr, kInk);
    cairo_set_line_width(cr, 0.4);
    cairo_stroke(cr);
  }
  detail::set_font(cr, 6.5);
  double label_y = by + bh + 8.5;
  detail::draw_text(cr, x, label_y, "0", Align::Center, kInk);
  detail::draw_text(cr, x + bar.pt / 2.0, label_y, detail::format_number(bar.km / 2.0, -1),
                    Align::Center, kInk);
  detail::draw_text(cr, x + bar.pt, label_y, detail::format_number(bar.km, -1) + " km",
                    Align::Center, kInk);
}

/// North arrow above the scale bar. The block's size is fixed, but the bar's length depends
/// on the map scale, which the layout finds from the block sizes: `bar` is read when drawing
/// and must outlive the block.
Block north_and_scale_block(const std::string& north_label, const ScaleBar& bar) {
  Block b;
  b.width = ScaleBar::kMaxPt + 16.0;
  b.height = 62.0;
  b.draw = [&north_label, &bar](cairo_t* cr, double x, double y) {
    draw_north_arrow(cr, x, y, north_label);
    draw_scale_bar(cr, x, y, bar);
  };
  return b;
}

// ------------------------------------------------------------------ page layout

/// Title and subtitle at the top, source note at the bottom, each wrapped to the page width.
struct PageText {
  std::vector<std::string> title, subtitle, note;
  double header_bottom = 0.0;  ///< the map frame starts here, points from the top
  double footer_top = 0.0;     ///< and ends above here
};

PageText wrap_page_text(cairo_t* mc, const ChoroplethSpec& spec, const FigurePage& page) {
  const double text_w = page.width_pt() - 2 * kMarginPt;
  PageText t;
  detail::set_font(mc, 15.0, true);
  t.title = detail::wrap_text(mc, spec.title, text_w);
  detail::set_font(mc, 9.0);
  t.subtitle = detail::wrap_text(mc, spec.subtitle, text_w);
  detail::set_font(mc, 6.5);
  t.note = detail::wrap_text(mc, spec.source_note, text_w);
  t.header_bottom = kMarginPt + static_cast<double>(t.title.size()) * 19.0 +
                    static_cast<double>(t.subtitle.size()) * 12.0 + 8.0;
  t.footer_top = page.height_pt() - kMarginPt - static_cast<double>(t.note.size()) * 8.5 - 6.0;
  return t;
}

constexpr double kGapPt = 14.0;  // between map frame and legend, and between legend blocks

struct Layout {
  double fx0, fy0, fx1, fy1;  ///< map frame, points
  std::vector<XY> block_pos;  ///< top-left corner of each legend block
  double scale = 0.0;         ///< points per metre; 0 = this arrangement does not fit
};

/// The scale at which the map fills 94 % of its frame in the tighter direction.
void fit(Layout& l, const Extent& extent) {
  l.scale = 0.94 * std::min((l.fx1 - l.fx0) / extent.width(), (l.fy1 - l.fy0) / extent.height());
}

/// Legend blocks stacked in a column right of the map frame.
Layout legend_column_right(const std::vector<Block>& blocks, const PageText& text, double W,
                           const Extent& extent) {
  double col_w = 0.0, col_h = 0.0;
  for (const auto& b : blocks) {
    col_w = std::max(col_w, b.width);
    col_h += b.height + kGapPt;
  }
  Layout right;
  right.fx0 = kMarginPt;
  right.fy0 = text.header_bottom;
  right.fx1 = W - kMarginPt - col_w - kGapPt;
  right.fy1 = text.footer_top;
  double y = right.fy0 + 4.0;
  for (const auto& b : blocks) {
    right.block_pos.push_back({right.fx1 + kGapPt, y});
    y += b.height + kGapPt;
  }
  fit(right, extent);
  if (col_h > text.footer_top - text.header_bottom || right.fx1 - right.fx0 < 50.0) {
    right.scale = 0.0;
  }
  return right;
}

/// Legend blocks side by side in a band below the map frame.
Layout legend_band_below(const std::vector<Block>& blocks, const PageText& text, double W,
                         const Extent& extent) {
  double band_h = 0.0, band_w = 0.0;
  for (const auto& b : blocks) {
    band_h = std::max(band_h, b.height);
    band_w += b.width + 2.0 * kGapPt;
  }
  Layout below;
  below.fx0 = kMarginPt;
  below.fy0 = text.header_bottom;
  below.fx1 = W - kMarginPt;
  below.fy1 = text.footer_top - band_h - kGapPt;
  double x = kMarginPt + 4.0;
  for (const auto& b : blocks) {
    below.block_pos.push_back({x, below.fy1 + kGapPt});
    x += b.width + 2.0 * kGapPt;
  }
  fit(below, extent);
  if (band_w > W - 2 * kMarginPt || below.fy1 - below.fy0 < 50.0) below.scale = 0.0;
  return below;
}

/// The legend column at the right or the band below, whichever gives the larger map.
Layout choose_layout(const std::vector<Block>& blocks, const PageText& text, double W,
                     const Extent& extent) {
  Layout right = legend_column_right(blocks, text, W, extent);
  Layout below = legend_band_below(blocks, text, W, extent);
  Layout layout = right.scale >= below.scale ? right : below;
  if (!(layout.scale > 0.0)) {
    throw Error("map page too small for its legend", {}, ErrorKind::BadInput,
                "increase width_px or shorten the legend titles");
  }
  return layout;
}

PageTransform page_transform(const Layout& layout, const Extent& extent) {
  PageTransform t;
  t.scale = layout.scale;
  t.ox = (layout.fx0 + layout.fx1) / 2.0 - extent.width() * t.scale / 2.0;
  t.oy = (layout.fy0 + layout.fy1) / 2.0 - extent.height() * t.scale / 2.0;
  t.min_x = extent.min_x;
  t.max_y = extent.max_y;
  return t;
}

// ------------------------------------------------------------------ labels

struct Box {
  double x0, y0, x1, y1;
  bool overlaps(const Box& o) const { return x0 < o.x1 && o.x0 < x1 && y0 < o.y1 && o.y0 < y1; }
};

struct PlacedLabel {
  std::string text;
  XY at;  ///< baseline start
};

/// Region indices by projected area, largest first (ties keep input order), so that the
/// labels of large regions win the space.
std::vector<std::size_t> largest_first(const std::vector<ProjectedRegion>& projected) {
  std::vector<std::size_t> order(projected.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return projected[a].area_m2 > projected[b].area_m2;
  });
  return order;
}

/// Greedy placement: a label centred on its anchor is kept when its box (1 pt padding) lies
/// in the map frame and overlaps no label kept before; the others are counted in `hidden`.
std::vector<PlacedLabel> place_labels(cairo_t* mc, const std::vector<MapRegion>& regions,
                                      const ProjectedMap& map, const PageTransform& to_page,
                                      const Layout& layout, double font_pt, std::size_t& hidden) {
  detail::set_font(mc, font_pt);
  // Chinese glyphs fill roughly the em box; use the font size, not ascent+descent,
  // which includes generous line spacing in Noto CJK.
  const double text_h = font_pt;
  std::vector<Box> placed;
  std::vector<PlacedLabel> labels;
  for (std::size_t i : largest_first(map.regions)) {
    if (regions[i].label.empty()) continue;
    XY c = to_page(map.regions[i].label);
    double w = detail::text_width(mc, regions[i].label);
    Box box{c.x - w / 2.0 - 1.0, c.y - text_h / 2.0 - 1.0, c.x + w / 2.0 + 1.0,
            c.y + text_h / 2.0 + 1.0};
    bool free = box.x0 >= layout.fx0 && box.x1 <= layout.fx1 && box.y0 >= layout.fy0 &&
                box.y1 <= layout.fy1;
    for (const auto& p : placed) free = free && !box.overlaps(p);
    if (!free) {
      ++hidden;
      continue;
    }
    placed.push_back(box);
    labels.push_back({regions[i].label, {c.x - w / 2.0, c.y + 0.36 * text_h}});
  }
  return labels;
}

// ------------------------------------------------------------------ the page

/// Everything one drawing of the page needs, computed before any output is drawn. Not
/// copyable: the north-and-scale block in `blocks` refers to `scale_bar` by address.
struct MapScene {
  MapScene(const std::vector<MapRegion>& regions_, const std::vector<MapFacility>& facilities_,
           const ChoroplethSpec& spec_)
      : regions(regions_), facilities(facilities_), spec(spec_) {}
  MapScene(const MapScene&) = delete;
  MapScene& operator=(const MapScene&) = delete;

  const std::vector<MapRegion>& regions;
  const std::vector<MapFacility>& facilities;
  const ChoroplethSpec& spec;
  ProjectedMap map;
  FacilitySymbols symbols;
  std::vector<Block> blocks;
  PageText text;
  Layout layout;
  ScaleBar scale_bar;
  PageTransform to_page;
  std::vector<PlacedLabel> labels;
};

void draw_regions(cairo_t* cr, const MapScene& s, const ChoroplethResult& result) {
  cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);  // holes stay holes
  cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
  for (std::size_t i = 0; i < s.regions.size(); ++i) {
    int c = result.breaks.class_of(s.regions[i].value);
    for (const auto& poly : s.map.regions[i].parts) {
      cairo_new_path(cr);
      trace_polygon(cr, poly, s.to_page);
      if (c < 0) {
        fill_no_data(cr);
      } else {
        detail::set_color(cr, result.colors[static_cast<std::size_t>(c)]);
        cairo_fill_preserve(cr);
      }
      detail::set_color(cr, kBoundary);
      cairo_set_line_width(cr, 0.3);
      cairo_stroke(cr);
    }
  }
}

/// Largest symbols first, so that small ones stay visible on top of them.
void draw_facilities(cairo_t* cr, const MapScene& s) {
  std::vector<std::size_t> order(s.facilities.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return s.facilities[a].capacity > s.facilities[b].capacity;
  });
  for (std::size_t i : order) {
    XY p = s.to_page(s.map.projection.forward(s.facilities[i].position));
    s.symbols.draw(cr, p.x, p.y, s.symbols.radius_of(s.facilities[i].capacity));
  }
}

/// A marked point: a black triangle with a white edge, visible on every ramp colour.
void draw_marker(cairo_t* cr, double cx, double cy) {
  constexpr double r = 4.5;  // points
  cairo_new_path(cr);
  cairo_move_to(cr, cx, cy - r);
  cairo_line_to(cr, cx + 0.866 * r, cy + 0.5 * r);
  cairo_line_to(cr, cx - 0.866 * r, cy + 0.5 * r);
  cairo_close_path(cr);
  cairo_set_source_rgb(cr, 0.0, 0.0, 0.0);
  cairo_fill_preserve(cr);
  cairo_set_source_rgb(cr, 1.0, 1.0, 1.0);
  cairo_set_line_width(cr, 0.7);
  cairo_stroke(cr);
}

/// One legend row: the marker and its label.
Block marker_legend_block(cairo_t* mc, const std::string& label) {
  detail::set_font(mc, 7.5);
  Block b;
  b.width = 16.0 + detail::text_width(mc, label);
  b.height = 13.0;
  b.draw = [label](cairo_t* cr, double x, double y) {
    draw_marker(cr, x + 6.0, y + 6.5);
    detail::set_font(cr, 7.5);
    detail::draw_text(cr, x + 16.0, y + 9.1, label, Align::Left, kInk);
  };
  return b;
}

/// Regions, facility symbols and labels, clipped to the map frame, then the frame itself.
void draw_map_frame(cairo_t* cr, const MapScene& s, const ChoroplethResult& result) {
  const Layout& l = s.layout;
  cairo_save(cr);
  cairo_rectangle(cr, l.fx0, l.fy0, l.fx1 - l.fx0, l.fy1 - l.fy0);
  cairo_clip(cr);
  draw_regions(cr, s, result);
  draw_facilities(cr, s);
  for (const LonLat& m : s.spec.marked_points) {
    const XY p = s.to_page(s.map.projection.forward(m));
    draw_marker(cr, p.x, p.y);
  }
  detail::set_font(cr, s.spec.label_font_pt);
  for (const auto& label : s.labels) {
    detail::draw_text(cr, label.at.x, label.at.y, label.text, Align::Left, kInk, 1.1);
  }
  cairo_restore(cr);
  cairo_rectangle(cr, l.fx0, l.fy0, l.fx1 - l.fx0, l.fy1 - l.fy0);
  cairo_set_source_rgb(cr, 0.6, 0.6, 0.6);
  cairo_set_line_width(cr, 0.5);
  cairo_stroke(cr);
}

void draw_scene(cairo_t* cr, const MapScene& s, const ChoroplethResult& result) {
  detail::paint_white(cr);
  detail::set_font(cr, 15.0, true);
  double y = detail::draw_text_lines(cr, kMarginPt, kMarginPt, s.text.title, 19.0, 4.0, kInk);
  detail::set_font(cr, 9.0);
  detail::draw_text_lines(cr, kMarginPt, y, s.text.subtitle, 12.0, 2.0, kGreyText);
  draw_map_frame(cr, s, result);
  for (std::size_t b = 0; b < s.blocks.size(); ++b) {
    s.blocks[b].draw(cr, s.layout.block_pos[b].x, s.layout.block_pos[b].y);
  }
  detail::set_font(cr, 6.5);
  detail::draw_text_lines(cr, kMarginPt, s.text.footer_top + 6.0, s.text.note, 8.5, 1.5, kGreyText);
}

/// Measures the legend blocks: classes, facility symbols (when any has a capacity), and the
/// north arrow with the scale bar. Sets result.legend_rows.
void build_legend(cairo_t* mc, MapScene& s, ChoroplethResult& result) {
  result.legend_rows = class_legend_rows(s.spec, result);
  s.blocks.push_back(
      class_legend_block(mc, s.spec.legend_title, result.legend_rows, result.colors));
  s.symbols = facility_symbols(s.facilities, s.spec);
  if (!s.facilities.empty() && s.symbols.max_capacity > 0.0) {
    s.blocks.push_back(facility_legend_block(mc, s.spec.facility_legend_title, s.symbols));
  }
  if (!s.spec.marked_points.empty() && !s.spec.marked_label.empty())
    s.blocks.push_back(marker_legend_block(mc, s.spec.marked_label));
  s.blocks.push_back(north_and_scale_block(s.spec.north_label, s.scale_bar));
}

}  // namespace

ChoroplethResult choropleth_classes(std::span<const double> values, const ChoroplethSpec& spec) {
  if (spec.classes < 1 || spec.classes > 9) {
    throw Error(fmt::format("map classes must be 1 to 9, got {}", spec.classes), {},
                ErrorKind::BadInput, "ColorBrewer ramps define at most 9 classes");
  }
  ChoroplethResult result;
  classify_values(values, spec, result);
  result.legend_rows = class_legend_rows(spec, result);
  return result;
}

ChoroplethResult render_choropleth(const std::vector<MapRegion>& regions,
                                   const std::vector<MapFacility>& facilities,
                                   const ChoroplethSpec& spec, const FigureOutputs& outputs) {
  validate(regions, facilities, spec);
  std::vector<double> values;
  for (const auto& r : regions) values.push_back(r.value);
  ChoroplethResult result;
  classify_values(values, spec, result);

  MapScene scene(regions, facilities, spec);
  scene.map = project_regions(regions);
  const Extent& extent = scene.map.extent;
  result.portrait = extent.height() / extent.width() >= 0.75;
  result.page = map_page(spec, result.portrait);

  detail::MeasureContext measure;
  build_legend(measure.get(), scene, result);
  scene.text = wrap_page_text(measure.get(), spec, result.page);
  scene.layout = choose_layout(scene.blocks, scene.text, result.page.width_pt(), extent);
  scene.scale_bar = scale_bar_for(scene.layout.scale);
  result.scale_bar_km = scene.scale_bar.km;
  scene.to_page = page_transform(scene.layout, extent);
  if (spec.show_labels) {
    scene.labels = place_labels(measure.get(), regions, scene.map, scene.to_page, scene.layout,
                                spec.label_font_pt, result.labels_hidden);
    result.labels_drawn = scene.labels.size();
  }

  detail::render_page(result.page, outputs, spec.title,
                      [&](cairo_t* cr) { draw_scene(cr, scene, result); });
  return result;
}

}  // namespace equiroute::io

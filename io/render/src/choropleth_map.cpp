#include "equiroute/render/choropleth_map.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <numbers>

#include "cairo_page.hpp"
#include "equiroute/core/error.hpp"

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

struct ProjectedRegion {
  std::vector<Polygon> parts;
  double area_m2 = 0.0;
  XY label;
};

struct Box {
  double x0, y0, x1, y1;
  bool overlaps(const Box& o) const { return x0 < o.x1 && o.x0 < x1 && y0 < o.y1 && o.y0 < y1; }
};

/// A legend element measured before layout and drawn at its top-left corner.
struct Block {
  double width = 0.0;
  double height = 0.0;
  std::function<void(cairo_t*, double, double)> draw;
};

int auto_decimals(const ClassBreaks& b) {
  bool all_integer = std::abs(b.min - std::round(b.min)) < 1e-9;
  for (double u : b.upper) all_integer = all_integer && std::abs(u - std::round(u)) < 1e-9;
  if (all_integer) return 0;
  double span = b.upper.back() - b.min;
  if (!(span > 0.0)) span = std::max(std::abs(b.upper.back()), 1e-12);
  // Three significant digits of the span, so tiny scores (2SFCA per person ~1e-6) stay apart.
  return std::clamp(2 - static_cast<int>(std::floor(std::log10(span))), 0, 9);
}

void trace_polygon(cairo_t* cr, const Polygon& poly, const std::function<XY(XY)>& to_page) {
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
}

}  // namespace

ChoroplethResult render_choropleth(const std::vector<MapRegion>& regions,
                                   const std::vector<MapFacility>& facilities,
                                   const ChoroplethSpec& spec, const FigureOutputs& outputs) {
  validate(regions, facilities, spec);
  ChoroplethResult result;

  // --- classes and colours
  std::vector<double> values;
  for (const auto& r : regions) values.push_back(r.value);
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

  // --- projection
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
  const LambertAzimuthalEqualArea proj{(min_lon + max_lon) / 2.0, (min_lat + max_lat) / 2.0};
  std::vector<ProjectedRegion> projected(regions.size());
  double min_x = std::numeric_limits<double>::infinity(), max_x = -min_x;
  double min_y = min_x, max_y = -min_x;
  for (std::size_t i = 0; i < regions.size(); ++i) {
    const Polygon* largest = nullptr;
    double largest_area = -1.0;
    auto& pr = projected[i];
    for (const auto& part : regions[i].parts) {
      Polygon poly;
      for (const auto& ring : part) {
        if (ring.size() < 3) continue;
        Ring xy;
        xy.reserve(ring.size());
        for (const auto& p : ring) {
          XY q = proj.forward(p);
          xy.push_back(q);
          min_x = std::min(min_x, q.x);
          max_x = std::max(max_x, q.x);
          min_y = std::min(min_y, q.y);
          max_y = std::max(max_y, q.y);
        }
        poly.push_back(std::move(xy));
      }
      if (poly.empty()) continue;
      pr.parts.push_back(std::move(poly));
    }
    for (const auto& poly : pr.parts) {
      double a = std::abs(signed_area(poly.front()));
      for (std::size_t h = 1; h < poly.size(); ++h) a -= std::abs(signed_area(poly[h]));
      pr.area_m2 += a;
      if (a > largest_area) {
        largest_area = a;
        largest = &poly;
      }
    }
    if (regions[i].label_point) {
      pr.label = proj.forward(*regions[i].label_point);
    } else {
      XY c = centroid(largest->front());
      pr.label = inside(*largest, c) ? c : inside_on_scanline(*largest, c.y, largest->front()[0]);
    }
  }
  const double extent_w = std::max(max_x - min_x, 1.0);
  const double extent_h = std::max(max_y - min_y, 1.0);

  // --- page
  result.portrait = extent_h / extent_w >= 0.75;
  FigurePage page;
  page.width_px = spec.width_px;
  page.dpi = spec.dpi;
  page.height_px = static_cast<int>(
      std::lround(spec.width_px * (result.portrait ? std::sqrt(2.0) : 1.0 / std::sqrt(2.0))));
  result.page = page;
  const double W = page.width_pt(), H = page.height_pt();

  // --- measure text and build legend blocks
  detail::MeasureContext measure;
  cairo_t* mc = measure.get();
  const int decimals =
      spec.legend_decimals >= 0 ? spec.legend_decimals : (k > 0 ? auto_decimals(result.breaks) : 0);
  std::vector<Block> blocks;
  {
    const double swatch_w = 16.0, swatch_h = 10.0, row_h = 13.5;
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
    result.legend_rows = rows;
    detail::set_font(mc, 8.0, true);
    auto title_lines = detail::wrap_text(mc, spec.legend_title, 170.0);
    double width = 0.0;
    for (const auto& l : title_lines) width = std::max(width, detail::text_width(mc, l));
    detail::set_font(mc, 7.5);
    for (const auto& r : rows) width = std::max(width, swatch_w + 6.0 + detail::text_width(mc, r));
    Block b;
    b.width = width;
    const double title_h =
        static_cast<double>(title_lines.size()) * 10.5 + (title_lines.empty() ? 0 : 3);
    b.height = title_h + static_cast<double>(rows.size()) * row_h;
    const auto colors = result.colors;
    b.draw = [=](cairo_t* cr, double x, double y) {
      detail::set_font(cr, 8.0, true);
      double yy = y;
      for (const auto& l : title_lines) {
        yy += 10.5;
        detail::draw_text(cr, x, yy - 2.5, l, Align::Left, kInk);
      }
      yy = y + title_h;
      detail::set_font(cr, 7.5);
      for (std::size_t i = 0; i < rows.size(); ++i) {
        double sy = yy + (row_h - swatch_h) / 2.0;
        cairo_rectangle(cr, x, sy, swatch_w, swatch_h);
        if (i < colors.size()) {
          detail::set_color(cr, colors[i]);
          cairo_fill_preserve(cr);
        } else {
          fill_no_data(cr);
        }
        detail::set_color(cr, kBoundary);
        cairo_set_line_width(cr, 0.4);
        cairo_stroke(cr);
        detail::draw_text(cr, x + swatch_w + 6.0, sy + swatch_h - 1.8, rows[i], Align::Left, kInk);
        yy += row_h;
      }
    };
    blocks.push_back(std::move(b));
  }

  double max_capacity = 0.0;
  for (const auto& f : facilities) max_capacity = std::max(max_capacity, f.capacity);
  const double rmax = spec.max_symbol_radius_pt;
  const Rgb symbol_fill =
      spec.ramp == ColorRamp::YlOrRd ? rgb_from_hex("#253494") : rgb_from_hex("#d95f0e");
  auto radius_of = [=](double capacity) {
    if (!(max_capacity > 0.0)) return 1.2;
    return std::max(1.0, rmax * std::sqrt(capacity / max_capacity));
  };
  auto draw_symbol = [=](cairo_t* cr, double cx, double cy, double r) {
    cairo_new_path(cr);
    cairo_arc(cr, cx, cy, r, 0.0, 2.0 * std::numbers::pi);
    detail::set_color(cr, symbol_fill, 0.55);
    cairo_fill_preserve(cr);
    cairo_set_source_rgb(cr, 1.0, 1.0, 1.0);
    cairo_set_line_width(cr, 0.5);
    cairo_stroke(cr);
  };
  if (!facilities.empty() && max_capacity > 0.0) {
    std::vector<double> sizes;
    for (double div : {1.0, 4.0, 16.0}) {
      double v = detail::nice_floor(max_capacity / div);
      if (sizes.empty() || v < sizes.back()) sizes.push_back(v);
    }
    detail::set_font(mc, 8.0, true);
    auto title_lines = detail::wrap_text(mc, spec.facility_legend_title, 170.0);
    double width = 0.0;
    for (const auto& l : title_lines) width = std::max(width, detail::text_width(mc, l));
    detail::set_font(mc, 7.5);
    const double col = 2.0 * rmax + 6.0;
    for (double v : sizes) {
      width = std::max(width, col + detail::text_width(mc, detail::format_number(v, -1)));
    }
    double rows_h = 0.0;
    for (double v : sizes) rows_h += std::max(2.0 * radius_of(v), 9.0) + 3.0;
    const double title_h = static_cast<double>(title_lines.size()) * 10.5 + 3.0;
    Block b;
    b.width = width;
    b.height = title_h + rows_h;
    b.draw = [=](cairo_t* cr, double x, double y) {
      detail::set_font(cr, 8.0, true);
      double yy = y;
      for (const auto& l : title_lines) {
        yy += 10.5;
        detail::draw_text(cr, x, yy - 2.5, l, Align::Left, kInk);
      }
      yy = y + title_h;
      detail::set_font(cr, 7.5);
      for (double v : sizes) {
        double r = radius_of(v);
        double h = std::max(2.0 * r, 9.0) + 3.0;
        draw_symbol(cr, x + rmax, yy + h / 2.0, r);
        detail::draw_text(cr, x + col, yy + h / 2.0 + 2.6, detail::format_number(v, -1),
                          Align::Left, kInk);
        yy += h;
      }
    };
    blocks.push_back(std::move(b));
  }

  // North arrow and scale bar share one block; the bar length is fixed after layout.
  const double bar_max_pt = 90.0;
  double map_scale = 0.0;  // points per metre, set by the layout below
  double bar_km = 0.0, bar_pt = 0.0;
  {
    Block b;
    b.width = bar_max_pt + 16.0;
    b.height = 62.0;
    b.draw = [&](cairo_t* cr, double x, double y) {
      // North arrow: split triangle, true north at the map centre.
      const double ax = x + 8.0, top = y + 12.0, h = 22.0, half = 6.0;
      detail::set_font(cr, 8.0, true);
      detail::draw_text(cr, ax, y + 8.5, spec.north_label, Align::Center, kInk);
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
      // Scale bar: four alternating segments, labels at 0, half and full length.
      const double by = y + 44.0, bh = 3.5;
      for (int s = 0; s < 4; ++s) {
        cairo_rectangle(cr, x + bar_pt * s / 4.0, by, bar_pt / 4.0, bh);
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
      detail::draw_text(cr, x + bar_pt / 2.0, label_y, detail::format_number(bar_km / 2.0, -1),
                        Align::Center, kInk);
      detail::draw_text(cr, x + bar_pt, label_y, detail::format_number(bar_km, -1) + " km",
                        Align::Center, kInk);
    };
    blocks.push_back(std::move(b));
  }

  // --- header and footer
  detail::set_font(mc, 15.0, true);
  auto title_lines = detail::wrap_text(mc, spec.title, W - 2 * kMarginPt);
  detail::set_font(mc, 9.0);
  auto subtitle_lines = detail::wrap_text(mc, spec.subtitle, W - 2 * kMarginPt);
  detail::set_font(mc, 6.5);
  auto note_lines = detail::wrap_text(mc, spec.source_note, W - 2 * kMarginPt);
  const double header_bottom = kMarginPt + static_cast<double>(title_lines.size()) * 19.0 +
                               static_cast<double>(subtitle_lines.size()) * 12.0 + 8.0;
  const double footer_top = H - kMarginPt - static_cast<double>(note_lines.size()) * 8.5 - 6.0;

  // --- layout: legend column at the right or legend band below, whichever gives the
  // larger map scale.
  const double gap = 14.0;
  struct Layout {
    double fx0, fy0, fx1, fy1;  // map frame
    std::vector<XY> block_pos;
    double scale = 0.0;
  };
  auto fit = [&](Layout& l) {
    l.scale = 0.94 * std::min((l.fx1 - l.fx0) / extent_w, (l.fy1 - l.fy0) / extent_h);
  };
  Layout right;
  {
    double col_w = 0.0, col_h = 0.0;
    for (const auto& b : blocks) {
      col_w = std::max(col_w, b.width);
      col_h += b.height + gap;
    }
    right.fx0 = kMarginPt;
    right.fy0 = header_bottom;
    right.fx1 = W - kMarginPt - col_w - gap;
    right.fy1 = footer_top;
    double y = right.fy0 + 4.0;
    for (const auto& b : blocks) {
      right.block_pos.push_back({right.fx1 + gap, y});
      y += b.height + gap;
    }
    fit(right);
    if (col_h > footer_top - header_bottom || right.fx1 - right.fx0 < 50.0) right.scale = 0.0;
  }
  Layout below;
  {
    double band_h = 0.0, band_w = 0.0;
    for (const auto& b : blocks) {
      band_h = std::max(band_h, b.height);
      band_w += b.width + 2.0 * gap;
    }
    below.fx0 = kMarginPt;
    below.fy0 = header_bottom;
    below.fx1 = W - kMarginPt;
    below.fy1 = footer_top - band_h - gap;
    double x = kMarginPt + 4.0;
    for (const auto& b : blocks) {
      below.block_pos.push_back({x, below.fy1 + gap});
      x += b.width + 2.0 * gap;
    }
    fit(below);
    if (band_w > W - 2 * kMarginPt || below.fy1 - below.fy0 < 50.0) below.scale = 0.0;
  }
  Layout layout = right.scale >= below.scale ? right : below;
  if (!(layout.scale > 0.0)) {
    throw Error("map page too small for its legend", {}, ErrorKind::BadInput,
                "increase width_px or shorten the legend titles");
  }
  map_scale = layout.scale;
  bar_km = detail::nice_floor(bar_max_pt / map_scale / 1000.0);
  bar_pt = bar_km * 1000.0 * map_scale;
  result.scale_bar_km = bar_km;
  const double ox = (layout.fx0 + layout.fx1) / 2.0 - extent_w * map_scale / 2.0;
  const double oy = (layout.fy0 + layout.fy1) / 2.0 - extent_h * map_scale / 2.0;
  auto to_page = [=](XY p) -> XY {
    return {ox + (p.x - min_x) * map_scale, oy + (max_y - p.y) * map_scale};
  };

  // --- labels: greedy placement, largest region first
  struct PlacedLabel {
    std::string text;
    XY at;  // baseline start
  };
  std::vector<PlacedLabel> labels;
  if (spec.show_labels) {
    std::vector<std::size_t> order(regions.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      return projected[a].area_m2 > projected[b].area_m2;
    });
    detail::set_font(mc, spec.label_font_pt);
    // Chinese glyphs fill roughly the em box; use the font size, not ascent+descent,
    // which includes generous line spacing in Noto CJK.
    const double text_h = spec.label_font_pt;
    std::vector<Box> placed;
    for (std::size_t i : order) {
      if (regions[i].label.empty()) continue;
      XY c = to_page(projected[i].label);
      double w = detail::text_width(mc, regions[i].label);
      Box box{c.x - w / 2.0 - 1.0, c.y - text_h / 2.0 - 1.0, c.x + w / 2.0 + 1.0,
              c.y + text_h / 2.0 + 1.0};
      bool free = box.x0 >= layout.fx0 && box.x1 <= layout.fx1 && box.y0 >= layout.fy0 &&
                  box.y1 <= layout.fy1;
      for (const auto& p : placed) free = free && !box.overlaps(p);
      if (!free) {
        ++result.labels_hidden;
        continue;
      }
      placed.push_back(box);
      labels.push_back({regions[i].label, {c.x - w / 2.0, c.y + 0.36 * text_h}});
    }
    result.labels_drawn = labels.size();
  }

  // --- draw
  std::vector<std::size_t> facility_order(facilities.size());
  for (std::size_t i = 0; i < facility_order.size(); ++i) facility_order[i] = i;
  std::stable_sort(facility_order.begin(), facility_order.end(), [&](std::size_t a, std::size_t b) {
    return facilities[a].capacity > facilities[b].capacity;
  });
  auto draw = [&](cairo_t* cr) {
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    // Title block.
    double y = kMarginPt;
    detail::set_font(cr, 15.0, true);
    for (const auto& l : title_lines) {
      y += 19.0;
      detail::draw_text(cr, kMarginPt, y - 4.0, l, Align::Left, kInk);
    }
    detail::set_font(cr, 9.0);
    for (const auto& l : subtitle_lines) {
      y += 12.0;
      detail::draw_text(cr, kMarginPt, y - 2.0, l, Align::Left, kGreyText);
    }
    // Regions.
    cairo_save(cr);
    cairo_rectangle(cr, layout.fx0, layout.fy0, layout.fx1 - layout.fx0, layout.fy1 - layout.fy0);
    cairo_clip(cr);
    cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    for (std::size_t i = 0; i < regions.size(); ++i) {
      int c = result.breaks.class_of(regions[i].value);
      for (const auto& poly : projected[i].parts) {
        cairo_new_path(cr);
        trace_polygon(cr, poly, to_page);
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
    for (std::size_t i : facility_order) {
      XY p = to_page(proj.forward(facilities[i].position));
      draw_symbol(cr, p.x, p.y, radius_of(facilities[i].capacity));
    }
    detail::set_font(cr, spec.label_font_pt);
    for (const auto& l : labels) {
      detail::draw_text(cr, l.at.x, l.at.y, l.text, Align::Left, kInk, 1.1);
    }
    cairo_restore(cr);
    // Frame.
    cairo_rectangle(cr, layout.fx0, layout.fy0, layout.fx1 - layout.fx0, layout.fy1 - layout.fy0);
    cairo_set_source_rgb(cr, 0.6, 0.6, 0.6);
    cairo_set_line_width(cr, 0.5);
    cairo_stroke(cr);
    // Legend blocks.
    for (std::size_t b = 0; b < blocks.size(); ++b) {
      blocks[b].draw(cr, layout.block_pos[b].x, layout.block_pos[b].y);
    }
    // Source note.
    detail::set_font(cr, 6.5);
    double ny = footer_top + 6.0;
    for (const auto& l : note_lines) {
      ny += 8.5;
      detail::draw_text(cr, kMarginPt, ny - 1.5, l, Align::Left, kGreyText);
    }
  };
  detail::render_page(page, outputs, spec.title, draw);
  return result;
}

}  // namespace equiroute::io

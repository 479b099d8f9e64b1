#include "equiroute/render/sensitivity_chart.hpp"

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

const Rgb kInk{0.13, 0.13, 0.13};
const Rgb kGreyText{0.35, 0.35, 0.35};
const Rgb kReference{0.45, 0.45, 0.45};
// ColorBrewer Dark2 (qualitative), distinguishable in print; after eight series the colours
// repeat with a dash pattern.
const char* const kSeriesColors[] = {"#1b9e77", "#d95f02", "#7570b3", "#e7298a",
                                     "#66a61e", "#e6ab02", "#a6761d", "#666666"};
constexpr std::size_t kColors = std::size(kSeriesColors);

void validate(const std::vector<SensitivitySeries>& series, const SensitivityChartSpec& spec) {
  if (series.empty()) throw Error("a sensitivity chart needs at least one series");
  if (spec.x.empty() || spec.x_ticks.size() != spec.x.size())
    throw Error("a sensitivity chart needs one tick label per x position");
  for (std::size_t i = 1; i < spec.x.size(); ++i) {
    if (!(spec.x[i] > spec.x[i - 1]))
      throw Error("the x positions of a sensitivity chart must increase strictly");
  }
  bool any = false;
  for (const auto& s : series) {
    if (s.y.size() != spec.x.size())
      throw Error(fmt::format("series '{}' has {} values for {} x positions", s.label, s.y.size(),
                              spec.x.size()));
    any = any || std::any_of(s.y.begin(), s.y.end(), [](double v) { return std::isfinite(v); });
  }
  if (!any) throw Error("a sensitivity chart needs at least one finite value");
}

/// A y axis: its extent and ticks at a "nice" step, with decimals that show the step.
struct Axis {
  double low = 0.0;
  double high = 1.0;
  double step = 0.2;
  int decimals = 1;
};

Axis y_axis(const std::vector<SensitivitySeries>& series, const SensitivityChartSpec& spec) {
  double low = std::numeric_limits<double>::infinity();
  double high = -low;
  auto take = [&](double v) {
    if (!std::isfinite(v)) return;
    low = std::min(low, v);
    high = std::max(high, v);
  };
  for (const auto& s : series)
    for (double v : s.y) take(v);
  if (spec.reference_y) take(*spec.reference_y);
  if (high - low <= 1e-12 * std::max(1.0, std::abs(high))) {  // flat: a band around it
    const double pad = std::abs(high) > 0 ? 0.05 * std::abs(high) : 1.0;
    low -= pad;
    high += pad;
  }
  Axis axis;
  axis.step = detail::nice_floor((high - low) / 5.0);
  axis.low = std::floor(low / axis.step) * axis.step;
  axis.high = std::ceil(high / axis.step) * axis.step;
  const double digits = -std::floor(std::log10(axis.step) + 1e-9);
  const bool half = std::abs(axis.step / std::pow(10.0, -digits) - 2.5) < 1e-9;
  axis.decimals = std::max(0, static_cast<int>(digits) + (half ? 1 : 0));
  return axis;
}

/// Where things go on the page (points).
struct Layout {
  double left = 0, right = 0, top = 0, bottom = 0;  ///< the plot area
  std::vector<std::string> title_lines, note_lines;
  std::vector<std::pair<double, double>> legend_positions;  ///< per series: x, baseline y
  double legend_top = 0;
};

double series_width(cairo_t* cr, const SensitivitySeries& s) {
  return 21.0 + detail::text_width(cr, s.label) + 12.0;
}

Layout layout(const std::vector<SensitivitySeries>& series, const SensitivityChartSpec& spec,
              const FigurePage& page) {
  const double W = page.width_pt(), H = page.height_pt(), margin = 20.0;
  Layout l;
  detail::MeasureContext measure;
  detail::set_font(measure.get(), 11.0, true);
  l.title_lines = detail::wrap_text(measure.get(), spec.title, W - 2 * margin);
  detail::set_font(measure.get(), 6.0);
  l.note_lines = detail::wrap_text(measure.get(), spec.source_note, W - 2 * margin);
  // Legend rows under the x axis label, entries wrapped to the page width.
  detail::set_font(measure.get(), 7.0);
  double x = margin, row = 0;
  const bool legend = series.size() > 1 || !series.front().label.empty();
  for (const auto& s : series) {
    const double w = series_width(measure.get(), s);
    if (x + w > W - margin && x > margin) {
      x = margin;
      ++row;
    }
    l.legend_positions.emplace_back(x, row);
    x += w;
  }
  const double legend_height = legend ? (row + 1) * 10.0 + 4.0 : 0.0;
  const double note_height = static_cast<double>(l.note_lines.size()) * 8.0;
  l.top = margin + static_cast<double>(l.title_lines.size()) * 14.0 + 10.0;
  l.legend_top = H - margin - note_height - legend_height;
  l.bottom = l.legend_top - 30.0;
  l.left = margin + 42.0;
  l.right = W - margin - 8.0;
  for (auto& [px, py] : l.legend_positions) py = l.legend_top + 8.0 + py * 10.0;
  if (!legend) l.legend_positions.clear();
  return l;
}

void draw_frame(cairo_t* cr, const Layout& l, const Axis& axis, const SensitivityChartSpec& spec,
                const std::function<double(double)>& X, const std::function<double(double)>& Y) {
  detail::set_font(cr, 7.0);
  for (double v = axis.low; v <= axis.high + 1e-9 * axis.step; v += axis.step) {
    cairo_set_source_rgb(cr, 0.88, 0.88, 0.88);
    cairo_set_line_width(cr, 0.4);
    cairo_move_to(cr, l.left, Y(v));
    cairo_line_to(cr, l.right, Y(v));
    cairo_stroke(cr);
    detail::draw_text(cr, l.left - 4.0, Y(v) + 2.5, detail::format_number(v, axis.decimals),
                      Align::Right, kInk);
  }
  for (std::size_t i = 0; i < spec.x.size(); ++i)
    detail::draw_text(cr, X(spec.x[i]), l.bottom + 10.0, spec.x_ticks[i], Align::Center, kInk);
  cairo_rectangle(cr, l.left, l.top, l.right - l.left, l.bottom - l.top);
  detail::set_color(cr, kInk);
  cairo_set_line_width(cr, 0.6);
  cairo_stroke(cr);
  detail::set_font(cr, 8.0);
  detail::draw_text(cr, (l.left + l.right) / 2.0, l.bottom + 22.0, spec.x_label, Align::Center,
                    kInk);
  cairo_save(cr);
  cairo_translate(cr, l.left - 34.0, (l.top + l.bottom) / 2.0);
  cairo_rotate(cr, -std::numbers::pi / 2.0);
  detail::draw_text(cr, 0.0, 0.0, spec.y_label, Align::Center, kInk);
  cairo_restore(cr);
}

void set_series_style(cairo_t* cr, std::size_t index) {
  detail::set_color(cr, rgb_from_hex(kSeriesColors[index % kColors]));
  cairo_set_line_width(cr, 1.2);
  const double dash[] = {3.0, 1.5};
  cairo_set_dash(cr, index / kColors % 2 == 1 ? dash : nullptr, index / kColors % 2 == 1 ? 2 : 0,
                 0.0);
}

void draw_series(cairo_t* cr, const SensitivitySeries& s, std::size_t index,
                 const SensitivityChartSpec& spec, const std::function<double(double)>& X,
                 const std::function<double(double)>& Y) {
  set_series_style(cr, index);
  bool open = false;
  for (std::size_t i = 0; i < s.y.size(); ++i) {
    if (!std::isfinite(s.y[i])) {
      open = false;
      continue;
    }
    if (open) {
      cairo_line_to(cr, X(spec.x[i]), Y(s.y[i]));
    } else {
      cairo_move_to(cr, X(spec.x[i]), Y(s.y[i]));
      open = true;
    }
  }
  cairo_stroke(cr);
  cairo_set_dash(cr, nullptr, 0, 0.0);
  for (std::size_t i = 0; i < s.y.size(); ++i) {
    if (!std::isfinite(s.y[i])) continue;
    cairo_new_sub_path(cr);
    cairo_arc(cr, X(spec.x[i]), Y(s.y[i]), 1.8, 0.0, 2.0 * std::numbers::pi);
  }
  cairo_fill(cr);
}

void draw_reference(cairo_t* cr, const Layout& l, const SensitivityChartSpec& spec,
                    const std::function<double(double)>& X,
                    const std::function<double(double)>& Y) {
  detail::set_color(cr, kReference);
  cairo_set_line_width(cr, 0.8);
  detail::set_font(cr, 6.5);
  if (spec.reference_y) {
    const double dash[] = {3.0, 2.0};
    cairo_set_dash(cr, dash, 2, 0.0);
    cairo_move_to(cr, l.left, Y(*spec.reference_y));
    cairo_line_to(cr, l.right, Y(*spec.reference_y));
    cairo_stroke(cr);
    detail::draw_text(cr, l.right - 3.0, Y(*spec.reference_y) - 3.0, spec.reference_label,
                      Align::Right, kReference, 1.0);
  }
  if (spec.reference_x) {
    const double dots[] = {0.8, 1.6};
    cairo_set_dash(cr, dots, 2, 0.0);
    cairo_move_to(cr, X(*spec.reference_x), l.top);
    cairo_line_to(cr, X(*spec.reference_x), l.bottom);
    cairo_stroke(cr);
  }
  cairo_set_dash(cr, nullptr, 0, 0.0);
}

}  // namespace

FigurePage render_sensitivity_chart(const std::vector<SensitivitySeries>& series,
                                    const SensitivityChartSpec& spec,
                                    const FigureOutputs& outputs) {
  validate(series, spec);
  FigurePage page;
  page.width_px = spec.width_px;
  page.height_px = static_cast<int>(std::lround(0.6 * spec.width_px));
  page.dpi = spec.dpi;
  const Layout l = layout(series, spec, page);
  const Axis axis = y_axis(series, spec);
  const double x0 = spec.x.front(), x1 = spec.x.back();
  const double pad = 0.06 * (l.right - l.left);
  const std::function<double(double)> X = [&](double v) {
    if (x1 == x0) return (l.left + l.right) / 2.0;
    return l.left + pad + (v - x0) / (x1 - x0) * (l.right - l.left - 2.0 * pad);
  };
  const std::function<double(double)> Y = [&](double v) {
    return l.bottom - (v - axis.low) / (axis.high - axis.low) * (l.bottom - l.top);
  };
  auto draw = [&](cairo_t* cr) {
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    detail::set_font(cr, 11.0, true);
    double y = 20.0;
    for (const auto& line : l.title_lines) {
      y += 14.0;
      detail::draw_text(cr, 20.0, y - 3.0, line, Align::Left, kInk);
    }
    draw_frame(cr, l, axis, spec, X, Y);
    draw_reference(cr, l, spec, X, Y);
    for (std::size_t s = 0; s < series.size(); ++s) draw_series(cr, series[s], s, spec, X, Y);
    detail::set_font(cr, 7.0);
    for (std::size_t s = 0; s < l.legend_positions.size(); ++s) {
      const auto [lx, ly] = l.legend_positions[s];
      set_series_style(cr, s);
      cairo_move_to(cr, lx, ly - 2.5);
      cairo_line_to(cr, lx + 16.0, ly - 2.5);
      cairo_stroke(cr);
      cairo_set_dash(cr, nullptr, 0, 0.0);
      detail::draw_text(cr, lx + 21.0, ly, series[s].label, Align::Left, kInk);
    }
    detail::set_font(cr, 6.0);
    double ny = page.height_pt() - 20.0 - static_cast<double>(l.note_lines.size()) * 8.0;
    for (const auto& line : l.note_lines) {
      ny += 8.0;
      detail::draw_text(cr, 20.0, ny - 1.5, line, Align::Left, kGreyText);
    }
  };
  detail::render_page(page, outputs, spec.title, draw);
  return page;
}

}  // namespace equiroute::io

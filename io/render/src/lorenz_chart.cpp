#include "equiroute/render/lorenz_chart.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cmath>
#include <numbers>

#include "cairo_page.hpp"
#include "equiroute/core/error.hpp"

namespace equiroute::io {

namespace {

using detail::Align;

const Rgb kInk{0.13, 0.13, 0.13};
const Rgb kGreyText{0.35, 0.35, 0.35};
// ColorBrewer Dark2 (qualitative), distinguishable in print.
const char* const kCurveColors[] = {"#1b9e77", "#d95f02", "#7570b3",
                                    "#e7298a", "#66a61e", "#e6ab02"};
const Rgb kEqualityGrey{0.45, 0.45, 0.45};
/// Dash pattern of the line of equality (3 pt on, 2 pt off), in the plot and the legend.
const double kEqualityDash[] = {3.0, 2.0};
constexpr double kMarginPt = 20.0;

void validate(const std::vector<LorenzCurve>& curves) {
  if (curves.empty()) throw Error("a Lorenz chart needs at least one curve");
  if (curves.size() > std::size(kCurveColors)) {
    throw Error(fmt::format("a Lorenz chart shows at most {} curves, got {}",
                            std::size(kCurveColors), curves.size()));
  }
  for (const auto& c : curves) {
    if (c.points.empty()) throw Error("Lorenz curve '" + c.label + "' has no point");
    double last_x = 0.0;
    for (const auto& [x, y] : c.points) {
      constexpr double tol = 1e-9;
      if (!(x >= -tol && x <= 1 + tol && y >= -tol && y <= 1 + tol)) {
        throw Error(
            fmt::format("Lorenz curve '{}' has point ({}, {}) outside [0, 1]", c.label, x, y));
      }
      if (x < last_x - tol) {
        throw Error("Lorenz curve '" + c.label + "' has decreasing cumulative weight shares");
      }
      last_x = x;
    }
  }
}

std::string gini_text(const LorenzChartSpec& spec, double gini) {
  return fmt::format("{} = {:.3f}", spec.gini_label, gini);
}

/// With a single curve its Gini goes into the title; with several, into the legend.
std::string chart_title(const std::vector<LorenzCurve>& curves, const LorenzChartSpec& spec) {
  std::string title = spec.title;
  if (curves.size() == 1 && std::isfinite(curves[0].gini)) {
    title += (title.empty() ? "" : " ") + std::string("(") + gini_text(spec, curves[0].gini) + ")";
  }
  return title;
}

/// The square plot, points: shares in [0, 1] map to x rightwards and y upwards.
struct PlotFrame {
  double px0 = 0.0;   ///< x of the left edge
  double py1 = 0.0;   ///< y of the bottom edge
  double side = 0.0;  ///< width and height
  double x(double share) const { return px0 + share * side; }
  double y(double share) const { return py1 - share * side; }
};

/// The largest square between the title and the note that leaves room for the tick labels
/// and axis titles (40 pt at the left, 34 pt below), centred horizontally.
PlotFrame plot_frame(const FigurePage& page, std::size_t title_lines, std::size_t note_lines) {
  const double W = page.width_pt(), H = page.height_pt();
  const double top = kMarginPt + static_cast<double>(title_lines) * 14.0 + 10.0;
  const double bottom = H - kMarginPt - static_cast<double>(note_lines) * 8.0 - 34.0;
  const double left = kMarginPt + 40.0;
  PlotFrame f;
  f.side = std::min(W - kMarginPt - 8.0 - left, bottom - top);
  f.px0 = left + (W - kMarginPt - 8.0 - left - f.side) / 2.0;
  f.py1 = top + f.side;
  return f;
}

/// Grid lines and tick labels every 20 %, then the plot border.
void draw_grid(cairo_t* cr, const PlotFrame& f) {
  detail::set_font(cr, 7.0);
  for (int i = 0; i <= 5; ++i) {
    double v = i / 5.0;
    cairo_set_source_rgb(cr, 0.88, 0.88, 0.88);
    cairo_set_line_width(cr, 0.4);
    cairo_move_to(cr, f.x(v), f.y(0));
    cairo_line_to(cr, f.x(v), f.y(1));
    cairo_move_to(cr, f.x(0), f.y(v));
    cairo_line_to(cr, f.x(1), f.y(v));
    cairo_stroke(cr);
    std::string tick = fmt::format("{}%", i * 20);
    detail::draw_text(cr, f.x(v), f.y(0) + 10.0, tick, Align::Center, kInk);
    detail::draw_text(cr, f.x(0) - 4.0, f.y(v) + 2.5, tick, Align::Right, kInk);
  }
  cairo_rectangle(cr, f.x(0), f.y(1), f.side, f.side);
  detail::set_color(cr, kInk);
  cairo_set_line_width(cr, 0.6);
  cairo_stroke(cr);
}

void draw_axis_labels(cairo_t* cr, const PlotFrame& f, const LorenzChartSpec& spec) {
  detail::set_font(cr, 8.0);
  detail::draw_text(cr, f.x(0.5), f.y(0) + 22.0, spec.x_label, Align::Center, kInk);
  cairo_save(cr);
  cairo_translate(cr, f.x(0) - 26.0, f.y(0.5));
  cairo_rotate(cr, -std::numbers::pi / 2.0);
  detail::draw_text(cr, 0.0, 0.0, spec.y_label, Align::Center, kInk);
  cairo_restore(cr);
}

void draw_equality_line(cairo_t* cr, const PlotFrame& f) {
  cairo_set_dash(cr, kEqualityDash, 2, 0.0);
  cairo_set_source_rgb(cr, 0.45, 0.45, 0.45);
  cairo_set_line_width(cr, 0.8);
  cairo_move_to(cr, f.x(0), f.y(0));
  cairo_line_to(cr, f.x(1), f.y(1));
  cairo_stroke(cr);
  cairo_set_dash(cr, nullptr, 0, 0.0);
}

/// Starts a new path along the curve's points (clamped into the plot).
void trace_curve(cairo_t* cr, const PlotFrame& f,
                 const std::vector<std::pair<double, double>>& pts) {
  cairo_new_path(cr);
  for (std::size_t i = 0; i < pts.size(); ++i) {
    double px = f.x(std::clamp(pts[i].first, 0.0, 1.0));
    double py = f.y(std::clamp(pts[i].second, 0.0, 1.0));
    if (i == 0) {
      cairo_move_to(cr, px, py);
    } else {
      cairo_line_to(cr, px, py);
    }
  }
}

/// The curve from (0, 0); with `shade`, the area between it and the line of equality
/// (= Gini / 2) is filled first.
void draw_curve(cairo_t* cr, const PlotFrame& f, const LorenzCurve& curve, const Rgb& color,
                bool shade) {
  std::vector<std::pair<double, double>> pts = curve.points;
  if (pts.front().first > 0.0 || pts.front().second > 0.0) pts.insert(pts.begin(), {0.0, 0.0});
  if (shade) {
    trace_curve(cr, f, pts);
    cairo_line_to(cr, f.x(1), f.y(1));
    cairo_close_path(cr);
    detail::set_color(cr, color, 0.15);
    cairo_fill(cr);
  }
  trace_curve(cr, f, pts);
  detail::set_color(cr, color);
  cairo_set_line_width(cr, 1.4);
  cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
  cairo_stroke(cr);
}

/// One legend row: a line sample (solid curve or dashed equality) and its text, baseline y.
void draw_legend_row(cairo_t* cr, double x, double y, const Rgb& color, bool dashed,
                     const std::string& text) {
  if (dashed) cairo_set_dash(cr, kEqualityDash, 2, 0.0);
  detail::set_color(cr, color);
  cairo_set_line_width(cr, dashed ? 0.8 : 1.4);
  cairo_move_to(cr, x, y - 2.5);
  cairo_line_to(cr, x + 16.0, y - 2.5);
  cairo_stroke(cr);
  cairo_set_dash(cr, nullptr, 0, 0.0);
  detail::draw_text(cr, x + 21.0, y, text, Align::Left, kInk, 1.0);
}

/// The legend sits in the upper-left triangle, which a Lorenz curve (below the diagonal)
/// never enters. Curves without a label (and, with one curve, without a Gini) get no row.
void draw_legend(cairo_t* cr, const PlotFrame& f, const std::vector<LorenzCurve>& curves,
                 const LorenzChartSpec& spec) {
  detail::set_font(cr, 7.5);
  double ly = f.y(1) + 12.0;
  const double lx = f.x(0) + 8.0;
  for (std::size_t c = 0; c < curves.size(); ++c) {
    std::string text = curves[c].label;
    if (curves.size() > 1 && std::isfinite(curves[c].gini)) {
      text +=
          (text.empty() ? "" : " (") + gini_text(spec, curves[c].gini) + (text.empty() ? "" : ")");
    }
    if (text.empty()) continue;
    draw_legend_row(cr, lx, ly, rgb_from_hex(kCurveColors[c]), false, text);
    ly += 11.0;
  }
  draw_legend_row(cr, lx, ly, kEqualityGrey, true, spec.equality_label);
}

}  // namespace

FigurePage render_lorenz_chart(const std::vector<LorenzCurve>& curves, const LorenzChartSpec& spec,
                               const FigureOutputs& outputs) {
  validate(curves);
  FigurePage page;
  page.width_px = spec.width_px;
  page.height_px = spec.width_px;
  page.dpi = spec.dpi;
  const double text_w = page.width_pt() - 2 * kMarginPt;

  const std::string title = chart_title(curves, spec);
  detail::MeasureContext measure;
  detail::set_font(measure.get(), 11.0, true);
  const auto title_lines = detail::wrap_text(measure.get(), title, text_w);
  detail::set_font(measure.get(), 6.0);
  const auto note_lines = detail::wrap_text(measure.get(), spec.source_note, text_w);
  const PlotFrame frame = plot_frame(page, title_lines.size(), note_lines.size());

  auto draw = [&](cairo_t* cr) {
    detail::paint_white(cr);
    detail::set_font(cr, 11.0, true);
    detail::draw_text_lines(cr, kMarginPt, kMarginPt, title_lines, 14.0, 3.0, kInk);
    draw_grid(cr, frame);
    draw_axis_labels(cr, frame, spec);
    draw_equality_line(cr, frame);
    for (std::size_t c = 0; c < curves.size(); ++c) {
      draw_curve(cr, frame, curves[c], rgb_from_hex(kCurveColors[c]), curves.size() == 1);
    }
    draw_legend(cr, frame, curves, spec);
    detail::set_font(cr, 6.0);
    const double note_top =
        page.height_pt() - kMarginPt - static_cast<double>(note_lines.size()) * 8.0;
    detail::draw_text_lines(cr, kMarginPt, note_top, note_lines, 8.0, 1.5, kGreyText);
  };
  detail::render_page(page, outputs, title, draw);
  return page;
}

}  // namespace equiroute::io
